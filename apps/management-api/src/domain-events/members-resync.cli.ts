import { NestFactory } from '@nestjs/core';
import { loadManagementConfig } from '../config/management-config.js';
import { DeadLetters } from './dead-letters.js';
import { MembersResync } from './members-resync.system-path.js';
import { MembersResyncModule } from './members-resync.module.js';
import { resyncMembers } from './members-resync.js';

// `npm run members:resync`: reconciles member profiles with the Auth Service
// and settles dead-lettered events; prints a JSON report, exits 1 if any
// organization could not be reconciled or a dead letter had to stay.
const config = loadManagementConfig({ ...process.env, DOMAIN_EVENTS_CONSUMER: 'false' });
const app = await NestFactory.createApplicationContext(MembersResyncModule.forRoot(config), {
  bufferLogs: true,
});
try {
  const report = await resyncMembers(app.get(MembersResync), app.get(DeadLetters));
  console.log(JSON.stringify(report, null, 2));
  const kept = report.deadLetters.filter((letter) => letter.outcome === 'kept');
  if (report.failed.length > 0 || kept.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await app.close();
}
