import { Global, Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { DiscountCodesResolver } from './discount-codes.resolver.js';
import { DiscountCodesService } from './discount-codes.service.js';
import { DiscountRedemption } from './discount-redemption.js';

@Global()
@Module({
  imports: [EventsModule],
  providers: [DiscountCodesService, DiscountCodesResolver, DiscountRedemption],
  exports: [DiscountRedemption],
})
export class DiscountsModule {}
