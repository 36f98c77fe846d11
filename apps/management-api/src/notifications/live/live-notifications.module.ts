import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { LiveConnections } from './live-connections.js';

/** Live connections alone: the GraphQL module's subscription options come from here. */
@Module({
  imports: [AuthModule],
  providers: [LiveConnections],
  exports: [LiveConnections],
})
export class LiveNotificationsModule {}
