import { Global, Module } from '@nestjs/common';
import { TenantDatabase } from './tenant-database.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({ providers: [UnitOfWork, TenantDatabase], exports: [UnitOfWork, TenantDatabase] })
export class TenancyModule {}
