import { Global, Module } from '@nestjs/common';
import { DatabaseProbe } from './database-probe.js';
import { PrismaService } from './prisma.service.js';
import { SystemDatabase } from './system-database.js';

@Global()
@Module({
  providers: [PrismaService, SystemDatabase, DatabaseProbe],
  exports: [PrismaService, SystemDatabase, DatabaseProbe],
})
export class DatabaseModule {}
