import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import {
  campaignTotals,
  donate,
  type DonationView,
  ledgerOfCampaign,
  markDonationPaid,
  openCampaign,
  refundDonation,
} from './support/donations.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { postEvent, signedEvent } from './support/wompi.js';

const GIFT = 2_000_000;

/** Many money movements on one campaign at once; then the totals, receipts and books checked. */
describe('donations under concurrency', () => {
  let app: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let donors: Identity[];

  beforeAll(async () => {
    app = await startApp();
    organization = await createOrganization('donations-storm');
    admin = await steppedUpStaff(organization.id);
    donors = await Promise.all(Array.from({ length: 8 }, (_, i) => endUser(`storm-${i}`)));
  }, 90_000);
  afterAll(() => app.close());

  const receiptsOf = () =>
    withSuperuser(TEST_DATABASE, async (db) => {
      const { rows } = await db.query<{ receipt_number: number }>(
        'SELECT receipt_number FROM donations WHERE organization_id = $1 AND receipt_number IS NOT NULL ORDER BY 1',
        [organization.id],
      );
      return rows.map((row) => row.receipt_number);
    });

  it('keeps raised, donors, receipts and the ledger exact through gifts, duplicate webhooks and refunds at once', async () => {
    const moderator = await staffMember(organization.id, 'moderator');
    const campaign = await openCampaign(app, moderator);
    // 32 gifts at once: half manual, half through the checkout.
    const given = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        donate(app, donors[i % donors.length]!, {
          campaignId: campaign.id,
          amount: { amount: GIFT + i, currency: 'COP' },
          paymentProvider: i % 2 === 0 ? 'MANUAL' : 'WOMPI',
        }),
      ),
    );
    expect(given.filter((body) => body.errors)).toEqual([]);
    const gifts = given.map((body) => body.data!.donate);
    const manual = gifts.filter((gift) => gift.payment!.provider === 'MANUAL');
    const checkout = gifts.filter((gift) => gift.payment!.provider === 'WOMPI');

    // Staff mark the manual ones (each twice) while the provider confirms the others three times each.
    const approvals = checkout.map((gift) =>
      signedEvent({
        status: 'APPROVED',
        amount_in_cents: gift.total.amount,
        reference: gift.payment!.reference,
      }),
    );
    const outcomes = await Promise.all([
      ...manual.flatMap((gift) => [
        markDonationPaid(app, admin, gift.id),
        markDonationPaid(app, admin, gift.id),
      ]),
      ...approvals.flatMap((event) => [1, 2, 3].map(() => postEvent(app, event))),
    ]);
    const marks = outcomes.slice(0, manual.length * 2) as Awaited<
      ReturnType<typeof markDonationPaid>
    >[];
    expect(marks.filter((body) => !body.errors)).toHaveLength(manual.length);
    expect(
      marks.filter((body) => body.errors?.[0]?.extensions?.reason === 'ILLEGAL_STATE_TRANSITION'),
    ).toHaveLength(manual.length);
    expect(outcomes.slice(manual.length * 2).every((status) => status === 200)).toBe(true);

    // Partial refunds on eight gifts, each asked twice for more than half: one of each pair fits.
    const refunded = gifts.slice(0, 8);
    const refunds = await Promise.all(
      refunded.flatMap((gift: DonationView) => [
        refundDonation(app, admin, { id: gift.id, amount: Math.floor(gift.total.amount * 0.6) }),
        refundDonation(app, admin, { id: gift.id, amount: Math.floor(gift.total.amount * 0.6) }),
      ]),
    );
    expect(refunds.filter((body) => !body.errors)).toHaveLength(refunded.length);
    expect(
      refunds.filter((body) => body.errors?.[0]?.extensions?.reason === 'REFUND_EXCEEDS_PAYMENT'),
    ).toHaveLength(refunded.length);

    const given_total = gifts.reduce((sum, gift) => sum + gift.amount.amount, 0);
    const returned = refunded.reduce((sum, gift) => sum + Math.floor(gift.total.amount * 0.6), 0);
    await eventually(
      () => campaignTotals(app, campaign.id),
      (totals) => totals.raised === given_total - returned,
    );
    expect(await campaignTotals(app, campaign.id)).toEqual({
      raised: given_total - returned,
      donorCount: donors.length,
    });
    const books = await ledgerOfCampaign(campaign.id);
    expect(books.unbalancedGroups).toBe(0);
    expect(books.accounts.DONATIONS).toBe(-(given_total - returned));
    // Every gift numbered once, with no gap: 1..32 in this organization.
    expect(await receiptsOf()).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it('a refund racing the provider voiding the same payment returns the money once', async () => {
    const moderator = await staffMember(organization.id, 'moderator');
    const campaign = await openCampaign(app, moderator);
    for (const refundAmount of [undefined, 700_000]) {
      const given = await donate(app, donors[0]!, {
        campaignId: campaign.id,
        amount: { amount: GIFT, currency: 'COP' },
      });
      const gift = given.data!.donate;
      const transactionId = `race-${gift.id}`;
      const event = (status: 'APPROVED' | 'VOIDED') =>
        signedEvent({
          id: transactionId,
          status,
          amount_in_cents: GIFT,
          reference: gift.payment!.reference,
        });
      expect(await postEvent(app, event('APPROVED'))).toBe(200);
      const [refund, voided] = await Promise.all([
        refundDonation(app, admin, { id: gift.id, amount: refundAmount }),
        postEvent(app, event('VOIDED')),
      ]);
      expect(voided).toBe(200);
      // Whichever came first, the gift is returned in full, exactly once.
      const state = await withSuperuser(TEST_DATABASE, async (db) => {
        const { rows } = await db.query<{
          status: string;
          refunded_amount: string;
          refunds: string;
        }>(
          `SELECT d.status, d.refunded_amount::text,
                  (SELECT coalesce(sum(amount), 0)::text FROM refunds r WHERE r.donation_id = d.id) AS refunds
           FROM donations d WHERE d.id = $1`,
          [gift.id],
        );
        return rows[0]!;
      });
      expect(state).toEqual({
        status: 'REFUNDED',
        refunded_amount: String(GIFT),
        refunds: String(GIFT),
      });
      if (refund.errors) {
        expect(refund.errors[0]!.extensions?.reason).toBe('REFUND_EXCEEDS_PAYMENT');
      }
    }
    expect(await campaignTotals(app, campaign.id)).toEqual({ raised: 0, donorCount: 0 });
    expect((await ledgerOfCampaign(campaign.id)).unbalancedGroups).toBe(0);
  });
});
