import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The services speak JSON only. Fastify and Nest would otherwise parse
 * text/plain and form bodies, so any other request body is refused with 415
 * before it is parsed.
 */
export function refuseNonJsonBodies(instance: FastifyInstance): void {
  instance.addHook('onRequest', async (request) => {
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return;
    if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json');
    }
  });
}
