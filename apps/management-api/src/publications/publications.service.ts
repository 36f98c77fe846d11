import { Injectable, Logger } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import { Prisma, type Publication } from '../generated/prisma/client.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { Outbox } from '../outbox/outbox.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork, type UnitTransaction } from '../tenancy/unit-of-work.js';
import type {
  CreatePublicationInput,
  PublicationFilter,
  PublicFeedFilter,
  UpdatePublicationInput,
} from './dto/publication.inputs.js';
import {
  assertCanPublish,
  assertCanUnpublish,
  assertPublicationContent,
} from './publication-rules.js';
import { PublicationsRepository } from './publications.repository.js';
import { PublicFeedCache } from './public-feed.cache.js';

type PublicationChange = 'created' | 'updated' | 'published' | 'unpublished' | 'deleted';

const trimmedOrNull = (value: string | null | undefined): string | null =>
  value?.trim() ? value.trim() : null;

/**
 * Publications as staff write them (drafts, published, scheduled by their
 * window) and as anyone reads them in the feed. Every change drops the cached
 * feed before it returns, and is logged with who made it (the row keeps who
 * created and last changed it).
 */
@Injectable()
export class PublicationsService {
  private readonly logger = new Logger(PublicationsService.name);

  constructor(
    private readonly publications: PublicationsRepository,
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly organizations: OrganizationsService,
    private readonly feedCache: PublicFeedCache,
  ) {}

  list(
    scope: TenantScope,
    filter: PublicationFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Publication>> {
    return this.publications.page(scope, filter, args);
  }

  feed(filter: PublicFeedFilter, args: ConnectionArgs): Promise<KeysetPage<Publication>> {
    const query = {
      filter: { organizationId: filter.organizationId ?? null, kind: filter.kind ?? null },
      args,
    };
    return this.feedCache.page(query, (now) => this.publications.feedPage(filter, args, now));
  }

  async get(scope: TenantScope, id: string): Promise<Publication> {
    const publication = await this.publications.find(scope, id);
    if (!publication) throw new AppError('NOT_FOUND', 'Publication not found');
    return publication;
  }

  async create(scope: TenantScope, input: CreatePublicationInput): Promise<Publication> {
    const content = {
      kind: input.kind,
      title: input.title.trim(),
      imageUrl: input.imageUrl ?? null,
      imageAlt: trimmedOrNull(input.imageAlt),
      videoUrl: input.videoUrl ?? null,
      publishAt: input.publishAt ?? null,
      unpublishAt: input.unpublishAt ?? null,
    };
    assertPublicationContent(content);
    const actor = requestContext.principal().userId;
    const created = await this.db.client.publication.create({
      data: {
        organizationId: scope.organizationId,
        ...content,
        body: input.body ?? null,
        linkUrl: input.linkUrl ?? null,
        position: input.position ?? 0,
        createdBy: actor,
        updatedBy: actor,
      },
    });
    return this.changed(scope, created, 'created');
  }

  async update(scope: TenantScope, input: UpdatePublicationInput): Promise<Publication> {
    const updated = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, input.id);
      const content = {
        kind: input.kind ?? current.kind,
        title: input.title != null ? input.title.trim() : current.title,
        imageUrl: input.imageUrl !== undefined ? input.imageUrl : current.imageUrl,
        imageAlt: input.imageAlt !== undefined ? trimmedOrNull(input.imageAlt) : current.imageAlt,
        videoUrl: input.videoUrl !== undefined ? input.videoUrl : current.videoUrl,
        publishAt: input.publishAt !== undefined ? input.publishAt : current.publishAt,
        unpublishAt: input.unpublishAt !== undefined ? input.unpublishAt : current.unpublishAt,
      };
      assertPublicationContent(content);
      return this.db.client.publication.update({
        where: { id: current.id, organizationId: scope.organizationId },
        data: {
          ...content,
          ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.linkUrl !== undefined ? { linkUrl: input.linkUrl } : {}),
          ...(input.position != null ? { position: input.position } : {}),
          updatedBy: requestContext.principal().userId,
        },
      });
    });
    return this.changed(scope, updated, 'updated');
  }

  /**
   * DRAFT → PUBLISHED, with `publication.published` in the same transaction
   * (its `publishAt` is when readers first see it: the scheduled time, or now).
   * Each publish writes one, a publish after an unpublish included.
   */
  async publish(scope: TenantScope, id: string): Promise<Publication> {
    const published = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      const now = new Date();
      assertCanPublish(current.status, current.unpublishAt, now);
      const publication = await this.db.client.publication.update({
        where: { id, organizationId: scope.organizationId },
        data: {
          status: 'PUBLISHED',
          publishedAt: now,
          updatedBy: requestContext.principal().userId,
        },
      });
      const organization = await this.organizations.getById(scope.organizationId);
      const visibleFrom =
        publication.publishAt && publication.publishAt > now ? publication.publishAt : now;
      await this.outbox.record(unit, {
        type: 'publication.published',
        organizationId: scope.organizationId,
        payload: {
          publicationId: publication.id,
          kind: publication.kind,
          title: publication.title,
          organizationName: organization.name,
          publishAt: visibleFrom.toISOString(),
        },
      });
      return publication;
    });
    return this.changed(scope, published, 'published');
  }

  /** PUBLISHED → DRAFT: out of the feed at once, whatever its window says. */
  async unpublish(scope: TenantScope, id: string): Promise<Publication> {
    const unpublished = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      assertCanUnpublish(current.status);
      return this.db.client.publication.update({
        where: { id, organizationId: scope.organizationId },
        data: { status: 'DRAFT', updatedBy: requestContext.principal().userId },
      });
    });
    return this.changed(scope, unpublished, 'unpublished');
  }

  /** Gone for good, published or not; answers what it was. */
  async delete(scope: TenantScope, id: string): Promise<Publication> {
    const deleted = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      await this.db.client.publication.delete({
        where: { id: current.id, organizationId: scope.organizationId },
      });
      return current;
    });
    return this.changed(scope, deleted, 'deleted');
  }

  /** After the commit: the feed forgets what it cached, and the change is on record. */
  private async changed(
    scope: TenantScope,
    publication: Publication,
    change: PublicationChange,
  ): Promise<Publication> {
    await this.feedCache.invalidate();
    this.logger.log(
      {
        audit: `publication.${change}`,
        organizationId: scope.organizationId,
        publicationId: publication.id,
        actorId: requestContext.principal().userId,
        status: publication.status,
      },
      `publication ${change}`,
    );
    return publication;
  }

  /** The publication's row, locked until the unit ends (changes to one publication queue). */
  private async lock(unit: UnitTransaction, scope: TenantScope, id: string): Promise<Publication> {
    const [row] = await unit.query<{ id: string }>(
      Prisma.sql`SELECT id FROM publications WHERE id = ${id}::uuid AND organization_id = ${scope.organizationId}::uuid FOR UPDATE`,
    );
    if (!row) throw new AppError('NOT_FOUND', 'Publication not found');
    return this.get(scope, id);
  }
}
