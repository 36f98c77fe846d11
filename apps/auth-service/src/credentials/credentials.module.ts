import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { CredentialsController } from './credentials.controller.js';
import { LoginService } from './login.service.js';
import { PasswordCoreModule } from './password-core.module.js';
import { PasswordsService } from './passwords.service.js';

@Module({
  imports: [PasswordCoreModule, RateLimitModule],
  controllers: [CredentialsController],
  providers: [LoginService, PasswordsService],
})
export class CredentialsModule {}
