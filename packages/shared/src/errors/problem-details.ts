import { ERROR_CODE_MAPPING, type ErrorCode } from './error-codes.js';
import { AppError, type FieldErrors } from './app-error.js';

/** RFC 9457 problem details plus our stable `code` and the request id. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  /** The rule that was broken, for refusals that share a code (e.g. CONFLICT). */
  reason?: string;
  errors?: FieldErrors;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://docs.trivance.app/errors/';

export function problemTypeFor(code: ErrorCode): string {
  return TYPE_BASE + code.toLowerCase().replaceAll('_', '-');
}

export function toProblemDetails(
  error: AppError,
  instance: string,
  requestId: string,
): ProblemDetails {
  const mapping = ERROR_CODE_MAPPING[error.code];
  const problem: ProblemDetails = {
    type: problemTypeFor(error.code),
    title: mapping.title,
    status: mapping.status,
    // 5xx never carry internal detail to the client.
    detail: mapping.status >= 500 ? mapping.title : error.message,
    instance,
    code: error.code,
    requestId,
  };
  if (error.reason) problem.reason = error.reason;
  if (error.errors) problem.errors = error.errors;
  return problem;
}
