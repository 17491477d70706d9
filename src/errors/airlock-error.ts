import type { ErrorCode } from './error-codes.js';

export interface AirlockErrorOptions {
  /** The user's next step, in words ("run `airlock policy validate` to see where"). */
  hint?: string;
  cause?: unknown;
  /** Extra structured detail for --json output (file, line, field …). */
  details?: Record<string, unknown>;
}

/**
 * The one error type of Airlock. Every boundary (CLI, hook, server) turns anything thrown into
 * it with {@link toAirlockError}; no error path ever produces `allow`.
 */
export class AirlockError extends Error {
  override readonly name = 'AirlockError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AirlockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** Message and hint on one or two lines, for a terminal or a hook's stderr. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Turns anything thrown into an AirlockError; unknown throws become `internal`. */
export function toAirlockError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AirlockError('internal', `internal error: ${message}`, {
    cause: error,
    hint: 'this is a bug in Airlock; the action was not allowed. Please report it with the audit record id.',
  });
}
