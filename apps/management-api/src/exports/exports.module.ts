import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { EventExportsController } from './event-exports.controller.js';

@Module({ imports: [EventsModule], controllers: [EventExportsController] })
export class ExportsModule {}
