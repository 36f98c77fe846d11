import { Module } from '@nestjs/common';
import { ViewerModule } from '../viewer/viewer.module.js';
import { InvitationsResolver } from './invitations.resolver.js';
import { InvitationsService } from './invitations.service.js';
import { MemberSessionsResolver } from './member-sessions.resolver.js';
import { MemberSessionsService } from './member-sessions.service.js';
import { MembershipAdminService } from './membership-admin.service.js';
import { MembersRepository } from './members.repository.js';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [ViewerModule],
  providers: [
    MembersRepository,
    MembersService,
    MembershipAdminService,
    MembersResolver,
    InvitationsService,
    InvitationsResolver,
    MemberSessionsService,
    MemberSessionsResolver,
  ],
  exports: [MembersService],
})
export class MembersModule {}
