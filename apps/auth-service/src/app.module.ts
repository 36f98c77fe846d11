import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { createLoggerModule } from '@trivance/shared';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './common/auth.guard.js';
import { BackgroundTasksModule } from './common/background-tasks.js';
import type { AuthConfig } from './config/auth-config.js';
import { ConfigModule } from './config/config.module.js';
import { CredentialsModule } from './credentials/credentials.module.js';
import { PasswordCoreModule } from './credentials/password-core.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DomainEventsModule } from './domain-events/domain-events.module.js';
import { StoreModule } from './database/store.module.js';
import { HealthModule } from './health/health.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { KeysModule } from './keys/keys.module.js';
import { MailModule } from './mail/mail.module.js';
import { MembershipsModule } from './memberships/memberships.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MfaCoreModule } from './mfa/mfa-core.module.js';
import { MfaModule } from './mfa/mfa.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { RevocationsModule } from './revocations/revocations.module.js';
import { RedisModule } from './redis/redis.module.js';
import { ServiceClientsModule } from './service-clients/service-clients.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggerModule({ service: 'auth-service', level: config.LOG_LEVEL }),
        MetricsModule,
        BackgroundTasksModule,
        DatabaseModule,
        StoreModule,
        RedisModule,
        MailModule,
        KeysModule,
        RevocationsModule,
        TokensModule,
        PasswordCoreModule,
        MfaCoreModule,
        MfaModule,
        CredentialsModule,
        SessionsModule,
        UsersModule,
        MembershipsModule,
        InvitationsModule,
        OrganizationsModule,
        AdminModule,
        ServiceClientsModule,
        AuditModule,
        PrivacyModule,
        DomainEventsModule,
        HealthModule,
      ],
      // Deny by default: every route needs a token unless marked @Public().
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
