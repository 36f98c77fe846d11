import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { MembershipResolver, ViewerResolver } from './viewer.resolver.js';
import { ViewerService } from './viewer.service.js';

@Module({
  imports: [OrganizationsModule],
  providers: [ViewerService, ViewerResolver, MembershipResolver],
  exports: [ViewerService],
})
export class ViewerModule {}
