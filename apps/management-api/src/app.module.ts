import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { createLoggerModule } from '@trivance/shared';
import { ConfigModule, type ManagementConfig } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DomainEventsModule } from './domain-events/domain-events.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { GraphqlLimitsModule } from './graphql/graphql-limits.module.js';
import { OperationLimits } from './graphql/operation-limits.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { AuthClientModule } from './auth-client/auth-client.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CacheModule } from './cache/cache.module.js';
import { HealthModule } from './health/health.module.js';
import { MembersModule } from './members/members.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { RedisModule } from './redis/redis.module.js';
import { TenancyModule } from './tenancy/tenancy.module.js';
import { ViewerModule } from './viewer/viewer.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { DonationsModule } from './donations/donations.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { EventsModule } from './events/events.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { MailModule } from './mail/mail.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { DoorModule } from './door/door.module.js';
import { DiscountsModule } from './discounts/discounts.module.js';
import { TransfersModule } from './transfers/transfers.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { DonationCertificatesModule } from './donations/certificates/donation-certificates.module.js';
import { WaitlistModule } from './waitlist/waitlist.module.js';
import { LiveConnections } from './notifications/live/live-connections.js';
import { LiveNotificationsModule } from './notifications/live/live-notifications.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PublicationsModule } from './publications/publications.module.js';
import { PushModule } from './notifications/push/push.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ManagementConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggerModule({ service: 'management-api', level: config.LOG_LEVEL }),
        DatabaseModule,
        RedisModule,
        MetricsModule,
        CacheModule,
        AuthClientModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [GraphqlLimitsModule, LiveNotificationsModule],
          inject: [OperationLimits, LiveConnections],
          useFactory: (limits: OperationLimits, live: LiveConnections) =>
            graphqlOptions(config, limits, live.subscriptionOptions()),
        }),
        AuthModule,
        TenancyModule,
        IdempotencyModule,
        HealthModule,
        OrganizationsModule,
        MembersModule,
        ViewerModule,
        DomainEventsModule,
        OutboxModule,
        LedgerModule,
        InventoryModule,
        TicketsModule,
        ExportsModule,
        DonationCertificatesModule,
        WaitlistModule,
        MailModule,
        CategoriesModule,
        EventsModule,
        CampaignsModule,
        PublicationsModule,
        DonationsModule,
        PaymentsModule,
        OrdersModule,
        DoorModule,
        DiscountsModule,
        TransfersModule,
        NotificationsModule,
        PushModule,
      ],
    };
  }
}
