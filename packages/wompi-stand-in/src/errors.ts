import type { z } from 'zod';

/**
 * The closed set of failures the stand-in reports, named as Wompi names them
 * so clients exercise the same error handling they need in production.
 */
export const STAND_IN_ERROR_STATUS = {
  INVALID_ACCESS_TOKEN: 401,
  NOT_FOUND_ERROR: 404,
  INPUT_VALIDATION_ERROR: 422,
} as const;

export type StandInErrorType = keyof typeof STAND_IN_ERROR_STATUS;

/** Field name to messages, Wompi's shape for validation failures. */
export type ValidationMessages = Record<string, string[]>;

export class StandInError extends Error {
  constructor(
    readonly type: StandInErrorType,
    readonly detail: string | ValidationMessages,
  ) {
    super(typeof detail === 'string' ? detail : `${type}: ${JSON.stringify(detail)}`);
    this.name = 'StandInError';
  }

  get statusCode(): number {
    return STAND_IN_ERROR_STATUS[this.type];
  }

  /** Wompi's envelope: `reason` for a sentence, `messages` per field. */
  toBody(): { error: { type: StandInErrorType; reason?: string; messages?: ValidationMessages } } {
    return typeof this.detail === 'string'
      ? { error: { type: this.type, reason: this.detail } }
      : { error: { type: this.type, messages: this.detail } };
  }

  static invalid(field: string, message: string): StandInError {
    return new StandInError('INPUT_VALIDATION_ERROR', { [field]: [message] });
  }

  static notFound(): StandInError {
    return new StandInError('NOT_FOUND_ERROR', 'La entidad solicitada no existe');
  }
}

/** Parses input or throws the 422 Wompi would answer, one entry per offending field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  field?: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages: ValidationMessages = {};
  for (const issue of result.error.issues) {
    const path = [...(field ? [field] : []), ...issue.path.map(String)];
    const key = path.length > 0 ? path.join('.') : 'body';
    (messages[key] ??= []).push(issue.message);
  }
  throw new StandInError('INPUT_VALIDATION_ERROR', messages);
}
