const BRAND = Symbol.for('spawn-slurm.error');

/** Errors any stage may throw and the CLI knows how to report: a stable code, a message for the user, and an exit status. */
export class SpawnSlurmError extends Error {
  readonly exitCode: number = 1;
  readonly [BRAND] = true;

  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SpawnSlurmError';
  }
}

/** Wrong invocation: unknown flag, missing argument, bad flag value. Exit status 2. */
export class UsageError extends SpawnSlurmError {
  override readonly exitCode = 2;

  constructor(message: string, hint?: string) {
    super('usage', message, hint);
  }
}

/** A file the user gave could not be read or written. */
export class InputError extends SpawnSlurmError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('input', message, hint, options);
  }
}

/**
 * Each command is a separate bundle with its own copy of these classes, so `instanceof` cannot
 * recognise an error thrown by another bundle; the brand can.
 */
export function isSpawnSlurmError(error: unknown): error is SpawnSlurmError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
