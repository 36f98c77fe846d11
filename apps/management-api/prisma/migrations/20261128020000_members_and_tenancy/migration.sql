-- Trigram indexes serve "contains" search on member names and emails.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The request's scope, set per transaction by the application from the
-- verified token (set_config(..., true)); NULL when not set.
CREATE FUNCTION app_organization_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.organization_id', true), '')::uuid $$;
CREATE FUNCTION app_user_id() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.user_id', true), '') $$;
CREATE FUNCTION app_is_super_admin() RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('app.role', true), '') = 'super_admin' $$;

-- CreateEnum
CREATE TYPE "member_role" AS ENUM ('ADMIN', 'MODERATOR', 'USER');

-- CreateTable
CREATE TABLE "member_profiles" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "role" "member_role" NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "event_id" VARCHAR(64) NOT NULL,
    "type" VARCHAR(64) NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_profiles_organization_id_user_id_key" ON "member_profiles"("organization_id", "user_id");
CREATE INDEX "member_profiles_organization_id_created_at_id_idx" ON "member_profiles"("organization_id", "created_at", "id");
CREATE INDEX "member_profiles_organization_id_name_id_idx" ON "member_profiles"("organization_id", "name", "id");
CREATE INDEX "member_profiles_organization_id_email_id_idx" ON "member_profiles"("organization_id", "email", "id");
CREATE INDEX "member_profiles_organization_id_role_created_at_id_idx" ON "member_profiles"("organization_id", "role", "created_at", "id");
CREATE INDEX "member_profiles_user_id_idx" ON "member_profiles"("user_id");
CREATE INDEX "member_profiles_name_trgm_idx" ON "member_profiles" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "member_profiles_email_trgm_idx" ON "member_profiles" USING GIN ("email" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "member_profiles" ADD CONSTRAINT "member_profiles_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second line of defence behind the application's
-- tenant scoping. The application role is subject to it; the system role
-- (webhooks, jobs) bypasses it through named, audited code paths.
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;
-- An organization's public profile (name, slug) is readable by anyone.
CREATE POLICY organizations_public_read ON "organizations" FOR SELECT USING (true);
CREATE POLICY organizations_create ON "organizations" FOR INSERT WITH CHECK (app_is_super_admin());
CREATE POLICY organizations_update ON "organizations" FOR UPDATE
  USING (id = app_organization_id() OR app_is_super_admin())
  WITH CHECK (id = app_organization_id() OR app_is_super_admin());
CREATE POLICY organizations_delete ON "organizations" FOR DELETE USING (app_is_super_admin());

ALTER TABLE "member_profiles" ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_profiles_tenant ON "member_profiles" FOR ALL
  USING (organization_id = app_organization_id())
  WITH CHECK (organization_id = app_organization_id());
-- A member sees their own profiles in every organization (the viewer's memberships).
CREATE POLICY member_profiles_self ON "member_profiles" FOR SELECT USING (user_id = app_user_id());

-- Only the system role (event consumer) touches the de-duplication log.
ALTER TABLE "processed_events" ENABLE ROW LEVEL SECURITY;
