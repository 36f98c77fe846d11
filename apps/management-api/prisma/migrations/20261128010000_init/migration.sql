-- Database roles (created by the platform's provisioning, not by migrations):
--   trivance_app     the application; never owns tables, cannot bypass row-level security
--   trivance_system  the few audited cross-tenant paths (webhooks, jobs)
-- Privileges are granted here when the roles exist, so tables created by later
-- migrations are covered by the default privileges below.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_app') THEN
    EXECUTE 'GRANT USAGE ON SCHEMA public TO trivance_app';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO trivance_app';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO trivance_app';
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_system') THEN
    EXECUTE 'GRANT USAGE ON SCHEMA public TO trivance_system';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO trivance_system';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO trivance_system';
  END IF;
END $$;

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "slug" VARCHAR(63) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");
