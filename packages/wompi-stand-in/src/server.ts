import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AcceptanceTokens } from './acceptance.js';
import { registerApiRoutes } from './api-routes.js';
import { registerCheckoutPage } from './checkout-page.js';
import type { StandInContext } from './context.js';
import { StandInError } from './errors.js';
import { EventDeliveries } from './events.js';
import { MerchantRegistry, type MerchantInput } from './merchants.js';
import { PaymentSources } from './payment-sources.js';
import { registerStandInRoutes } from './stand-in-routes.js';
import { TokenVault } from './tokens.js';
import { Transactions } from './transactions.js';

export interface WompiStandInOptions {
  /** 0 (the default) picks a free port, which is what tests want. */
  port?: number;
  host?: string;
  merchants?: readonly MerchantInput[];
  /** How long a transaction stays PENDING; Wompi's sandbox takes about a second. */
  transitionDelayMs?: number;
  /** Multiplies Wompi's event retry schedule (30 min, 3 h, 24 h). */
  retryScale?: number;
  /** Fastify's logger option: false for silence, `{ level }` for JSON lines. */
  logger?: boolean | { level: string };
}

export interface WompiStandIn {
  /** Base URL, e.g. `http://127.0.0.1:3099`. */
  url: string;
  /** What a client configures as Wompi's API base (`WOMPI_API_URL`). */
  apiUrl: string;
  /** What a client configures as Wompi's web checkout (`WOMPI_CHECKOUT_URL`). */
  checkoutUrl: string;
  merchants: MerchantRegistry;
  transactions: Transactions;
  deliveries: EventDeliveries;
  app: FastifyInstance;
  close(): Promise<void>;
}

function buildApp(logger: WompiStandInOptions['logger']): FastifyInstance {
  const app = Fastify({ logger: logger ?? false });
  // The checkout page posts a plain HTML form; fastify parses only JSON by itself.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.setErrorHandler((error: FastifyError | StandInError, request, reply) => {
    if (error instanceof StandInError) return reply.code(error.statusCode).send(error.toBody());
    const status = error.statusCode ?? 500;
    if (status === 404) return reply.code(404).send(StandInError.notFound().toBody());
    if (status >= 400 && status < 500) {
      // Malformed JSON and the like: Wompi answers every unusable input with a 422.
      const code = status === 400 ? 422 : status;
      return reply
        .code(code)
        .send({ error: { type: 'INPUT_VALIDATION_ERROR', reason: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { type: 'INTERNAL_ERROR', reason: 'Error interno' } });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send(StandInError.notFound().toBody()),
  );
  return app;
}

export async function createWompiStandIn(options: WompiStandInOptions = {}): Promise<WompiStandIn> {
  const app = buildApp(options.logger);
  let url = '';
  const merchants = new MerchantRegistry();
  for (const merchant of options.merchants ?? []) merchants.register(merchant);
  // A fresh secret per process: tokens from an earlier run are refused, as expired ones would be.
  const acceptance = new AcceptanceTokens(randomBytes(32), () => url);
  const tokens = new TokenVault();
  const sources = new PaymentSources(tokens, acceptance);
  const deliveries = new EventDeliveries({ retryScale: options.retryScale ?? 1, log: app.log });
  const transactions = new Transactions({
    tokens,
    sources,
    acceptance,
    deliveries,
    transitionDelayMs: options.transitionDelayMs ?? 1000,
  });
  const ctx: StandInContext = {
    merchants,
    acceptance,
    tokens,
    sources,
    transactions,
    deliveries,
  };
  registerApiRoutes(app, ctx);
  registerCheckoutPage(app, ctx);
  registerStandInRoutes(app, ctx);

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    apiUrl: `${url}/v1`,
    checkoutUrl: `${url}/p/`,
    merchants,
    transactions,
    deliveries,
    app,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        transactions.close();
        await deliveries.close();
      })()),
  };
}
