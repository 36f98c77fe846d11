import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { AccessTokensService } from './access-tokens.service.js';
import { PurgeExpiredJob } from './purge-expired.job.js';

@Module({
  imports: [KeysModule],
  providers: [AccessTokensService, PurgeExpiredJob],
  exports: [AccessTokensService, PurgeExpiredJob],
})
export class TokensModule {}
