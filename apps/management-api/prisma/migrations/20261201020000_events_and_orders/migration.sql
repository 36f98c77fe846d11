-- Events and orders: categories, events, ticket types and their seat pools
-- (tenant-owned, public once published), orders with their items, tickets,
-- payments and refunds (customer-owned), a double-entry ledger whose groups
-- must balance when the transaction commits, and the outbox of the
-- Management API's own domain events. Cross-tenant paths: trivance_order_jobs
-- (expiring holds) and trivance_outbox_relay (relaying events).

-- Staff who may change an organization's catalogue (DOMAIN.md, "Who may do what").
CREATE FUNCTION app_is_editor() RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT coalesce(app_role() IN ('admin', 'moderator', 'super_admin'), false) $$;

-- CreateEnum
CREATE TYPE "event_status" AS ENUM ('DRAFT', 'PUBLISHED', 'CANCELLED', 'COMPLETED');
CREATE TYPE "order_status" AS ENUM ('PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED');
CREATE TYPE "ticket_status" AS ENUM ('VALID', 'CHECKED_IN', 'VOID');
CREATE TYPE "payment_provider" AS ENUM ('MANUAL', 'WOMPI');
CREATE TYPE "payment_status" AS ENUM ('PENDING', 'APPROVED', 'DECLINED', 'VOIDED', 'ERROR');
CREATE TYPE "ledger_account" AS ENUM ('CASH', 'TICKET_SALES', 'FEES', 'DONATIONS');

-- Public: buyers see whether they may pay at the venue or by transfer.
ALTER TABLE "organizations" ADD COLUMN "accepts_manual_payments" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "categories" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(120) NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "public_since" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "status" "event_status" NOT NULL DEFAULT 'DRAFT',
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(20000),
    "category_id" UUID,
    "venue_name" VARCHAR(200),
    "venue_address" VARCHAR(300),
    "venue_city" VARCHAR(120),
    "venue_country" CHAR(2),
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "cover_image_url" VARCHAR(2048),
    "public_since" TIMESTAMPTZ(3),
    "cancel_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "events_ends_after_start" CHECK ("ends_at" > "starts_at")
);

CREATE TABLE "ticket_types" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "description" VARCHAR(2000),
    "price_amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "sales_start_at" TIMESTAMPTZ(3),
    "sales_end_at" TIMESTAMPTZ(3),
    "max_per_order" INTEGER,
    "max_per_buyer" INTEGER,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "public_since" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ticket_types_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ticket_types_price_not_negative" CHECK ("price_amount" >= 0),
    CONSTRAINT "ticket_types_limits_positive" CHECK (coalesce("max_per_order", 1) >= 1 AND coalesce("max_per_buyer", 1) >= 1)
);

CREATE TABLE "seat_pools" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "ticket_type_id" UUID,
    "capacity" INTEGER,
    "sold" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "on_sale" BOOLEAN NOT NULL DEFAULT false,
    "public_since" TIMESTAMPTZ(3),

    CONSTRAINT "seat_pools_pkey" PRIMARY KEY ("id"),
    -- Never oversold, whoever writes: a change that would is refused here.
    CONSTRAINT "seat_pools_never_oversold" CHECK ("sold" >= 0 AND "held" >= 0 AND ("capacity" IS NULL OR "sold" + "held" <= "capacity"))
);

CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "event_id" UUID NOT NULL,
    "status" "order_status" NOT NULL,
    "buyer_email" VARCHAR(254) NOT NULL,
    "buyer_name" VARCHAR(200) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "subtotal" BIGINT NOT NULL,
    "discount" BIGINT NOT NULL DEFAULT 0,
    "total" BIGINT NOT NULL,
    "complimentary" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "orders_total_adds_up" CHECK ("subtotal" >= 0 AND "discount" >= 0 AND "total" = "subtotal" - "discount" AND "total" >= 0)
);

CREATE TABLE "order_items" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "order_id" UUID NOT NULL,
    "ticket_type_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" BIGINT NOT NULL,

    CONSTRAINT "order_items_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "order_items_quantity_positive" CHECK ("quantity" > 0 AND "unit_price" >= 0)
);

CREATE TABLE "tickets" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "order_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "ticket_type_id" UUID NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "status" "ticket_status" NOT NULL DEFAULT 'VALID',
    "holder_name" VARCHAR(200) NOT NULL,
    "holder_email" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "order_id" UUID NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reference" VARCHAR(64) NOT NULL,
    "external_reference" VARCHAR(200),
    "actor_id" CHAR(24),
    "settled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payments_amount_positive" CHECK ("amount" > 0)
);

CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "order_id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" VARCHAR(500),
    "actor_id" CHAR(24),
    "external_reference" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "refunds_amount_positive" CHECK ("amount" > 0)
);

CREATE TABLE "ledger_entries" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "account" "ledger_account" NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "order_id" UUID,
    "payment_id" UUID,
    "refund_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ledger_entries_amount_not_zero" CHECK ("amount" <> 0)
);

CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "type" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "categories_organization_id_name_key" ON "categories"("organization_id", "name");
CREATE UNIQUE INDEX "categories_organization_id_slug_key" ON "categories"("organization_id", "slug");
CREATE UNIQUE INDEX "categories_organization_id_id_key" ON "categories"("organization_id", "id");
CREATE INDEX "categories_organization_id_position_id_idx" ON "categories"("organization_id", "position", "id");
CREATE UNIQUE INDEX "events_organization_id_id_key" ON "events"("organization_id", "id");
CREATE INDEX "events_organization_id_starts_at_id_idx" ON "events"("organization_id", "starts_at", "id");
CREATE INDEX "events_organization_id_status_starts_at_id_idx" ON "events"("organization_id", "status", "starts_at", "id");
CREATE INDEX "events_starts_at_id_idx" ON "events"("starts_at", "id");
CREATE INDEX "events_title_trgm_idx" ON "events" USING GIN ("title" gin_trgm_ops);
CREATE UNIQUE INDEX "ticket_types_organization_id_id_key" ON "ticket_types"("organization_id", "id");
CREATE INDEX "ticket_types_organization_id_event_id_position_idx" ON "ticket_types"("organization_id", "event_id", "position");
CREATE UNIQUE INDEX "seat_pools_organization_id_ticket_type_id_key" ON "seat_pools"("organization_id", "ticket_type_id");
CREATE INDEX "seat_pools_organization_id_event_id_idx" ON "seat_pools"("organization_id", "event_id");
CREATE UNIQUE INDEX "orders_organization_id_id_key" ON "orders"("organization_id", "id");
CREATE INDEX "orders_organization_id_created_at_id_idx" ON "orders"("organization_id", "created_at", "id");
CREATE INDEX "orders_organization_id_event_id_created_at_id_idx" ON "orders"("organization_id", "event_id", "created_at", "id");
CREATE INDEX "orders_user_id_created_at_id_idx" ON "orders"("user_id", "created_at", "id");
CREATE INDEX "orders_event_id_user_id_status_idx" ON "orders"("event_id", "user_id", "status");
CREATE INDEX "orders_status_expires_at_idx" ON "orders"("status", "expires_at");
CREATE UNIQUE INDEX "order_items_organization_id_order_id_ticket_type_id_key" ON "order_items"("organization_id", "order_id", "ticket_type_id");
CREATE INDEX "order_items_ticket_type_id_idx" ON "order_items"("ticket_type_id");
CREATE UNIQUE INDEX "tickets_organization_id_code_key" ON "tickets"("organization_id", "code");
CREATE INDEX "tickets_organization_id_order_id_idx" ON "tickets"("organization_id", "order_id");
CREATE INDEX "tickets_organization_id_event_id_status_idx" ON "tickets"("organization_id", "event_id", "status");
CREATE INDEX "tickets_user_id_created_at_id_idx" ON "tickets"("user_id", "created_at", "id");
CREATE UNIQUE INDEX "payments_organization_id_reference_key" ON "payments"("organization_id", "reference");
CREATE UNIQUE INDEX "payments_organization_id_id_key" ON "payments"("organization_id", "id");
CREATE INDEX "payments_organization_id_order_id_idx" ON "payments"("organization_id", "order_id");
CREATE INDEX "payments_reference_idx" ON "payments"("reference");
CREATE INDEX "refunds_organization_id_order_id_idx" ON "refunds"("organization_id", "order_id");
CREATE INDEX "ledger_entries_organization_id_account_currency_idx" ON "ledger_entries"("organization_id", "account", "currency");
CREATE INDEX "ledger_entries_organization_id_order_id_idx" ON "ledger_entries"("organization_id", "order_id");
CREATE INDEX "ledger_entries_group_id_idx" ON "ledger_entries"("group_id");
CREATE INDEX "outbox_events_relayed_at_occurred_at_idx" ON "outbox_events"("relayed_at", "occurred_at");
CREATE INDEX "outbox_events_organization_id_idx" ON "outbox_events"("organization_id");

-- AddForeignKey
ALTER TABLE "categories" ADD CONSTRAINT "categories_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "events" ADD CONSTRAINT "events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "events" ADD CONSTRAINT "events_organization_id_category_id_fkey" FOREIGN KEY ("organization_id", "category_id") REFERENCES "categories"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "ticket_types" ADD CONSTRAINT "ticket_types_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_types" ADD CONSTRAINT "ticket_types_organization_id_event_id_fkey" FOREIGN KEY ("organization_id", "event_id") REFERENCES "events"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "seat_pools" ADD CONSTRAINT "seat_pools_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "seat_pools" ADD CONSTRAINT "seat_pools_organization_id_event_id_fkey" FOREIGN KEY ("organization_id", "event_id") REFERENCES "events"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "seat_pools" ADD CONSTRAINT "seat_pools_organization_id_ticket_type_id_fkey" FOREIGN KEY ("organization_id", "ticket_type_id") REFERENCES "ticket_types"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "orders" ADD CONSTRAINT "orders_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "orders" ADD CONSTRAINT "orders_organization_id_event_id_fkey" FOREIGN KEY ("organization_id", "event_id") REFERENCES "events"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_organization_id_order_id_fkey" FOREIGN KEY ("organization_id", "order_id") REFERENCES "orders"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_organization_id_ticket_type_id_fkey" FOREIGN KEY ("organization_id", "ticket_type_id") REFERENCES "ticket_types"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_organization_id_order_id_fkey" FOREIGN KEY ("organization_id", "order_id") REFERENCES "orders"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_organization_id_ticket_type_id_fkey" FOREIGN KEY ("organization_id", "ticket_type_id") REFERENCES "ticket_types"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payments" ADD CONSTRAINT "payments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payments" ADD CONSTRAINT "payments_organization_id_order_id_fkey" FOREIGN KEY ("organization_id", "order_id") REFERENCES "orders"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_organization_id_order_id_fkey" FOREIGN KEY ("organization_id", "order_id") REFERENCES "orders"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_organization_id_payment_id_fkey" FOREIGN KEY ("organization_id", "payment_id") REFERENCES "payments"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every ledger group balances (debits positive, credits negative, one
-- currency), checked when the transaction that wrote it commits.
CREATE FUNCTION ledger_group_balances() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  imbalance bigint;
  currencies integer;
BEGIN
  SELECT coalesce(sum(amount), 0), count(DISTINCT currency) INTO imbalance, currencies
    FROM ledger_entries WHERE group_id = NEW.group_id;
  IF imbalance <> 0 OR currencies > 1 THEN
    RAISE EXCEPTION 'ledger group % does not balance (% left over, % currencies)', NEW.group_id, imbalance, currencies
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_group_balances();

-- Row-level security ---------------------------------------------------------

-- The catalogue: the organization's editors write it; anyone reads what was published.
ALTER TABLE "categories" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "categories" FORCE ROW LEVEL SECURITY;
CREATE POLICY categories_read ON "categories" FOR SELECT
  USING (organization_id = app_organization_id() OR public_since IS NOT NULL);
CREATE POLICY categories_write ON "categories" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY categories_update ON "categories" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_is_editor())
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY categories_delete ON "categories" FOR DELETE
  USING (organization_id = app_organization_id() AND app_is_editor());

ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "events" FORCE ROW LEVEL SECURITY;
CREATE POLICY events_read ON "events" FOR SELECT
  USING (organization_id = app_organization_id() OR public_since IS NOT NULL);
CREATE POLICY events_write ON "events" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY events_update ON "events" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_is_editor())
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY events_delete ON "events" FOR DELETE
  USING (organization_id = app_organization_id() AND app_is_editor());

ALTER TABLE "ticket_types" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ticket_types" FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_types_read ON "ticket_types" FOR SELECT
  USING (organization_id = app_organization_id() OR (public_since IS NOT NULL AND NOT hidden));
CREATE POLICY ticket_types_write ON "ticket_types" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY ticket_types_update ON "ticket_types" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_is_editor())
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY ticket_types_delete ON "ticket_types" FOR DELETE
  USING (organization_id = app_organization_id() AND app_is_editor());

-- Seat pools: buyers take and return seats of what is on sale (the check
-- constraint still refuses any oversell); only staff create, remove or
-- resize them, or take them off sale.
ALTER TABLE "seat_pools" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "seat_pools" FORCE ROW LEVEL SECURITY;
CREATE POLICY seat_pools_read ON "seat_pools" FOR SELECT
  USING (organization_id = app_organization_id() OR public_since IS NOT NULL);
CREATE POLICY seat_pools_write ON "seat_pools" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY seat_pools_update ON "seat_pools" FOR UPDATE
  USING (organization_id = app_organization_id() OR on_sale)
  WITH CHECK (organization_id = app_organization_id() OR on_sale);
CREATE POLICY seat_pools_delete ON "seat_pools" FOR DELETE
  USING (organization_id = app_organization_id() AND app_is_editor());
-- Buyers may change the counts only; capacity, sale state and ownership
-- belong to the organization's editors.
CREATE FUNCTION seat_pools_staff_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.capacity IS DISTINCT FROM OLD.capacity
      OR NEW.on_sale IS DISTINCT FROM OLD.on_sale
      OR NEW.public_since IS DISTINCT FROM OLD.public_since
      OR NEW.organization_id <> OLD.organization_id
      OR NEW.event_id <> OLD.event_id
      OR NEW.ticket_type_id IS DISTINCT FROM OLD.ticket_type_id)
     AND NOT (OLD.organization_id = app_organization_id() AND app_is_editor()) THEN
    RAISE EXCEPTION 'only the organization''s editors change a seat pool''s capacity or sale'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER seat_pools_staff_fields BEFORE UPDATE ON "seat_pools"
  FOR EACH ROW EXECUTE FUNCTION seat_pools_staff_only();

-- Customer-owned: the seller's staff and the row's own user.
ALTER TABLE "orders" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "orders" FORCE ROW LEVEL SECURITY;
CREATE POLICY orders_customer ON "orders" FOR ALL
  USING (organization_id = app_organization_id() OR user_id = app_user_id())
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());

ALTER TABLE "order_items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "order_items" FORCE ROW LEVEL SECURITY;
CREATE POLICY order_items_customer ON "order_items" FOR ALL
  USING (organization_id = app_organization_id() OR user_id = app_user_id())
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());

ALTER TABLE "tickets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tickets" FORCE ROW LEVEL SECURITY;
CREATE POLICY tickets_customer ON "tickets" FOR ALL
  USING (organization_id = app_organization_id() OR user_id = app_user_id())
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());

-- Payments: the buyer starts one; only staff (or a system path) settle it.
ALTER TABLE "payments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "payments" FORCE ROW LEVEL SECURITY;
CREATE POLICY payments_read ON "payments" FOR SELECT
  USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY payments_start ON "payments" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY payments_settle ON "payments" FOR UPDATE
  USING (organization_id = app_organization_id())
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY payments_never_deleted ON "payments" FOR DELETE USING (false);

-- Refunds: written by staff, read by the buyer too, never changed.
ALTER TABLE "refunds" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "refunds" FORCE ROW LEVEL SECURITY;
CREATE POLICY refunds_read ON "refunds" FOR SELECT
  USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY refunds_write ON "refunds" FOR INSERT
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY refunds_never_updated ON "refunds" FOR UPDATE USING (false);
CREATE POLICY refunds_never_deleted ON "refunds" FOR DELETE USING (false);
REVOKE UPDATE, DELETE ON "refunds" FROM trivance_app;

-- The ledger: the organization's own, append-only.
ALTER TABLE "ledger_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ledger_entries" FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_entries_read ON "ledger_entries" FOR SELECT
  USING (organization_id = app_organization_id());
CREATE POLICY ledger_entries_write ON "ledger_entries" FOR INSERT
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY ledger_entries_never_updated ON "ledger_entries" FOR UPDATE USING (false);
CREATE POLICY ledger_entries_never_deleted ON "ledger_entries" FOR DELETE USING (false);
REVOKE UPDATE, DELETE ON "ledger_entries" FROM trivance_app;

-- The outbox: request code only appends (for its own organization or about
-- its own user); the relay reads, marks and prunes.
ALTER TABLE "outbox_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox_events" FORCE ROW LEVEL SECURITY;
REVOKE SELECT, UPDATE, DELETE ON "outbox_events" FROM trivance_app;
CREATE POLICY outbox_events_append ON "outbox_events" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY outbox_events_jobs_append ON "outbox_events" FOR INSERT TO trivance_order_jobs
  WITH CHECK (true);
CREATE POLICY outbox_events_relay ON "outbox_events" FOR ALL TO trivance_outbox_relay
  USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE, DELETE ON "outbox_events" TO trivance_outbox_relay;

-- Expiring holds across every organization: the order jobs path.
CREATE POLICY orders_jobs ON "orders" FOR ALL TO trivance_order_jobs USING (true) WITH CHECK (true);
CREATE POLICY order_items_jobs ON "order_items" FOR SELECT TO trivance_order_jobs USING (true);
CREATE POLICY seat_pools_jobs ON "seat_pools" FOR ALL TO trivance_order_jobs USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON "orders" TO trivance_order_jobs;
GRANT SELECT ON "order_items" TO trivance_order_jobs;
CREATE POLICY ticket_types_jobs ON "ticket_types" FOR SELECT TO trivance_order_jobs USING (true);
GRANT SELECT ON "ticket_types" TO trivance_order_jobs;
GRANT SELECT, UPDATE ON "seat_pools" TO trivance_order_jobs;
GRANT INSERT ON "outbox_events" TO trivance_order_jobs;

-- Both paths append to the audit log.
DROP POLICY system_audit_log_append ON "system_audit_log";
CREATE POLICY system_audit_log_append ON "system_audit_log" FOR INSERT
  TO trivance_member_sync, trivance_platform, trivance_order_jobs, trivance_outbox_relay WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_order_jobs, trivance_outbox_relay;
