import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { InjectRedis } from '../redis/redis.module.js';

const HOUR_SECONDS = 3600;

/**
 * Anonymous writes are limited per address and per email (DOMAIN.md,
 * "Limits"): a guest's gift starts a checkout and, once paid, a mail to the
 * address it names, so neither may be flooded. Shared by every instance in
 * Redis; each instance keeps limiting in memory when Redis is unreachable.
 */
@Injectable()
export class GuestLimits {
  private readonly perAddress: RateLimiterAbstract;
  private readonly perEmail: RateLimiterAbstract;

  constructor(@InjectConfig() config: ManagementConfig, @InjectRedis() redis: Redis) {
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration: HOUR_SECONDS,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: HOUR_SECONDS }),
      });
    this.perAddress = limiter('donations:guest-ip', config.GUEST_DONATIONS_PER_HOUR_PER_IP);
    this.perEmail = limiter('donations:guest-email', config.GUEST_DONATIONS_PER_HOUR_PER_EMAIL);
  }

  async consume(ip: string, email: string): Promise<void> {
    try {
      await this.perAddress.consume(ip);
      await this.perEmail.consume(email);
    } catch (res) {
      const seconds =
        res instanceof RateLimiterRes ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 60;
      throw new AppError(
        'RATE_LIMITED',
        `Too many gifts without an account; retry in ${seconds} s`,
        {
          headers: { 'Retry-After': String(seconds) },
        },
      );
    }
  }
}
