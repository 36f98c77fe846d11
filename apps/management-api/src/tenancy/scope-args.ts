import { AppError, type Principal } from '@trivance/shared';
import { NO_ACTIVE_ORGANIZATION } from '../auth/access.guard.js';
import type { Prisma } from '../generated/prisma/client.js';
import { MODEL_SCOPES, PUBLIC_READS } from './model-scopes.js';

type Row = Record<string, unknown>;
export type QueryArgs = Row & {
  where?: Row;
  data?: Row | Row[];
  create?: Row;
  update?: Row;
};

const CREATE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn']);

function requireOrganization(principal: Principal | undefined): string {
  const organizationId = principal?.organizationId;
  if (!organizationId) {
    throw new AppError('FORBIDDEN', 'Switch to an organization first', {
      reason: NO_ACTIVE_ORGANIZATION,
    });
  }
  return organizationId;
}

/** Adds a condition to a filter (unique filters included) without dropping the caller's. */
function andWhere(where: Row | undefined, condition: Row): Row {
  const existing = where?.AND;
  const and = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return { ...(where ?? {}), AND: [...and, condition] };
}

/** Rows never move between organizations or owners: writes cannot change either. */
function withoutOwnership(data: Row | undefined, fields: string[]): Row | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const copy = { ...data };
  for (const field of fields) delete copy[field];
  return copy;
}

function mapRows(data: Row | Row[] | undefined, map: (row: Row) => Row): Row | Row[] {
  return Array.isArray(data) ? data.map(map) : map(data ?? {});
}

function scopeTenant(args: QueryArgs, operation: string, principal?: Principal): QueryArgs {
  const organizationId = requireOrganization(principal);
  if (CREATE_OPERATIONS.has(operation)) {
    return { ...args, data: mapRows(args.data, (row) => ({ ...row, organizationId })) };
  }
  // Filter by tenant in the same statement that reads or writes.
  const scoped: QueryArgs = { ...args, where: { ...(args.where ?? {}), organizationId } };
  if (args.data) scoped.data = withoutOwnership(args.data as Row, ['organizationId']);
  if (args.update) scoped.update = withoutOwnership(args.update, ['organizationId']);
  if (args.create) scoped.create = { ...args.create, organizationId };
  return scoped;
}

/**
 * A customer-owned row is visible to its organization's staff (the token's
 * organization) and to its own user. Staff create rows of their organization
 * for anyone (a complimentary ticket); anyone else creates rows of their own
 * user only, for the organization they buy from.
 */
function scopeCustomer(args: QueryArgs, operation: string, principal?: Principal): QueryArgs {
  if (!principal) throw new AppError('UNAUTHENTICATED');
  const staffOf = principal.organizationId;
  const pin = (row: Row): Row =>
    staffOf && (row.organizationId === undefined || row.organizationId === staffOf)
      ? { ...row, organizationId: staffOf }
      : { ...row, userId: principal.userId };
  if (CREATE_OPERATIONS.has(operation)) return { ...args, data: mapRows(args.data, pin) };

  const visible: Row = staffOf
    ? { OR: [{ organizationId: staffOf }, { userId: principal.userId }] }
    : { userId: principal.userId };
  const scoped: QueryArgs = { ...args, where: andWhere(args.where, visible) };
  const ownership = ['organizationId', 'userId'];
  if (args.data) scoped.data = withoutOwnership(args.data as Row, ownership);
  if (args.update) scoped.update = withoutOwnership(args.update, ownership);
  if (args.create) scoped.create = pin(args.create);
  return scoped;
}

/** An account's own rows: only that account reads or writes them, whatever its organization. */
function scopeAccount(args: QueryArgs, operation: string, principal?: Principal): QueryArgs {
  if (!principal) throw new AppError('UNAUTHENTICATED');
  const own = (row: Row): Row => ({ ...row, userId: principal.userId });
  if (CREATE_OPERATIONS.has(operation)) return { ...args, data: mapRows(args.data, own) };
  const scoped: QueryArgs = { ...args, where: andWhere(args.where, { userId: principal.userId }) };
  if (args.data) scoped.data = withoutOwnership(args.data as Row, ['userId']);
  if (args.update) scoped.update = withoutOwnership(args.update, ['userId']);
  if (args.create) scoped.create = own(args.create);
  return scoped;
}

/**
 * The one rule that scopes every model query to the caller: what it adds to
 * the filter and the written data, by the model's scope. Row-level security
 * enforces the same rule a second time in the database.
 */
export function scopeArgs(
  model: string,
  operation: string,
  args: QueryArgs,
  principal: Principal | undefined,
): QueryArgs {
  const scope = MODEL_SCOPES[model as Prisma.ModelName];
  switch (scope) {
    case 'public':
      return args;
    case 'tenant':
    case 'listed':
      return scopeTenant(args, operation, principal);
    case 'customer':
      return scopeCustomer(args, operation, principal);
    case 'account':
      return scopeAccount(args, operation, principal);
    case 'system':
      throw new AppError('INTERNAL', `${model} is reachable only through system paths`);
    default:
      throw new AppError('INTERNAL', `Model ${model} has no tenancy scope`);
  }
}

const READ_OPERATIONS = new Set([
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'count',
  'aggregate',
  'groupBy',
]);

/**
 * The public client's rule: reads only, of public models as they are and of
 * listed models limited to what is public (PUBLIC_READS), whoever asks.
 */
export function scopePublicArgs(
  model: string,
  operation: string,
  args: QueryArgs,
  principal: Principal | undefined,
): QueryArgs {
  if (!READ_OPERATIONS.has(operation)) {
    throw new AppError('INTERNAL', `The public client only reads (${model}.${operation})`);
  }
  const scope = MODEL_SCOPES[model as Prisma.ModelName];
  if (scope === 'public') return args;
  const condition = PUBLIC_READS[model as Prisma.ModelName];
  if (scope !== 'listed' || !condition) {
    throw new AppError('INTERNAL', `${model} has no public rows`);
  }
  return { ...args, where: andWhere(args.where, condition(principal?.userId)) };
}
