import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedis } from '../../redis/redis.module.js';

const BATCH = 50;
const BLOCK_MS = 2_000;
/** Entries pending this long belong to a consumer that died; we take them over. */
const CLAIM_IDLE_MS = 60_000;

type StreamEntry = [id: string, fields: string[]];

export interface StreamConsumerOptions<E> {
  redisUrl: string;
  stream: string;
  deadLetterStream: string;
  group: string;
  /** Deliveries after which an entry that keeps failing is moved to the dead letters. */
  maxDeliveries: number;
  /** Reads an entry; throwing `isMalformed` errors sends it to the dead letters at once. */
  parse(fields: string[]): E;
  isMalformed(error: unknown): boolean;
  /** Handles one event (idempotently: delivery is at least once); returns its outcome label. */
  handle(event: E): Promise<string>;
  /** Told every outcome, dead letters included (event undefined when it could not be read). */
  onOutcome?(event: E | undefined, outcome: string): void;
}

/**
 * Reads a Redis Stream through a consumer group: at least once, resumable
 * (its own unacknowledged entries are re-read at start, a dead consumer's
 * are claimed after a minute), and an entry that keeps failing is moved to a
 * dead-letter stream instead of blocking the rest.
 */
export class StreamConsumer<E> {
  private readonly logger: Logger;
  private readonly consumerName = `${hostname()}-${process.pid}`;
  private redis?: Redis;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: StreamConsumerOptions<E>) {
    this.logger = new Logger(`StreamConsumer ${options.group}`);
  }

  start(): void {
    // A connection of its own: XREADGROUP blocks it.
    this.redis = createRedis(this.options.redisUrl, this.options.group, {
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    this.running = this.loop(this.redis);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.redis?.disconnect();
    // A command stuck on a dead connection must not hold up shutdown.
    await Promise.race([this.running, sleep(2_000)]);
  }

  private async loop(redis: Redis): Promise<void> {
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
          if (!(await this.process(redis, entry))) failures++;
        }
        if (failures > 0) {
          // Retry what failed after a pause, before taking new entries.
          readOwnPending = true;
          await sleep(500);
        }
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ err: error }, 'stream consumer error; retrying');
        await sleep(1_000);
      }
    }
  }

  private async ensureGroup(redis: Redis): Promise<void> {
    try {
      // From the start of the stream: events written before we existed count too.
      await redis.xgroup('CREATE', this.options.stream, this.options.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  private async read(redis: Redis, from: '0' | '>'): Promise<StreamEntry[]> {
    const block = from === '>' ? ['BLOCK', String(BLOCK_MS)] : [];
    const result = (await redis.call(
      'XREADGROUP',
      'GROUP',
      this.options.group,
      this.consumerName,
      'COUNT',
      String(BATCH),
      ...block,
      'STREAMS',
      this.options.stream,
      from,
    )) as [string, StreamEntry[]][] | null;
    return result?.[0]?.[1] ?? [];
  }

  private async claimAbandoned(redis: Redis): Promise<void> {
    const [, entries] = (await redis.xautoclaim(
      this.options.stream,
      this.options.group,
      this.consumerName,
      CLAIM_IDLE_MS,
      '0-0',
      'COUNT',
      BATCH,
    )) as [string, StreamEntry[]];
    for (const entry of entries) await this.process(redis, entry);
  }

  /** Returns false when the entry stays pending for another try. */
  private async process(redis: Redis, [entryId, fields]: StreamEntry): Promise<boolean> {
    let event: E | undefined;
    try {
      event = this.options.parse(fields);
      const outcome = await this.options.handle(event);
      this.options.onOutcome?.(event, outcome);
      await redis.xack(this.options.stream, this.options.group, entryId);
      return true;
    } catch (error) {
      const deliveries = await this.deliveries(redis, entryId);
      const poison = this.options.isMalformed(error) || deliveries >= this.options.maxDeliveries;
      this.logger.warn(
        { err: error, entryId, deliveries },
        poison ? 'event moved to the dead-letter stream' : 'event failed; will retry',
      );
      if (!poison) return false;
      await redis.xadd(
        this.options.deadLetterStream,
        '*',
        ...fields,
        'entryId',
        entryId,
        'error',
        error instanceof Error ? error.message : String(error),
      );
      await redis.xack(this.options.stream, this.options.group, entryId);
      this.options.onOutcome?.(event, 'dead-lettered');
      return true;
    }
  }

  private async deliveries(redis: Redis, entryId: string): Promise<number> {
    const pending = (await redis.xpending(
      this.options.stream,
      this.options.group,
      entryId,
      entryId,
      1,
    )) as [string, string, number, number][];
    return pending[0]?.[3] ?? 0;
  }
}
