import type { ImdsClient } from './imds-client.js';

const INSTANCE_ACTION = 'meta-data/spot/instance-action';

/**
 * runShare's `interrupted`: whether EC2 has given this spot instance its two-minute notice. The item
 * exists only once the instance is marked for interruption, so any answer but 404 is a notice. IMDS is
 * asked at most every `everyMs` (runShare polls far more often), and a notice, once seen, stays.
 * Not reaching IMDS counts as no notice yet: giving every task back on a passing glitch would cost more
 * than hearing of a real notice one poll later.
 */
export function spotNotice(imds: ImdsClient, everyMs: number, log: (line: string) => void): () => Promise<boolean> {
  let noticed = false;
  let askedAt = Number.NEGATIVE_INFINITY;
  return async () => {
    if (noticed || Date.now() - askedAt < everyMs) return noticed;
    askedAt = Date.now();
    try {
      noticed = (await imds.request(INSTANCE_ACTION)).status !== 404;
    } catch (error) {
      log(`cannot ask IMDS for a spot interruption notice: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (noticed) log('spot interruption notice: giving the running tasks back');
    return noticed;
  };
}
