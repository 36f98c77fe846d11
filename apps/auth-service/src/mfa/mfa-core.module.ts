import { Global, Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { SecondFactorService } from './second-factor.service.js';

/** Second-factor checks, shared by sign-in, invitations and step-up. */
@Global()
@Module({
  imports: [RateLimitModule],
  providers: [SecondFactorService],
  exports: [SecondFactorService],
})
export class MfaCoreModule {}
