import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { formatGraphQLErrors } from './graphql-errors.js';

const fromResolver = (cause: Error) =>
  new GraphQLError(cause.message, { originalError: cause, path: ['field'] });

describe('formatGraphQLErrors', () => {
  it("treats a variable that does not fit its type as the caller's input, not a bug", () => {
    // graphql-js wraps its own coercion error in another GraphQLError.
    const coercion = new GraphQLError(
      'Field "items" of required type "[Item!]!" was not provided.',
    );
    const { errors, internal } = formatGraphQLErrors(
      [
        new GraphQLError(`Variable "$input" got invalid value {}; ${coercion.message}`, {
          originalError: coercion,
        }),
      ],
      'req-1',
    );
    expect(errors[0]).toMatchObject({
      message: expect.stringContaining('"items" of required type'),
      extensions: { code: 'BAD_USER_INPUT', requestId: 'req-1' },
    });
    expect(internal).toEqual([]);
  });

  it('gives domain errors their code, reason and the request id', () => {
    const { errors, internal } = formatGraphQLErrors(
      [fromResolver(new AppError('CONFLICT', 'Sold out', { reason: 'SOLD_OUT' }))],
      'req-9',
    );
    expect(errors[0]).toMatchObject({
      message: 'Sold out',
      path: ['field'],
      extensions: { code: 'CONFLICT', reason: 'SOLD_OUT', requestId: 'req-9' },
    });
    expect(internal).toEqual([]);
  });

  it('carries the facts a client acts on, never in place of the code', () => {
    const checkedInAt = '2026-12-01T20:00:00.000Z';
    const { errors } = formatGraphQLErrors(
      [
        fromResolver(
          new AppError('CONFLICT', 'Already in', {
            reason: 'ALREADY_CHECKED_IN',
            details: { checkedInAt, checkedInBy: 'a'.repeat(24), code: 'FORBIDDEN' },
          }),
        ),
      ],
      'r',
    );
    expect(errors[0]?.extensions).toEqual({
      code: 'CONFLICT',
      reason: 'ALREADY_CHECKED_IN',
      requestId: 'r',
      checkedInAt,
      checkedInBy: 'a'.repeat(24),
    });
  });

  it('maps REST-only codes onto the GraphQL closed set', () => {
    const { errors } = formatGraphQLErrors(
      [fromResolver(new AppError('VALIDATION_FAILED', 'bad', { errors: { slug: ['x'] } }))],
      'r',
    );
    expect(errors[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      requestId: 'r',
      errors: { slug: ['x'] },
    });
  });

  it('hides bugs behind INTERNAL and hands them back for logging', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const { errors, internal } = formatGraphQLErrors([fromResolver(bug)], 'r');
    expect(errors[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL' },
    });
    expect(JSON.stringify(errors)).not.toContain('reading');
    expect(internal).toEqual([bug]);
  });

  it('treats GraphQL parse and validation errors as bad input', () => {
    const { errors } = formatGraphQLErrors([new GraphQLError('Syntax Error: Expected Name')], 'r');
    expect(errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: 'r' });
  });
});
