import { Injectable } from '@nestjs/common';
import { executorOf } from '../common/sql-executor.js';
import { Prisma } from '../generated/prisma/client.js';
import { SystemDatabase } from '../database/system-database.js';
import { ERASURE_STEPS } from './erasure-steps.js';

/**
 * Erases a deleted account's data in the Management API (`user.deleted`):
 * every step of ERASURE_STEPS in one transaction through the privacy.erase
 * path, whose role reaches only the rows of the account named in the
 * transaction (app.user_id). Idempotent: a redelivered or replayed event
 * finds nothing left to change, touches no row and writes no audit entry.
 */
@Injectable()
export class AccountErasure {
  constructor(private readonly system: SystemDatabase) {}

  erase(userId: string, eventId: string): Promise<Record<string, number>> {
    return this.system.run(
      'privacy.erase',
      {
        actor: 'auth-service',
        reason: 'account deleted',
        detail: { userId, eventId },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const sql = executorOf(tx);
        await sql.query(Prisma.sql`SELECT set_config('app.user_id', ${userId}, true)`);
        const changed: Record<string, number> = {};
        for (const step of ERASURE_STEPS) {
          changed[step.name] = await step.erase(sql, userId);
          audit.touched(changed[step.name]!);
        }
        return changed;
      },
    );
  }
}
