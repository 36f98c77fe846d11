import internals from '@prisma/internals';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { MODEL_SCOPES, type ModelScope } from '../../src/tenancy/model-scopes.js';

/** Each table's scope, from schema.prisma's models and the scope map. */
export async function tableScopes(schemaPath: string): Promise<Map<string, ModelScope>> {
  const dmmf = await internals.getDMMF({ datamodel: await readFile(schemaPath, 'utf8') });
  return new Map(
    dmmf.datamodel.models.map((model) => [
      model.dbName ?? model.name,
      MODEL_SCOPES[model.name as keyof typeof MODEL_SCOPES],
    ]),
  );
}

const COMMANDS: Record<string, string> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/**
 * What a live database lacks for tenancy to hold, one line per problem:
 * every table under forced row-level security with a policy for every
 * command, every table known to the scope map, tenant, customer and account
 * tables carrying their owners, and no unique constraint of theirs that spans
 * organizations (a global unique reveals another tenant's rows).
 */
export async function rowLevelSecurityProblems(
  connectionString: string,
  scopes: Map<string, ModelScope>,
): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const problems: string[] = [];
    const { rows: tables } = await client.query<{
      name: string;
      enabled: boolean;
      forced: boolean;
      commands: string[];
      columns: string[];
      nullable: string[];
    }>(`
      SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             array(SELECT p.polcmd::text FROM pg_policy p WHERE p.polrelid = c.oid) AS commands,
             array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull) AS columns,
             array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull) AS nullable
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname`);
    const { rows: uniques } = await client.query<{
      table: string;
      index: string;
      primary: boolean;
      columns: string[];
    }>(`
      SELECT t.relname AS table, i.relname AS index, ix.indisprimary AS primary,
             array(SELECT a.attname::text FROM unnest(ix.indkey) AS k(attnum)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND ix.indisunique AND t.relname <> '_prisma_migrations'`);

    for (const table of tables) {
      const scope = scopes.get(table.name);
      if (!scope) problems.push(`${table.name}: no model scope`);
      if (!table.enabled) problems.push(`${table.name}: row-level security not enabled`);
      if (!table.forced) problems.push(`${table.name}: row-level security not forced`);
      for (const [code, command] of Object.entries(COMMANDS)) {
        if (!table.commands.includes(code) && !table.commands.includes('*')) {
          problems.push(`${table.name}: no policy for ${command}`);
        }
      }
      if (scope === 'tenant' || scope === 'listed' || scope === 'customer') {
        if (!table.columns.includes('organization_id')) {
          problems.push(`${table.name}: ${scope}-owned without organization_id NOT NULL`);
        }
        for (const unique of uniques.filter((u) => u.table === table.name)) {
          const surrogateKey =
            unique.primary && unique.columns.length === 1 && unique.columns[0] === 'id';
          if (!surrogateKey && !unique.columns.includes('organization_id')) {
            problems.push(`${table.name}: unique ${unique.index} does not include organization_id`);
          }
        }
      }
      if (scope === 'customer' && ![...table.columns, ...table.nullable].includes('user_id')) {
        problems.push(`${table.name}: customer-owned without user_id`);
      }
      if (scope === 'account' && !table.columns.includes('user_id')) {
        problems.push(`${table.name}: account-owned without user_id NOT NULL`);
      }
    }
    return problems;
  } finally {
    await client.end();
  }
}
