import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service.js';
import { OrderMailConsumer } from './order-mail.consumer.js';

@Global()
@Module({ providers: [MailService, OrderMailConsumer], exports: [MailService] })
export class MailModule {}
