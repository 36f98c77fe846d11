-- Donations: one-time and monthly gifts to a campaign, from signed-in donors
-- or guests, paid manually or through Wompi (a hosted checkout, or a saved
-- payment source for monthly gifts); receipts numbered per organization
-- without gaps; the ledger learns which donation and campaign an entry is for.
-- Cross-tenant path: trivance_donations (guest gifts, claiming a guest's gifts
-- by a verified email, charging monthly gifts that are due, campaign totals);
-- trivance_payments settles donations as it settles orders.

CREATE TYPE "donation_frequency" AS ENUM ('ONE_TIME', 'MONTHLY');
CREATE TYPE "donation_status" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED');
CREATE TYPE "tribute_kind" AS ENUM ('IN_HONOR', 'IN_MEMORY');
CREATE TYPE "recurring_status" AS ENUM ('ACTIVE', 'PAUSED', 'CANCELLED', 'FAILED');
-- Fees a donor chose to cover (credit-normal): the part of a gift's total that
-- pays the provider, kept apart from the gift itself.
ALTER TYPE "ledger_account" ADD VALUE 'FEES_COVERED';

-- Customer-owned: a donor's monthly gift, charged to a Wompi payment source.
CREATE TABLE "recurring_donations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "campaign_id" UUID NOT NULL,
    "status" "recurring_status" NOT NULL DEFAULT 'ACTIVE',
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "cover_fees" BOOLEAN NOT NULL DEFAULT false,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "donor_email" VARCHAR(254) NOT NULL,
    "donor_name" VARCHAR(200) NOT NULL,
    "donor_tax_id" VARCHAR(40),
    -- Wompi's payment source (a tokenized card with the donor's acceptance),
    -- on the merchant that created it.
    "payment_source_id" INTEGER NOT NULL,
    "payment_source_label" VARCHAR(100),
    "own_merchant" BOOLEAN NOT NULL DEFAULT false,
    -- The cycle being charged (1 = the first month), its due date, and the
    -- attempts at it that failed (DOMAIN.md: 6 in all, then FAILED).
    "cycle" INTEGER NOT NULL DEFAULT 1,
    -- The first month's due date: every later month falls on its day.
    "first_due_at" TIMESTAMPTZ(3) NOT NULL,
    "cycle_due_at" TIMESTAMPTZ(3) NOT NULL,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    -- When the next attempt is due; null while one is in flight or the gift is not ACTIVE.
    "next_charge_at" TIMESTAMPTZ(3),
    "charging_payment_id" UUID,
    "paused_until" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancelled_by" CHAR(24),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recurring_donations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "recurring_donations_amount_positive" CHECK ("amount" > 0),
    CONSTRAINT "recurring_donations_attempts_bounded" CHECK ("failed_attempts" BETWEEN 0 AND 6),
    CONSTRAINT "recurring_donations_cycle_positive" CHECK ("cycle" >= 1),
    CONSTRAINT "recurring_donations_charged_only_active" CHECK ("status" = 'ACTIVE' OR "next_charge_at" IS NULL)
);
CREATE UNIQUE INDEX "recurring_donations_organization_id_id_key" ON "recurring_donations"("organization_id", "id");
CREATE INDEX "recurring_donations_user_id_created_at_id_idx" ON "recurring_donations"("user_id", "created_at", "id");
CREATE INDEX "recurring_donations_organization_id_campaign_id_idx" ON "recurring_donations"("organization_id", "campaign_id");
CREATE INDEX "recurring_donations_next_charge_at_idx" ON "recurring_donations"("next_charge_at") WHERE "next_charge_at" IS NOT NULL;
ALTER TABLE "recurring_donations" ADD CONSTRAINT "recurring_donations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "recurring_donations" ADD CONSTRAINT "recurring_donations_campaign_fkey" FOREIGN KEY ("organization_id", "campaign_id") REFERENCES "campaigns"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Customer-owned: one gift (a one-time gift, or one month of a monthly one).
CREATE TABLE "donations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    -- The donor's account; null for a guest until a verified account claims the email.
    "user_id" CHAR(24),
    "campaign_id" UUID NOT NULL,
    "frequency" "donation_frequency" NOT NULL,
    "status" "donation_status" NOT NULL DEFAULT 'PENDING',
    -- The gift, the provider's fee the donor chose to cover, and what was charged.
    "amount" BIGINT NOT NULL,
    "fee" BIGINT NOT NULL DEFAULT 0,
    "total" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "message" VARCHAR(500),
    "tribute_kind" "tribute_kind",
    "tribute_name" VARCHAR(200),
    "donor_email" VARCHAR(254) NOT NULL,
    "donor_name" VARCHAR(200) NOT NULL,
    "donor_tax_id" VARCHAR(40),
    "guest" BOOLEAN NOT NULL DEFAULT false,
    "recurring_donation_id" UUID,
    "cycle" INTEGER,
    -- Numbered when it succeeds, per organization, without gaps.
    "receipt_number" INTEGER,
    "refunded_amount" BIGINT NOT NULL DEFAULT 0,
    "succeeded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "donations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "donations_amount_positive" CHECK ("amount" > 0 AND "fee" >= 0),
    CONSTRAINT "donations_total_is_amount_and_fee" CHECK ("total" = "amount" + "fee"),
    CONSTRAINT "donations_refunds_within_total" CHECK ("refunded_amount" BETWEEN 0 AND "total"),
    CONSTRAINT "donations_tribute_whole" CHECK (("tribute_kind" IS NULL) = ("tribute_name" IS NULL)),
    CONSTRAINT "donations_monthly_has_cycle" CHECK (("recurring_donation_id" IS NULL) = ("cycle" IS NULL)),
    CONSTRAINT "donations_receipt_once_succeeded" CHECK (("receipt_number" IS NULL) = ("succeeded_at" IS NULL)),
    CONSTRAINT "donations_guest_by_email" CHECK (NOT "guest" OR "frequency" = 'ONE_TIME')
);
CREATE UNIQUE INDEX "donations_organization_id_id_key" ON "donations"("organization_id", "id");
CREATE UNIQUE INDEX "donations_organization_id_receipt_number_key" ON "donations"("organization_id", "receipt_number");
CREATE UNIQUE INDEX "donations_organization_id_recurring_donation_id_cycle_key" ON "donations"("organization_id", "recurring_donation_id", "cycle");
CREATE INDEX "donations_organization_id_created_at_id_idx" ON "donations"("organization_id", "created_at", "id");
CREATE INDEX "donations_organization_id_campaign_id_idx" ON "donations"("organization_id", "campaign_id");
CREATE INDEX "donations_user_id_created_at_id_idx" ON "donations"("user_id", "created_at", "id");
CREATE INDEX "donations_unclaimed_donor_email_idx" ON "donations"("donor_email") WHERE "user_id" IS NULL;
ALTER TABLE "donations" ADD CONSTRAINT "donations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "donations" ADD CONSTRAINT "donations_campaign_fkey" FOREIGN KEY ("organization_id", "campaign_id") REFERENCES "campaigns"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "donations" ADD CONSTRAINT "donations_recurring_fkey" FOREIGN KEY ("organization_id", "recurring_donation_id") REFERENCES "recurring_donations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Tenant-owned: the last receipt number an organization gave. Taken with
-- UPDATE … RETURNING in the transaction that books the gift, so a number is
-- used exactly when that transaction commits: no gaps, no repeats.
CREATE TABLE "receipt_sequences" (
    "organization_id" UUID NOT NULL,
    "last_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "receipt_sequences_pkey" PRIMARY KEY ("organization_id")
);
ALTER TABLE "receipt_sequences" ADD CONSTRAINT "receipt_sequences_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A payment or a refund is for an order or for a donation, never both.
ALTER TABLE "payments"
  ALTER COLUMN "order_id" DROP NOT NULL,
  ADD COLUMN "donation_id" UUID,
  -- When a saved payment source was charged (a monthly gift): until then the
  -- charge may be sent again under the same reference, which the provider
  -- refuses to charge twice.
  ADD COLUMN "submitted_at" TIMESTAMPTZ(3),
  ADD CONSTRAINT "payments_pay_for_one_thing" CHECK (num_nonnulls("order_id", "donation_id") = 1);
ALTER TABLE "payments" ADD CONSTRAINT "payments_donation_fkey" FOREIGN KEY ("organization_id", "donation_id") REFERENCES "donations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;
CREATE INDEX "payments_organization_id_donation_id_idx" ON "payments"("organization_id", "donation_id");
CREATE INDEX "payments_unsubmitted_idx" ON "payments"("created_at") WHERE "submitted_at" IS NULL AND "donation_id" IS NOT NULL AND "status" = 'PENDING';

ALTER TABLE "refunds"
  ALTER COLUMN "order_id" DROP NOT NULL,
  ADD COLUMN "donation_id" UUID,
  ADD CONSTRAINT "refunds_for_one_thing" CHECK (num_nonnulls("order_id", "donation_id") = 1);
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_donation_fkey" FOREIGN KEY ("organization_id", "donation_id") REFERENCES "donations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;
CREATE INDEX "refunds_organization_id_donation_id_idx" ON "refunds"("organization_id", "donation_id");

ALTER TABLE "ledger_entries"
  ADD COLUMN "donation_id" UUID,
  ADD COLUMN "campaign_id" UUID;
-- A campaign's raised amount and donors are read from here.
CREATE INDEX "ledger_entries_campaign_id_account_idx" ON "ledger_entries"("campaign_id", "account") WHERE "campaign_id" IS NOT NULL;

-- A guest's idempotency key belongs to no account: it is scoped to the
-- normalized email inside the derived key, and only the organization's staff
-- (and the guests path acting for it) reach the row.
ALTER TABLE "idempotency_records" ALTER COLUMN "user_id" DROP NOT NULL;

-- Row-level security ---------------------------------------------------------

-- Donations: the organization's staff and the donor read them; a donor (or
-- the guests path, acting for the organization) writes a new one; only the
-- organization (staff, or a system path acting for it) settles them.
ALTER TABLE "donations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "donations" FORCE ROW LEVEL SECURITY;
CREATE POLICY donations_read ON "donations" FOR SELECT
  USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY donations_give ON "donations" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY donations_settle ON "donations" FOR UPDATE
  USING (organization_id = app_organization_id())
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY donations_never_deleted ON "donations" FOR DELETE USING (false);
REVOKE DELETE ON "donations" FROM trivance_app;

-- Monthly gifts: the donor and the organization's staff read and change them.
ALTER TABLE "recurring_donations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "recurring_donations" FORCE ROW LEVEL SECURITY;
CREATE POLICY recurring_donations_customer ON "recurring_donations" FOR SELECT
  USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY recurring_donations_start ON "recurring_donations" FOR INSERT
  WITH CHECK (user_id = app_user_id());
CREATE POLICY recurring_donations_change ON "recurring_donations" FOR UPDATE
  USING (organization_id = app_organization_id() OR user_id = app_user_id())
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY recurring_donations_never_deleted ON "recurring_donations" FOR DELETE USING (false);
REVOKE DELETE ON "recurring_donations" FROM trivance_app;

ALTER TABLE "receipt_sequences" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "receipt_sequences" FORCE ROW LEVEL SECURITY;
CREATE POLICY receipt_sequences_tenant ON "receipt_sequences" FOR ALL
  USING (organization_id = app_organization_id())
  WITH CHECK (organization_id = app_organization_id());
REVOKE DELETE ON "receipt_sequences" FROM trivance_app;

-- The donations path. Guests give under the campaign's organization (the
-- tenant policies above); claiming, the charge run and campaign totals read
-- across organizations with the policies below, and nothing else.
CREATE POLICY donations_path_read ON "donations" FOR SELECT TO trivance_donations USING (true);
CREATE POLICY donations_path_claim ON "donations" FOR UPDATE TO trivance_donations
  USING (user_id IS NULL AND guest) WITH CHECK (user_id IS NOT NULL);
CREATE POLICY payments_donations_path ON "payments" FOR SELECT TO trivance_donations
  USING (donation_id IS NOT NULL);
CREATE POLICY payments_donation_claim ON "payments" FOR UPDATE TO trivance_donations
  USING (user_id IS NULL AND donation_id IS NOT NULL) WITH CHECK (donation_id IS NOT NULL);
CREATE POLICY recurring_donations_path ON "recurring_donations" FOR ALL TO trivance_donations
  USING (true) WITH CHECK (true);
CREATE POLICY ledger_entries_campaign_totals ON "ledger_entries" FOR SELECT TO trivance_donations
  USING (campaign_id IS NOT NULL AND account = 'DONATIONS');
GRANT SELECT ON "campaigns", "organizations" TO trivance_donations;
GRANT SELECT ("campaign_id", "donation_id", "account", "amount", "currency") ON "ledger_entries" TO trivance_donations;
GRANT SELECT, INSERT, UPDATE ON "donations", "payments", "recurring_donations", "idempotency_records" TO trivance_donations;
GRANT INSERT ON "outbox_events" TO trivance_donations;

-- The payments path settles donations as it settles orders.
GRANT SELECT, UPDATE ON "donations", "recurring_donations" TO trivance_payments;
GRANT SELECT, INSERT, UPDATE ON "receipt_sequences" TO trivance_payments;
GRANT SELECT ON "campaigns" TO trivance_payments;

DROP POLICY system_audit_log_append ON "system_audit_log";
CREATE POLICY system_audit_log_append ON "system_audit_log" FOR INSERT
  TO trivance_member_sync, trivance_platform, trivance_order_jobs, trivance_outbox_relay,
     trivance_ticket_holders, trivance_housekeeping, trivance_payments, trivance_donations WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_donations;
