import { createWompiStandIn, type WompiStandIn } from '@trivance/wompi-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, type TestEvent } from './support/catalog.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization } from './support/tenants.js';
import { testConfig } from './support/test-env.js';
import {
  APPROVED_CARD,
  DECLINED_CARD,
  moneyOf,
  registerPlatformMerchant,
  standInSettings,
  wompiOrder,
} from './support/wompi.js';

const PRICE = 4_500_000;

/** A buyer pays on the provider's hosted checkout; the provider's signed event settles the order. */
describe('buying a ticket end to end through the Wompi checkout', () => {
  let standIn: WompiStandIn;
  let app: RunningApp;
  let event: TestEvent;

  beforeAll(async () => {
    standIn = await createWompiStandIn({ transitionDelayMs: 50 });
    app = await startApp(testConfig(standInSettings(standIn)));
    registerPlatformMerchant(standIn, app);
    const organization = await createOrganization('checkout');
    const admin = await steppedUpStaff(organization.id);
    event = await createTestEvent(app, admin, { types: [{ quantity: 10, price: PRICE }] });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });

  const payOnPage = async (url: string, card: string) => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    const acceptance = /name="acceptance_token" value="([^"]+)"/.exec(html)?.[1];
    expect(acceptance).toBeTruthy();
    const form = new URLSearchParams(Object.fromEntries(new URL(url).searchParams));
    for (const [name, value] of Object.entries({
      acceptance_token: acceptance!,
      accept: 'on',
      customer_email: 'ana@example.test',
      method: 'CARD',
      card_number: card,
      card_cvc: '123',
      card_exp_month: '08',
      card_exp_year: '35',
      card_holder: 'Ana Gómez',
    })) {
      form.set(name, value);
    }
    const paid = await fetch(new URL(url).origin + new URL(url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    await paid.body?.cancel();
    return paid;
  };

  it('pays, comes back to the app, and finds the order paid with its ticket', async () => {
    const order = await wompiOrder(
      app,
      await endUser('checkout'),
      event.id,
      event.ticketTypeIds[0]!,
    );
    const answer = await payOnPage(order.payment!.checkout!.url, APPROVED_CARD);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toContain(`/orders/${order.id}`);
    const money = await eventually(
      () => moneyOf(order.id),
      (state) => state.status === 'PAID',
      5_000,
    );
    expect(money.tickets).toEqual({ VALID: 1 });
    expect(money.events).toEqual([
      expect.objectContaining({ source: 'WEBHOOK', status: 'APPROVED', outcome: 'APPLIED' }),
    ]);
  });

  it('a declined card leaves the order waiting for another try', async () => {
    const order = await wompiOrder(
      app,
      await endUser('checkout'),
      event.id,
      event.ticketTypeIds[0]!,
    );
    await payOnPage(order.payment!.checkout!.url, DECLINED_CARD);
    const money = await eventually(
      () => moneyOf(order.id),
      (state) => state.payments[0]!.status === 'DECLINED',
      5_000,
    );
    expect(money.status).toBe('PENDING');
  });
});
