import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AUTH_EVENTS_STREAM, toStreamFields, type DomainEvent } from '@trivance/shared';
import type { Redis } from 'ioredis';
import type { Collection, Model } from 'mongoose';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import { REDIS } from '../redis/redis.module.js';
import { UsersRepository } from '../users/users.repository.js';
import { RelayedEvent } from './relayed-event.schema.js';

const RELAY_INTERVAL_MS = 500;
const BATCH = 500;
/**
 * Each pass re-reads documents whose last event is up to this much older than
 * the checkpoint, so a write that committed late, or an instance's clock
 * running behind, is still picked up.
 */
const OVERLAP_MS = 60_000;
/** The stream is trimmed to roughly this many entries (consumers keep up far sooner). */
const STREAM_MAX_LENGTH = 1_000_000;
const CHECKPOINT_ID = 'checkpoint';
const KEEP_RELAYED_IDS_MS = 24 * 60 * 60 * 1000;
const MEMORY_IDS = 50_000;
const PURGE_EVERY_MS = 10 * 60 * 1000;

interface OutboxDocument {
  lastEventAt: Date;
  outbox: DomainEvent[];
}

/**
 * Appends domain events from the documents that carry them to the Redis Stream
 * (ARCHITECTURE.md, "Between the services"). At least once and resumable: the
 * checkpoint is stored in MongoDB and moves only past what has been appended;
 * an event is marked relayed after it is appended, so a crash in between
 * appends it again, and consumers de-duplicate by id. Every instance relays;
 * the relayed marks keep duplicates between instances rare.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private checkpoint?: Date;
  private readonly known = new Set<string>();
  private lastPurge = Date.now();

  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    @InjectModel(RelayedEvent.name) private readonly relayed: Model<RelayedEvent>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.relayOnce(), RELAY_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Relays what is pending now; returns how many events were appended. */
  relayOnce(): Promise<number> {
    this.running ??= this.relay()
      .catch((error) => {
        this.logger.warn({ err: error }, 'domain event relay failed; will retry');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Deletes relayed marks old enough never to be looked at again. */
  async purgeRelayedMarks(now: Date): Promise<number> {
    const result = await this.relayed
      .deleteMany({
        _id: { $ne: CHECKPOINT_ID },
        at: { $lt: new Date(now.getTime() - KEEP_RELAYED_IDS_MS) },
      })
      .exec();
    return result.deletedCount;
  }

  private async relay(): Promise<number> {
    const checkpoint = await this.loadCheckpoint();
    const since = new Date(checkpoint.getTime() - OVERLAP_MS);
    const passStartedAt = new Date();
    let next = passStartedAt;
    let appended = 0;
    for (const collection of [
      this.users.model.collection,
      this.memberships.model.collection,
    ] as Collection[]) {
      const docs = (await collection
        .find({ lastEventAt: { $gt: since } }, { projection: { outbox: 1, lastEventAt: 1 } })
        .sort({ lastEventAt: 1 })
        .limit(BATCH)
        .toArray()) as unknown as OutboxDocument[];
      for (const doc of docs) {
        for (const event of doc.outbox) {
          if (new Date(event.occurredAt).getTime() <= since.getTime()) continue;
          if (await this.append(event)) appended += 1;
        }
      }
      // A full batch means more may follow: move only as far as this batch got.
      if (docs.length === BATCH) {
        const last = docs.at(-1)!.lastEventAt;
        if (last.getTime() < next.getTime()) next = last;
      }
    }
    await this.saveCheckpoint(next);
    if (passStartedAt.getTime() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = passStartedAt.getTime();
      await this.purgeRelayedMarks(passStartedAt);
    }
    return appended;
  }

  private async append(event: DomainEvent): Promise<boolean> {
    if (this.known.has(event.id)) return false;
    if (await this.relayed.exists({ _id: event.id }).exec()) {
      this.remember(event.id);
      return false;
    }
    await this.redis.xadd(
      AUTH_EVENTS_STREAM,
      'MAXLEN',
      '~',
      STREAM_MAX_LENGTH,
      '*',
      ...toStreamFields(event),
    );
    await this.relayed.create({ _id: event.id, at: new Date() }).catch((error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error;
    });
    this.remember(event.id);
    return true;
  }

  private remember(id: string): void {
    this.known.add(id);
    if (this.known.size > MEMORY_IDS) {
      const oldest = this.known.values().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  private async loadCheckpoint(): Promise<Date> {
    if (!this.checkpoint) {
      const stored = await this.relayed.findById(CHECKPOINT_ID).lean<RelayedEvent>().exec();
      this.checkpoint = stored?.at ?? new Date(0);
    }
    return this.checkpoint;
  }

  private async saveCheckpoint(at: Date): Promise<void> {
    if (this.checkpoint && at.getTime() <= this.checkpoint.getTime()) return;
    this.checkpoint = at;
    await this.relayed.updateOne({ _id: CHECKPOINT_ID }, { $max: { at } }, { upsert: true }).exec();
  }
}
