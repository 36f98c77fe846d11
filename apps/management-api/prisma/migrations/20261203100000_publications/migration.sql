-- Publications: the banners, posts and videos an organization shows in its
-- app. Tenant-owned, written by its editors, public once published (the feed
-- shows a published one only inside its publish window; the application
-- applies the window, row-level security the status).

CREATE TYPE "publication_kind" AS ENUM ('BANNER', 'POST', 'VIDEO');
CREATE TYPE "publication_status" AS ENUM ('DRAFT', 'PUBLISHED');

CREATE TABLE "publications" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "kind" "publication_kind" NOT NULL,
    "status" "publication_status" NOT NULL DEFAULT 'DRAFT',
    "title" VARCHAR(200) NOT NULL,
    "body" VARCHAR(20000),
    "image_url" VARCHAR(2048),
    "image_alt" VARCHAR(500),
    "video_url" VARCHAR(2048),
    "link_url" VARCHAR(2048),
    "publish_at" TIMESTAMPTZ(3),
    "unpublish_at" TIMESTAMPTZ(3),
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_by" VARCHAR(24) NOT NULL,
    "updated_by" VARCHAR(24) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "publications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "publications_title_not_blank" CHECK (char_length(btrim("title")) BETWEEN 1 AND 200),
    -- An image is described for readers who cannot see it (WCAG 1.1.1).
    CONSTRAINT "publications_image_has_alt" CHECK (
      "image_url" IS NULL OR ("image_alt" IS NOT NULL AND char_length(btrim("image_alt")) > 0)),
    CONSTRAINT "publications_banner_has_image" CHECK ("kind" <> 'BANNER' OR "image_url" IS NOT NULL),
    CONSTRAINT "publications_video_has_url" CHECK ("kind" <> 'VIDEO' OR "video_url" IS NOT NULL),
    CONSTRAINT "publications_urls_are_web" CHECK (
      ("image_url" IS NULL OR "image_url" ~ '^https://')
      AND ("video_url" IS NULL OR "video_url" ~ '^https://')
      AND ("link_url" IS NULL OR "link_url" ~ '^https?://')),
    CONSTRAINT "publications_window_in_order" CHECK (
      "publish_at" IS NULL OR "unpublish_at" IS NULL OR "unpublish_at" > "publish_at"),
    CONSTRAINT "publications_position_range" CHECK ("position" BETWEEN 0 AND 1000000),
    CONSTRAINT "publications_published_when" CHECK ("status" = 'DRAFT' OR "published_at" IS NOT NULL)
);

CREATE UNIQUE INDEX "publications_organization_id_id_key" ON "publications"("organization_id", "id");
-- The staff list: by position, then newest (ties by id).
CREATE INDEX "publications_organization_id_position_created_at_id_idx"
  ON "publications"("organization_id", "position", "created_at" DESC, "id" DESC);
-- The public feed's keyset order: one organization's published items by position, then newest.
CREATE INDEX "publications_organization_id_status_position_created_at_id_idx"
  ON "publications"("organization_id", "status", "position", "created_at" DESC, "id" DESC);

ALTER TABLE "publications" ADD CONSTRAINT "publications_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "publications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "publications" FORCE ROW LEVEL SECURITY;
CREATE POLICY publications_read ON "publications" FOR SELECT
  USING (organization_id = app_organization_id() OR status = 'PUBLISHED');
CREATE POLICY publications_write ON "publications" FOR INSERT
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY publications_update ON "publications" FOR UPDATE
  USING (organization_id = app_organization_id() AND app_is_editor())
  WITH CHECK (organization_id = app_organization_id() AND app_is_editor());
CREATE POLICY publications_delete ON "publications" FOR DELETE
  USING (organization_id = app_organization_id() AND app_is_editor());
