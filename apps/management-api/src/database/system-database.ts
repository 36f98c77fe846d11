import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { PrismaClient } from '../generated/prisma/client.js';

/** The named code paths allowed to cross tenants. Add one here, with its reason. */
export type SystemPath =
  /** Applying the Auth Service's account and membership events to member profiles. */
  'domain-events.apply';

type TransactionClient = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Prisma Client connected as the system role, which bypasses row-level
 * security. Only reachable through `run`, which names the path and logs
 * every use, so each cross-tenant write is accounted for.
 */
@Injectable()
export class SystemDatabase implements OnModuleDestroy {
  private readonly logger = new Logger('SystemDatabase');
  private readonly client: PrismaClient;

  constructor(@InjectConfig() config: ManagementConfig) {
    this.client = new PrismaClient({
      adapter: new PrismaPg({
        connectionString: config.DATABASE_SYSTEM_URL,
        max: 2,
        application_name: 'trivance-management-system',
      }),
    });
  }

  async run<T>(
    path: SystemPath,
    detail: Record<string, unknown>,
    work: (tx: TransactionClient) => Promise<T>,
  ): Promise<T> {
    this.logger.log({ audit: 'system-path', path, ...detail }, 'cross-tenant access');
    return this.client.$transaction(work);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
