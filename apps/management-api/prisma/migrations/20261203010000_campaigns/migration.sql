-- Campaigns: an organization's fundraising appeals, written by its editors
-- and public once published (and after they close, so donors see the end).
-- Organizations gain the legal name and tax id donation certificates carry.

ALTER TABLE "organizations"
  ADD COLUMN "legal_name" VARCHAR(200),
  ADD COLUMN "tax_id" VARCHAR(40);

CREATE TYPE "campaign_status" AS ENUM ('DRAFT', 'PUBLISHED', 'CLOSED');

CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "status" "campaign_status" NOT NULL DEFAULT 'DRAFT',
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(20000),
    "goal_amount" BIGINT,
    "currency" CHAR(3) NOT NULL,
    "category_id" UUID,
    "cover_image_url" VARCHAR(2048),
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "minimum_amount" BIGINT NOT NULL DEFAULT 100000,
    "public_since" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "campaigns_goal_positive" CHECK ("goal_amount" IS NULL OR "goal_amount" > 0),
    CONSTRAINT "campaigns_minimum_positive" CHECK ("minimum_amount" > 0),
    CONSTRAINT "campaigns_ends_after_start" CHECK ("starts_at" IS NULL OR "ends_at" IS NULL OR "ends_at" > "starts_at"),
    CONSTRAINT "campaigns_published_is_public" CHECK ("status" = 'DRAFT' OR "public_since" IS NOT NULL)
);

CREATE UNIQUE INDEX "campaigns_organization_id_id_key" ON "campaigns"("organization_id", "id");
CREATE INDEX "campaigns_organization_id_created_at_id_idx" ON "campaigns"("organization_id", "created_at", "id");
CREATE INDEX "campaigns_public_since_created_at_id_idx" ON "campaigns"("public_since", "created_at", "id");
CREATE INDEX "campaigns_title_trgm_idx" ON "campaigns" USING GIN ("title" gin_trgm_ops);

ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_organization_id_category_id_fkey" FOREIGN KEY ("organization_id", "category_id") REFERENCES "categories"("organization_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

ALTER TABLE "campaigns" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "campaigns" FORCE ROW LEVEL SECURITY;
CREATE POLICY campaigns_read ON "campaigns" FOR SELECT
  USING (organization_id = app_organization_id() OR public_since IS NOT NULL);
CREATE POLICY campaigns_write ON "campaigns" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY campaigns_update ON "campaigns" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_is_editor())
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
-- Campaigns are closed, never deleted: gifts will point at them.
CREATE POLICY campaigns_never_deleted ON "campaigns" FOR DELETE USING (false);
REVOKE DELETE ON "campaigns" FROM trivance_app;
