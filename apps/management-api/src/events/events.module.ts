import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { EventLoaders } from './event.loaders.js';
import { EventsRepository } from './events.repository.js';
import { EventsResolver } from './events.resolver.js';
import { EventsService } from './events.service.js';
import { PublicEventsCache } from './public-events.cache.js';
import { TicketTypesResolver } from './ticket-types.resolver.js';
import { TicketTypesService } from './ticket-types.service.js';

@Module({
  imports: [CategoriesModule, OrganizationsModule],
  providers: [
    EventsRepository,
    EventsService,
    EventsResolver,
    EventLoaders,
    PublicEventsCache,
    TicketTypesService,
    TicketTypesResolver,
  ],
  exports: [EventsService, EventLoaders, PublicEventsCache, TicketTypesService],
})
export class EventsModule {}
