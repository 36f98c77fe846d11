import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { DoorCheckIns } from './door-check-ins.js';
import { DoorResolver } from './door.resolver.js';
import { DoorService } from './door.service.js';
import { ScannedTicket } from './scanned-ticket.js';

@Module({
  imports: [EventsModule],
  providers: [ScannedTicket, DoorCheckIns, DoorService, DoorResolver],
})
export class DoorModule {}
