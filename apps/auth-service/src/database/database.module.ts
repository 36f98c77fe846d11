import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';

/**
 * One Mongoose connection. Indexes are not built implicitly: each repository
 * creates its own at boot (createIndexes) and the boot fails if that fails.
 * FerretDB 1.x subset only: no TTL, partial indexes, collation or transactions.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => ({
        uri: config.MONGODB_URI,
        autoIndex: false,
        autoCreate: true,
        serverSelectionTimeoutMS: 5_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
