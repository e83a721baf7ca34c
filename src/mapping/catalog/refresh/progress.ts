import type { RefreshCall } from './errors.js';

export interface RegionRefresh {
  region: string;
  /** Types DescribeInstanceTypes described in the region. */
  described: number;
  /** Types DescribeInstanceTypeOfferings lists as offered in the region. */
  offered: number;
  onDemandPrices: number;
  /** Types with a current spot price, and the zones they were priced in. */
  spotPriced: number;
  zones: number;
}

export type RefreshProgress =
  | { kind: 'start'; regions: readonly string[]; totalCalls: number }
  | { kind: 'page'; region: string; call: RefreshCall; items: number }
  | { kind: 'call-done'; region: string; call: RefreshCall; items: number }
  | { kind: 'region-done'; region: string; summary: RegionRefresh }
  | { kind: 'done'; path: string };

/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressReporter {
  onProgress(event: RefreshProgress): void;
  /** Ends the bar (call on failure too, so the terminal is left tidy). */
  stop(): void;
}

function describeRegionRefresh(s: RegionRefresh): string {
  return `${s.region}: ${s.offered} types offered, ${s.onDemandPrices} on-demand prices, ${s.spotPriced} types spot-priced in ${s.zones} zones`;
}

/**
 * A progress bar when the stream is a terminal; otherwise one line per region as it completes (CI logs
 * and redirected output get no control characters). cli-progress is loaded only for the bar.
 */
export async function createRefreshProgress(stream: ProgressStream = process.stderr): Promise<ProgressReporter> {
  if (!stream.isTTY) {
    return {
      onProgress(event) {
        if (event.kind === 'region-done') stream.write(`catalog refresh: ${describeRegionRefresh(event.summary)}\n`);
      },
      stop() {},
    };
  }
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: 'catalog refresh [{bar}] {value}/{total} calls | {region} {call} {items}',
    hideCursor: true,
    // A redraw per page would flood slow terminals; cli-progress redraws on its own timer.
    fps: 10,
    barsize: 24,
  });
  let running = false;
  let done = 0;
  return {
    onProgress(event) {
      switch (event.kind) {
        case 'start':
          bar.start(event.totalCalls, 0, { region: '', call: '', items: '' });
          running = true;
          break;
        case 'page':
          bar.update(done, { region: event.region, call: event.call, items: `(${event.items})` });
          break;
        case 'call-done':
          bar.update(++done, { region: event.region, call: event.call, items: `(${event.items})` });
          break;
        case 'done':
          if (running) bar.stop();
          running = false;
          break;
        case 'region-done':
          break;
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** What `catalog refresh` prints on stdout when it is done. */
export function formatRefreshSummary(summary: { path: string; refreshedAt: string; regions: readonly RegionRefresh[]; typeCount: number; addedTypes: readonly string[] }): string {
  return [
    `refreshed the instance catalog at ${summary.refreshedAt}: ${summary.typeCount} instance types`,
    ...summary.regions.map((r) => `  ${describeRegionRefresh(r)}`),
    ...(summary.addedTypes.length > 0 ? [`  new since the embedded catalog: ${summary.addedTypes.join(' ')}`] : []),
    `written to ${summary.path}`,
  ].join('\n');
}
