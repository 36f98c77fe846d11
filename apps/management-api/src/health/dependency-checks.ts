import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { DatabaseProbe } from '../database/database-probe.js';
import { InjectRedis } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Readiness checks that really talk to each dependency. */
@Injectable()
export class DependencyChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseProbe,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  postgres(): Promise<HealthIndicatorResult> {
    return this.run('postgres', () => this.database.ping());
  }

  redisPing(): Promise<HealthIndicatorResult> {
    return this.run('redis', () => this.redis.ping());
  }

  private async run(name: string, probe: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(name);
    try {
      await withTimeout(probe(), CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
