// Tiny benchmark harness: runs commands as child processes and measures wall time and peak memory.
import { spawnSync } from 'node:child_process';

const RSS_PROBE = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\n__maxrss_kb="+process.resourceUsage().maxRSS+"\\n"))';

/** Runs a node script once; returns seconds, peak resident memory in MB, and the result. */
export function runNode(args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', RSS_PROBE, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...options,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const match = /__maxrss_kb=(\d+)/.exec(result.stderr ?? '');
  return { seconds, peakMb: match ? Number(match[1]) / 1024 : NaN, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Wall time of one run of a command, in seconds (no memory probe: the baseline must be bare). */
export function timeCommand(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore', ...options });
  if (result.status !== 0 && !options.allowFailure) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Interleaves runs of two commands so machine noise hits both alike; returns both medians. */
export function compareStartup(baseline, candidate, runs) {
  const a = [];
  const b = [];
  for (let i = 0; i < 3; i++) {
    timeCommand(...baseline);
    timeCommand(...candidate);
  }
  for (let i = 0; i < runs; i++) {
    a.push(timeCommand(...baseline));
    b.push(timeCommand(...candidate));
  }
  return { baseline: median(a), candidate: median(b) };
}
