import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { sha256Hex } from '../common/opaque-token.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { REDIS } from '../redis/redis.module.js';
import { Metrics } from '../metrics/metrics.js';
import { LOGIN_FAILURES, RATE_LIMITS } from './rate-limit.policies.js';

export type LimitName = keyof typeof RATE_LIMITS | 'mailPerAddress';

export interface LimitSubject {
  /** For the audit log only; keys use a hash of the email, never the email itself. */
  email?: string;
  userId?: string | null;
  client: ClientInfo;
}

/** The outcome of one checked secret; see RateLimitService.beginCredentialAttempt. */
export interface CredentialAttempt {
  /** The secret was right: the email's failures and slow-down are cleared. */
  succeeded(): Promise<void>;
  /**
   * The secret was wrong: the failure stays counted and may slow the email
   * down (the account, once known, is named in the audit event).
   */
  failed(account?: { userId: string | null }): Promise<void>;
  /** Nothing was decided (another error): the attempt is given back. */
  release(): Promise<void>;
}

const GATE_HOLD_SECONDS = 30;

function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Rate limits stored in Redis, each with an in-memory insurance limiter so an
 * instance keeps limiting (per instance) instead of failing open when Redis is
 * unreachable. Every limit event is audited.
 */
@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();
  private readonly failures: RateLimiterAbstract;
  private readonly blocks: RateLimiterAbstract;
  private readonly blockBaseSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTH_CONFIG) config: AuthConfig,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {
    for (const [name, policy] of Object.entries(RATE_LIMITS)) {
      this.limiters.set(
        name as LimitName,
        this.limiter(`rl:${name}`, policy.points, policy.duration),
      );
    }
    this.limiters.set(
      'mailPerAddress',
      this.limiter('rl:mailPerAddress', 1, config.MAIL_RESEND_INTERVAL_SECONDS),
    );
    this.failures = this.limiter('rl:loginFailures', 1_000_000, LOGIN_FAILURES.window);
    // The gate's hold lasts at most this long if its holder never reports back.
    this.blocks = this.limiter('rl:loginBlock', 1, GATE_HOLD_SECONDS);
    this.blockBaseSeconds = config.LOGIN_FAILURE_BLOCK_SECONDS;
  }

  private limiter(keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  }

  static emailKey(normalizedEmail: string): string {
    return sha256Hex(normalizedEmail);
  }

  /** Consumes a point; over the limit throws 429 RATE_LIMITED with Retry-After. */
  async consume(name: LimitName, key: string, subject: LimitSubject): Promise<void> {
    const retryAfter = await this.tryConsume(name, key, subject);
    if (retryAfter !== 0) throw this.rateLimited(retryAfter);
  }

  /** Consumes a point; returns 0 when allowed, or the seconds to wait (the event is audited). */
  async tryConsume(name: LimitName, key: string, subject: LimitSubject): Promise<number> {
    const limiter = this.limiters.get(name)!;
    try {
      await limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      await this.auditLimit(name, subject);
      return retryAfterSeconds(rejection);
    }
  }

  /**
   * Starts a check of a secret (password, second-factor code, recovery code)
   * for an account's email. The attempt is counted before the secret is
   * checked, atomically in Redis, so requests in flight together cannot all
   * slip under the limit: below the threshold each one takes a numbered slot;
   * from the threshold on only one attempt at a time may be checked, and only
   * once the previous failure's slow-down has passed. The caller reports the
   * outcome; a success clears the count, anything that was not a check gives
   * its slot back.
   */
  async beginCredentialAttempt(
    normalizedEmail: string,
    subject: LimitSubject,
  ): Promise<CredentialAttempt> {
    const key = RateLimitService.emailKey(normalizedEmail);
    const blocked = await this.blocks.get(key);
    if (blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) {
      await this.auditLimit('loginBlock', subject);
      throw this.rateLimited(retryAfterSeconds(blocked));
    }
    const count = await this.countAttempt(key);
    if (count >= LOGIN_FAILURES.threshold) {
      try {
        // The gate: one point per key, so only one caller holds it; a failure
        // turns it into the slow-down, a success or a give-back lifts it.
        await this.blocks.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        await this.failures.reward(key, 1).catch(() => undefined);
        await this.auditLimit('loginBlock', subject);
        throw this.rateLimited(retryAfterSeconds(rejection));
      }
    }
    let settled = false;
    const settle = () => {
      const first = !settled;
      settled = true;
      return first;
    };
    return {
      succeeded: async () => {
        if (settle()) await this.clearLoginFailures(normalizedEmail);
      },
      failed: async (account) => {
        if (settle()) await this.slowDown(key, count, { ...subject, ...account });
      },
      release: async () => {
        if (!settle()) return;
        await this.failures.reward(key, 1).catch(() => undefined);
        if (count >= LOGIN_FAILURES.threshold) await this.blocks.delete(key).catch(() => undefined);
      },
    };
  }

  /** Counts one attempt for the key; returns its number within the window. */
  private async countAttempt(key: string): Promise<number> {
    try {
      return (await this.failures.consume(key)).consumedPoints;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return rejection.consumedPoints;
    }
  }

  /** From the threshold on, each failure blocks the key for base * 2^(n - threshold) seconds. */
  private async slowDown(key: string, failures: number, subject: LimitSubject): Promise<void> {
    if (failures < LOGIN_FAILURES.threshold) return;
    const seconds = Math.min(
      this.blockBaseSeconds * 2 ** Math.min(failures - LOGIN_FAILURES.threshold, 20),
      LOGIN_FAILURES.maxBlockSeconds,
    );
    await this.blocks.block(key, seconds);
    await this.audit.record({
      type: 'login.throttled',
      userId: subject.userId ?? null,
      client: subject.client,
      data: { email: subject.email, failures, blockSeconds: seconds },
    });
  }

  /** A successful login or a password reset clears the email's failure count and block. */
  async clearLoginFailures(normalizedEmail: string): Promise<void> {
    const key = RateLimitService.emailKey(normalizedEmail);
    await Promise.all([this.failures.delete(key), this.blocks.delete(key)]).catch((error) =>
      this.logger.warn({ err: error }, 'could not clear login failures'),
    );
  }

  private rateLimited(retryAfter: number): AppError {
    return new AppError('RATE_LIMITED', 'Too many requests; try again later', {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }

  private auditLimit(limiter: string, subject: LimitSubject): Promise<void> {
    this.metrics.rateLimited.inc({ limiter });
    return this.audit.record({
      type: 'rate_limit.exceeded',
      userId: subject.userId ?? null,
      client: subject.client,
      data: { limiter, ...(subject.email ? { email: subject.email } : {}) },
    });
  }
}
