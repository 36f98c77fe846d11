import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { publishRevocations, REVOCATION_TTL_SECONDS, type Revocation } from '@trivance/shared';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { UsersRepository } from '../users/users.repository.js';

const RETRY_INTERVAL_MS = 1_000;
/** At most this many revocations wait for Redis in memory; start-up republishing covers the rest. */
const MAX_PENDING = 100_000;

/**
 * Tells every verifier that tokens must stop before they expire (see
 * `@trivance/shared` revocation-feed.ts): ended sessions, disabled accounts,
 * withdrawn signing keys. A publish that fails (Redis unreachable) is kept and
 * retried every second; at start-up each instance republishes what was revoked
 * within a token's lifetime, so a revocation made while Redis was down, by an
 * instance that then stopped, still reaches the verifiers. Verifiers bound
 * their trust while the feed is down (RevocationList).
 */
@Injectable()
export class RevocationPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationPublisher.name);
  private pending: Revocation[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => void this.flush(), RETRY_INTERVAL_MS);
    this.timer.unref();
    try {
      const since = new Date(Date.now() - REVOCATION_TTL_SECONDS * 1000);
      const sessionIds = await this.sessions.revokedSince(since);
      const disabled = await this.users.disabledSince(since);
      this.enqueue([
        ...sessionIds.map((id): Revocation => ({ kind: 'session', id })),
        ...disabled.map((user): Revocation => ({
          kind: 'user',
          id: user.userId,
          before: Math.floor(user.disabledAt.getTime() / 1000),
        })),
      ]);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read recent revocations to republish');
    }
    void this.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Ended sessions: their tokens are refused everywhere within seconds. */
  sessionsEnded(sessionIds: string[]): Promise<void> {
    return this.publish(sessionIds.map((id) => ({ kind: 'session', id })));
  }

  /** Every token of the account issued up to `at` is refused (a disabled account). */
  accountRevoked(userId: string, at: Date): Promise<void> {
    return this.publish([{ kind: 'user', id: userId, before: Math.floor(at.getTime() / 1000) }]);
  }

  /** A signing key withdrawn at once. */
  keyRevoked(kid: string): Promise<void> {
    return this.publish([{ kind: 'key', id: kid }]);
  }

  /** How many revocations are still waiting for Redis (for readiness and tests). */
  get backlog(): number {
    return this.pending.length;
  }

  private async publish(revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    try {
      await publishRevocations(this.redis, revocations);
    } catch (error) {
      this.logger.warn(
        { err: error, count: revocations.length },
        'revocations not yet published; retrying',
      );
      this.enqueue(revocations);
    }
  }

  private enqueue(revocations: Revocation[]): void {
    this.pending.push(...revocations);
    if (this.pending.length > MAX_PENDING)
      this.pending.splice(0, this.pending.length - MAX_PENDING);
  }

  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.slice(0, 500);
        try {
          await publishRevocations(this.redis, batch);
        } catch {
          return;
        }
        this.pending.splice(0, batch.length);
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }
}
