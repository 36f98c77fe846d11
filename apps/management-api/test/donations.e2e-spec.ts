import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import {
  campaignTotals,
  donate,
  DONATION_FIELDS,
  type DonationView,
  gql,
  ledgerOfCampaign,
  manualGift,
  markDonationPaid,
  openCampaign,
  refundDonation,
} from './support/donations.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { testConfig } from './support/test-env.js';
import { postEvent, signedEvent } from './support/wompi.js';

const GIFT = 5_000_000; // COP 50.000
// (5_000_000 + 83_300) / (1 - 0.0315), rounded up: the donor covers Wompi's fee.
const COVERED_TOTAL = 5_248_632;
const PROVIDER_FEE = Math.floor((COVERED_TOTAL * 315 + 5_000) / 10_000) + 83_300;

const MY_DONATIONS = `query { myDonations(first: 50) { edges { node { ${DONATION_FIELDS} } } } }`;

const reasonOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  body.errors?.[0]?.extensions?.reason;
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  body.errors?.[0]?.extensions?.code;

describe('donations', () => {
  let app: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let unsteppedAdmin: Identity;
  let moderator: Identity;
  let donor: Identity;

  beforeAll(async () => {
    app = await startApp(testConfig({ GUEST_DONATIONS_PER_HOUR_PER_EMAIL: '3' }));
    organization = await createOrganization('donations');
    [admin, unsteppedAdmin, moderator, donor] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      endUser('donor'),
    ]);
  }, 60_000);
  afterAll(() => app.close());

  /** The gift's status as its donor sees it in myDonations (undefined while not listed there). */
  const statusOf = async (id: string) => {
    const mine = await gql<{ myDonations: { edges: { node: DonationView }[] } }>(
      app,
      donor,
      MY_DONATIONS,
    );
    return mine.data!.myDonations.edges.find((edge) => edge.node.id === id)?.node.status;
  };

  it('a manual gift is PENDING until an admin marks it paid: then SUCCEEDED, numbered, booked, counted', async () => {
    const campaign = await openCampaign(app, moderator);
    const given = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      paymentProvider: 'MANUAL',
      message: 'Con cariño',
      tribute: { kind: 'IN_MEMORY', name: 'Abuela Rosa' },
      donorTaxId: '1.020.304.050',
    });
    expect(given.errors).toBeUndefined();
    expect(given.data!.donate).toMatchObject({
      status: 'PENDING',
      receiptNumber: null,
      amount: { amount: GIFT, currency: 'COP' },
      fee: { amount: 0 },
      total: { amount: GIFT },
      message: 'Con cariño',
      tribute: { kind: 'IN_MEMORY', name: 'Abuela Rosa' },
      donor: { email: donor.email, taxId: '1.020.304.050', guest: false },
      payment: { provider: 'MANUAL', status: 'PENDING', checkout: null },
    });
    expect(await campaignTotals(app, campaign.id)).toEqual({ raised: 0, donorCount: 0 });

    const paid = await markDonationPaid(app, admin, given.data!.donate.id, 'CONSIGNACION-77');
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.markDonationPaid).toMatchObject({
      status: 'SUCCEEDED',
      payment: { status: 'APPROVED' },
    });
    expect(paid.data!.markDonationPaid.receiptNumber).toBeGreaterThanOrEqual(1);
    expect(await campaignTotals(app, campaign.id)).toEqual({ raised: GIFT, donorCount: 1 });
    expect(await ledgerOfCampaign(campaign.id)).toEqual({
      accounts: { CASH: GIFT, DONATIONS: -GIFT },
      unbalancedGroups: 0,
    });

    // Twice is refused: nothing is waiting any more.
    const again = await markDonationPaid(app, admin, given.data!.donate.id);
    expect(reasonOf(again)).toBe('ILLEGAL_STATE_TRANSITION');
    const mine = await gql<{ myDonations: { edges: { node: DonationView }[] } }>(
      app,
      donor,
      MY_DONATIONS,
    );
    expect(mine.data!.myDonations.edges.map((edge) => edge.node.id)).toContain(
      given.data!.donate.id,
    );
  });

  it('marking paid needs an admin with a recent second factor', async () => {
    const campaign = await openCampaign(app, moderator);
    const given = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      paymentProvider: 'MANUAL',
    });
    expect(reasonOf(await markDonationPaid(app, unsteppedAdmin, given.data!.donate.id))).toBe(
      'MFA_REQUIRED',
    );
    expect(codeOf(await markDonationPaid(app, moderator, given.data!.donate.id))).toBe('FORBIDDEN');
  });

  it('refuses gifts to a closed campaign, below its smallest gift or in another currency', async () => {
    const campaign = await openCampaign(app, moderator);
    const small = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: 99_999, currency: 'COP' },
    });
    expect(reasonOf(small)).toBe('AMOUNT_TOO_SMALL');
    const dollars = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'USD' },
    });
    expect(codeOf(dollars)).toBe('BAD_USER_INPUT');
    await gql(
      app,
      moderator,
      `mutation ($input: CampaignIdInput!) { closeCampaign(input: $input) { id } }`,
      {
        input: { id: campaign.id },
      },
    );
    const closed = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
    });
    expect(reasonOf(closed)).toBe('CAMPAIGN_CLOSED');
    const future = await openCampaign(app, moderator, {
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(
      reasonOf(
        await donate(app, donor, {
          campaignId: future.id,
          amount: { amount: GIFT, currency: 'COP' },
        }),
      ),
    ).toBe('CAMPAIGN_CLOSED');
    expect(
      codeOf(
        await donate(app, donor, {
          campaignId: randomUUID(),
          amount: { amount: GIFT, currency: 'COP' },
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('the same key returns the same gift; the same key for another gift is refused', async () => {
    const campaign = await openCampaign(app, moderator);
    const input = {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      paymentProvider: 'MANUAL',
      idempotencyKey: randomUUID(),
    };
    const [first, second] = await Promise.all([
      donate(app, donor, input),
      donate(app, donor, input),
    ]);
    expect(first.data!.donate.id).toBe(second.data!.donate.id);
    const other = await donate(app, donor, {
      ...input,
      amount: { amount: GIFT + 1, currency: 'COP' },
    });
    expect(reasonOf(other)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a donor covering the fees pays it on top; the gift, the covered fee and the provider fee are booked apart', async () => {
    const campaign = await openCampaign(app, moderator);
    const given = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      coverFees: true,
    });
    expect(given.errors).toBeUndefined();
    const gift = given.data!.donate;
    expect(gift).toMatchObject({
      amount: { amount: GIFT },
      fee: { amount: COVERED_TOTAL - GIFT },
      total: { amount: COVERED_TOTAL },
      payment: { provider: 'WOMPI', amount: { amount: COVERED_TOTAL } },
    });
    expect(gift.payment!.checkout).toMatchObject({
      amountInCents: COVERED_TOTAL,
      redirectUrl: expect.stringContaining(`/donations/${gift.id}`),
    });

    // The provider says so three times: booked once.
    const event = signedEvent({
      status: 'APPROVED',
      amount_in_cents: COVERED_TOTAL,
      reference: gift.payment!.reference,
    });
    expect(await Promise.all([1, 2, 3].map(() => postEvent(app, event)))).toEqual([200, 200, 200]);
    await eventually(
      () => statusOf(gift.id),
      (status) => status === 'SUCCEEDED',
    );
    expect(await campaignTotals(app, campaign.id)).toEqual({ raised: GIFT, donorCount: 1 });
    expect(await ledgerOfCampaign(campaign.id)).toEqual({
      accounts: {
        CASH: COVERED_TOTAL - PROVIDER_FEE,
        DONATIONS: -GIFT,
        FEES_COVERED: -(COVERED_TOTAL - GIFT),
        FEES: PROVIDER_FEE,
      },
      unbalancedGroups: 0,
    });
  });

  it('refunds a part, then the rest, never more than was captured; raised and donors follow', async () => {
    const campaign = await openCampaign(app, moderator);
    const gift = await manualGift(app, donor, admin, campaign.id, GIFT);
    const partial = await refundDonation(app, admin, {
      id: gift.id,
      amount: 1_000_000,
      reason: 'Se equivocó de monto',
      externalReference: 'TRANSFER-1',
    });
    expect(partial.errors).toBeUndefined();
    expect(partial.data!.refundDonation).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded: { amount: 1_000_000 },
    });
    expect(await campaignTotals(app, campaign.id)).toEqual({
      raised: GIFT - 1_000_000,
      donorCount: 1,
    });

    const tooMuch = await refundDonation(app, admin, { id: gift.id, amount: GIFT });
    expect(reasonOf(tooMuch)).toBe('REFUND_EXCEEDS_PAYMENT');
    expect(reasonOf(await refundDonation(app, unsteppedAdmin, { id: gift.id }))).toBe(
      'MFA_REQUIRED',
    );

    const rest = await refundDonation(app, admin, { id: gift.id });
    expect(rest.data!.refundDonation).toMatchObject({
      status: 'REFUNDED',
      refunded: { amount: GIFT },
    });
    expect(await campaignTotals(app, campaign.id)).toEqual({ raised: 0, donorCount: 0 });
    expect(reasonOf(await refundDonation(app, admin, { id: gift.id }))).toBe(
      'REFUND_EXCEEDS_PAYMENT',
    );
    expect(await ledgerOfCampaign(campaign.id)).toEqual({
      accounts: { CASH: 0, DONATIONS: 0 },
      unbalancedGroups: 0,
    });
  });

  it('a guest gives by email through the hosted checkout only, limited per email, and the gift reaches the verified account later', async () => {
    const campaign = await openCampaign(app, moderator);
    const guestEmail = donor.email.toUpperCase();
    const monthly = await donate(app, null, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      frequency: 'MONTHLY',
      donorEmail: guestEmail,
      donorName: 'Ana',
    });
    expect(codeOf(monthly)).toBe('BAD_USER_INPUT');
    const manual = await donate(app, null, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      paymentProvider: 'MANUAL',
      donorEmail: guestEmail,
      donorName: 'Ana',
    });
    expect(codeOf(manual)).toBe('BAD_USER_INPUT');
    const nameless = await donate(app, null, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
    });
    expect(codeOf(nameless)).toBe('BAD_USER_INPUT');

    const key = randomUUID();
    const guestInput = {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      donorEmail: guestEmail,
      donorName: 'Ana',
      idempotencyKey: key,
      anonymous: true,
    };
    const given = await donate(app, null, guestInput);
    expect(given.errors).toBeUndefined();
    const gift = given.data!.donate;
    expect(gift).toMatchObject({
      status: 'PENDING',
      anonymous: true,
      donor: { email: donor.email, guest: true },
      payment: { provider: 'WOMPI', status: 'PENDING' },
    });
    expect(gift.payment!.checkout!.url).toContain(gift.payment!.reference);
    // The same key from the same email replays; the key is the email's, not anyone else's.
    expect((await donate(app, null, guestInput)).data!.donate.id).toBe(gift.id);

    expect(
      await postEvent(
        app,
        signedEvent({
          status: 'APPROVED',
          amount_in_cents: GIFT,
          reference: gift.payment!.reference,
        }),
      ),
    ).toBe(200);
    // Listed among the account's own gifts once paid (its email is verified).
    await eventually(
      () => statusOf(gift.id),
      (status) => status === 'SUCCEEDED',
    );
    expect(await campaignTotals(app, campaign.id)).toEqual({ raised: GIFT, donorCount: 1 });

    // Three gifts an hour per email in this run (the first replayed one counted too).
    const limited = await donate(app, null, { ...guestInput, idempotencyKey: randomUUID() });
    const limitedAgain = await donate(app, null, { ...guestInput, idempotencyKey: randomUUID() });
    expect([codeOf(limited), codeOf(limitedAgain)]).toContain('RATE_LIMITED');
  });

  it('another organization’s admin neither sees nor settles these gifts', async () => {
    const campaign = await openCampaign(app, moderator);
    const given = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: GIFT, currency: 'COP' },
      paymentProvider: 'MANUAL',
    });
    const other = await createOrganization('donations-other');
    const outsider = await steppedUpStaff(other.id);
    expect(codeOf(await markDonationPaid(app, outsider, given.data!.donate.id))).toBe('NOT_FOUND');
    expect(codeOf(await refundDonation(app, outsider, { id: given.data!.donate.id }))).toBe(
      'NOT_FOUND',
    );
    const listed = await gql<{ donations: { edges: unknown[] } }>(
      app,
      outsider,
      `query { donations(first: 100) { edges { node { id } } } }`,
    );
    expect(listed.data!.donations.edges).toEqual([]);
    const own = await gql<{ donations: { edges: { node: { id: string } }[] } }>(
      app,
      admin,
      `query ($filter: DonationFilter) { donations(first: 100, filter: $filter) { edges { node { id } } } }`,
      { filter: { campaignId: campaign.id } },
    );
    expect(own.data!.donations.edges.map((edge) => edge.node.id)).toEqual([given.data!.donate.id]);
  });
});
