/** Where progress goes: stderr, or a stand-in in tests. */
interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A bar of instances launched, only on a terminal: CI logs, pipes and --json get nothing. cli-progress
 * loads only for the bar.
 */
export interface LaunchProgress {
  update(launched: number, wanted: number): void;
  /** Ends the bar, also when fewer than wanted were launched. */
  stop(): void;
}

export async function launchProgress(stream: ProgressStream): Promise<LaunchProgress | undefined> {
  if (!stream.isTTY) return undefined;
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ stream: stream as NodeJS.WritableStream, format: 'launching [{bar}] {value}/{total} instances', hideCursor: true, fps: 10, barsize: 24 });
  let started = false;
  return {
    update(launched, wanted) {
      if (!started) bar.start(wanted, 0);
      started = true;
      bar.update(launched);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
