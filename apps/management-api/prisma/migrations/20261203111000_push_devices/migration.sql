-- Push notifications through Expo's push service: each account's devices
-- (Expo push tokens) and one ticket row per message sent to a device, kept
-- from before it is sent (so a message Expo has not accepted yet is retried,
-- never lost) until its receipt has been checked.
-- Cross-account path: trivance_push (registering a token that moves from one
-- account to another, sending, checking receipts, removing devices Expo says
-- are gone, pruning old tickets).

CREATE TYPE "push_platform" AS ENUM ('IOS', 'ANDROID');
CREATE TYPE "push_ticket_outcome" AS ENUM (
  'PENDING', 'ACCEPTED', 'DELIVERED', 'DEVICE_NOT_REGISTERED', 'FAILED', 'EXPIRED');

-- Account-owned: the signed-in account's devices, nobody else's.
CREATE TABLE "push_devices" (
    "id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    -- ExponentPushToken[...] / ExpoPushToken[...]: one device, one account at a time.
    "token" VARCHAR(255) NOT NULL,
    "platform" "push_platform" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "push_devices_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "push_devices_token_key" ON "push_devices"("token");
CREATE INDEX "push_devices_user_id_idx" ON "push_devices"("user_id");

-- One message to one device. notification_id names the inbox row it carries
-- (no foreign key: the inbox is its own feature) and makes a second delivery
-- of the same notification to the same device a no-op.
CREATE TABLE "push_tickets" (
    "id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "device_token" VARCHAR(255) NOT NULL,
    "notification_id" UUID,
    "title" VARCHAR(200) NOT NULL,
    "body" VARCHAR(1000) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    -- Expo's ticket id, once Expo accepted the message; it is never sent again then.
    "ticket_id" VARCHAR(64),
    "outcome" "push_ticket_outcome" NOT NULL DEFAULT 'PENDING',
    -- Expo's error code (details.error) or why sending stopped.
    "error" VARCHAR(64),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    -- When a PENDING message may be (re)sent: also a lease while one instance sends it.
    "next_attempt_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "checked_at" TIMESTAMPTZ(3),

    CONSTRAINT "push_tickets_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "push_tickets_ticket_id_key" ON "push_tickets"("ticket_id");
CREATE UNIQUE INDEX "push_tickets_notification_id_device_token_key" ON "push_tickets"("notification_id", "device_token");
-- Messages due a (re)send, and tickets due a receipt check.
CREATE INDEX "push_tickets_outcome_next_attempt_at_idx" ON "push_tickets"("outcome", "next_attempt_at");
CREATE INDEX "push_tickets_outcome_sent_at_idx" ON "push_tickets"("outcome", "sent_at");
CREATE INDEX "push_tickets_user_id_idx" ON "push_tickets"("user_id");

ALTER TABLE "push_devices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "push_devices" FORCE ROW LEVEL SECURITY;
-- The signed-in account sees and removes its own devices; registering goes
-- through the push path (a token may move from another account).
CREATE POLICY push_devices_own_read ON "push_devices" FOR SELECT
  USING (user_id = app_user_id());
CREATE POLICY push_devices_own_delete ON "push_devices" FOR DELETE
  USING (user_id = app_user_id());
CREATE POLICY push_devices_own_insert ON "push_devices" FOR INSERT
  WITH CHECK (user_id = app_user_id());
CREATE POLICY push_devices_own_update ON "push_devices" FOR UPDATE
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
GRANT SELECT, DELETE ON "push_devices" TO trivance_app;
REVOKE INSERT, UPDATE ON "push_devices" FROM trivance_app;

ALTER TABLE "push_tickets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "push_tickets" FORCE ROW LEVEL SECURITY;
CREATE POLICY push_tickets_own_read ON "push_tickets" FOR SELECT
  USING (user_id = app_user_id());
-- Written only by the push path; never by a request.
CREATE POLICY push_tickets_not_written_by_requests ON "push_tickets" FOR INSERT WITH CHECK (false);
CREATE POLICY push_tickets_not_updated_by_requests ON "push_tickets" FOR UPDATE USING (false);
CREATE POLICY push_tickets_not_deleted_by_requests ON "push_tickets" FOR DELETE USING (false);
REVOKE INSERT, UPDATE, DELETE ON "push_tickets" FROM trivance_app;
GRANT SELECT ON "push_tickets" TO trivance_app;

-- The push path: every account's devices and tickets, nothing else.
CREATE POLICY push_devices_push_path ON "push_devices" FOR ALL TO trivance_push
  USING (true) WITH CHECK (true);
CREATE POLICY push_tickets_push_path ON "push_tickets" FOR ALL TO trivance_push
  USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON "push_devices" TO trivance_push;
GRANT SELECT, INSERT, UPDATE, DELETE ON "push_tickets" TO trivance_push;
CREATE POLICY system_audit_log_append_push ON "system_audit_log" FOR INSERT
  TO trivance_push WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_push;
