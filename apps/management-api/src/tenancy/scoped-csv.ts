import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { settingsFor } from './database-settings.js';

/**
 * Settings a query reads with `current_setting('app.export.<name>')`: COPY
 * takes no bind parameters, and values never go into the SQL text.
 */
export type CsvParameters = Record<string, string>;

/**
 * Large reads streamed as CSV by PostgreSQL itself (COPY ... TO STDOUT), in
 * constant memory: rows flow to the client as it reads them, under the
 * caller's settings and row-level security, from one read-only snapshot. A
 * separate small pool, so a few long exports never starve the API's requests.
 */
@Injectable()
export class ScopedCsv implements OnModuleDestroy {
  readonly #pool: pg.Pool;

  constructor(@InjectConfig() config: ManagementConfig) {
    this.#pool = new pg.Pool({
      connectionString: config.DATABASE_URL,
      max: config.EXPORT_CONNECTIONS,
      connectionTimeoutMillis: 10_000,
      application_name: 'trivance-management-api-exports',
    });
    // An idle connection that dies must not crash the process.
    this.#pool.on('error', () => undefined);
  }

  /**
   * Starts `query` (a constant of the calling feature, never built from
   * input) and returns its rows as CSV with a header line. The transaction
   * ends when the stream does; a client that goes away ends it too.
   */
  async stream(query: string, parameters: CsvParameters = {}): Promise<Readable> {
    const settings = settingsFor(requestContext.principal());
    const client = await this.#pool.connect().catch(() => {
      throw new AppError('SERVICE_UNAVAILABLE', 'Too many exports are running; try again shortly');
    });
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const names = Object.keys(parameters);
      await client.query(
        `SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true), set_config('app.role', $3, true)${names
          .map((name, index) => `, set_config('app.export.${safeName(name)}', $${index + 4}, true)`)
          .join('')}`,
        [settings.organizationId, settings.userId, settings.role, ...Object.values(parameters)],
      );
      const rows = client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
      const body = new PassThrough();
      pipeline(rows, body, (error) => {
        if (error) {
          // Mid-COPY the connection cannot be reused: drop it.
          client.release(true);
          return;
        }
        client.query('COMMIT').then(
          () => client.release(),
          (commitError: Error) => client.release(commitError),
        );
      });
      return body;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.#pool.end();
  }
}

function safeName(name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new AppError('INTERNAL', `Bad export parameter ${name}`);
  return name;
}
