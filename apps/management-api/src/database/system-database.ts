import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { SYSTEM_PATHS, type SystemPath } from './system-paths.js';

export type SystemTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Who crossed tenants and why: written to the audit log with the work. */
export interface SystemUse {
  /** An account id, a service name or `operator`. */
  actor: string;
  reason: string;
  detail?: Record<string, unknown>;
  /** A polling path (a relay, a job) writes no entry for a run that touched nothing. */
  quietWhenIdle?: boolean;
}

export interface SystemAudit {
  /** Counts rows the path read or wrote, for the audit entry. */
  touched(rows: number): void;
}

/**
 * The only way across tenants. Connected as the system login, which holds no
 * rights of its own: each run takes the role of its path (SET LOCAL ROLE), so
 * it can reach only the tables that path was granted, and writes an
 * append-only audit entry (path, actor, reason, rows touched) in the same
 * transaction as its work. Only `*.system-path.ts` files may use it (lint).
 */
@Injectable()
export class SystemDatabase implements OnModuleDestroy {
  private readonly logger = new Logger('SystemDatabase');
  private readonly client: PrismaClient;

  constructor(@InjectConfig() config: ManagementConfig) {
    this.client = new PrismaClient({
      adapter: new PrismaPg({
        connectionString: config.DATABASE_SYSTEM_URL,
        max: 4,
        application_name: 'trivance-management-system',
      }),
    });
  }

  async run<T>(
    path: SystemPath,
    use: SystemUse,
    work: (tx: SystemTransaction, audit: SystemAudit) => Promise<T>,
  ): Promise<T> {
    const { role } = SYSTEM_PATHS[path];
    const result = await this.client.$transaction(
      async (tx) => {
        // The role name comes from the constant map above, never from input.
        await tx.$executeRawUnsafe(`SET LOCAL ROLE "${role}"`);
        let rowsTouched = 0;
        const value = await work(tx, { touched: (rows) => void (rowsTouched += rows) });
        if (use.quietWhenIdle && rowsTouched === 0) return { value, rowsTouched };
        await tx.systemAuditEntry.createMany({
          data: [
            {
              path,
              actor: use.actor.slice(0, 100),
              reason: use.reason.slice(0, 500),
              detail: (use.detail ?? {}) as object,
              rowsTouched,
            },
          ],
        });
        return { value, rowsTouched };
      },
      { timeout: 30_000 },
    );
    this.logger.debug({ audit: 'system-path', path, actor: use.actor, rows: result.rowsTouched });
    return result.value;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
