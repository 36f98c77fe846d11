import { Module } from '@nestjs/common';
import { InternalMembershipsController } from './internal-memberships.controller.js';
import { MembershipsService } from './memberships.service.js';

@Module({
  controllers: [InternalMembershipsController],
  providers: [MembershipsService],
  exports: [MembershipsService],
})
export class MembershipsModule {}
