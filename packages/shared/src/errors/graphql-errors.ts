import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error.js';
import { ERROR_CODE_MAPPING } from './error-codes.js';
import { toAppError } from './to-app-error.js';

const isGraphQLError = (value: unknown): value is GraphQLError =>
  value instanceof Error && value.name === 'GraphQLError';

/**
 * Errors thrown in resolvers may be wrapped by the executor; find the one we
 * threw. Undefined when GraphQL raised it itself (parsing, validation, a
 * variable that does not fit its type), however deeply it wrapped its own.
 */
function rootCause(error: GraphQLError): unknown {
  let current: unknown = error.originalError;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const next = (current as { originalError?: unknown }).originalError;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return isGraphQLError(current) ? undefined : current;
}

export interface FormattedGraphQLErrors {
  errors: GraphQLFormattedError[];
  /** Errors that are our fault and must be logged (never shown in detail). */
  internal: unknown[];
}

/**
 * The GraphQL transport's single error mapping: every error gets
 * `extensions.code` from the closed set, `extensions.reason` for domain rules,
 * and the request id; internal errors lose their message and stack.
 */
export function formatGraphQLErrors(
  errors: readonly GraphQLError[],
  requestId: string,
): FormattedGraphQLErrors {
  const internal: unknown[] = [];
  const formatted = errors.map((error): GraphQLFormattedError => {
    const cause = rootCause(error);
    const base = { locations: error.locations, path: error.path };
    if (cause === undefined) {
      // Parse and validation errors raised by GraphQL itself (or our validation rules).
      const reason = error.extensions?.reason;
      return {
        ...base,
        message: error.message,
        extensions: {
          code: 'BAD_USER_INPUT',
          requestId,
          ...(typeof reason === 'string' ? { reason } : {}),
        },
      };
    }
    const appError = cause instanceof AppError ? cause : toAppError(cause);
    const mapping = ERROR_CODE_MAPPING[appError.code];
    // Only bugs lose their message; a dependency outage says so plainly.
    const isBug = appError.code === 'INTERNAL';
    if (isBug) internal.push(cause);
    const extensions: Record<string, unknown> = {
      ...appError.details,
      code: mapping.graphql,
      requestId,
    };
    if (appError.reason) extensions.reason = appError.reason;
    if (appError.errors) extensions.errors = appError.errors;
    return {
      ...base,
      message: isBug ? mapping.title : appError.message,
      extensions,
    };
  });
  return { errors: formatted, internal };
}
