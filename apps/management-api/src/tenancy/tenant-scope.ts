import { AppError, requestContext } from '@trivance/shared';
import { NO_ACTIVE_ORGANIZATION } from '../auth/access.guard.js';

declare const tenantScopeBrand: unique symbol;

/**
 * Proof that a query runs for one organization. Repositories of tenant-owned
 * rows require it, so a query without a tenant does not compile; it can only
 * be made from the verified token's organization.
 */
export interface TenantScope {
  readonly organizationId: string;
  readonly [tenantScopeBrand]: true;
}

export function currentTenantScope(): TenantScope {
  const organizationId = requestContext.principal().organizationId;
  if (!organizationId) {
    throw new AppError('FORBIDDEN', 'Switch to an organization first', {
      reason: NO_ACTIVE_ORGANIZATION,
    });
  }
  return { organizationId } as TenantScope;
}
