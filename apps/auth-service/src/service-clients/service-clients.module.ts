import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { ServiceClientsService } from './service-clients.service.js';
import { ServiceTokenController } from './service-token.controller.js';

@Module({
  imports: [TokensModule, RateLimitModule],
  controllers: [ServiceTokenController],
  providers: [ServiceClientsService],
})
export class ServiceClientsModule {}
