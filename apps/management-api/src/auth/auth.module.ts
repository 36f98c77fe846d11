import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier, JwksKeyStore } from '@trivance/shared';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.module.js';
import { AccessGuard } from './access.guard.js';
import { Authenticator } from './authenticator.js';
import { RevocationFeed } from './revocation-feed.js';

@Global()
@Module({
  providers: [
    {
      provide: JwksKeyStore,
      inject: [MANAGEMENT_CONFIG],
      useFactory: (config: ManagementConfig) =>
        new JwksKeyStore({ jwksUrl: new URL('/.well-known/jwks.json', config.AUTH_URL).href }),
    },
    RevocationFeed,
    {
      provide: AccessTokenVerifier,
      inject: [JwksKeyStore, MANAGEMENT_CONFIG, RevocationFeed],
      useFactory: (keys: JwksKeyStore, config: ManagementConfig, revocations: RevocationFeed) =>
        new AccessTokenVerifier(keys, {
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
          revocations,
        }),
    },
    Authenticator,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [JwksKeyStore, AccessTokenVerifier, Authenticator, RevocationFeed],
})
export class AuthModule {}
