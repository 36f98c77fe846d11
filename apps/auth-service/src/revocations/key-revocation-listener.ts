import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { RevocationList } from '@trivance/shared';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';

/**
 * Each Auth instance re-reads its signing keys as soon as the feed announces
 * a withdrawn key, so it stops publishing and accepting it at once (instead of
 * at its next periodic re-read).
 */
@Injectable()
export class KeyRevocationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeyRevocationListener.name);
  private readonly feed: RevocationList;

  constructor(
    @Inject(AUTH_CONFIG) config: AuthConfig,
    private readonly keys: SigningKeysService,
  ) {
    this.feed = new RevocationList({
      redisUrl: config.REDIS_URL,
      onKeyRevoked: (kid) => {
        this.logger.warn({ kid }, 'signing key revoked; re-reading keys');
        this.keys
          .refresh()
          .catch((error) => this.logger.error({ err: error }, 'key reload failed'));
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.feed.start(0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
  }
}
