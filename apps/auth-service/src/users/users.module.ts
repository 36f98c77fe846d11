import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { RegistrationService } from './registration.service.js';
import { SuperAdminService } from './super-admin.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [RateLimitModule],
  controllers: [UsersController],
  providers: [RegistrationService, UsersService, SuperAdminService],
})
export class UsersModule {}
