import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import {
  EVENTS_TEST_ENV,
  ISOLATED_REDIS_URL,
  KEYS_TEST_MONGODB_URI,
  TEST_ENV,
} from './support/test-env.js';

/** Once per run: start from an empty test database and an empty Redis db. */
export default async function setup(): Promise<void> {
  for (const uri of [TEST_ENV.MONGODB_URI!, KEYS_TEST_MONGODB_URI, EVENTS_TEST_ENV.MONGODB_URI!]) {
    const connection = await mongoose
      .createConnection(uri, { serverSelectionTimeoutMS: 5_000 })
      .asPromise();
    await connection.dropDatabase();
    await connection.close();
  }
  for (const url of [TEST_ENV.REDIS_URL!, ISOLATED_REDIS_URL, EVENTS_TEST_ENV.REDIS_URL!]) {
    const redis = new Redis(url);
    await redis.flushdb();
    redis.disconnect();
  }
}
