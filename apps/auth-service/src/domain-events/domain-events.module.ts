import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxRelay } from './outbox-relay.js';
import { RelayedEvent, RelayedEventSchema } from './relayed-event.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: RelayedEvent.name, schema: RelayedEventSchema }])],
  providers: [OutboxRelay],
  exports: [OutboxRelay],
})
export class DomainEventsModule {}
