import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { type BackgroundLoop, startLoop } from '../common/background-loop.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { SystemDatabase } from '../database/system-database.js';
import { InjectRedis } from '../redis/redis.module.js';
import { MANAGEMENT_EVENTS_STREAM } from './management-events.js';

const BATCH = 200;
const IDLE_POLL_MS = 200;

interface OutboxRow {
  id: string;
  organization_id: string;
  user_id: string | null;
  type: string;
  payload: unknown;
  occurred_at: Date;
}

/** Stream fields of one relayed event (the consumers' contract). */
export function outboxStreamFields(row: OutboxRow): string[] {
  const fields = [
    'id',
    row.id,
    'type',
    row.type,
    'organizationId',
    row.organization_id,
    'occurredAt',
    row.occurred_at.toISOString(),
    'payload',
    JSON.stringify(row.payload),
  ];
  if (row.user_id) fields.push('userId', row.user_id);
  return fields;
}

/**
 * Publishes outbox events to the Redis Stream, oldest first, and marks them
 * relayed in the same transaction. Instances take disjoint batches (SKIP
 * LOCKED); a crash after publishing and before committing publishes the batch
 * again, which consumers tolerate (at least once, de-duplicated by id). The
 * only entry point of the outbox relay path.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.loop = startLoop({
      name: 'outbox relay',
      logger: this.logger,
      idleMs: IDLE_POLL_MS,
      round: async () => ({ more: (await this.relayBatch()) === BATCH }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** Relays one batch; the number of events relayed. */
  relayBatch(): Promise<number> {
    return this.system.run(
      'outbox.relay',
      { actor: 'outbox-relay', reason: 'relay domain events', quietWhenIdle: true },
      async (tx, audit) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT id, organization_id, user_id, type, payload, occurred_at FROM outbox_events
          WHERE relayed_at IS NULL ORDER BY occurred_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        const pipeline = this.redis.pipeline();
        for (const row of rows)
          pipeline.xadd(MANAGEMENT_EVENTS_STREAM, '*', ...outboxStreamFields(row));
        const results = await pipeline.exec();
        const failed = results?.find(([error]) => error);
        if (!results || failed) throw failed?.[0] ?? new Error('Redis did not answer the relay');
        await tx.$executeRaw`UPDATE outbox_events SET relayed_at = now() WHERE id = ANY(${rows.map((row) => row.id)}::uuid[])`;
        audit.touched(rows.length);
        return rows.length;
      },
    );
  }
}
