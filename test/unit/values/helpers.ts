import { expect } from 'vitest';
import type { ValueContext } from '../../../src/parser/values/context.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../../../src/parser/values/context.js';
import type { Parsed } from '../../../src/parser/values/result.js';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';

/** A real 22.05 cluster with Slurm's defaults unless told otherwise. */
export function context(overrides: Partial<ValueContext> = {}): ValueContext {
  return {
    release: '22.05',
    maxArraySize: DEFAULT_MAX_ARRAY_SIZE,
    arraySizeIsHardLimit: true,
    now: new Date('2026-11-22T12:00:00Z'),
    ...overrides,
  };
}

export function release(release: SlurmRelease): ValueContext {
  return context({ release });
}

/** The accepted value, failing the test with the problems when it was refused. */
export function accepted<T>(result: Parsed<T>): T {
  if (!result.ok) expect.fail(`expected acceptance, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** The refusal, failing the test when the value was accepted. */
export function refused<T>(result: Parsed<T>, code?: string) {
  if (result.ok) expect.fail(`expected a refusal, got ${JSON.stringify(result.value)}`);
  const [problem] = result.problems;
  expect(problem?.refusedBySbatch).toBe(true);
  expect(problem?.severity).toBe('error');
  if (code) expect(problem?.code).toBe(code);
  return problem!;
}

/** The codes of the notes attached to an accepted value. */
export function noteCodes<T>(result: Parsed<T>): string[] {
  return result.ok ? result.notes.map((n) => n.code) : [];
}
