import { describe, expect, it } from 'vitest';
import { findOracles, howToStart, missingRequiredOracle, type Oracle } from './oracle.js';

/**
 * Declares `body` once per release whose oracle answers, under "<title> (Slurm <release>)"; a configured
 * oracle that does not answer fails the run under SPAWN_SLURM_REQUIRE_ORACLE=1 and is skipped with a notice otherwise.
 */
export function describePerOracle(title: string, body: (oracle: Oracle) => void): void {
  for (const found of findOracles()) {
    const missing = missingRequiredOracle(found);
    if (missing !== null) {
      describe(`${title} (Slurm ${found.release})`, () => {
        it('has its oracle running', () => expect.fail(missing));
      });
    } else if (found.oracle === null) {
      console.log(`${title}: skipped on Slurm ${found.release}, no such Slurm answers (tried ${found.tried.join(', ') || 'nothing'}); ${howToStart(found.release)}`);
    } else {
      const oracle = found.oracle;
      describe(`${title} (Slurm ${found.release})`, () => body(oracle));
    }
  }
}
