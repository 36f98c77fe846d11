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
