import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type BackgroundLoop, startLoop } from '../common/background-loop.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { SystemDatabase } from '../database/system-database.js';

const BATCH = 1_000;

/**
 * Deletes idempotency records past their retention, in every organization, so
 * the table holds about a day of keys rather than every key ever sent. Safe on
 * any number of instances: a record is deleted only while it is expired, so
 * one that a retry reclaimed in the meantime (a fresh expiry) stays. The only
 * entry point of the housekeeping path.
 */
@Injectable()
export class PurgeIdempotencyRecords implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PurgeIdempotencyRecords.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.loop = startLoop({
      name: 'purging idempotency records',
      logger: this.logger,
      idleMs: this.config.IDEMPOTENCY_PURGE_INTERVAL_SECONDS * 1000,
      round: async () => {
        const purged = await this.run();
        if (purged > 0) this.logger.log({ purged }, 'purged expired idempotency records');
        return { more: purged === BATCH };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One run: how many records it deleted (at most one batch). */
  run(): Promise<number> {
    return this.system.run(
      'idempotency.purge',
      {
        actor: 'housekeeping',
        reason: 'purge idempotency records past their retention',
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        // The expiry is checked again on the row itself: a record reclaimed
        // since the batch was chosen has a new expiry and is kept.
        const purged = await tx.$executeRaw`
          DELETE FROM idempotency_records
          WHERE expires_at <= now()
            AND (organization_id, key_hash) IN (
              SELECT organization_id, key_hash FROM idempotency_records
              WHERE expires_at <= now() ORDER BY expires_at LIMIT ${BATCH})`;
        audit.touched(purged);
        return purged;
      },
    );
  }
}
