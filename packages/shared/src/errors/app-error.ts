import { ERROR_CODE_MAPPING, type ErrorCode } from './error-codes.js';

export type FieldErrors = Record<string, string[]>;

export interface AppErrorOptions {
  /** Domain rule that was broken, e.g. SOLD_OUT (GraphQL `extensions.reason`). */
  reason?: string;
  /** Per-field messages for validation failures. */
  errors?: FieldErrors;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** Facts a client acts on (GraphQL `extensions`), e.g. when a ticket was checked in. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type domain code throws. Transports map it (REST to problem
 * details, GraphQL to extensions.code); domain code never throws HTTP errors.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly reason?: string;
  readonly errors?: FieldErrors;
  readonly headers?: Record<string, string>;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, options: AppErrorOptions = {}) {
    super(message ?? ERROR_CODE_MAPPING[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.reason = options.reason;
    this.errors = options.errors;
    this.headers = options.headers;
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CODE_MAPPING[this.code].status;
  }
}
