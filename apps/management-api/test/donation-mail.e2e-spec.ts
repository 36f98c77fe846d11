import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxStreamFields } from '../src/outbox/outbox-relay.system-path.js';
import { MANAGEMENT_EVENTS_STREAM } from '../src/outbox/management-events.js';
import {
  endUser,
  type Identity,
  SHARED_REDIS_URL,
  staffMember,
  steppedUpStaff,
} from './support/auth-service.js';
import { donate, gql, manualGift, openCampaign, refundDonation } from './support/donations.js';
import { eventually } from './support/eventually.js';
import { type Mail, mailsTo } from './support/mailbox.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { postEvent, signedEvent } from './support/wompi.js';

const LEGAL_NAME = 'Fundación Comedor Feliz';
const TAX_ID = '900.777.888-1';

const plain = (mail: Mail) => ({ ...mail, text: mail.text.replace(/\u00a0/g, ' ') });
const receiptsTo = async (address: string) =>
  (await mailsTo(address)).filter((mail) => mail.subject.startsWith('Recibo')).map(plain);
const refundNoticesTo = async (address: string) =>
  (await mailsTo(address)).filter((mail) => mail.subject.startsWith('Devolución')).map(plain);

/** The outbox rows of one gift's events, as the relay reads them. */
const outboxOf = (donationId: string, type: string) =>
  withSuperuser(TEST_DATABASE, (db) =>
    db.query<{
      id: string;
      organization_id: string;
      user_id: string | null;
      type: string;
      payload: unknown;
      occurred_at: Date;
    }>(
      `SELECT id, organization_id, user_id, type, payload, occurred_at FROM outbox_events
        WHERE type = $2 AND payload->>'donationId' = $1 ORDER BY occurred_at`,
      [donationId, type],
    ),
  ).then(({ rows }) => rows);

describe('donation mail', () => {
  let app: RunningApp;
  let redis: Redis;
  let organization: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let donor: Identity;
  let campaign: { id: string; title: string };

  beforeAll(async () => {
    app = await startApp();
    redis = new Redis(SHARED_REDIS_URL);
    organization = await createOrganization('donation-mail');
    [admin, moderator, donor] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
      endUser('mail-donor'),
    ]);
    const named = await gql(
      app,
      admin,
      `mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { id } }`,
      { input: { legalName: LEGAL_NAME, taxId: TAX_ID } },
    );
    expect(named.errors).toBeUndefined();
    campaign = await openCampaign(app, moderator, { title: 'Comedor comunitario' });
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
  });

  it('sends the donor one receipt with its number, the amounts and the organization, even when the event comes twice', async () => {
    const gift = await manualGift(app, donor, admin, campaign.id, 2_500_000, {
      message: 'Para la sopa del domingo',
      tribute: { kind: 'IN_HONOR', name: 'Doña Marta' },
      donorTaxId: 'CC 55.666.777',
    });
    expect(gift.status).toBe('SUCCEEDED');
    const [receipt] = await eventually(
      () => receiptsTo(donor.email),
      (mails) => mails.length > 0,
    );
    expect(receipt!.subject).toBe(
      `Recibo N.º ${gift.receiptNumber} de tu donación a Comedor comunitario de ${organization.name}`,
    );
    for (const expected of [
      `Recibo N.º: ${gift.receiptNumber}`,
      'Donación: $ 25.000',
      'Comisión que cubriste: $ 0',
      'Total pagado: $ 25.000',
      `Entidad: ${LEGAL_NAME}`,
      TAX_ID,
      'Comedor comunitario',
      organization.name,
    ]) {
      expect(receipt!.text).toContain(expected);
    }
    // Words the donor typed stay out of mail.
    for (const typed of ['sopa del domingo', 'Doña Marta', '55.666.777']) {
      expect(receipt!.text).not.toContain(typed);
      expect(receipt!.html).not.toContain(typed);
    }

    // The same event relayed again (as after a relay crash): still one receipt.
    const [event] = await outboxOf(gift.id, 'donation.succeeded');
    expect(event).toBeDefined();
    await redis.xadd(MANAGEMENT_EVENTS_STREAM, '*', ...outboxStreamFields(event!));
    // A later gift's receipt arriving means the stream was read past the repeat.
    const later = await manualGift(app, donor, admin, campaign.id, 1_000_000);
    await eventually(
      () => receiptsTo(donor.email),
      (mails) => mails.some((mail) => mail.subject.includes(`N.º ${later.receiptNumber} `)),
    );
    await sleep(500);
    const receipts = await receiptsTo(donor.email);
    expect(receipts.filter((mail) => mail.subject === receipt!.subject)).toHaveLength(1);
    expect(receipts).toHaveLength(2);
  });

  it("mails a guest's receipt only once paid, with nothing the guest typed", async () => {
    const email = `guest-${randomUUID().slice(0, 12)}@guests.trivance.test`;
    const given = await donate(app, null, {
      campaignId: campaign.id,
      amount: { amount: 3_000_000, currency: 'COP' },
      coverFees: true,
      donorEmail: email,
      donorName: 'Visit evil.example now',
      donorTaxId: 'NIT 123',
      message: 'Click https://evil.example',
      tribute: { kind: 'IN_MEMORY', name: 'evil.example' },
    });
    expect(given.errors).toBeUndefined();
    const gift = given.data!.donate;
    await sleep(1_000);
    expect(await receiptsTo(email)).toHaveLength(0);

    const approved = signedEvent({
      status: 'APPROVED',
      amount_in_cents: gift.total.amount,
      reference: gift.payment!.reference,
    });
    expect(await postEvent(app, approved)).toBe(200);
    const [receipt] = await eventually(
      () => receiptsTo(email),
      (mails) => mails.length > 0,
    );
    expect(receipt!.text).toContain('Donación: $ 30.000');
    expect(receipt!.text).toMatch(/Comisión que cubriste: \$ [1-9]/);
    for (const part of [receipt!.subject, receipt!.text, receipt!.html]) {
      expect(part).not.toContain('evil.example');
      expect(part).not.toContain('NIT 123');
    }
  });

  it('tells the donor of each refund once, and whether anything of the gift remains', async () => {
    const refundee = await endUser('mail-refund');
    const gift = await manualGift(app, refundee, admin, campaign.id, 4_000_000);
    expect(
      (await refundDonation(app, admin, { id: gift.id, amount: 1_000_000, reason: 'ajuste' }))
        .errors,
    ).toBeUndefined();
    const [partial] = await eventually(
      () => refundNoticesTo(refundee.email),
      (mails) => mails.length === 1,
    );
    expect(partial!.text).toContain('te devolvió $ 10.000');
    expect(partial!.text).toContain(`recibo N.º ${gift.receiptNumber}`);
    expect(partial!.text).toContain('sigue vigente');
    expect(partial!.text).not.toContain('ajuste');

    expect((await refundDonation(app, admin, { id: gift.id })).errors).toBeUndefined();
    const notices = await eventually(
      () => refundNoticesTo(refundee.email),
      (mails) => mails.length === 2,
    );
    const rest = notices.find((mail) => mail !== notices.find((m) => m.text === partial!.text))!;
    expect(rest.text).toContain('te devolvió $ 30.000');
    expect(rest.text).toContain('por completo');

    // Each refund's event again: no third notice.
    for (const event of await outboxOf(gift.id, 'donation.refunded')) {
      await redis.xadd(MANAGEMENT_EVENTS_STREAM, '*', ...outboxStreamFields(event));
    }
    const marker = await manualGift(app, refundee, admin, campaign.id, 1_000_000);
    await eventually(
      () => receiptsTo(refundee.email),
      (mails) => mails.some((mail) => mail.subject.includes(`N.º ${marker.receiptNumber} `)),
    );
    await sleep(500);
    expect(await refundNoticesTo(refundee.email)).toHaveLength(2);
  });
});
