import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AUTH_EVENTS_DEAD_LETTER_STREAM,
  AUTH_EVENTS_STREAM,
  type DomainEvent,
  fromStreamFields,
  MalformedEventError,
} from '@trivance/shared';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { Metrics } from '../metrics/metrics.js';
import { createRedis } from '../redis/redis.module.js';
import { ViewerService } from '../viewer/viewer.service.js';
import { MemberProjection } from './member-projection.system-path.js';

export const CONSUMER_GROUP = 'management-api';
/** Deliveries after which an event that keeps failing goes to the dead-letter stream. */
export const MAX_DELIVERIES = 5;
const BATCH = 50;
const BLOCK_MS = 2_000;
/** Entries pending this long belong to a consumer that died; we take them over. */
const CLAIM_IDLE_MS = 60_000;

type StreamEntry = [id: string, fields: string[]];

/**
 * Consumes the Auth Service's domain events with a Redis consumer group: at
 * least once, idempotent (the projection de-duplicates by event id),
 * resumable (our own unacknowledged entries are re-read at start-up, a dead
 * consumer's are claimed after a minute), and an event that keeps failing is
 * moved to a dead-letter stream instead of blocking the rest.
 */
@Injectable()
export class AuthEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuthEventsConsumer.name);
  private readonly consumerName = `${hostname()}-${process.pid}`;
  private redis?: Redis;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly projection: MemberProjection,
    private readonly viewers: ViewerService,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DOMAIN_EVENTS_CONSUMER) return;
    // A connection of its own: XREADGROUP blocks it.
    this.redis = createRedis(this.config.REDIS_URL, 'management-api-events', {
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.redis?.disconnect();
    // A command stuck on a dead connection must not hold up shutdown.
    await Promise.race([this.running, sleep(2_000)]);
  }

  private async loop(): Promise<void> {
    const redis = this.redis!;
    let readOwnPending = true;
    let lastClaim = 0;
    while (!this.stopping) {
      try {
        await this.ensureGroup(redis);
        if (Date.now() - lastClaim > CLAIM_IDLE_MS / 2) {
          lastClaim = Date.now();
          await this.claimAbandoned(redis);
        }
        const entries = await this.read(redis, readOwnPending ? '0' : '>');
        if (readOwnPending && entries.length === 0) readOwnPending = false;
        let failures = 0;
        for (const entry of entries) {
          if (!(await this.handle(redis, entry))) failures++;
        }
        if (failures > 0) {
          // Retry what failed after a pause, before taking new entries.
          readOwnPending = true;
          await sleep(500);
        }
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ err: error }, 'event consumer error; retrying');
        await sleep(1_000);
      }
    }
  }

  private async ensureGroup(redis: Redis): Promise<void> {
    try {
      // From the start of the stream: events written before we existed count too.
      await redis.xgroup('CREATE', AUTH_EVENTS_STREAM, CONSUMER_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  private async read(redis: Redis, from: '0' | '>'): Promise<StreamEntry[]> {
    const block = from === '>' ? ['BLOCK', String(BLOCK_MS)] : [];
    const result = (await redis.call(
      'XREADGROUP',
      'GROUP',
      CONSUMER_GROUP,
      this.consumerName,
      'COUNT',
      String(BATCH),
      ...block,
      'STREAMS',
      AUTH_EVENTS_STREAM,
      from,
    )) as [string, StreamEntry[]][] | null;
    return result?.[0]?.[1] ?? [];
  }

  private async claimAbandoned(redis: Redis): Promise<void> {
    const [, entries] = (await redis.xautoclaim(
      AUTH_EVENTS_STREAM,
      CONSUMER_GROUP,
      this.consumerName,
      CLAIM_IDLE_MS,
      '0-0',
      'COUNT',
      BATCH,
    )) as [string, StreamEntry[]];
    for (const entry of entries) await this.handle(redis, entry);
  }

  /** Returns false when the entry stays pending for another try. */
  private async handle(redis: Redis, [entryId, fields]: StreamEntry): Promise<boolean> {
    let event: DomainEvent | undefined;
    try {
      event = fromStreamFields(fields);
      const outcome = await this.projection.apply(event);
      if (outcome === 'applied') await this.afterApply(event);
      this.metrics.domainEvents.inc({ type: event.type, outcome });
      await redis.xack(AUTH_EVENTS_STREAM, CONSUMER_GROUP, entryId);
      return true;
    } catch (error) {
      const deliveries = await this.deliveries(redis, entryId);
      const poison = error instanceof MalformedEventError || deliveries >= MAX_DELIVERIES;
      this.logger.warn(
        { err: error, entryId, eventId: event?.id, deliveries },
        poison ? 'event moved to the dead-letter stream' : 'event failed; will retry',
      );
      if (!poison) return false;
      await redis.xadd(
        AUTH_EVENTS_DEAD_LETTER_STREAM,
        '*',
        ...fields,
        'entryId',
        entryId,
        'error',
        error instanceof Error ? error.message : String(error),
      );
      await redis.xack(AUTH_EVENTS_STREAM, CONSUMER_GROUP, entryId);
      this.metrics.domainEvents.inc({ type: event?.type ?? 'unknown', outcome: 'dead-lettered' });
      return true;
    }
  }

  private async deliveries(redis: Redis, entryId: string): Promise<number> {
    const pending = (await redis.xpending(
      AUTH_EVENTS_STREAM,
      CONSUMER_GROUP,
      entryId,
      entryId,
      1,
    )) as [string, string, number, number][];
    return pending[0]?.[3] ?? 0;
  }

  private async afterApply(event: DomainEvent): Promise<void> {
    if (event.type !== 'user.registered') await this.viewers.invalidate(event.payload.userId);
  }
}
