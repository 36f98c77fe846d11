import type { AddressInfo } from 'node:net';
import { createGunzip } from 'node:zlib';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  parseRequest,
  pushMessageSchema,
  type PushMessage,
  RECEIPTS_LIMIT,
  receiptsRequestSchema,
  RequestError,
  SEND_LIMIT,
} from './messages.js';
import { type Endpoint, type Fault, PushService } from './push-service.js';
import { registerStandInRoutes } from './stand-in-routes.js';

export interface ExpoPushStandInOptions {
  /** 0 (the default) picks a free port, which is what tests want. */
  port?: number;
  host?: string;
  /** How long after its ticket a receipt becomes available (Expo: seconds to 30 minutes); 0 by default. */
  receiptDelayMs?: number;
  /**
   * When set, every request must carry `Authorization: Bearer <accessToken>`,
   * as Expo requires once a project turns on enhanced push security.
   */
  accessToken?: string;
  /** Fastify's logger option: false for silence, `{ level }` for JSON lines. */
  logger?: boolean | { level: string };
}

export interface ExpoPushStandIn {
  /** Base URL, e.g. `http://127.0.0.1:3098`. */
  url: string;
  /** What a client configures as Expo's push API base (`EXPO_PUSH_URL`). */
  pushUrl: string;
  /** Test controls and what was received. */
  push: PushService;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const PUSH_API_PREFIX = '/--/api/v2/push';

const RATE_LIMITED = new RequestError(
  429,
  'TOO_MANY_REQUESTS',
  'Too many requests; retry after the time in Retry-After',
  true,
);
const UNAVAILABLE = new RequestError(
  503,
  'SERVICE_UNAVAILABLE',
  'The push service is temporarily unavailable',
  true,
);
const INTERNAL = new RequestError(500, 'INTERNAL_SERVER_ERROR', 'An unknown error occurred', true);

function buildApp(logger: ExpoPushStandInOptions['logger']): FastifyInstance {
  const app = Fastify({ logger: logger ?? false });
  // Expo accepts gzip-compressed request bodies (expo-server-sdk compresses large ones).
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding === 'identity') return payload;
    if (encoding !== 'gzip') {
      throw new RequestError(415, 'VALIDATION_ERROR', `Unsupported content encoding "${encoding}"`);
    }
    // Fastify compares the bytes it read with Content-Length: count the compressed ones.
    const unzipped = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
    payload.on('data', (chunk: Buffer) => (unzipped.receivedEncodedLength += chunk.length));
    return payload.pipe(unzipped);
  });
  app.setErrorHandler((error: FastifyError | RequestError, request, reply) => {
    if (error instanceof RequestError) return reply.code(error.statusCode).send(error.toBody());
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Malformed JSON, a wrong content type, a body too large: Expo's request-level shape.
      return reply
        .code(status === 415 || status === 413 ? status : 400)
        .send(RequestError.validation(error.message).toBody());
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(INTERNAL.toBody());
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send(new RequestError(404, 'NOT_FOUND', 'Not found').toBody()),
  );
  return app;
}

function registerPushRoutes(
  app: FastifyInstance,
  push: PushService,
  options: ExpoPushStandInOptions,
): void {
  const authorized = (request: FastifyRequest) => request.headers.authorization !== undefined;
  const gzip = (request: FastifyRequest) => request.headers['content-encoding'] === 'gzip';

  /** Answers a request-level refusal, counting the request either way. */
  const guard = (request: FastifyRequest, endpoint: Endpoint, size: number) => {
    const fault = push.takeFault(endpoint);
    const refusal = fault
      ? faultError(fault.status)
      : options.accessToken !== undefined &&
          request.headers.authorization !== `Bearer ${options.accessToken}`
        ? new RequestError(401, 'UNAUTHORIZED', 'The bearer token is missing or not valid')
        : undefined;
    if (refusal) {
      push.record({
        endpoint,
        status: refusal.statusCode,
        size,
        gzip: gzip(request),
        authorized: authorized(request),
        at: new Date(),
      });
    }
    return { refusal, retryAfter: fault?.retryAfterSeconds };
  };

  app.post(`${PUSH_API_PREFIX}/send`, async (request, reply) => {
    const body = request.body;
    const single = body !== null && typeof body === 'object' && !Array.isArray(body);
    const list: unknown[] = Array.isArray(body) ? body : single ? [body] : [];
    const { refusal, retryAfter } = guard(request, 'send', list.length);
    if (refusal) {
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return reply.code(refusal.statusCode).send(refusal.toBody());
    }
    const respond = (status: number, payload: unknown) => {
      push.record({
        endpoint: 'send',
        status,
        size: list.length,
        gzip: gzip(request),
        authorized: authorized(request),
        at: new Date(),
      });
      return reply.code(status).send(payload);
    };
    try {
      if (!Array.isArray(body) && !single) {
        throw RequestError.validation('"value" must be an array of messages or one message');
      }
      if (list.length > SEND_LIMIT) throw tooMany();
      const messages: PushMessage[] = list.map((message, index) =>
        parseRequest(pushMessageSchema, message, single ? '' : `[${index}]`),
      );
      const recipients = messages.reduce(
        (sum, message) => sum + (Array.isArray(message.to) ? message.to.length : 1),
        0,
      );
      if (recipients > SEND_LIMIT) throw tooMany();
      const tickets = push.send(messages, authorized(request));
      return respond(200, { data: single && tickets.length === 1 ? tickets[0] : tickets });
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      return respond(error.statusCode, error.toBody());
    }
  });

  app.post(`${PUSH_API_PREFIX}/getReceipts`, async (request, reply) => {
    const ids = (request.body as { ids?: unknown } | null)?.ids;
    const size = Array.isArray(ids) ? ids.length : 0;
    const { refusal, retryAfter } = guard(request, 'getReceipts', size);
    if (refusal) {
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return reply.code(refusal.statusCode).send(refusal.toBody());
    }
    let status = 200;
    let payload: unknown;
    try {
      const parsed = parseRequest(receiptsRequestSchema, request.body);
      if (parsed.ids.length > RECEIPTS_LIMIT) {
        throw new RequestError(
          400,
          'PUSH_TOO_MANY_RECEIPTS',
          `You are trying to get more than ${RECEIPTS_LIMIT} push receipts in one request`,
        );
      }
      payload = { data: push.receipts(parsed.ids) };
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      status = error.statusCode;
      payload = error.toBody();
    }
    push.record({
      endpoint: 'getReceipts',
      status,
      size,
      gzip: gzip(request),
      authorized: authorized(request),
      at: new Date(),
    });
    return reply.code(status).send(payload);
  });
}

/** Expo's answer for a status a test asked for. */
function faultError(status: Fault['status']): RequestError {
  switch (status) {
    case 429:
      return RATE_LIMITED;
    case 503:
      return UNAVAILABLE;
    case 400:
      return RequestError.validation('The request was refused');
    case 401:
      return new RequestError(401, 'UNAUTHORIZED', 'The bearer token is missing or not valid');
    case 403:
      return new RequestError(403, 'FORBIDDEN', 'This project may not send push notifications');
    case 413:
      return new RequestError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    default:
      return new RequestError(status, INTERNAL.code, INTERNAL.message, true);
  }
}

function tooMany(): RequestError {
  return new RequestError(
    400,
    'PUSH_TOO_MANY_NOTIFICATIONS',
    `You are trying to send more than ${SEND_LIMIT} push notifications in one request`,
  );
}

export async function createExpoPushStandIn(
  options: ExpoPushStandInOptions = {},
): Promise<ExpoPushStandIn> {
  const app = buildApp(options.logger);
  const push = new PushService({ receiptDelayMs: options.receiptDelayMs ?? 0 });
  registerPushRoutes(app, push, options);
  registerStandInRoutes(app, push);

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    pushUrl: `${url}${PUSH_API_PREFIX}`,
    push,
    app,
    close: () => (closing ??= app.close()),
  };
}
