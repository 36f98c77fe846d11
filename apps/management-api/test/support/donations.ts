import { randomUUID } from 'node:crypto';
import type { Identity } from './auth-service.js';
import type { GraphQLBody, RunningApp } from './running-app.js';
import { bearer } from './tenants.js';
import { TEST_DATABASE, withSuperuser } from './test-env.js';

export const DONATION_FIELDS = `id status frequency anonymous message receiptNumber succeededAt createdAt
  amount { amount currency } fee { amount currency } total { amount currency } refunded { amount currency }
  tribute { kind name } donor { name email taxId guest } campaign { id title }
  payment { id provider status reference amount { amount currency }
    checkout { url reference amountInCents integritySignature redirectUrl } }
  recurring { id status nextChargeAt failedAttempts amount { amount currency } }`;

export interface DonationView {
  id: string;
  status: string;
  frequency: string;
  anonymous: boolean;
  message: string | null;
  receiptNumber: number | null;
  succeededAt: string | null;
  createdAt: string;
  amount: { amount: number; currency: string };
  fee: { amount: number; currency: string };
  total: { amount: number; currency: string };
  refunded: { amount: number; currency: string };
  tribute: { kind: string; name: string } | null;
  donor: { name: string; email: string; taxId: string | null; guest: boolean };
  campaign: { id: string; title: string };
  payment: {
    id: string;
    provider: string;
    status: string;
    reference: string;
    amount: { amount: number; currency: string };
    checkout: {
      url: string;
      reference: string;
      amountInCents: number;
      integritySignature: string;
      redirectUrl: string | null;
    } | null;
  } | null;
  recurring: {
    id: string;
    status: string;
    nextChargeAt: string | null;
    failedAttempts: number;
    amount: { amount: number; currency: string };
  } | null;
}

const DONATE = `mutation ($input: DonateInput!) { donate(input: $input) { ${DONATION_FIELDS} } }`;

export function gql<T>(
  app: RunningApp,
  caller: Identity | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLBody<T>> {
  return app
    .graphql<T>(query, variables, caller ? bearer(caller.accessToken) : {})
    .then(({ body }) => body);
}

/** A published campaign in COP taking gifts now, created and published by `editor`. */
export async function openCampaign(
  app: RunningApp,
  editor: Identity,
  input: Record<string, unknown> = {},
): Promise<{ id: string; title: string }> {
  const created = await gql<{ createCampaign: { id: string; title: string } }>(
    app,
    editor,
    `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id title } }`,
    { input: { title: `Campaign ${randomUUID().slice(0, 8)}`, currency: 'COP', ...input } },
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const published = await gql(
    app,
    editor,
    `mutation ($input: CampaignIdInput!) { publishCampaign(input: $input) { id } }`,
    { input: { id: created.data!.createCampaign.id } },
  );
  if (published.errors) throw new Error(JSON.stringify(published.errors));
  return created.data!.createCampaign;
}

export function donate(
  app: RunningApp,
  caller: Identity | null,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLBody<{ donate: DonationView }>> {
  return app
    .graphql<{ donate: DonationView }>(
      DONATE,
      { input: { frequency: 'ONE_TIME', idempotencyKey: randomUUID(), ...input } },
      { ...(caller ? bearer(caller.accessToken) : {}), ...headers },
    )
    .then(({ body }) => body);
}

/** A signed-in donor's MANUAL gift, marked paid by a stepped-up admin: SUCCEEDED. */
export async function manualGift(
  app: RunningApp,
  donor: Identity,
  admin: Identity,
  campaignId: string,
  amount: number,
  extra: Record<string, unknown> = {},
): Promise<DonationView> {
  const given = await donate(app, donor, {
    campaignId,
    amount: { amount, currency: 'COP' },
    paymentProvider: 'MANUAL',
    ...extra,
  });
  if (given.errors) throw new Error(JSON.stringify(given.errors));
  const paid = await markDonationPaid(app, admin, given.data!.donate.id);
  if (paid.errors) throw new Error(JSON.stringify(paid.errors));
  return paid.data!.markDonationPaid;
}

export function markDonationPaid(
  app: RunningApp,
  admin: Identity,
  id: string,
  externalReference = 'RC-1',
) {
  return gql<{ markDonationPaid: DonationView }>(
    app,
    admin,
    `mutation ($input: MarkDonationPaidInput!) { markDonationPaid(input: $input) { ${DONATION_FIELDS} } }`,
    { input: { id, externalReference } },
  );
}

export function refundDonation(
  app: RunningApp,
  admin: Identity,
  input: { id: string; amount?: number; reason?: string; externalReference?: string },
) {
  return gql<{ refundDonation: DonationView }>(
    app,
    admin,
    `mutation ($input: RefundDonationInput!) { refundDonation(input: $input) { ${DONATION_FIELDS} } }`,
    { input },
  );
}

export async function campaignTotals(
  app: RunningApp,
  campaignId: string,
): Promise<{ raised: number; donorCount: number }> {
  const body = await gql<{ publicCampaign: { raised: { amount: number }; donorCount: number } }>(
    app,
    null,
    `query ($id: ID!) { publicCampaign(id: $id) { raised { amount currency } donorCount } }`,
    { id: campaignId },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return {
    raised: body.data!.publicCampaign.raised.amount,
    donorCount: body.data!.publicCampaign.donorCount,
  };
}

/** What the ledger says of a campaign, read as the database's superuser. */
export function ledgerOfCampaign(campaignId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query<{ account: string; total: string }>(
      `SELECT account, sum(amount)::text AS total FROM ledger_entries
       WHERE donation_id IN (SELECT id FROM donations WHERE campaign_id = $1) GROUP BY account`,
      [campaignId],
    );
    const unbalanced = await db.query(
      `SELECT group_id FROM ledger_entries WHERE donation_id IN (SELECT id FROM donations WHERE campaign_id = $1)
       GROUP BY group_id HAVING sum(amount) <> 0`,
      [campaignId],
    );
    return {
      accounts: Object.fromEntries(rows.map((row) => [row.account, Number(row.total)])),
      unbalancedGroups: unbalanced.rowCount,
    };
  });
}
