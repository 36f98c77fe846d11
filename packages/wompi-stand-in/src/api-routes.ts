import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StandInContext } from './context.js';
import { parseInput, StandInError } from './errors.js';
import type { KeyKind } from './merchants.js';
import { paymentSourceInputSchema } from './payment-sources.js';
import { cardTokenInputSchema, nequiTokenInputSchema } from './tokens.js';
import { transactionInputSchema } from './transactions.js';

/** Wompi's `/v1` API, the subset the platform calls. Handlers authenticate, parse and delegate. */

const PUBLIC: readonly KeyKind[] = ['public'];
const PRIVATE: readonly KeyKind[] = ['private'];
const EITHER: readonly KeyKind[] = ['public', 'private'];

const idParams = z.object({ id: z.string().min(1) });
const sourceIdParams = z.object({ id: z.coerce.number().int().positive() });
const referenceQuery = z.object({ reference: z.string().min(1) });

export function registerApiRoutes(app: FastifyInstance, ctx: StandInContext): void {
  const caller = (request: FastifyRequest, kinds: readonly KeyKind[]) =>
    ctx.merchants.authenticate(request.headers.authorization, kinds);

  app.get('/v1/merchants/:publicKey', (request) => {
    const { publicKey } = parseInput(z.object({ publicKey: z.string().min(1) }), request.params);
    const merchant = ctx.merchants.findByPublicKey(publicKey);
    if (!merchant) throw StandInError.notFound();
    return {
      data: {
        id: merchant.id,
        name: merchant.name,
        email: `comercio-${merchant.id}@example.test`,
        contact_name: merchant.name,
        phone_number: '+573000000000',
        active: true,
        logo_url: null,
        legal_name: merchant.name,
        legal_id_type: 'NIT',
        legal_id: String(900_000_000 + merchant.id),
        public_key: merchant.publicKey,
        accepted_currencies: ['COP'],
        accepted_payment_methods: ['CARD', 'NEQUI'],
        payment_methods: [
          { name: 'CARD', payment_processors: [{ name: 'SANDBOX' }] },
          { name: 'NEQUI', payment_processors: [{ name: 'SANDBOX' }] },
        ],
        presigned_acceptance: ctx.acceptance.issue('END_USER_POLICY'),
        presigned_personal_data_auth: ctx.acceptance.issue('PERSONAL_DATA_AUTH'),
      },
    };
  });

  app.post('/v1/tokens/cards', (request, reply) => {
    const { merchant } = caller(request, PUBLIC);
    const token = ctx.tokens.tokenizeCard(
      merchant.id,
      parseInput(cardTokenInputSchema, request.body),
    );
    return reply.code(201).send({ status: 'CREATED', data: token.data });
  });

  app.post('/v1/tokens/nequi', (request, reply) => {
    const { merchant } = caller(request, PUBLIC);
    const { phone_number } = parseInput(nequiTokenInputSchema, request.body);
    const token = ctx.tokens.tokenizeNequi(merchant.id, phone_number);
    return reply.code(201).send({ status: 'CREATED', data: token.data });
  });

  app.get('/v1/tokens/nequi/:id', (request) => {
    const { merchant } = caller(request, PUBLIC);
    const { id } = parseInput(idParams, request.params);
    const token = ctx.tokens.find(merchant.id, 'NEQUI', id);
    if (!token) throw StandInError.notFound();
    return { data: token.data };
  });

  app.post('/v1/payment_sources', (request, reply) => {
    const { merchant } = caller(request, PRIVATE);
    const source = ctx.sources.create(
      merchant.id,
      parseInput(paymentSourceInputSchema, request.body),
    );
    return reply.code(201).send({ data: source.data });
  });

  app.get('/v1/payment_sources/:id', (request) => {
    const { merchant } = caller(request, PRIVATE);
    const { id } = parseInput(sourceIdParams, request.params);
    const source = ctx.sources.find(merchant.id, id);
    if (!source) throw StandInError.notFound();
    return { data: source.data };
  });

  app.post('/v1/transactions', (request, reply) => {
    const who = caller(request, EITHER);
    const transaction = ctx.transactions.create(
      who,
      parseInput(transactionInputSchema, request.body),
    );
    return reply.code(201).send({ data: transaction });
  });

  app.get('/v1/transactions/:id', (request) => {
    const { merchant } = caller(request, EITHER);
    const { id } = parseInput(idParams, request.params);
    return { data: ctx.transactions.get(merchant, id) };
  });

  app.get('/v1/transactions', (request) => {
    const { merchant } = caller(request, PRIVATE);
    const { reference } = parseInput(referenceQuery, request.query);
    return { data: ctx.transactions.listByReference(merchant, reference) };
  });

  app.post('/v1/transactions/:id/void', (request) => {
    const { merchant } = caller(request, PRIVATE);
    const { id } = parseInput(idParams, request.params);
    return { data: ctx.transactions.void(merchant, id) };
  });
}
