const two = (n: number) => String(n).padStart(2, '0');

/** squeue's TIME (%M) and TIME_LIMIT (%l): `0:05`, `12:00`, `1:02:03`, `1-02:03:04`. */
export function squeueDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days}-${two(hours)}:${two(minutes)}:${two(seconds)}`;
  if (hours > 0) return `${hours}:${two(minutes)}:${two(seconds)}`;
  return `${minutes}:${two(seconds)}`;
}

/** sacct's Elapsed and Timelimit: `00:00:05`, `1-02:03:04`. */
export function sacctDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86400);
  const clock = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return days > 0 ? `${days}-${clock}` : clock;
}

/** Slurm's local-time stamp, `2026-12-02T04:47:16`; `Unknown` when there is none. */
export function slurmTimestamp(iso: string | null): string {
  if (!iso) return 'Unknown';
  const d = new Date(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function timeLimitText(minutes: number | 'unlimited' | null, style: 'squeue' | 'sacct'): string {
  if (minutes === null || minutes === 'unlimited') return 'UNLIMITED';
  return style === 'squeue' ? squeueDuration(minutes * 60) : sacctDuration(minutes * 60);
}
