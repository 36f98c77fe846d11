import { Global, Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

@Global()
@Module({
  imports: [TokensModule],
  controllers: [SessionsController],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
