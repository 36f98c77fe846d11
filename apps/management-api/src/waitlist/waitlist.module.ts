import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ViewerModule } from '../viewer/viewer.module.js';
import { JoinWaitlist } from './join-waitlist.use-case.js';
import { OfferFreedSeats } from './offer-freed-seats.system-path.js';
import { WaitlistOffers } from './waitlist-offers.js';
import { WaitlistRepository } from './waitlist.repository.js';
import { WaitlistResolver } from './waitlist.resolver.js';

@Module({
  imports: [EventsModule, ViewerModule],
  providers: [JoinWaitlist, WaitlistOffers, WaitlistRepository, WaitlistResolver, OfferFreedSeats],
  exports: [WaitlistOffers],
})
export class WaitlistModule {}
