/* global db */
// Runs once, when the MongoDB volume is first initialised (mongosh, as root).
// The Auth Service connects as `trivance_auth`, whose role may read and write
// its collections but only read and append to the security audit log: no
// update, no delete, no drop on audit_events (ASVS: logs the application
// cannot rewrite). A new collection must be added to COLLECTIONS here.
const database = db.getSiblingDB('trivance_auth');

const COLLECTIONS = [
  'users',
  'sessions',
  'session_step_ups',
  'refresh_tokens',
  'one_time_tokens',
  'invitations',
  'memberships',
  'organization_policies',
  'signing_keys',
  'single_use_claims',
  'relayed_events',
  'totp_factors',
  'recovery_codes',
];
const READ_WRITE = [
  'find',
  'insert',
  'update',
  'remove',
  'createCollection',
  'createIndex',
  'dropIndex',
  'listIndexes',
  'collStats',
];
const APPEND_ONLY = [
  'find',
  'insert',
  'createCollection',
  'createIndex',
  'listIndexes',
  'collStats',
];

database.createRole({
  role: 'trivanceAuthService',
  privileges: [
    { resource: { db: 'trivance_auth', collection: '' }, actions: ['listCollections'] },
    ...COLLECTIONS.map((collection) => ({
      resource: { db: 'trivance_auth', collection },
      actions: READ_WRITE,
    })),
    { resource: { db: 'trivance_auth', collection: 'audit_events' }, actions: APPEND_ONLY },
  ],
  roles: [],
});

database.createUser({
  user: 'trivance_auth',
  pwd: process.env.MONGO_AUTH_SERVICE_PASSWORD,
  roles: [{ role: 'trivanceAuthService', db: 'trivance_auth' }],
});
