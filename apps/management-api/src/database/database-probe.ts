import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';

/** Readiness: one round trip to PostgreSQL on the application's pool. */
@Injectable()
export class DatabaseProbe {
  constructor(private readonly prisma: PrismaService) {}

  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}
