import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { TEST_ENV } from './support/test-env.js';

/** Once per run: start from an empty test database and an empty Redis db. */
export default async function setup(): Promise<void> {
  const connection = await mongoose
    .createConnection(TEST_ENV.MONGODB_URI!, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  await connection.dropDatabase();
  await connection.close();
  const redis = new Redis(TEST_ENV.REDIS_URL!);
  await redis.flushdb();
  redis.disconnect();
}
