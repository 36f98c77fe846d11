-- Notifications: the in-app inbox (read, seen, archived), one row per domain
-- event and recipient, and each account's choices per kind and channel.
-- Cross-tenant path: trivance_notifications (turning domain events into
-- notifications for their recipients in whichever organization the event is).

CREATE TYPE "notification_kind" AS ENUM (
  'ORDER_CONFIRMED', 'TICKET_CHECKED_IN', 'TICKET_RECEIVED', 'WAITLIST_OFFER', 'EVENT_CANCELLED',
  'DONATION_RECEIPT', 'RECURRING_FAILED', 'MEMBERSHIP_CHANGED', 'PUBLICATION');
CREATE TYPE "notification_channel" AS ENUM ('IN_APP', 'EMAIL', 'PUSH');

-- Customer-owned, the recipient's alone (not the organization's staff).
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" VARCHAR(1000) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    -- What caused it (the domain event's id): one notification per cause and
    -- recipient, however often the event is delivered.
    "transaction_id" VARCHAR(64) NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "seen_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "notifications_organization_id_id_key" ON "notifications"("organization_id", "id");
CREATE UNIQUE INDEX "notifications_user_id_transaction_id_key" ON "notifications"("user_id", "transaction_id");
-- The inbox, newest first, and the unread count.
CREATE INDEX "notifications_user_id_created_at_id_idx" ON "notifications"("user_id", "created_at", "id");
CREATE INDEX "notifications_unread_idx" ON "notifications"("user_id") WHERE "read_at" IS NULL AND "archived_at" IS NULL;

-- An account's choice for one kind on one channel; no row means on.
CREATE TABLE "notification_preferences" (
    "user_id" CHAR(24) NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "channel" "notification_channel" NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id", "kind", "channel")
);

ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notifications" FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_recipient_read ON "notifications" FOR SELECT
  USING (user_id = app_user_id());
CREATE POLICY notifications_recipient_marks ON "notifications" FOR UPDATE
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
-- Written only by the notifications path; never by a request.
CREATE POLICY notifications_not_written_by_requests ON "notifications" FOR INSERT WITH CHECK (false);
CREATE POLICY notifications_not_deleted_by_requests ON "notifications" FOR DELETE USING (false);
-- A recipient marks a notification read, seen or archived; nothing else of it changes.
REVOKE INSERT, UPDATE, DELETE ON "notifications" FROM trivance_app;
GRANT UPDATE ("read_at", "seen_at", "archived_at") ON "notifications" TO trivance_app;

ALTER TABLE "notification_preferences" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notification_preferences" FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_preferences_own ON "notification_preferences" FOR ALL
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
GRANT SELECT, INSERT, UPDATE ON "notification_preferences" TO trivance_app;
REVOKE DELETE ON "notification_preferences" FROM trivance_app;

-- The notifications path: finds an event's recipients in its organization,
-- honours their in-app choice, writes their notifications.
CREATE POLICY notifications_path_write ON "notifications" FOR INSERT TO trivance_notifications WITH CHECK (true);
CREATE POLICY notifications_path_read ON "notifications" FOR SELECT TO trivance_notifications USING (true);
CREATE POLICY notification_preferences_path ON "notification_preferences" FOR SELECT TO trivance_notifications USING (true);
CREATE POLICY orders_notifications_path ON "orders" FOR SELECT TO trivance_notifications USING (true);
CREATE POLICY member_profiles_notifications_path ON "member_profiles" FOR SELECT TO trivance_notifications USING (true);
GRANT SELECT, INSERT ON "notifications" TO trivance_notifications;
GRANT SELECT ON "notification_preferences" TO trivance_notifications;
GRANT SELECT ("id", "organization_id", "event_id", "user_id", "status") ON "orders" TO trivance_notifications;
GRANT SELECT ("organization_id", "user_id") ON "member_profiles" TO trivance_notifications;
GRANT SELECT ("id", "name") ON "organizations" TO trivance_notifications;
CREATE POLICY system_audit_log_append_notifications ON "system_audit_log" FOR INSERT
  TO trivance_notifications WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_notifications;
