import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  eventIsSigned,
  startEventReceiver,
  type EventReceiver,
} from './event-receiver.test-server.js';
import { createWompiStandIn, type WompiStandIn } from './server.js';
import { testClient, testMerchant, type TestMerchant } from './test-client.test-server.js';

const APPROVED_CARD = '4242424242424242';
const DECLINED_CARD = '4111111111111111';
// Passes the Luhn check but is not one of the sandbox's cards.
const OTHER_CARD = '5555555555554444';

let standIn: WompiStandIn;
let receiver: EventReceiver;
let merchant: TestMerchant;
let client: ReturnType<typeof testClient>;
let reference = 0;
const nextReference = () => `TRV-${Date.now()}-${++reference}`;

beforeEach(async () => {
  receiver = await startEventReceiver();
  merchant = testMerchant('platform', receiver.url);
  // 30 minutes become 18 ms, 24 hours under a second.
  standIn = await createWompiStandIn({
    merchants: [merchant],
    transitionDelayMs: 0,
    retryScale: 0.00001,
  });
  client = testClient(standIn.url, merchant);
});

afterEach(async () => {
  await standIn.close();
  await receiver.close();
});

describe('merchant and acceptance tokens', () => {
  it('presents signed acceptance tokens for both contracts', async () => {
    const { status, body } = await client.call('GET', '/v1/merchants/pub_test_platform');
    expect(status).toBe(200);
    expect(body.data.public_key).toBe('pub_test_platform');
    expect(body.data.presigned_acceptance).toMatchObject({
      type: 'END_USER_POLICY',
      permalink: `${standIn.url}/terms/end-user-policy`,
    });
    expect(body.data.presigned_acceptance.acceptance_token.split('.')).toHaveLength(3);
    expect(body.data.presigned_personal_data_auth.type).toBe('PERSONAL_DATA_AUTH');
    expect((await client.call('GET', '/v1/merchants/pub_test_unknown')).status).toBe(404);
  });
});

describe('card transactions', () => {
  it.each([
    [APPROVED_CARD, 'APPROVED'],
    [DECLINED_CARD, 'DECLINED'],
    [OTHER_CARD, 'ERROR'],
  ] as const)('card %s ends %s and its signed event is delivered', async (number, finalStatus) => {
    const ref = nextReference();
    const created = await client.payWithCard(number, ref);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      reference: ref,
      amount_in_cents: 2_000_000,
      currency: 'COP',
      status: 'PENDING',
      payment_method_type: 'CARD',
      finalized_at: null,
      payment_source_id: null,
    });
    expect(created.body.data.payment_method.extra.last_four).toBe(number.slice(-4));
    const id = created.body.data.id as string;

    const final = await client.waitForStatus(id, finalStatus);
    expect(final.finalized_at).not.toBeNull();

    const [received] = await receiver.waitFor(1);
    expect(received!.event).toMatchObject({
      event: 'transaction.updated',
      environment: 'test',
      data: {
        transaction: { id, status: finalStatus, amount_in_cents: 2_000_000, reference: ref },
      },
      signature: {
        properties: ['transaction.id', 'transaction.status', 'transaction.amount_in_cents'],
      },
    });
    expect(Number.isInteger(received!.event.timestamp)).toBe(true);
    expect(new Date(received!.event.sent_at).toISOString()).toBe(received!.event.sent_at);
    expect(eventIsSigned(received!.event, merchant.eventsSecret)).toBe(true);
    expect(eventIsSigned(received!.event, 'another_secret')).toBe(false);
    expect(received!.headers['x-event-checksum']).toBe(received!.event.signature.checksum);
  });

  it('keeps a transaction PENDING for the configured delay', async () => {
    const slow = await createWompiStandIn({ merchants: [merchant], transitionDelayMs: 60_000 });
    try {
      const slowClient = testClient(slow.url, merchant);
      const { body } = await slowClient.payWithCard(APPROVED_CARD, nextReference());
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await slowClient.call('GET', `/v1/transactions/${body.data.id}`, {
        key: merchant.privateKey,
      });
      expect(again.body.data.status).toBe('PENDING');
    } finally {
      await slow.close();
    }
  });

  it('refuses a reference the merchant already used, and lists by reference', async () => {
    const ref = nextReference();
    const first = await client.payWithCard(APPROVED_CARD, ref);
    expect(first.status).toBe(201);
    const second = await client.payWithCard(APPROVED_CARD, ref);
    expect(second.status).toBe(422);
    expect(second.body.error.type).toBe('INPUT_VALIDATION_ERROR');
    expect(second.body.error.messages.reference).toHaveLength(1);

    const list = await client.call('GET', `/v1/transactions?reference=${encodeURIComponent(ref)}`, {
      key: merchant.privateKey,
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([first.body.data.id]);
  });

  it('voids an approved card transaction and sends its event; refuses other voids', async () => {
    const approved = await client.payWithCard(APPROVED_CARD, nextReference());
    const id = approved.body.data.id as string;
    await client.waitForStatus(id, 'APPROVED');
    await receiver.waitFor(1);

    const voided = await client.call('POST', `/v1/transactions/${id}/void`, {
      key: merchant.privateKey,
    });
    expect(voided.status).toBe(200);
    expect(voided.body.data.status).toBe('VOIDED');
    const events = await receiver.waitFor(2);
    expect(events[1]!.event.data.transaction).toMatchObject({ id, status: 'VOIDED' });
    expect(eventIsSigned(events[1]!.event, merchant.eventsSecret)).toBe(true);

    const again = await client.call('POST', `/v1/transactions/${id}/void`, {
      key: merchant.privateKey,
    });
    expect(again.status).toBe(422);

    const declined = await client.payWithCard(DECLINED_CARD, nextReference());
    await client.waitForStatus(declined.body.data.id, 'DECLINED');
    const refused = await client.call('POST', `/v1/transactions/${declined.body.data.id}/void`, {
      key: merchant.privateKey,
    });
    expect(refused.status).toBe(422);
  });
});

describe('Nequi and payment sources', () => {
  it.each([
    ['3991111111', 'APPROVED'],
    ['3992222222', 'DECLINED'],
    ['3001234567', 'ERROR'],
  ] as const)('Nequi %s ends %s', async (phone, finalStatus) => {
    const created = await client.call('POST', '/v1/transactions', {
      key: merchant.publicKey,
      body: {
        ...client.signed(nextReference(), 5_000_000),
        acceptance_token: await client.acceptanceToken(),
        payment_method: { type: 'NEQUI', phone_number: phone },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.payment_method).toEqual({ type: 'NEQUI', phone_number: phone });
    await client.waitForStatus(created.body.data.id, finalStatus);
  });

  it('tokenizes Nequi and charges saved card and Nequi sources with the private key', async () => {
    const nequi = await client.call('POST', '/v1/tokens/nequi', {
      key: merchant.publicKey,
      body: { phone_number: '3991111111' },
    });
    expect(nequi.status).toBe(201);
    expect(nequi.body.data).toMatchObject({ status: 'APPROVED', phone_number: '3991111111' });
    expect(nequi.body.data.id).toMatch(/^nequi_test_/);

    const cardToken = await client.cardToken(APPROVED_CARD);
    expect(cardToken).toMatch(/^tok_test_/);
    for (const [type, token] of [
      ['CARD', cardToken],
      ['NEQUI', nequi.body.data.id],
    ] as const) {
      const source = await client.call('POST', '/v1/payment_sources', {
        key: merchant.privateKey,
        body: {
          type,
          token,
          customer_email: 'donor@example.test',
          acceptance_token: await client.acceptanceToken(),
        },
      });
      expect(source.status).toBe(201);
      expect(source.body.data).toMatchObject({ type, token, status: 'AVAILABLE' });
      expect(typeof source.body.data.id).toBe('number');
      expect(source.body.data.public_data.type).toBe(type);

      const charge = {
        ...client.signed(nextReference(), 3_000_000),
        payment_source_id: source.body.data.id,
        ...(type === 'CARD' ? { payment_method: { installments: 1 } } : {}),
      };
      const withPublicKey = await client.call('POST', '/v1/transactions', {
        key: merchant.publicKey,
        body: charge,
      });
      expect(withPublicKey.status).toBe(401);
      const created = await client.call('POST', '/v1/transactions', {
        key: merchant.privateKey,
        body: charge,
      });
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({
        payment_source_id: source.body.data.id,
        payment_method_type: type,
      });
      await client.waitForStatus(created.body.data.id, 'APPROVED');
    }
  });
});

describe('event deliveries', () => {
  it('retries a delivery that did not get a 200 and records every attempt', async () => {
    receiver.answerNext(500, 201);
    const created = await client.payWithCard(APPROVED_CARD, nextReference());
    const events = await receiver.waitFor(3);
    expect(events.map((e) => e.answeredWith)).toEqual([500, 201, 200]);
    // A retry is the same event, signature and all.
    expect(new Set(events.map((e) => e.raw)).size).toBe(1);

    const { body } = await client.call(
      'GET',
      `/__stand-in/deliveries?transaction_id=${created.body.data.id}`,
    );
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      delivered: true,
      status: 'APPROVED',
      next_attempt_at: null,
    });
    expect(body.data[0].attempts.map((a: { status_code: number }) => a.status_code)).toEqual([
      500, 201, 200,
    ]);
  });

  it('gives up after three retries', async () => {
    receiver.answerNext(500, 500, 500, 500, 500);
    await client.payWithCard(APPROVED_CARD, nextReference());
    await receiver.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await standIn.deliveries.idle();
    expect(receiver.received).toHaveLength(4);
    const [delivery] = standIn.deliveries.list();
    expect(delivery).toMatchObject({ delivered: false, next_attempt_at: null });
  });

  it('forces a status and resends the last event byte for byte', async () => {
    const created = await client.payWithCard(APPROVED_CARD, nextReference());
    const id = created.body.data.id as string;
    await receiver.waitFor(1);

    const forced = await client.call('POST', `/__stand-in/transactions/${id}/status`, {
      body: { status: 'DECLINED' },
    });
    expect(forced.body.data.status).toBe('DECLINED');
    const resent = await client.call('POST', `/__stand-in/transactions/${id}/resend`);
    expect(resent.status).toBe(200);
    const events = await receiver.waitFor(3);
    expect(events[1]!.event.data.transaction.status).toBe('DECLINED');
    expect(events[2]!.raw).toBe(events[1]!.raw);

    const bad = await client.call('POST', `/__stand-in/transactions/${id}/status`, {
      body: { status: 'PAID' },
    });
    expect(bad.status).toBe(422);
    const unknown = await client.call('POST', '/__stand-in/transactions/nope/resend');
    expect(unknown.status).toBe(404);
  });

  it('registers a merchant at run time with its own secrets and events URL', async () => {
    const orgReceiver = await startEventReceiver();
    try {
      const org = testMerchant('org_1', orgReceiver.url);
      const registered = await client.call('POST', '/__stand-in/merchants', { body: org });
      expect(registered.status).toBe(201);
      const orgClient = testClient(standIn.url, org);
      await orgClient.payWithCard(APPROVED_CARD, nextReference());
      const [received] = await orgReceiver.waitFor(1);
      expect(eventIsSigned(received!.event, org.eventsSecret)).toBe(true);
      expect(eventIsSigned(received!.event, merchant.eventsSecret)).toBe(false);
      expect(receiver.received).toHaveLength(0);

      const bad = await client.call('POST', '/__stand-in/merchants', {
        body: { ...org, publicKey: 'not-a-key', eventsUrl: 'ftp://x' },
      });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.error.messages).sort()).toEqual(['eventsUrl', 'publicKey']);
    } finally {
      await orgReceiver.close();
    }
  });
});

describe('security: keys', () => {
  it('answers 401 without a key, with an unknown key, or with the wrong kind of key', async () => {
    const card = {
      number: APPROVED_CARD,
      cvc: '123',
      exp_month: '08',
      exp_year: '35',
      card_holder: 'Ana',
    };
    for (const key of [null, 'pub_test_unknown', merchant.privateKey]) {
      const { status, body } = await client.call('POST', '/v1/tokens/cards', { key, body: card });
      expect(status).toBe(401);
      expect(body.error.type).toBe('INVALID_ACCESS_TOKEN');
      expect(typeof body.error.reason).toBe('string');
    }
    const source = await client.call('POST', '/v1/payment_sources', {
      key: merchant.publicKey,
      body: {},
    });
    expect(source.status).toBe(401);
    const list = await client.call('GET', '/v1/transactions?reference=x', {
      key: merchant.publicKey,
    });
    expect(list.status).toBe(401);
    const created = await client.payWithCard(APPROVED_CARD, nextReference());
    const voided = await client.call('POST', `/v1/transactions/${created.body.data.id}/void`, {
      key: merchant.publicKey,
    });
    expect(voided.status).toBe(401);
    const read = await client.call('GET', `/v1/transactions/${created.body.data.id}`);
    expect(read.status).toBe(401);
  });

  it("treats another merchant's transaction and tokens as not found", async () => {
    const other: TestMerchant = {
      publicKey: 'pub_test_other',
      privateKey: 'prv_test_other',
      eventsSecret: 'e',
      integritySecret: 'i',
    };
    standIn.merchants.register(other);
    const created = await client.payWithCard(APPROVED_CARD, nextReference());
    const read = await client.call('GET', `/v1/transactions/${created.body.data.id}`, {
      key: other.publicKey,
    });
    expect(read.status).toBe(404);
    expect(read.body.error.type).toBe('NOT_FOUND_ERROR');

    const token = await client.cardToken(APPROVED_CARD);
    const otherClient = testClient(standIn.url, other);
    const charge = await otherClient.call('POST', '/v1/transactions', {
      key: other.publicKey,
      body: {
        ...otherClient.signed(nextReference(), 100_000),
        acceptance_token: await otherClient.acceptanceToken(),
        payment_method: { type: 'CARD', token, installments: 1 },
      },
    });
    expect(charge.status).toBe(422);
    expect(charge.body.error.messages['payment_method.token']).toBeDefined();
  });
});

describe('errors: bad input', () => {
  it('answers 422 with messages per field', async () => {
    const card = await client.call('POST', '/v1/tokens/cards', {
      key: merchant.publicKey,
      body: {
        number: '4242424242424241',
        cvc: '1',
        exp_month: '13',
        exp_year: '2035',
        card_holder: '',
      },
    });
    expect(card.status).toBe(422);
    expect(Object.keys(card.body.error.messages).sort()).toEqual([
      'card_holder',
      'cvc',
      'exp_month',
      'exp_year',
      'number',
    ]);

    const transaction = await client.call('POST', '/v1/transactions', {
      key: merchant.publicKey,
      body: {
        ...client.signed(nextReference(), 1000),
        amount_in_cents: '1000',
        currency: 'USD',
        extra_field: true,
      },
    });
    expect(transaction.status).toBe(422);
    expect(transaction.body.error.messages).toHaveProperty('amount_in_cents');
    expect(transaction.body.error.messages).toHaveProperty('currency');

    const malformed = await client.call('POST', '/v1/tokens/nequi', {
      key: merchant.publicKey,
      rawBody: '{"phone_number":',
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.type).toBe('INPUT_VALIDATION_ERROR');
  });

  it('refuses a wrong integrity signature, a forged acceptance token and a missing payment method', async () => {
    const token = await client.cardToken(APPROVED_CARD);
    const acceptance = await client.acceptanceToken();
    const base = {
      ...client.signed(nextReference(), 2_000_000),
      acceptance_token: acceptance,
      payment_method: { type: 'CARD', token, installments: 1 },
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, amount_in_cents: 2_000_001 }, 'signature'],
      [{ ...base, acceptance_token: `${acceptance.slice(0, -2)}xx` }, 'acceptance_token'],
      [{ ...base, payment_method: undefined }, 'payment_method'],
      [
        { ...base, payment_method: { type: 'CARD', token, installments: 0 } },
        'payment_method.installments',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await client.call('POST', '/v1/transactions', {
        key: merchant.publicKey,
        body,
      });
      expect(response.status, field).toBe(422);
      expect(response.body.error.messages, field).toHaveProperty([field]);
    }
    // None of the refused attempts used up the reference.
    expect(
      (await client.call('POST', '/v1/transactions', { key: merchant.publicKey, body: base }))
        .status,
    ).toBe(201);
  });
});
