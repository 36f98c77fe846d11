import { randomUUID } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import {
  donate,
  type DonationView,
  gql,
  manualGift,
  openCampaign,
  refundDonation,
} from './support/donations.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

/** The PDF's text, page after page, with no-break spaces as plain ones. */
async function pdfText(pdf: ArrayBuffer): Promise<string> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await task.destroy();
  return pages.join('\n').replace(/\u00a0/g, ' ');
}

/** The year as it is in Colombia, where certificates count their years. */
const YEAR = Number(
  new Intl.DateTimeFormat('en-US', { timeZone: 'America/Bogota', year: 'numeric' }).format(
    new Date(),
  ),
);

const LEGAL_NAME = 'Fundación Techo Seguro S.A.S.';
const ORGANIZATION_TAX_ID = '900.555.123-4';
const DONOR_TAX_ID = 'CC 1.020.304.050';

describe('donation certificates', () => {
  let app: RunningApp;
  let organization: TestOrganization;
  let other: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let donor: Identity;
  let secondDonor: Identity;
  let stranger: Identity;
  let campaign: { id: string; title: string };
  let refundedWhole: DonationView;
  let kept: DonationView[];

  beforeAll(async () => {
    app = await startApp();
    [organization, other] = await Promise.all([
      createOrganization('certificates'),
      createOrganization('certificates-other'),
    ]);
    [admin, moderator, donor, secondDonor, stranger] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
      endUser('cert-donor'),
      endUser('cert-second'),
      endUser('cert-stranger'),
    ]);
    const named = await gql(
      app,
      admin,
      `mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { id } }`,
      { input: { legalName: LEGAL_NAME, taxId: ORGANIZATION_TAX_ID } },
    );
    expect(named.errors).toBeUndefined();
    campaign = await openCampaign(app, moderator, { title: 'Techo para la capilla' });

    // The donor: 50.000 (no tax id), 30.000 (with one), 40.000 of which 10.000
    // came back, 20.000 that came back whole, and one never paid.
    const first = await manualGift(app, donor, admin, campaign.id, 5_000_000, { anonymous: true });
    const second = await manualGift(app, donor, admin, campaign.id, 3_000_000, {
      donorTaxId: DONOR_TAX_ID,
    });
    const partly = await manualGift(app, donor, admin, campaign.id, 4_000_000);
    expect(
      (await refundDonation(app, admin, { id: partly.id, amount: 1_000_000 })).errors,
    ).toBeUndefined();
    refundedWhole = await manualGift(app, donor, admin, campaign.id, 2_000_000);
    expect((await refundDonation(app, admin, { id: refundedWhole.id })).errors).toBeUndefined();
    const pending = await donate(app, donor, {
      campaignId: campaign.id,
      amount: { amount: 9_900_000, currency: 'COP' },
      paymentProvider: 'MANUAL',
    });
    expect(pending.errors).toBeUndefined();
    kept = [first, second, partly];

    // The second donor: 10.000 this year, and 70.000 at 22:00 on the last
    // night of last year in Bogotá (03:00 UTC on New Year's Day).
    await manualGift(app, secondDonor, admin, campaign.id, 1_000_000);
    const lastYear = await manualGift(app, secondDonor, admin, campaign.id, 7_000_000);
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query(`UPDATE donations SET succeeded_at = $2 WHERE id = $1`, [
        lastYear.id,
        `${YEAR}-01-01T03:00:00.000Z`,
      ]),
    );
  }, 120_000);
  afterAll(() => app.close());

  const download = (identity: Identity | null, path: string) =>
    fetch(`${app.url}/api/donations/certificates/${path}`, {
      headers: identity ? bearer(identity.accessToken) : {},
    });

  describe('happy', () => {
    it("certifies the donor's gifts of the year with both parties' tax ids and the net total", async () => {
      const response = await download(donor, `${organization.id}/${YEAR}.pdf`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename=".+\.pdf"$/,
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
      const pdf = await response.arrayBuffer();
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(pdf);

      for (const expected of [
        LEGAL_NAME,
        ORGANIZATION_TAX_ID,
        organization.name,
        donor.name,
        donor.email,
        DONOR_TAX_ID,
        String(YEAR),
        'Techo para la capilla',
        // 50.000 + 30.000 + (40.000 − 10.000); the gift that came back whole is not there.
        '$ 50.000',
        '$ 30.000',
        '$ 110.000',
      ]) {
        expect(text).toContain(expected);
      }
      for (const gift of kept)
        expect(text).toMatch(new RegExp(`N\\.º ${gift.receiptNumber}(?!\\d)`));
      expect(text).not.toMatch(new RegExp(`N\\.º ${refundedWhole.receiptNumber}(?!\\d)`));
      expect(text).not.toContain('$ 20.000');
      expect(text).not.toContain('$ 99.000');
      expect(text).not.toContain(secondDonor.email);
    });

    it('counts a year by Colombia’s calendar, and each donor sees only their own gifts', async () => {
      const thisYear = await pdfText(
        await (await download(secondDonor, `${organization.id}/${YEAR}.pdf`)).arrayBuffer(),
      );
      expect(thisYear).toContain(secondDonor.email);
      expect(thisYear).toContain('$ 10.000');
      expect(thisYear).not.toContain('$ 70.000');
      for (const foreign of [donor.email, donor.name, DONOR_TAX_ID, '$ 110.000']) {
        expect(thisYear).not.toContain(foreign);
      }

      const previous = await download(secondDonor, `${organization.id}/${YEAR - 1}.pdf`);
      expect(previous.status).toBe(200);
      const lastYear = await pdfText(await previous.arrayBuffer());
      expect(lastYear).toContain(String(YEAR - 1));
      expect(lastYear).toContain('$ 70.000');
      expect(lastYear).not.toContain('$ 10.000');
    });
  });

  describe('error', () => {
    it('is 404 for a year, or an organization, without gifts of the caller', async () => {
      for (const [identity, path] of [
        [stranger, `${organization.id}/${YEAR}.pdf`],
        [donor, `${organization.id}/${YEAR - 1}.pdf`],
        [donor, `${other.id}/${YEAR}.pdf`],
        [donor, `${randomUUID()}/${YEAR}.pdf`],
      ] as const) {
        const response = await download(identity, path);
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
      }
    });

    it('is 400 with the fields at fault for a malformed organization or year', async () => {
      for (const [path, field] of [
        [`${organization.id}/1999.pdf`, 'year'],
        [`${organization.id}/${YEAR + 1}.pdf`, 'year'],
        [`${organization.id}/20x6.pdf`, 'year'],
        [`${organization.id}/02026.pdf`, 'year'],
        [`not-a-uuid/${YEAR}.pdf`, 'organizationId'],
      ] as const) {
        const response = await download(donor, path);
        expect(response.status, path).toBe(400);
        const body = (await response.json()) as { code: string; errors?: Record<string, string[]> };
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(body.errors ?? {})).toEqual([field]);
      }
    });
  });

  describe('security', () => {
    it('needs a signed-in account', async () => {
      const response = await download(null, `${organization.id}/${YEAR}.pdf`);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it("gives the organization's own staff no certificate of anybody else's gifts", async () => {
      // Their token reaches every gift of the organization; a certificate is still only the caller's.
      for (const staff of [admin, moderator]) {
        const response = await download(staff, `${organization.id}/${YEAR}.pdf`);
        expect(response.status).toBe(404);
        expect(await response.text()).not.toContain(donor.email);
      }
    });
  });
});
