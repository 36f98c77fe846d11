import type { Principal } from '@trivance/shared';
import { Prisma } from '../generated/prisma/client.js';

/**
 * What row-level security reads, set once per transaction from the verified
 * token (`set_config(..., true)`: transaction-local). Empty means unset, so a
 * transaction without a principal sees only public rows.
 */
export interface DatabaseSettings {
  organizationId: string;
  userId: string;
  role: string;
}

export function settingsFor(principal: Principal | undefined): DatabaseSettings {
  return {
    organizationId: principal?.organizationId ?? '',
    userId: principal?.userId ?? '',
    role: principal?.role ?? '',
  };
}

/** The statement that applies them, first in every unit of work. */
export function applySettings(settings: DatabaseSettings): Prisma.Sql {
  return Prisma.sql`SELECT set_config('app.organization_id', ${settings.organizationId}, true), set_config('app.user_id', ${settings.userId}, true), set_config('app.role', ${settings.role}, true)`;
}
