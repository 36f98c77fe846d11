import { Global, Module } from '@nestjs/common';
import { Idempotency } from './idempotency.js';
import { PurgeIdempotencyRecords } from './purge-idempotency-records.system-path.js';

@Global()
@Module({ providers: [Idempotency, PurgeIdempotencyRecords], exports: [Idempotency] })
export class IdempotencyModule {}
