-- A base the domain stands on: every table forced under row-level security,
-- no policy that trusts a role claimed through a setting, cross-tenant paths
-- through roles of their own (created by provisioning: trivance_member_sync,
-- trivance_platform), customer-owned rows, idempotency records, ordered
-- member projections and an append-only audit of system paths.

-- The role the request's token carries, set per transaction like the others.
CREATE FUNCTION app_role() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.role', true), '') $$;

-- The system login holds no rights of its own any more: each path takes its role.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM trivance_system;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM trivance_system;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM trivance_system;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM trivance_system;

-- Organizations: public profiles. Their own admins update them; creating and
-- deleting one is a platform write through the audited platform path. A
-- super admin's role counts only in the organization it names (its token's).
DROP POLICY organizations_create ON "organizations";
DROP POLICY organizations_update ON "organizations";
DROP POLICY organizations_delete ON "organizations";
DROP FUNCTION app_is_super_admin();
REVOKE INSERT, DELETE ON "organizations" FROM trivance_app;
CREATE POLICY organizations_update ON "organizations" FOR UPDATE
  USING (id = app_organization_id() AND app_role() IN ('admin', 'super_admin'))
  WITH CHECK (id = app_organization_id() AND app_role() IN ('admin', 'super_admin'));
CREATE POLICY organizations_platform_insert ON "organizations" FOR INSERT TO trivance_platform
  WITH CHECK (true);
CREATE POLICY organizations_platform_delete ON "organizations" FOR DELETE TO trivance_platform
  USING (true);
GRANT SELECT, INSERT, DELETE ON "organizations" TO trivance_platform;
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;

-- Member profiles: the projection the member-sync path keeps.
CREATE POLICY member_profiles_sync ON "member_profiles" FOR ALL TO trivance_member_sync
  USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON "member_profiles" TO trivance_member_sync;
GRANT SELECT ON "organizations" TO trivance_member_sync;
ALTER TABLE "member_profiles" FORCE ROW LEVEL SECURITY;

-- Applied events: the member-sync path's de-duplication log, nobody else's.
REVOKE ALL ON "processed_events" FROM trivance_app;
CREATE POLICY processed_events_sync ON "processed_events" FOR ALL TO trivance_member_sync
  USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON "processed_events" TO trivance_member_sync;
ALTER TABLE "processed_events" FORCE ROW LEVEL SECURITY;

-- CreateTable
CREATE TABLE "member_versions" (
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" VARCHAR(64) NOT NULL,

    CONSTRAINT "member_versions_pkey" PRIMARY KEY ("organization_id","user_id")
);

-- CreateTable
CREATE TABLE "account_versions" (
    "user_id" CHAR(24) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" VARCHAR(64) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "account_versions_pkey" PRIMARY KEY ("user_id")
);

REVOKE ALL ON "member_versions", "account_versions" FROM trivance_app;
ALTER TABLE "member_versions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "member_versions" FORCE ROW LEVEL SECURITY;
CREATE POLICY member_versions_sync ON "member_versions" FOR ALL TO trivance_member_sync
  USING (true) WITH CHECK (true);
ALTER TABLE "account_versions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "account_versions" FORCE ROW LEVEL SECURITY;
CREATE POLICY account_versions_sync ON "account_versions" FOR ALL TO trivance_member_sync
  USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON "member_versions", "account_versions" TO trivance_member_sync;

-- CreateTable
CREATE TABLE "idempotency_records" (
    "organization_id" UUID NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("organization_id","key_hash")
);

-- CreateIndex
CREATE INDEX "idempotency_records_expires_at_idx" ON "idempotency_records"("expires_at");

-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Customer-owned: the owning organization's staff and the row's own user, nobody
-- else; a customer writes only rows of its own user id.
ALTER TABLE "idempotency_records" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "idempotency_records" FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_records_customer ON "idempotency_records" FOR ALL
  USING (organization_id = app_organization_id() OR user_id = app_user_id())
  WITH CHECK (organization_id = app_organization_id() OR user_id = app_user_id());

-- CreateTable
CREATE TABLE "system_audit_log" (
    "id" UUID NOT NULL,
    "path" VARCHAR(64) NOT NULL,
    "actor" VARCHAR(100) NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "detail" JSONB NOT NULL,
    "rows_touched" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "system_audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "system_audit_log_path_created_at_idx" ON "system_audit_log"("path", "created_at");

-- Append-only: system paths add entries; nobody changes or removes one. The
-- owner (operators) reads them.
REVOKE ALL ON "system_audit_log" FROM trivance_app;
ALTER TABLE "system_audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "system_audit_log" FORCE ROW LEVEL SECURITY;
CREATE POLICY system_audit_log_append ON "system_audit_log" FOR INSERT
  TO trivance_member_sync, trivance_platform WITH CHECK (true);
CREATE POLICY system_audit_log_read ON "system_audit_log" FOR SELECT TO trivance_owner USING (true);
CREATE POLICY system_audit_log_never_updated ON "system_audit_log" FOR UPDATE USING (false);
CREATE POLICY system_audit_log_never_deleted ON "system_audit_log" FOR DELETE USING (false);
GRANT INSERT ON "system_audit_log" TO trivance_member_sync, trivance_platform;
