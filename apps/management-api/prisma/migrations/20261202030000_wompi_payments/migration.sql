-- Wompi payments: an organization's own merchant (its secrets sealed by the
-- API before they reach the database), what a payment needs for the hosted
-- checkout and for reconciliation, and the inbox of provider events.
-- Cross-tenant path: trivance_payments (webhooks, reconciliation, looking up
-- a merchant): it finds the payment or merchant an event is about, then works
-- under that payment's organization and the tenant policies.

-- Tenant-owned, admins only: one organization's Wompi merchant.
CREATE TABLE "payment_settings" (
    "organization_id" UUID NOT NULL,
    "wompi_public_key" VARCHAR(200) NOT NULL,
    -- AES-256-GCM (SETTINGS_ENCRYPTION_KEY) of the private key, the events
    -- secret and the integrity secret; the organization's id is its
    -- additional data, so a sealed value cannot be moved to another one.
    "wompi_secrets" TEXT NOT NULL,
    "updated_by" CHAR(24) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_settings_pkey" PRIMARY KEY ("organization_id")
);
ALTER TABLE "payment_settings" ADD CONSTRAINT "payment_settings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "payment_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "payment_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY payment_settings_admins ON "payment_settings" FOR SELECT
  USING (organization_id = app_organization_id() AND app_role() IN ('admin', 'super_admin'));
CREATE POLICY payment_settings_connect ON "payment_settings" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_role() IN ('admin', 'super_admin'));
CREATE POLICY payment_settings_change ON "payment_settings" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_role() IN ('admin', 'super_admin'))
  WITH CHECK (organization_id = app_organization_id() AND app_role() IN ('admin', 'super_admin'));
CREATE POLICY payment_settings_disconnect ON "payment_settings" FOR DELETE
  USING (organization_id = app_organization_id() AND app_role() IN ('admin', 'super_admin'));

-- A payment through a provider: which merchant took it, the checkout's
-- integrity signature (computed once, so reading it needs no secret), the
-- provider's transaction it is bound to (forever), the provider's fee, and
-- when reconciliation asks the provider about it next.
ALTER TABLE "payments"
  ADD COLUMN "own_merchant" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "checkout_public_key" VARCHAR(200),
  ADD COLUMN "integrity_signature" CHAR(64),
  ADD COLUMN "provider_transaction_id" VARCHAR(100),
  ADD COLUMN "fee" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "checks" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "next_check_at" TIMESTAMPTZ(3),
  ADD CONSTRAINT "payments_fee_within_amount" CHECK ("fee" >= 0 AND "fee" <= "amount");
-- References are ours and random (100 bits); unique per organization like
-- every tenant key. A provider's transaction binds to one payment: within the
-- organization by this index, across organizations by the payments path,
-- which refuses a transaction already bound to another payment.
CREATE UNIQUE INDEX "payments_organization_id_provider_provider_transaction_id_key" ON "payments"("organization_id", "provider", "provider_transaction_id");
CREATE INDEX "payments_next_check_at_idx" ON "payments"("next_check_at") WHERE "next_check_at" IS NOT NULL;

-- The inbox: every provider event accepted (a verified webhook, or what
-- reconciliation read from the provider's API), stored before it is
-- processed, keyed by the SHA-256 of its raw body. Processing is once per
-- (transaction, status): the partial unique index refuses a second booking.
CREATE TABLE "payment_events" (
    "id" UUID NOT NULL,
    "body_hash" CHAR(64) NOT NULL,
    "source" VARCHAR(20) NOT NULL,
    -- The organization whose merchant received it (null: the platform's).
    "merchant_organization_id" UUID,
    -- The payment's organization, once the event was matched to a payment.
    "organization_id" UUID,
    "payment_id" UUID,
    "provider_transaction_id" VARCHAR(100) NOT NULL,
    "transaction_status" "payment_status" NOT NULL,
    "reference" VARCHAR(255) NOT NULL,
    "amount_in_cents" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3),
    "body" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "outcome" VARCHAR(32),

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payment_events_source_known" CHECK ("source" IN ('WEBHOOK', 'RECONCILIATION')),
    CONSTRAINT "payment_events_processed_with_outcome" CHECK (("processed_at" IS NULL) = ("outcome" IS NULL))
);
CREATE UNIQUE INDEX "payment_events_body_hash_key" ON "payment_events"("body_hash");
CREATE UNIQUE INDEX "payment_events_applied_once" ON "payment_events"("provider_transaction_id", "transaction_status")
  WHERE "outcome" = 'APPLIED';
CREATE INDEX "payment_events_unprocessed_idx" ON "payment_events"("received_at") WHERE "processed_at" IS NULL;
CREATE INDEX "payment_events_payment_id_idx" ON "payment_events"("payment_id");

ALTER TABLE "payment_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "payment_events" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "payment_events" FROM trivance_app;
CREATE POLICY payment_events_read ON "payment_events" FOR SELECT TO trivance_payments USING (true);
CREATE POLICY payment_events_store ON "payment_events" FOR INSERT TO trivance_payments WITH CHECK (true);
CREATE POLICY payment_events_process ON "payment_events" FOR UPDATE TO trivance_payments
  USING (processed_at IS NULL) WITH CHECK (true);
CREATE POLICY payment_events_kept ON "payment_events" FOR DELETE USING (false);
GRANT SELECT, INSERT, UPDATE ON "payment_events" TO trivance_payments;

-- The payments path: finding what an event or a check is about in any
-- organization (payments by reference, merchants), claiming due checks;
-- everything else it does runs under the payment's organization, through the
-- tenant policies, with the rights below.
CREATE POLICY payments_provider_lookup ON "payments" FOR SELECT TO trivance_payments USING (true);
CREATE POLICY payments_reconcile ON "payments" FOR UPDATE TO trivance_payments
  USING (provider = 'WOMPI' AND status = 'PENDING') WITH CHECK (provider = 'WOMPI');
CREATE POLICY payment_settings_merchants ON "payment_settings" FOR SELECT TO trivance_payments USING (true);
GRANT SELECT ON "payment_settings", "organizations", "events", "ticket_types", "order_items",
  "waitlist_entries", "refunds", "ledger_entries", "discount_codes" TO trivance_payments;
GRANT SELECT, UPDATE ON "payments", "orders", "seat_pools", "tickets" TO trivance_payments;
GRANT INSERT ON "refunds", "ledger_entries", "tickets", "outbox_events", "revoked_ticket_codes" TO trivance_payments;
GRANT SELECT ON "revoked_ticket_codes" TO trivance_payments;

DROP POLICY system_audit_log_append ON "system_audit_log";
CREATE POLICY system_audit_log_append ON "system_audit_log" FOR INSERT
  TO trivance_member_sync, trivance_platform, trivance_order_jobs, trivance_outbox_relay,
     trivance_ticket_holders, trivance_housekeeping, trivance_payments WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_payments;
