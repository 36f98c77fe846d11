import { Global, Module } from '@nestjs/common';
import { DonationMailConsumer } from './donation-mail.consumer.js';
import { MailService } from './mail.service.js';
import { OrderMailConsumer } from './order-mail.consumer.js';
import { PaymentSettingsMailConsumer } from './payment-settings-mail.consumer.js';
import { TicketMails } from './ticket-mails.js';

@Global()
@Module({
  providers: [
    MailService,
    TicketMails,
    OrderMailConsumer,
    PaymentSettingsMailConsumer,
    DonationMailConsumer,
  ],
  exports: [MailService, TicketMails],
})
export class MailModule {}
