import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import type { ClientInfo } from '../common/auth-context.js';
import { AuditEvent, type AuditEventType } from './audit-event.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

export interface AuditInput {
  type: AuditEventType;
  userId?: string | null;
  organizationId?: string | null;
  actor?: string | null;
  client?: ClientInfo;
  data?: Record<string, unknown>;
}

export interface AuditQuery {
  limit: number;
  before?: string;
  /**
   * Restrict to events of this organization (org admins); undefined =
   * everything. A member's events elsewhere (sign-ins, other organizations)
   * are not the organization's to read.
   */
  scope?: { organizationId: string };
  type?: AuditEventType;
  userId?: string;
}

@Injectable()
export class AuditService implements OnModuleInit {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectModel(AuditEvent.name) private readonly events: Model<AuditEvent>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.events);
  }

  /** Records an event. A failing audit write is logged, never turned into a failed request. */
  async record(input: AuditInput): Promise<void> {
    try {
      await this.events.create({
        type: input.type,
        userId: input.userId ?? null,
        organizationId: input.organizationId ?? null,
        actor: input.actor ?? null,
        ip: input.client?.ip ?? null,
        userAgent: input.client?.userAgent || null,
        data: input.data ?? {},
        createdAt: new Date(),
      });
    } catch (error) {
      this.logger.error({ err: error, type: input.type }, 'audit write failed');
    }
  }

  /** Newest first, keyset-paginated by id. */
  async list(query: AuditQuery): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = {};
    if (query.scope) filter.organizationId = query.scope.organizationId;
    if (query.type) filter.type = query.type;
    if (query.userId) filter.userId = query.userId;
    if (query.before && Types.ObjectId.isValid(query.before)) {
      filter._id = { $lt: new Types.ObjectId(query.before) };
    }
    const rows = await this.events
      .find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean<AuditEvent[]>()
      .exec();
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? String(items.at(-1)?._id) : null;
    return { items, nextCursor };
  }
}
