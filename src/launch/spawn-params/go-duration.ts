/**
 * Minutes as a Go duration with hours and minutes only (`12h30m`, `45m`, `2h`): spawn reads TTLs
 * with time.ParseDuration, which knows no `d`, and an invalid string means no TTL at all.
 */
export function goDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new Error(`a TTL must be a positive whole number of minutes, not ${minutes}`);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours > 0 ? `${hours}h` : ''}${rest > 0 ? `${rest}m` : ''}`;
}
