// Contrast for the users list: one page of an organization's members straight
// from PostgreSQL with pg behind a bare node:http server (no GraphQL, no
// token), under the same row-level security path: the application role,
// `app.organization_id` set for the transaction. GET /page?mode=offset&depth=N
// runs ORDER BY ... OFFSET N LIMIT 20; mode=keyset seeks past the row at
// depth N (given as ?after=<created_at ISO>,<id>) instead.
import { createServer } from 'node:http';
import pg from 'pg';

const PORT = Number(process.env.PORT ?? 3903);
const ORGANIZATION_ID = process.env.ORGANIZATION_ID;
const PAGE_SIZE = 20;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const COLUMNS = 'id, email, name, role, email_verified, created_at';
// The organization is named in the WHERE clause as the application's scoping
// does; row-level security alone (tenant OR self policies) cannot use the
// (organization_id, created_at, id) index and scans the whole table.
const OFFSET_SQL = `SELECT ${COLUMNS} FROM member_profiles WHERE organization_id = $2
  ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT ${PAGE_SIZE}`;
const KEYSET_SQL = `SELECT ${COLUMNS} FROM member_profiles
  WHERE organization_id = $3 AND (created_at, id) < ($1::timestamptz, $2::uuid)
  ORDER BY created_at DESC, id DESC LIMIT ${PAGE_SIZE}`;

async function page(url) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.organization_id', $1, true)", [ORGANIZATION_ID]);
    let result;
    if (url.searchParams.get('mode') === 'keyset') {
      const [createdAt, id] = (url.searchParams.get('after') ?? '').split(',');
      result = await client.query({
        name: 'keyset',
        text: KEYSET_SQL,
        values: [createdAt, id, ORGANIZATION_ID],
      });
    } else {
      result = await client.query({
        name: 'offset',
        text: OFFSET_SQL,
        values: [Number(url.searchParams.get('depth') ?? 0), ORGANIZATION_ID],
      });
    }
    await client.query('COMMIT');
    return result.rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (url.pathname !== '/page') {
    res.writeHead(404).end();
    return;
  }
  try {
    const rows = await page(url);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.message ?? error));
  }
}).listen(PORT, '127.0.0.1');
