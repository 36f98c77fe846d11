import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { EventsModule } from '../events/events.module.js';
import { DonationExportsController } from './donation-exports.controller.js';
import { EventExportsController } from './event-exports.controller.js';

@Module({
  imports: [EventsModule, CampaignsModule],
  controllers: [EventExportsController, DonationExportsController],
})
export class ExportsModule {}
