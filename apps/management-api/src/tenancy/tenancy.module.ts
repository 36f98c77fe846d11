import { Global, Module } from '@nestjs/common';
import { ScopedCsv } from './scoped-csv.js';
import { TenantDatabase } from './tenant-database.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({
  providers: [UnitOfWork, TenantDatabase, ScopedCsv],
  exports: [UnitOfWork, TenantDatabase, ScopedCsv],
})
export class TenancyModule {}
