/** Errors the CLI knows how to report: a stable code, a message for the user, and an exit status. */
export class SpawnSlurmError extends Error {
  readonly exitCode: number = 1;

  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
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
