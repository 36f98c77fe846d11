/**
 * The closed set of machine-readable error codes. Clients rely on these
 * strings exactly; add codes, never rename them.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'WEAK_PASSWORD',
  'INVALID_TOKEN',
  'INVALID_CREDENTIALS',
  'INVALID_REFRESH_TOKEN',
  'INVALID_CURRENT_PASSWORD',
  'INVALID_CLIENT',
  'EMAIL_NOT_VERIFIED',
  'ACCOUNT_DISABLED',
  'INVALID_MFA_CODE',
  'NOT_A_MEMBER',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The GraphQL transport's smaller closed set (`extensions.code`). */
export type GraphQLErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

interface CodeMapping {
  status: number;
  title: string;
  graphql: GraphQLErrorCode;
}

/** Exhaustive over ErrorCode: adding a code without a mapping does not compile. */
export const ERROR_CODE_MAPPING: Record<ErrorCode, CodeMapping> = {
  VALIDATION_FAILED: { status: 400, title: 'Validation failed', graphql: 'BAD_USER_INPUT' },
  BAD_USER_INPUT: { status: 400, title: 'Bad input', graphql: 'BAD_USER_INPUT' },
  WEAK_PASSWORD: { status: 400, title: 'Password too weak', graphql: 'BAD_USER_INPUT' },
  INVALID_TOKEN: { status: 400, title: 'Invalid or expired token', graphql: 'BAD_USER_INPUT' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials', graphql: 'UNAUTHENTICATED' },
  INVALID_REFRESH_TOKEN: {
    status: 401,
    title: 'Invalid refresh token',
    graphql: 'UNAUTHENTICATED',
  },
  INVALID_CURRENT_PASSWORD: {
    status: 400,
    title: 'Current password is incorrect',
    graphql: 'BAD_USER_INPUT',
  },
  INVALID_CLIENT: { status: 401, title: 'Invalid client', graphql: 'UNAUTHENTICATED' },
  EMAIL_NOT_VERIFIED: { status: 403, title: 'Email not verified', graphql: 'FORBIDDEN' },
  ACCOUNT_DISABLED: { status: 403, title: 'Account disabled', graphql: 'FORBIDDEN' },
  INVALID_MFA_CODE: {
    status: 400,
    title: 'Invalid verification code',
    graphql: 'BAD_USER_INPUT',
  },
  NOT_A_MEMBER: { status: 403, title: 'Not a member', graphql: 'FORBIDDEN' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required', graphql: 'UNAUTHENTICATED' },
  FORBIDDEN: { status: 403, title: 'Forbidden', graphql: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, title: 'Not found', graphql: 'NOT_FOUND' },
  CONFLICT: { status: 409, title: 'Conflict', graphql: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large', graphql: 'BAD_USER_INPUT' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    graphql: 'BAD_USER_INPUT',
  },
  RATE_LIMITED: { status: 429, title: 'Too many requests', graphql: 'RATE_LIMITED' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable', graphql: 'INTERNAL' },
  INTERNAL: { status: 500, title: 'Internal server error', graphql: 'INTERNAL' },
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
