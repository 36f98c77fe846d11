import { integritySignature } from './signatures.js';
import type { TransactionData, TransactionStatus } from './transactions.js';

/** A thin HTTP client over real sockets, speaking to a stand-in as the platform would. */
export interface TestMerchant {
  publicKey: string;
  privateKey: string;
  eventsSecret: string;
  integritySecret: string;
  eventsUrl?: string;
}

/** A merchant whose keys and secrets all carry `name`, as Wompi's test keys look. */
export function testMerchant(name: string, eventsUrl?: string): TestMerchant {
  return {
    publicKey: `pub_test_${name}`,
    privateKey: `prv_test_${name}`,
    eventsSecret: `test_events_${name}`,
    integritySecret: `test_integrity_${name}`,
    ...(eventsUrl ? { eventsUrl } : {}),
  };
}

export interface ApiResponse {
  status: number;
  // Tests read whatever shape the route returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function testClient(baseUrl: string, merchant: TestMerchant) {
  async function call(
    method: string,
    path: string,
    options: { key?: string | null; body?: unknown; rawBody?: string } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.body !== undefined || options.rawBody !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body:
        options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function acceptanceToken(): Promise<string> {
    const { body } = await call('GET', `/v1/merchants/${merchant.publicKey}`);
    return body.data.presigned_acceptance.acceptance_token as string;
  }

  async function cardToken(number: string): Promise<string> {
    const { status, body } = await call('POST', '/v1/tokens/cards', {
      key: merchant.publicKey,
      body: { number, cvc: '123', exp_month: '08', exp_year: '35', card_holder: 'José Pérez' },
    });
    if (status !== 201) throw new Error(`tokenizing ${number}: ${status} ${JSON.stringify(body)}`);
    return body.data.id as string;
  }

  function signed(reference: string, amountInCents: number) {
    return {
      amount_in_cents: amountInCents,
      currency: 'COP',
      customer_email: 'donor@example.test',
      reference,
      signature: integritySignature(reference, amountInCents, 'COP', merchant.integritySecret),
    };
  }

  async function payWithCard(number: string, reference: string, amountInCents = 2_000_000) {
    return call('POST', '/v1/transactions', {
      key: merchant.publicKey,
      body: {
        ...signed(reference, amountInCents),
        acceptance_token: await acceptanceToken(),
        payment_method: { type: 'CARD', token: await cardToken(number), installments: 1 },
      },
    });
  }

  async function waitForStatus(id: string, status: TransactionStatus, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call('GET', `/v1/transactions/${id}`, { key: merchant.publicKey });
      const transaction = body.data as TransactionData;
      if (transaction.status === status) return transaction;
      if (Date.now() > deadline) {
        throw new Error(`transaction ${id} is ${transaction.status}, expected ${status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  return { call, acceptanceToken, cardToken, signed, payWithCard, waitForStatus };
}
