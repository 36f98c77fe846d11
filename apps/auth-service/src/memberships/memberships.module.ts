import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { InternalMembershipsController } from './internal-memberships.controller.js';
import { MembershipsService } from './memberships.service.js';

@Module({
  imports: [InvitationsModule],
  controllers: [InternalMembershipsController],
  providers: [MembershipsService],
  exports: [MembershipsService],
})
export class MembershipsModule {}
