-- Tickets and the door: the admission a ticket counts (earliest scan), every
-- scan made online or uploaded by an offline scanner (de-duplicated by its
-- nonce), and codes that no longer admit anyone.

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN "checked_in_at" TIMESTAMPTZ(3),
ADD COLUMN "checked_in_by" CHAR(24);

-- CreateTable
CREATE TABLE "check_ins" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24),
    "event_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "nonce" VARCHAR(100) NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "reason" VARCHAR(64),
    "scanned_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" CHAR(24) NOT NULL,
    "undone_at" TIMESTAMPTZ(3),
    "undone_by" CHAR(24),

    CONSTRAINT "check_ins_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "revoked_ticket_codes" (
    "organization_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "reason" VARCHAR(32) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revoked_ticket_codes_pkey" PRIMARY KEY ("organization_id","code")
);

-- CreateIndex
CREATE UNIQUE INDEX "check_ins_organization_id_nonce_key" ON "check_ins"("organization_id", "nonce");
CREATE INDEX "check_ins_organization_id_ticket_id_scanned_at_idx" ON "check_ins"("organization_id", "ticket_id", "scanned_at");
CREATE INDEX "check_ins_organization_id_event_id_recorded_at_idx" ON "check_ins"("organization_id", "event_id", "recorded_at");
CREATE INDEX "revoked_ticket_codes_organization_id_event_id_idx" ON "revoked_ticket_codes"("organization_id", "event_id");
CREATE INDEX "tickets_organization_id_event_id_holder_name_id_idx" ON "tickets"("organization_id", "event_id", "holder_name", "id");
CREATE INDEX "tickets_holder_email_idx" ON "tickets"("holder_email");

-- AddForeignKey
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "revoked_ticket_codes" ADD CONSTRAINT "revoked_ticket_codes_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Check-ins: the organization's staff record them; the holder sees their own.
ALTER TABLE "check_ins" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "check_ins" FORCE ROW LEVEL SECURITY;
CREATE POLICY check_ins_read ON "check_ins" FOR SELECT
  USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY check_ins_write ON "check_ins" FOR INSERT
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY check_ins_undo ON "check_ins" FOR UPDATE
  USING (organization_id = app_organization_id())
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY check_ins_never_deleted ON "check_ins" FOR DELETE USING (false);
REVOKE DELETE ON "check_ins" FROM trivance_app;

-- Revoked codes: the organization's, for its door; never un-revoked.
ALTER TABLE "revoked_ticket_codes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "revoked_ticket_codes" FORCE ROW LEVEL SECURITY;
CREATE POLICY revoked_ticket_codes_read ON "revoked_ticket_codes" FOR SELECT
  USING (organization_id = app_organization_id());
CREATE POLICY revoked_ticket_codes_write ON "revoked_ticket_codes" FOR INSERT
  WITH CHECK (organization_id = app_organization_id());
CREATE POLICY revoked_ticket_codes_never_updated ON "revoked_ticket_codes" FOR UPDATE USING (false);
CREATE POLICY revoked_ticket_codes_never_deleted ON "revoked_ticket_codes" FOR DELETE USING (false);
REVOKE UPDATE, DELETE ON "revoked_ticket_codes" FROM trivance_app;

-- Discount codes -------------------------------------------------------------

-- CreateEnum
CREATE TYPE "discount_kind" AS ENUM ('PERCENT', 'FIXED');

-- CreateTable
CREATE TABLE "discount_codes" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "kind" "discount_kind" NOT NULL,
    "value" BIGINT NOT NULL,
    "max_uses" INTEGER,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "valid_from" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),
    "ticket_type_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "discount_codes_pkey" PRIMARY KEY ("id"),
    -- Never used more than allowed, whoever counts.
    CONSTRAINT "discount_codes_uses_within_limit" CHECK ("uses" >= 0 AND ("max_uses" IS NULL OR "uses" <= "max_uses")),
    CONSTRAINT "discount_codes_value_fits_kind" CHECK ("value" > 0 AND ("kind" <> 'PERCENT' OR "value" <= 100))
);

-- AlterTable
ALTER TABLE "orders" ADD COLUMN "discount_code_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "discount_codes_organization_id_event_id_code_key" ON "discount_codes"("organization_id", "event_id", "code");

-- AddForeignKey
ALTER TABLE "discount_codes" ADD CONSTRAINT "discount_codes_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "discount_codes" ADD CONSTRAINT "discount_codes_organization_id_event_id_fkey" FOREIGN KEY ("organization_id", "event_id") REFERENCES "events"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Staff manage codes; buyers never list them. A buyer who knows a code
-- reaches it only through the functions below (SECURITY DEFINER, run as the
-- owner, whose policy on this table is theirs alone).
ALTER TABLE "discount_codes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "discount_codes" FORCE ROW LEVEL SECURITY;
CREATE POLICY discount_codes_read ON "discount_codes" FOR SELECT
  USING (organization_id = app_organization_id());
CREATE POLICY discount_codes_write ON "discount_codes" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY discount_codes_update ON "discount_codes" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_is_editor())
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY discount_codes_delete ON "discount_codes" FOR DELETE
  USING (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY discount_codes_redeem ON "discount_codes" FOR ALL TO trivance_owner USING (true) WITH CHECK (true);
CREATE POLICY ticket_types_unlock ON "ticket_types" FOR SELECT TO trivance_owner USING (true);
CREATE POLICY events_unlock ON "events" FOR SELECT TO trivance_owner USING (true);

-- The code of a published event, for a buyer who typed it (normalized to upper case).
CREATE FUNCTION discount_code_for(p_event uuid, p_code text)
  RETURNS TABLE (id uuid, organization_id uuid, kind discount_kind, value bigint, max_uses integer, uses integer,
                 valid_from timestamptz, valid_until timestamptz, ticket_type_ids uuid[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT d.id, d.organization_id, d.kind, d.value, d.max_uses, d.uses, d.valid_from, d.valid_until, d.ticket_type_ids
  FROM discount_codes d JOIN events e ON e.id = d.event_id AND e.organization_id = d.organization_id
  WHERE d.event_id = p_event AND d.code = upper(btrim(p_code)) AND e.status = 'PUBLISHED'
$$;

-- The hidden ticket types a code unlocks, for a buyer who typed it.
CREATE FUNCTION ticket_types_unlocked_by(p_event uuid, p_code text)
  RETURNS SETOF ticket_types
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.* FROM ticket_types t JOIN discount_code_for(p_event, p_code) d ON d.organization_id = t.organization_id
  WHERE t.event_id = p_event AND t.hidden AND t.public_since IS NOT NULL AND t.id = ANY (d.ticket_type_ids)
$$;

-- Takes one use of a code (false when none is left), or gives one back.
CREATE FUNCTION take_discount_use(p_id uuid) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH taken AS (
    UPDATE discount_codes SET uses = uses + 1
    WHERE id = p_id AND (max_uses IS NULL OR uses < max_uses) RETURNING 1
  ) SELECT EXISTS (SELECT 1 FROM taken)
$$;
CREATE FUNCTION give_back_discount_use(p_id uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  UPDATE discount_codes SET uses = uses - 1 WHERE id = p_id AND uses > 0
$$;
REVOKE ALL ON FUNCTION discount_code_for(uuid, text), ticket_types_unlocked_by(uuid, text),
  take_discount_use(uuid), give_back_discount_use(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION discount_code_for(uuid, text), ticket_types_unlocked_by(uuid, text),
  take_discount_use(uuid), give_back_discount_use(uuid) TO trivance_app;
GRANT EXECUTE ON FUNCTION give_back_discount_use(uuid) TO trivance_order_jobs;

-- A buyer reads the ticket types they bought, hidden ones (unlocked by a code) included.
DROP POLICY ticket_types_read ON "ticket_types";
CREATE POLICY ticket_types_read ON "ticket_types" FOR SELECT
  USING (organization_id = app_organization_id()
         OR (public_since IS NOT NULL AND (NOT hidden OR EXISTS (
               SELECT 1 FROM order_items item
               WHERE item.ticket_type_id = ticket_types.id AND item.user_id = app_user_id()))));
