import { Module } from '@nestjs/common';
import { PaymentsResolver } from './payments.resolver.js';

@Module({ providers: [PaymentsResolver] })
export class PaymentsModule {}
