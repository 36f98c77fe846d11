import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details.js';
import { toAppError } from './to-app-error.js';

/**
 * The REST transport's single error mapping: every exception becomes an RFC
 * 9457 problem details body with a stable code and the request id. Non-HTTP
 * contexts (GraphQL) get the exception back for their own formatter.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toAppError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, code: error.code }, 'request failed');
    }
    const body = toProblemDetails(error, request.url, String(request.id));
    if (error.headers) void reply.headers(error.headers);
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
    return undefined;
  }
}
