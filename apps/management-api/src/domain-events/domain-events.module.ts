import { Module } from '@nestjs/common';
import { ViewerModule } from '../viewer/viewer.module.js';
import { AuthEventsConsumer } from './auth-events.consumer.js';
import { MemberProjection } from './member-projection.system-path.js';

@Module({
  imports: [ViewerModule],
  providers: [MemberProjection, AuthEventsConsumer],
  exports: [MemberProjection],
})
export class DomainEventsModule {}
