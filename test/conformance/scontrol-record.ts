// One parser of `scontrol show job -o` lines, the product's own.
export { parseScontrolLine, type ScontrolRecord } from '../../src/launch/slurm/scontrol-record.js';

/** scontrol's duration (`UNLIMITED`, `D-HH:MM:SS`, `HH:MM:SS`, `MM:SS`) in minutes; null for `N/A`. */
export function scontrolMinutes(text: string | undefined): number | 'unlimited' | null {
  if (text === undefined || text === 'N/A') return null;
  if (text === 'UNLIMITED' || text === 'Partition_Limit') return 'unlimited';
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text);
  if (!match) return null;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 1440 + Number(hours) * 60 + Number(minutes) + Math.ceil(Number(seconds) / 60);
}

/** scontrol's memory size (`500M`, `1G`, `0`) in MiB. */
export function scontrolMiB(text: string | undefined): number | null {
  if (text === undefined) return null;
  const match = /^(\d+(?:\.\d+)?)([KMGTP]?)$/.exec(text);
  if (!match) return null;
  const factor = { '': 1, K: 1 / 1024, M: 1, G: 1024, T: 1024 ** 2, P: 1024 ** 3 }[match[2] as 'K'] ?? 1;
  return Math.round(Number(match[1]) * factor);
}

/**
 * scontrol's NumNodes as the smallest and largest node count: `2`, `1-4` (22.05 and 24.11), or the
 * node-size list as given (`1,4`, `2-8:2`; 24.11); null when unreadable.
 */
export function scontrolNodeCounts(text: string | undefined): { min: number; max: number } | null {
  const sizes: number[] = [];
  for (const item of (text ?? '').split(',')) {
    const match = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(item);
    if (!match) return null;
    const first = Number(match[1]);
    const step = Number(match[3] ?? 1) || 1;
    sizes.push(first, first + Math.floor((Number(match[2] ?? first) - first) / step) * step);
  }
  return { min: Math.min(...sizes), max: Math.max(...sizes) };
}
