import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  JwksKeyStore,
  type Principal,
  type RevocationCheck,
  RevocationList,
} from '@trivance/shared';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';

/**
 * This instance's copy of the Auth Service's revocation feed (Redis pub/sub
 * plus stored keys): ended sessions, disabled accounts and withdrawn signing
 * keys stop a token here within seconds, before it expires. Checked on every
 * request in memory. While the feed is down, tokens issued more than a minute
 * ago are refused (the client refreshes at the Auth Service, which reads its
 * database), so a revocation is never missed for long.
 */
@Injectable()
export class RevocationFeed implements RevocationCheck, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationFeed.name);
  private readonly list: RevocationList;

  constructor(@InjectConfig() config: ManagementConfig, keys: JwksKeyStore) {
    this.list = new RevocationList({
      redisUrl: config.REDIS_URL,
      onKeyRevoked: (kid) => {
        this.logger.warn({ kid }, 'signing key revoked by the Auth Service; dropped');
        keys.forget(kid);
      },
      onStateChange: ({ healthy, error }) => {
        if (healthy) this.logger.log('revocation feed up');
        else this.logger.warn({ err: error }, 'revocation feed down; trusting only fresh tokens');
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.list.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.list.stop();
  }

  get isHealthy(): boolean {
    return this.list.isHealthy;
  }

  assertActive(principal: Principal): void {
    this.list.assertActive(principal);
  }
}
