import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client.js';
import type { SqlExecutor } from '../common/sql-executor.js';
import type { ManagementEvent } from './management-events.js';

/**
 * The Management API's outbox: a domain event is written in the same unit of
 * work as the change it describes, so it exists exactly when the change does;
 * the relay publishes it afterwards, at least once.
 */
@Injectable()
export class Outbox {
  async record(unit: SqlExecutor, event: ManagementEvent): Promise<void> {
    await unit.execute(this.statement(event));
  }

  /** The insert that records the event, to run alone or combined with the change's own. */
  statement(event: ManagementEvent): Prisma.Sql {
    return Prisma.sql`
      INSERT INTO outbox_events (id, organization_id, user_id, type, payload)
      VALUES (${randomUUID()}::uuid, ${event.organizationId}::uuid, ${event.userId ?? null}, ${event.type},
              ${JSON.stringify(event.payload)}::jsonb)`;
  }
}
