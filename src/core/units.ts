/** `90` → `1:30:00 (90 min)`, `2880` → `2-00:00:00 (2 days)`. */
export function describeMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const clock = `${days > 0 ? `${days}-${String(hours).padStart(2, '0')}` : String(hours)}:${String(mins).padStart(2, '0')}:00`;
  const words = minutes >= 2880 && minutes % 1440 === 0 ? `${minutes / 1440} days` : minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
  return `${clock} (${words})`;
}

/** MiB as a short human size: 512 → `512 MiB`, 16384 → `16 GiB`, 1536 → `1.5 GiB`. */
export function describeMiB(mib: number): string {
  if (mib >= 1024 * 1024 && mib % (1024 * 1024) === 0) return `${mib / (1024 * 1024)} TiB`;
  if (mib >= 1024) {
    const gib = mib / 1024;
    return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
  }
  return `${mib} MiB`;
}
