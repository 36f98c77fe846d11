import { Module } from '@nestjs/common';
import { InternalOrganizationPolicyController } from './internal-organization-policy.controller.js';

@Module({ controllers: [InternalOrganizationPolicyController] })
export class OrganizationsModule {}
