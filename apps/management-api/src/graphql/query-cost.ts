import { AppError } from '@trivance/shared';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/connection.args.js';

/**
 * A list field costs its page size times what each item costs, so a query
 * that nests connections is priced by the rows it could touch.
 */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const pageSize = args.first ?? args.last;
  if (typeof pageSize === 'number' || 'after' in args || 'before' in args) {
    return 1 + childComplexity * (typeof pageSize === 'number' ? pageSize : DEFAULT_PAGE_SIZE);
  }
  return undefined;
};

/**
 * Refuses a query whose estimated cost is over the limit before any resolver
 * runs. It runs as a pre-execution hook, after validation, because page sizes
 * often arrive in variables and validation results are cached per document.
 */
export function queryCostHook(maximum: number) {
  return async (
    schema: GraphQLSchema,
    document: DocumentNode,
    _context: unknown,
    variables?: Record<string, unknown>,
  ): Promise<void> => {
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
    if (cost > maximum) {
      throw new AppError(
        'BAD_USER_INPUT',
        `Query is too expensive: cost ${cost}, limit ${maximum}`,
        {
          reason: 'QUERY_TOO_EXPENSIVE',
        },
      );
    }
  };
}
