import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StandInContext } from './context.js';
import { parseInput } from './errors.js';
import { merchantInputSchema } from './merchants.js';
import { TRANSACTION_STATUSES } from './transactions.js';

/**
 * Routes Wompi does not have, for tests to steer the stand-in: register a
 * merchant per organization, force a status, repeat a delivery, inspect
 * what was sent. Unauthenticated, which is why the stand-in binds to loopback.
 */

const idParams = z.object({ id: z.string().min(1) });
const statusBody = z.strictObject({ status: z.enum(TRANSACTION_STATUSES) });
const deliveriesQuery = z.object({ transaction_id: z.string().min(1).optional() });

export function registerStandInRoutes(app: FastifyInstance, ctx: StandInContext): void {
  app.post('/__stand-in/merchants', (request, reply) => {
    const merchant = ctx.merchants.register(parseInput(merchantInputSchema, request.body));
    return reply.code(201).send({
      data: {
        id: merchant.id,
        name: merchant.name,
        public_key: merchant.publicKey,
        events_url: merchant.eventsUrl ?? null,
      },
    });
  });

  app.post('/__stand-in/transactions/:id/status', (request) => {
    const { id } = parseInput(idParams, request.params);
    const { status } = parseInput(statusBody, request.body);
    return { data: ctx.transactions.forceStatus(id, status) };
  });

  app.post('/__stand-in/transactions/:id/resend', (request) => {
    const { id } = parseInput(idParams, request.params);
    return { data: ctx.transactions.resend(id) };
  });

  app.get('/__stand-in/deliveries', (request) => {
    const { transaction_id } = parseInput(deliveriesQuery, request.query);
    const deliveries = ctx.deliveries.list();
    return {
      data: transaction_id
        ? deliveries.filter((delivery) => delivery.transaction_id === transaction_id)
        : deliveries,
    };
  });
}
