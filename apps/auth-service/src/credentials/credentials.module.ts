import { Global, Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { CredentialsController } from './credentials.controller.js';
import { LoginService } from './login.service.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordPolicy } from './password-policy.js';
import { PasswordsService } from './passwords.service.js';

@Global()
@Module({
  imports: [RateLimitModule],
  controllers: [CredentialsController],
  providers: [PasswordHasher, PasswordPolicy, LoginService, PasswordsService],
  exports: [PasswordHasher, PasswordPolicy],
})
export class CredentialsModule {}
