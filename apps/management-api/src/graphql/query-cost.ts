import type { DocumentNode, FieldNode, GraphQLSchema } from 'graphql';
import { getNamedType } from 'graphql';
import {
  type ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/connection.args.js';

/** What `totalCount` costs: a COUNT over what may be millions of rows. */
export const TOTAL_COUNT_COST = 500;

const selectsTotalCount = (node: FieldNode) =>
  node.selectionSet?.selections.some(
    (selection) => selection.kind === 'Field' && selection.name.value === 'totalCount',
  ) ?? false;

/**
 * A connection costs its page size (the default one when none is given) times
 * what each edge costs, plus its count once when selected. Every alias is a
 * field of its own and is priced as one.
 */
const connectionEstimator: ComplexityEstimator = ({ field, node, args, childComplexity }) => {
  if (!getNamedType(field.type).name.endsWith('Connection')) return undefined;
  const requested = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
  const pageSize = Number.isFinite(requested) ? Math.min(Math.max(requested, 0), MAX_PAGE_SIZE) : 0;
  // totalCount (priced by its field extension) is paid once, not per edge; if it
  // hides in a fragment it stays in the per-edge part: dearer, never cheaper.
  const count = selectsTotalCount(node) ? TOTAL_COUNT_COST : 0;
  return 1 + count + (childComplexity - count) * Math.max(pageSize, 1);
};

/** The estimated cost of one operation, before any resolver runs. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    estimators: [
      connectionEstimator,
      fieldExtensionsEstimator(),
      simpleEstimator({ defaultComplexity: 1 }),
    ],
  });
}
