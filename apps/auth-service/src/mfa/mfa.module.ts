import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { MfaController } from './mfa.controller.js';
import { MfaService } from './mfa.service.js';

@Module({
  imports: [RateLimitModule],
  controllers: [MfaController],
  providers: [MfaService],
})
export class MfaModule {}
