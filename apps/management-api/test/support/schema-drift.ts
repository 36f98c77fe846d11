import internals from '@prisma/internals';
import { readFile } from 'node:fs/promises';
import pg from 'pg';

/**
 * Compares a migrated database with schema.prisma, read through Prisma's own
 * DMMF: tables, columns (type, nullability, database default), primary keys,
 * unique and plain indexes (with their access method) and foreign keys, in
 * both directions. Returns one line per difference; empty means they agree.
 */

type DmmfDatamodel = Awaited<ReturnType<typeof internals.getDMMF>>['datamodel'];
type DmmfModel = DmmfDatamodel['models'][number];
type DmmfField = DmmfModel['fields'][number];

interface Shape {
  columns: Map<string, string>; // "table.column" -> "type|null|default"
  indexes: Set<string>; // "table kind method (cols)"
  foreignKeys: Set<string>; // "table (cols) -> table (cols)"
}

const SCALAR_DEFAULT_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function nativeTypeName(name: string, args: string[]): string {
  const withArgs = (base: string) => (args.length ? `${base}(${args.join(',')})` : base);
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Text':
      return 'text';
    case 'VarChar':
      return withArgs('character varying');
    case 'Char':
      return withArgs('character');
    case 'Timestamptz':
      return `timestamp(${args[0] ?? '6'}) with time zone`;
    case 'Timestamp':
      return `timestamp(${args[0] ?? '6'}) without time zone`;
    case 'Date':
      return 'date';
    case 'Integer':
      return 'integer';
    case 'SmallInt':
      return 'smallint';
    case 'BigInt':
      return 'bigint';
    case 'Boolean':
      return 'boolean';
    case 'JsonB':
      return 'jsonb';
    case 'Json':
      return 'json';
    case 'Decimal':
      return withArgs('numeric');
    case 'DoublePrecision':
      return 'double precision';
    case 'Real':
      return 'real';
    case 'Inet':
      return 'inet';
    case 'Citext':
      return 'citext';
    case 'ByteA':
      return 'bytea';
    default:
      return `${name.toLowerCase()}${args.length ? `(${args.join(',')})` : ''}`;
  }
}

/** Defaults Prisma computes in the client leave no default in the database. */
const CLIENT_SIDE_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

function columnName(field: DmmfField): string {
  return (field as DmmfField & { dbName?: string | null }).dbName ?? field.name;
}

function expectedShape(datamodel: DmmfDatamodel): Shape {
  const shape: Shape = { columns: new Map(), indexes: new Set(), foreignKeys: new Set() };
  const tableOf = new Map(datamodel.models.map((m) => [m.name, m.dbName ?? m.name]));
  const enumDbName = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const fieldsOf = new Map(datamodel.models.map((m) => [m.name, m.fields]));
  const columnOf = (model: string, field: string) => {
    const found = fieldsOf.get(model)?.find((f) => f.name === field);
    return found ? columnName(found) : field;
  };

  for (const model of datamodel.models) {
    const table = tableOf.get(model.name)!;
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields?.length) {
          const target = tableOf.get(field.type)!;
          const from = field.relationFromFields.map((f) => columnOf(model.name, f));
          const to = (field.relationToFields ?? []).map((f) => columnOf(field.type, f));
          shape.foreignKeys.add(`${table} (${from.join(',')}) -> ${target} (${to.join(',')})`);
        }
        continue;
      }
      const base =
        field.kind === 'enum'
          ? enumDbName.get(field.type)!
          : field.nativeType
            ? nativeTypeName(field.nativeType[0] as string, field.nativeType[1] as string[])
            : SCALAR_DEFAULT_TYPES[field.type];
      const type = field.isList ? `${base}[]` : base;
      const defaultName =
        field.default && typeof field.default === 'object' && 'name' in field.default
          ? String(field.default.name)
          : undefined;
      const hasDbDefault =
        field.hasDefaultValue && !(defaultName && CLIENT_SIDE_DEFAULTS.has(defaultName));
      shape.columns.set(
        `${table}.${columnName(field)}`,
        // Prisma keeps scalar lists in nullable array columns.
        `${type}|${field.isRequired && !field.isList ? 'not null' : 'null'}|${hasDbDefault ? 'default' : 'no default'}`,
      );
    }
  }

  for (const index of datamodel.indexes) {
    const table = tableOf.get(index.model)!;
    const columns = index.fields.map((f) => columnOf(index.model, f.name));
    const kind = index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : 'index';
    const method = (index.algorithm ?? 'btree').toLowerCase();
    shape.indexes.add(`${table} ${kind} ${method} (${columns.join(',')})`);
  }
  return shape;
}

async function actualShape(client: pg.Client): Promise<Shape> {
  const shape: Shape = { columns: new Map(), indexes: new Set(), foreignKeys: new Set() };
  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    has_default: boolean;
  }>(`
    SELECT c.relname AS table, a.attname AS column,
           format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, a.atthasdef AS has_default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0
      AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`);
  for (const row of columns.rows) {
    shape.columns.set(
      `${row.table}.${row.column}`,
      `${row.type.replaceAll('"', '')}|${row.not_null ? 'not null' : 'null'}|${row.has_default ? 'default' : 'no default'}`,
    );
  }

  const indexes = await client.query<{
    table: string;
    unique: boolean;
    primary: boolean;
    method: string;
    columns: string[];
  }>(`
    SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
           am.amname AS method,
           array(SELECT coalesce(a.attname, '(expression)')
                 FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                 ORDER BY k.ord)::text[] AS columns
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = i.relam
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const row of indexes.rows) {
    const kind = row.primary ? 'primary' : row.unique ? 'unique' : 'index';
    shape.indexes.add(`${row.table} ${kind} ${row.method} (${row.columns.join(',')})`);
  }

  const foreignKeys = await client.query<{
    table: string;
    columns: string[];
    target: string;
    target_columns: string[];
  }>(`
    SELECT src.relname AS table, dst.relname AS target,
           array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(n, o)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n
                 ORDER BY k.o)::text[] AS columns,
           array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(n, o)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n
                 ORDER BY k.o)::text[] AS target_columns
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_class dst ON dst.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    WHERE con.contype = 'f' AND n.nspname = 'public'`);
  for (const row of foreignKeys.rows) {
    shape.foreignKeys.add(
      `${row.table} (${row.columns.join(',')}) -> ${row.target} (${row.target_columns.join(',')})`,
    );
  }
  return shape;
}

function diffSets(kind: string, expected: Set<string>, actual: Set<string>): string[] {
  const lines: string[] = [];
  for (const item of expected) if (!actual.has(item)) lines.push(`missing ${kind}: ${item}`);
  for (const item of actual) if (!expected.has(item)) lines.push(`unexpected ${kind}: ${item}`);
  return lines;
}

export async function findSchemaDrift(
  schemaPath: string,
  connectionString: string,
): Promise<string[]> {
  const dmmf = await internals.getDMMF({ datamodel: await readFile(schemaPath, 'utf8') });
  const expected = expectedShape(dmmf.datamodel);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const actual = await actualShape(client);
    const lines: string[] = [];
    for (const [column, description] of expected.columns) {
      const found = actual.columns.get(column);
      if (found === undefined) lines.push(`missing column: ${column} ${description}`);
      else if (found !== description)
        lines.push(`column differs: ${column} schema=${description} database=${found}`);
    }
    for (const [column, description] of actual.columns) {
      if (!expected.columns.has(column)) lines.push(`unexpected column: ${column} ${description}`);
    }
    lines.push(...diffSets('index', expected.indexes, actual.indexes));
    lines.push(...diffSets('foreign key', expected.foreignKeys, actual.foreignKeys));
    return lines.sort();
  } finally {
    await client.end();
  }
}
