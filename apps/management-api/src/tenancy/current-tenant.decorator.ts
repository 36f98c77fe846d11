import { createParamDecorator } from '@nestjs/common';
import { currentTenantScope, type TenantScope } from './tenant-scope.js';

/** The active organization from the verified token; FORBIDDEN when there is none. */
export const CurrentTenant = createParamDecorator((): TenantScope => currentTenantScope());
