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
  async record(unit: SqlExecutor, event: ManagementEvent): Promise<string> {
    const id = randomUUID();
    await unit.execute(Prisma.sql`
      INSERT INTO outbox_events (id, organization_id, user_id, type, payload)
      VALUES (${id}::uuid, ${event.organizationId}::uuid, ${event.userId ?? null}, ${event.type},
              ${JSON.stringify(event.payload)}::jsonb)`);
    return id;
  }
}
