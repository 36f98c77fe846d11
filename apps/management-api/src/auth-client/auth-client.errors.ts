import { AppError, type ErrorCode, isErrorCode } from '@trivance/shared';

/** An answer from the Auth Service that is the caller's problem, not a fault to retry. */
export class AuthRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'AuthRejection';
  }
}

export async function rejectionFrom(response: Response): Promise<AuthRejection> {
  const body = (await response.json().catch(() => ({}))) as { code?: unknown; detail?: unknown };
  const code = isErrorCode(body.code) ? body.code : 'BAD_USER_INPUT';
  return new AuthRejection(
    response.status,
    code,
    typeof body.detail === 'string' ? body.detail : 'The identity service refused the request',
  );
}

/** Maps what reached us from the Auth Service into the error our caller sees. */
export function toClientError(error: unknown): AppError {
  if (error instanceof AuthRejection) {
    if (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED') {
      return new AppError(error.code, error.detail, { cause: error });
    }
    // Our own credentials or contract are wrong: an operator problem, not the client's.
    return new AppError('SERVICE_UNAVAILABLE', 'The identity service refused our request', {
      cause: error,
      reason: 'IDENTITY_SERVICE_UNAVAILABLE',
    });
  }
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The identity service is unavailable; nothing was changed. Try again shortly.',
    { cause: error, reason: 'IDENTITY_SERVICE_UNAVAILABLE' },
  );
}
