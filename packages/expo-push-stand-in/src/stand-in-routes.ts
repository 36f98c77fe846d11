import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EXPO_ERROR_CODES, isExpoPushToken, parseRequest } from './messages.js';
import { FAULT_STATUSES, type Fault, type PushService } from './push-service.js';

/**
 * Routes Expo does not have, for tests and local runs to steer the stand-in:
 * make a token's device unregistered (or fail otherwise), make the next
 * requests answer 429 or 5xx, inspect what was received. Unauthenticated,
 * which is why the stand-in binds to loopback.
 */

const token = z.string().refine(isExpoPushToken, { message: 'must be a valid Expo push token' });
const stage = z.enum(['ticket', 'receipt']);
const unregisteredBody = z.strictObject({ token, in: stage.default('receipt') });
const outcomeBody = z.strictObject({ token, error: z.enum(EXPO_ERROR_CODES), in: stage });
const faultBody = z.strictObject({
  status: z
    .number()
    .int()
    .refine((status) => (FAULT_STATUSES as readonly number[]).includes(status), {
      message: `must be one of ${FAULT_STATUSES.join(', ')}`,
    }),
  count: z.number().int().min(1).max(1000).default(1),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  endpoint: z.enum(['send', 'getReceipts']).optional(),
});
const messagesQuery = z.object({ to: token.optional() });

export const STAND_IN_PREFIX = '/__stand-in';

export function registerStandInRoutes(app: FastifyInstance, push: PushService): void {
  app.post(`${STAND_IN_PREFIX}/tokens/unregistered`, (request, reply) => {
    const body = parseRequest(unregisteredBody, request.body);
    push.markUnregistered(body.token, body.in);
    return reply.code(204).send();
  });

  app.post(`${STAND_IN_PREFIX}/tokens/outcome`, (request, reply) => {
    const body = parseRequest(outcomeBody, request.body);
    push.setOutcome(body.token, { error: body.error, in: body.in });
    return reply.code(204).send();
  });

  app.post(`${STAND_IN_PREFIX}/faults`, (request, reply) => {
    const { count, status, ...fault } = parseRequest(faultBody, request.body);
    push.failNextRequests(count, { ...fault, status: status as Fault['status'] });
    return reply.code(204).send();
  });

  app.get(`${STAND_IN_PREFIX}/messages`, (request) => {
    const { to } = parseRequest(messagesQuery, request.query);
    return { data: push.messages(to) };
  });

  app.get(`${STAND_IN_PREFIX}/requests`, () => ({
    data: {
      count: push.requestCount(),
      batchSizes: push.batchSizes(),
      requests: push.requests(),
    },
  }));

  app.post(`${STAND_IN_PREFIX}/reset`, (_request, reply) => {
    push.reset();
    return reply.code(204).send();
  });
}
