import { Module } from '@nestjs/common';
import { DonationsModule } from '../donations/donations.module.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { ViewerModule } from '../viewer/viewer.module.js';
import { AuthEventsConsumer } from './auth-events.consumer.js';
import { MemberProjection } from './member-projection.system-path.js';

@Module({
  imports: [ViewerModule, DonationsModule, PrivacyModule],
  providers: [MemberProjection, AuthEventsConsumer],
  exports: [MemberProjection],
})
export class DomainEventsModule {}
