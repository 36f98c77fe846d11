import { Injectable } from '@nestjs/common';
import { executorOf } from '../common/sql-executor.js';
import { Prisma } from '../generated/prisma/client.js';
import { SystemDatabase } from '../database/system-database.js';
import { EXPORT_SECTIONS } from './export-sections.js';
import { jsonSafe } from './export/export-section.js';

export interface AccountExport {
  userId: string;
  generatedAt: string;
  sections: Record<string, unknown>;
}

/**
 * Reads everything the Management API holds about one account, for the
 * account holder's export (asked for by the Auth Service): the
 * privacy.export path, whose role reads only the rows of the account named
 * in the transaction (app.user_id), in one snapshot of the database.
 */
@Injectable()
export class AccountExportReader {
  constructor(private readonly system: SystemDatabase) {}

  read(userId: string, requestedBy: string): Promise<AccountExport> {
    return this.system.run(
      'privacy.export',
      { actor: requestedBy, reason: 'account holder export', detail: { userId } },
      async (tx, audit) => {
        const sql = executorOf(tx);
        // Every section sees the same moment, and only this account's rows.
        await sql.execute(Prisma.sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
        await sql.query(Prisma.sql`SELECT set_config('app.user_id', ${userId}, true)`);
        const sections: Record<string, unknown> = {};
        for (const section of EXPORT_SECTIONS) {
          const value = await section.read(sql, userId);
          if (Array.isArray(value)) audit.touched(value.length);
          sections[section.name] = jsonSafe(value);
        }
        return { userId, generatedAt: new Date().toISOString(), sections };
      },
    );
  }
}
