import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';
import { SystemDatabase } from './system-database.js';

@Global()
@Module({ providers: [PrismaService, SystemDatabase], exports: [PrismaService, SystemDatabase] })
export class DatabaseModule {}
