import { createWompiStandIn, type WompiStandIn } from '@trivance/wompi-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecurringCharges } from '../src/donations/recurring/recurring-charges.system-path.js';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import { donate, gql, openCampaign } from './support/donations.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import {
  APPROVED_CARD,
  DECLINED_CARD,
  registerPlatformMerchant,
  standInSettings,
  tokenizedCard,
} from './support/wompi.js';

const MONTHLY = 3_000_000; // COP 30.000
const DAY = 86_400_000;

interface GiftState {
  id: string;
  status: string;
  nextChargeAt: string | null;
  failedAttempts: number;
  amount: { amount: number };
}

const RECURRING_FIELDS =
  'id status nextChargeAt failedAttempts pausedUntil amount { amount currency }';
const INPUT_TYPES: Record<string, string> = {
  pauseRecurringDonation: 'PauseRecurringDonationInput',
  resumeRecurringDonation: 'RecurringDonationIdInput',
  cancelRecurringDonation: 'CancelRecurringDonationInput',
  updateRecurringDonation: 'UpdateRecurringDonationInput',
};
const MINE = `query { myRecurringDonations(first: 20) { edges { node { ${RECURRING_FIELDS} } } } }`;

/** Monthly gifts charged to a saved card by the charge run, its clock driven by the test. */
describe('monthly gifts', () => {
  let standIn: WompiStandIn;
  let app: RunningApp;
  let second: RunningApp;
  let campaignId: string;
  let admin: Identity;
  let editor: Identity;

  beforeAll(async () => {
    standIn = await createWompiStandIn({ transitionDelayMs: 20 });
    const config = { ...standInSettings(standIn), LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' };
    [app, second] = await Promise.all([startApp(testConfig(config)), startApp(testConfig(config))]);
    registerPlatformMerchant(standIn, app);
    const organization = await createOrganization('monthly');
    [admin, editor] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
    ]);
    campaignId = (await openCampaign(app, editor)).id;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([app.close(), second.close()]);
    await standIn.close();
  });

  const giftsOf = async (donor: Identity) =>
    (
      await gql<{ myRecurringDonations: { edges: { node: GiftState }[] } }>(app, donor, MINE)
    ).data!.myRecurringDonations.edges.map((edge) => edge.node);

  /** The months of a monthly gift as stored: status, cycle and how many payments each took. */
  const monthsOf = (recurringId: string) =>
    withSuperuser(TEST_DATABASE, async (db) => {
      const { rows } = await db.query<{
        cycle: number;
        status: string;
        payments: number;
        receipt_number: number | null;
      }>(
        `SELECT d.cycle, d.status, d.receipt_number, (SELECT count(*)::int FROM payments p WHERE p.donation_id = d.id) AS payments
         FROM donations d WHERE d.recurring_donation_id = $1 ORDER BY d.cycle`,
        [recurringId],
      );
      return rows;
    });

  const settled = (donor: Identity, id: string) =>
    eventually(
      async () => (await giftsOf(donor)).find((gift) => gift.id === id)!,
      (gift) => gift.nextChargeAt !== null || gift.status !== 'ACTIVE',
    );

  async function startMonthly(donor: Identity, number = APPROVED_CARD) {
    const given = await donate(app, donor, {
      campaignId,
      amount: { amount: MONTHLY, currency: 'COP' },
      frequency: 'MONTHLY',
      paymentSource: await tokenizedCard(standIn.apiUrl, number),
    });
    expect(given.errors).toBeUndefined();
    const recurringId = given.data!.donate.recurring!.id;
    return { donation: given.data!.donate, recurringId, gift: await settled(donor, recurringId) };
  }

  it('charges the first month at once, then each month when due, once even with two instances running', async () => {
    const donor = await endUser('monthly');
    const { donation, recurringId, gift } = await startMonthly(donor);
    expect(donation).toMatchObject({
      status: 'PENDING',
      frequency: 'MONTHLY',
      payment: { checkout: null },
    });
    expect(gift.status).toBe('ACTIVE');
    const firstDue = new Date(donation.createdAt);
    const nextDue = new Date(gift.nextChargeAt!);
    expect(nextDue.getUTCDate()).toBe(Math.min(firstDue.getUTCDate(), nextDue.getUTCDate()));
    expect(nextDue.getTime() - firstDue.getTime()).toBeGreaterThan(27 * DAY);

    const charges = app.app.get(RecurringCharges);
    const others = second.app.get(RecurringCharges);
    // Not due yet: nothing happens.
    await charges.run(new Date(nextDue.getTime() - DAY));
    expect((await monthsOf(recurringId)).length).toBe(1);
    // Due: both instances run at once (one of them twice); one attempt, one charge.
    const due = new Date(nextDue.getTime() + 1000);
    await Promise.all([charges.run(due), others.run(due), charges.run(due)]);
    const after = await eventually(
      async () => (await giftsOf(donor)).find((entry) => entry.id === recurringId)!,
      (entry) => entry.nextChargeAt !== null && new Date(entry.nextChargeAt) > nextDue,
    );
    expect(new Date(after.nextChargeAt!).getTime() - nextDue.getTime()).toBeGreaterThan(27 * DAY);
    const months = await monthsOf(recurringId);
    expect(months.map((month) => [month.cycle, month.status, month.payments])).toEqual([
      [1, 'SUCCEEDED', 1],
      [2, 'SUCCEEDED', 1],
    ]);
    expect(months[1]!.receipt_number).toBe(months[0]!.receipt_number! + 1);
  });

  it('retries a declined month on the due date, 2 days later, then every 5 days; FAILED after the sixth, with the donor told', async () => {
    const donor = await endUser('monthly-declined');
    const { recurringId, gift } = await startMonthly(donor);
    // The donor's card changes to one that is declined.
    const changed = await gql<{ updateRecurringDonation: GiftState }>(
      app,
      donor,
      `mutation ($input: UpdateRecurringDonationInput!) { updateRecurringDonation(input: $input) { ${RECURRING_FIELDS} } }`,
      {
        input: {
          id: recurringId,
          paymentSource: await tokenizedCard(standIn.apiUrl, DECLINED_CARD),
        },
      },
    );
    expect(changed.errors).toBeUndefined();
    const due = new Date(gift.nextChargeAt!);
    const charges = app.app.get(RecurringCharges);
    const expected = [2, 7, 12, 17, 22];
    for (const [attempt, offset] of [0, ...expected].entries()) {
      await charges.run(new Date(due.getTime() + offset * DAY + 1000));
      const state = await eventually(
        async () => (await giftsOf(donor)).find((entry) => entry.id === recurringId)!,
        (entry) => entry.failedAttempts === attempt + 1 || entry.status === 'FAILED',
      );
      if (attempt < 5) {
        expect(state.status).toBe('ACTIVE');
        expect(new Date(state.nextChargeAt!).getTime() - due.getTime()).toBe(
          expected[attempt]! * DAY,
        );
      } else {
        expect(state).toMatchObject({ status: 'FAILED', nextChargeAt: null });
      }
    }
    const months = await monthsOf(recurringId);
    expect(months.map((month) => [month.cycle, month.status, month.payments])).toEqual([
      [1, 'SUCCEEDED', 1],
      [2, 'FAILED', 6],
    ]);
    const told = await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        `SELECT payload FROM outbox_events WHERE type = 'recurring.failed' AND payload->>'recurringDonationId' = $1`,
        [recurringId],
      ),
    );
    expect(told.rowCount).toBe(1);
    expect(told.rows[0].payload).toMatchObject({ donorEmail: donor.email, attempts: 6 });
    // A failed gift is no longer charged.
    await charges.run(new Date(due.getTime() + 400 * DAY));
    expect((await monthsOf(recurringId)).map((month) => month.payments)).toEqual([1, 6]);
  });

  it('donors pause (skipping the months paused), resume, change the amount and cancel; staff may cancel; nobody else', async () => {
    const donor = await endUser('monthly-pause');
    const stranger = await endUser('monthly-stranger');
    const { recurringId, gift } = await startMonthly(donor);
    const change = (caller: Identity, mutation: string, input: Record<string, unknown>) =>
      gql<Record<string, GiftState>>(
        app,
        caller,
        `mutation ($input: ${INPUT_TYPES[mutation]}!) { ${mutation}(input: $input) { ${RECURRING_FIELDS} } }`,
        { input: { id: recurringId, ...input } },
      );

    const paused = await change(donor, 'pauseRecurringDonation', {});
    expect(paused.data!.pauseRecurringDonation).toMatchObject({
      status: 'PAUSED',
      nextChargeAt: null,
    });
    const charges = app.app.get(RecurringCharges);
    await charges.run(new Date(Date.now() + 90 * DAY));
    expect((await monthsOf(recurringId)).length).toBe(1);
    expect(
      (await change(stranger, 'resumeRecurringDonation', {})).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    const resumed = await change(donor, 'resumeRecurringDonation', {});
    expect(resumed.data!.resumeRecurringDonation).toMatchObject({
      status: 'ACTIVE',
      nextChargeAt: gift.nextChargeAt,
    });
    const raised = await change(donor, 'updateRecurringDonation', {
      amount: { amount: MONTHLY * 2, currency: 'COP' },
    });
    expect(raised.data!.updateRecurringDonation.amount.amount).toBe(MONTHLY * 2);
    const tooSmall = await change(donor, 'updateRecurringDonation', {
      amount: { amount: 1, currency: 'COP' },
    });
    expect(tooSmall.errors?.[0]?.extensions?.reason).toBe('AMOUNT_TOO_SMALL');

    expect(
      (await change(stranger, 'cancelRecurringDonation', {})).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    const cancelled = await change(admin, 'cancelRecurringDonation', {});
    expect(cancelled.data!.cancelRecurringDonation).toMatchObject({
      status: 'CANCELLED',
      nextChargeAt: null,
    });
    expect(
      (await change(donor, 'resumeRecurringDonation', {})).errors?.[0]?.extensions?.reason,
    ).toBe('ILLEGAL_STATE_TRANSITION');
    await charges.run(new Date(Date.now() + 90 * DAY));
    expect((await monthsOf(recurringId)).length).toBe(1);
  });
  it('stops charging once its campaign closes', async () => {
    const donor = await endUser('monthly-closed');
    const ownCampaign = await openCampaign(app, editor);
    const given = await donate(app, donor, {
      campaignId: ownCampaign.id,
      amount: { amount: MONTHLY, currency: 'COP' },
      frequency: 'MONTHLY',
      paymentSource: await tokenizedCard(standIn.apiUrl, APPROVED_CARD),
    });
    const recurringId = given.data!.donate.recurring!.id;
    const gift = await settled(donor, recurringId);
    await gql(
      app,
      editor,
      `mutation ($input: CampaignIdInput!) { closeCampaign(input: $input) { id } }`,
      { input: { id: ownCampaign.id } },
    );
    await app.app.get(RecurringCharges).run(new Date(new Date(gift.nextChargeAt!).getTime() + DAY));
    expect((await monthsOf(recurringId)).map((month) => month.status)).toEqual(['SUCCEEDED']);
  });
});
