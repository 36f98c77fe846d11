import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { ERROR_CODE_MAPPING, ERROR_CODES } from './error-codes.js';
import { toProblemDetails } from './problem-details.js';
import { toAppError } from './to-app-error.js';

describe('toAppError', () => {
  it('keeps our own errors as they are', () => {
    const error = new AppError('WEAK_PASSWORD', 'too common');
    expect(toAppError(error)).toBe(error);
  });

  it('maps framework HTTP exceptions by status', () => {
    expect(toAppError(new NotFoundException('Cannot GET /x')).code).toBe('NOT_FOUND');
    expect(toAppError(new BadRequestException('bad')).code).toBe('VALIDATION_FAILED');
  });

  it('maps Fastify parser errors by their status code', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    const mediaType = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(toAppError(tooLarge).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toAppError(mediaType).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('turns anything else into INTERNAL', () => {
    expect(toAppError(new TypeError('x is undefined')).code).toBe('INTERNAL');
    expect(toAppError('a string').code).toBe('INTERNAL');
  });
});

describe('toProblemDetails', () => {
  it('never shows the message of a server error', () => {
    const problem = toProblemDetails(
      new AppError('INTERNAL', 'connection string postgres://secret@db'),
      '/v1/x',
      'req-1',
    );
    expect(problem).toEqual({
      type: 'https://docs.trivance.app/errors/internal',
      title: 'Internal server error',
      status: 500,
      detail: 'Internal server error',
      instance: '/v1/x',
      code: 'INTERNAL',
      requestId: 'req-1',
    });
  });

  it('carries field errors for validation failures', () => {
    const problem = toProblemDetails(
      new AppError('VALIDATION_FAILED', 'invalid', { errors: { email: ['must be an email'] } }),
      '/v1/auth/register',
      'req-2',
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual({ email: ['must be an email'] });
  });

  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_CODE_MAPPING[code].status).toBeGreaterThanOrEqual(400);
      expect(ERROR_CODE_MAPPING[code].status).toBeLessThan(600);
    }
  });
});
