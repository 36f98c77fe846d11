import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { ApplicationPool } from './transaction-connections.js';

/**
 * Prisma Client over node-postgres, connected as the application role
 * (DATABASE_URL), which row-level security applies to. Units of work run
 * their raw SQL straight on the pool's connections (transaction-connections.ts).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@InjectConfig() config: ManagementConfig) {
    super({
      adapter: new PrismaPg(
        new ApplicationPool({
          connectionString: config.DATABASE_URL,
          max: config.DATABASE_POOL_SIZE,
          application_name: 'trivance-management-api',
        }),
        // The pool is ours: closing the client closes it.
        { disposeExternalPool: true },
      ),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
