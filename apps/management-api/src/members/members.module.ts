import { Module } from '@nestjs/common';
import { ViewerModule } from '../viewer/viewer.module.js';
import { MembershipAdminService } from './membership-admin.service.js';
import { MembersRepository } from './members.repository.js';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [ViewerModule],
  providers: [MembersRepository, MembersService, MembershipAdminService, MembersResolver],
  exports: [MembersService],
})
export class MembersModule {}
