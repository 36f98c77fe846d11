import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  eventIsSigned,
  startEventReceiver,
  type EventReceiver,
} from './event-receiver.test-server.js';
import { createWompiStandIn, type WompiStandIn } from './server.js';
import { integritySignature } from './signatures.js';
import { testClient, testMerchant, type TestMerchant } from './test-client.test-server.js';

let standIn: WompiStandIn;
let receiver: EventReceiver;
let merchant: TestMerchant;

beforeEach(async () => {
  receiver = await startEventReceiver();
  merchant = testMerchant('checkout', receiver.url);
  standIn = await createWompiStandIn({ merchants: [merchant], transitionDelayMs: 0 });
});

afterEach(async () => {
  await standIn.close();
  await receiver.close();
});

function checkoutParams(reference: string, amountInCents = 2_500_000, signature?: string) {
  return {
    'public-key': merchant.publicKey,
    currency: 'COP',
    'amount-in-cents': String(amountInCents),
    reference,
    'signature:integrity':
      signature ?? integritySignature(reference, amountInCents, 'COP', merchant.integritySecret),
    'redirect-url': 'https://app.trivance.test/payments/return?from=wompi',
  };
}

async function openCheckout(params: Record<string, string>) {
  const response = await fetch(`${standIn.checkoutUrl}?${new URLSearchParams(params)}`);
  return {
    status: response.status,
    html: await response.text(),
    type: response.headers.get('content-type'),
  };
}

function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name}`);
  return match[1]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"');
}

async function submit(form: Record<string, string>) {
  return fetch(standIn.checkoutUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
}

describe('web checkout', () => {
  it('refuses a link whose integrity signature is wrong', async () => {
    const page = await openCheckout(checkoutParams('TRV-BAD', 2_500_000, 'a'.repeat(64)));
    expect(page.status).toBe(403);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.html).toContain('Firma de integridad inválida');
    expect(page.html).not.toContain('<form');

    const tamperedAmount = checkoutParams('TRV-BAD-2');
    tamperedAmount['amount-in-cents'] = '100';
    expect((await openCheckout(tamperedAmount)).status).toBe(403);
    const missing = await openCheckout({ 'public-key': merchant.publicKey });
    expect(missing.status).toBe(422);
  });

  it('shows a form for a signed link, creates the transaction on submit and redirects', async () => {
    const params = checkoutParams('TRV-CHECKOUT-1');
    const page = await openCheckout(params);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<form method="post" action="/p/">');
    expect(page.html).not.toContain('<script');
    expect(page.html).toContain('TRV-CHECKOUT-1');

    const form = {
      ...params,
      acceptance_token: hiddenValue(page.html, 'acceptance_token'),
      accept: 'on',
      customer_email: 'payer@example.test',
      method: 'CARD',
      card_number: '4242 4242 4242 4242',
      card_cvc: '123',
      card_exp_month: '12',
      card_exp_year: '35',
      card_holder: 'Ana Gómez',
    };
    const response = await submit(form);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(
      'https://app.trivance.test/payments/return',
    );
    expect(location.searchParams.get('from')).toBe('wompi');
    expect(location.searchParams.get('env')).toBe('test');
    const id = location.searchParams.get('id')!;

    const client = testClient(standIn.url, merchant);
    const transaction = await client.waitForStatus(id, 'APPROVED');
    expect(transaction).toMatchObject({
      reference: 'TRV-CHECKOUT-1',
      amount_in_cents: 2_500_000,
      customer_email: 'payer@example.test',
      redirect_url: params['redirect-url'],
    });
    const [received] = await receiver.waitFor(1);
    expect(eventIsSigned(received!.event, merchant.eventsSecret)).toBe(true);

    // The same reference cannot be paid twice.
    const again = await submit(form);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('reference');
  });

  it('pays with Nequi and refuses a tampered form', async () => {
    const params = checkoutParams('TRV-CHECKOUT-NEQUI');
    const page = await openCheckout(params);
    const form = {
      ...params,
      acceptance_token: hiddenValue(page.html, 'acceptance_token'),
      accept: 'on',
      customer_email: 'payer@example.test',
      method: 'NEQUI',
      phone_number: '3992222222',
    };
    const tampered = await submit({ ...form, 'amount-in-cents': '100' });
    expect(tampered.status).toBe(403);
    const unaccepted = await submit({ ...form, accept: '' });
    expect(unaccepted.status).toBe(422);

    const response = await submit(form);
    expect(response.status).toBe(303);
    const id = new URL(response.headers.get('location')!).searchParams.get('id')!;
    await testClient(standIn.url, merchant).waitForStatus(id, 'DECLINED');
  });
});
