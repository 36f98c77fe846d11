import { Global, Module } from '@nestjs/common';
import { NotificationChoicesModule } from '../notifications/choices/notification-choices.module.js';
import { ViewerModule } from '../viewer/viewer.module.js';
import { DonationMailConsumer } from './donation-mail.consumer.js';
import { MailService } from './mail.service.js';
import { OrderMailConsumer } from './order-mail.consumer.js';
import { PaymentSettingsMailConsumer } from './payment-settings-mail.consumer.js';
import { RecipientLocale } from './recipient-locale.js';
import { TicketMails } from './ticket-mails.js';

@Global()
@Module({
  imports: [NotificationChoicesModule, ViewerModule],
  providers: [
    MailService,
    RecipientLocale,
    TicketMails,
    OrderMailConsumer,
    PaymentSettingsMailConsumer,
    DonationMailConsumer,
  ],
  exports: [MailService, TicketMails],
})
export class MailModule {}
