import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ERROR_CODE_MAPPING, ERROR_CODES, problemTypeFor, type ErrorCode } from '@trivance/shared';

/** RFC 9457 problem details as this service returns them (application/problem+json). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://docs.trivance.app/errors/invalid-credentials' })
  type!: string;

  @ApiProperty({ example: 'Invalid credentials' })
  title!: string;

  @ApiProperty({ example: 401 })
  status!: number;

  @ApiProperty({ example: 'Invalid email or password' })
  detail!: string;

  @ApiProperty({ example: '/v1/auth/login' })
  instance!: string;

  @ApiProperty({ enum: ERROR_CODES, example: 'INVALID_CREDENTIALS' })
  code!: ErrorCode;

  @ApiProperty({ example: '6f1c1b1e-0d7e-4b8a-9c39-3b0c6a3f2a10' })
  requestId!: string;

  @ApiPropertyOptional({
    description: 'Per-field messages (VALIDATION_FAILED, WEAK_PASSWORD)',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { email: ['email must be an email'] },
  })
  errors?: Record<string, string[]>;
}

function groupByStatus(codes: ErrorCode[]): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODE_MAPPING[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

/** The OpenAPI response object for problems of one status. */
export function problemResponse(status: number, statusCodes: ErrorCode[], ref: string) {
  return {
    description: statusCodes.join(', '),
    content: {
      'application/problem+json': {
        schema: { $ref: ref },
        examples: Object.fromEntries(
          statusCodes.map((code) => [
            code,
            {
              value: {
                type: problemTypeFor(code),
                title: ERROR_CODE_MAPPING[code].title,
                status,
                detail: ERROR_CODE_MAPPING[code].title,
                instance: '/v1/auth/...',
                code,
                requestId: '6f1c1b1e-0d7e-4b8a-9c39-3b0c6a3f2a10',
              },
            },
          ]),
        ),
      },
    },
  };
}

/**
 * Adds the problems every route can give (500 INTERNAL; with a body, 413 and
 * 415) to each operation of the document, so no route's contract omits them.
 */
export function addCommonProblems(document: {
  paths: Record<
    string,
    Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>
  >;
}): void {
  const ref = '#/components/schemas/ProblemDetailsDto';
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      operation.responses ??= {};
      const common: ErrorCode[] = ['INTERNAL'];
      if (operation.requestBody) common.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
      for (const [status, codes] of groupByStatus(common)) {
        operation.responses[String(status)] ??= problemResponse(status, codes, ref);
      }
    }
  }
}

/** Documents the problem responses a route can give, grouped by status, one example per code. */
export function ApiProblems(...codes: ErrorCode[]) {
  const decorators = [...groupByStatus(codes).entries()].map(([status, statusCodes]) =>
    ApiResponse({
      status,
      ...problemResponse(status, statusCodes, getSchemaPath(ProblemDetailsDto)),
      ...(status === 429
        ? {
            headers: {
              'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
            },
          }
        : {}),
    }),
  );
  return applyDecorators(ApiExtraModels(ProblemDetailsDto), ...decorators);
}
