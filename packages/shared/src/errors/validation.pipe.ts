import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldErrors } from './app-error.js';

function collect(errors: ValidationError[], prefix: string, into: FieldErrors): FieldErrors {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
  return into;
}

/**
 * One validation pipe for every DTO and GraphQL input: unknown fields are
 * rejected, values are transformed to their declared types, and failures
 * become VALIDATION_FAILED with per-field messages.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppError('VALIDATION_FAILED', 'The request has invalid fields', {
        errors: collect(errors, '', {}),
      }),
  });
}
