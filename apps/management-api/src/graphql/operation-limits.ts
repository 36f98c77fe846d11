import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { Authenticator } from '../auth/authenticator.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { InjectRedis } from '../redis/redis.module.js';
import { operationCost } from './query-cost.js';

type FragmentMap = Map<string, SelectionSetNode>;

/** Root fields an operation selects, aliases and top-level fragments included. */
function rootFieldCount(selectionSet: SelectionSetNode, fragments: FragmentMap, depth = 0): number {
  if (depth > 5) return Number.POSITIVE_INFINITY;
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(selection.selectionSet, fragments, depth + 1);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) count += rootFieldCount(fragment, fragments, depth + 1);
    }
  }
  return count;
}

function retryAfter(res: unknown): AppError {
  const seconds =
    res instanceof RateLimiterRes ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 60;
  return new AppError('RATE_LIMITED', `Too many requests; retry in ${seconds} s`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/**
 * What one caller may ask of the API, checked before any resolver runs: a
 * cap on root fields (aliases count), the estimated cost of the operation,
 * and per-principal budgets in Redis (mutations per minute, query cost per
 * minute), so no caller can flood the database that every tenant shares. A
 * signed-in caller is limited by account, an anonymous one by address. When
 * Redis is unreachable each instance keeps limiting in memory.
 */
@Injectable()
export class OperationLimits {
  private readonly mutations: RateLimiterAbstract;
  private readonly queryCost: RateLimiterAbstract;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    @InjectRedis() redis: Redis,
    private readonly authenticator: Authenticator,
  ) {
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration: 60,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
      });
    this.mutations = limiter('gql:mutations', config.GRAPHQL_MUTATIONS_PER_MINUTE);
    this.queryCost = limiter('gql:cost', config.GRAPHQL_COST_PER_MINUTE);
  }

  /** Mercurius preExecution hook. */
  readonly check = async (
    schema: GraphQLSchema,
    document: DocumentNode,
    context: { reply?: { request?: FastifyRequest } },
    variables?: Record<string, unknown>,
  ): Promise<void> => {
    const fragments: FragmentMap = new Map();
    const operations: OperationDefinitionNode[] = [];
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition.selectionSet);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        operations.push(definition);
      }
    }
    const rootFields = Math.max(
      0,
      ...operations.map((operation) => rootFieldCount(operation.selectionSet, fragments)),
    );
    if (rootFields > this.config.GRAPHQL_MAX_ROOT_FIELDS) {
      throw new AppError(
        'BAD_USER_INPUT',
        `Too many root fields: ${rootFields}, limit ${this.config.GRAPHQL_MAX_ROOT_FIELDS}`,
        { reason: 'TOO_MANY_ROOT_FIELDS' },
      );
    }
    const cost = operationCost(schema, document, variables ?? {});
    if (cost > this.config.GRAPHQL_MAX_COST) {
      throw new AppError(
        'BAD_USER_INPUT',
        `Query is too expensive: cost ${cost}, limit ${this.config.GRAPHQL_MAX_COST}`,
        { reason: 'QUERY_TOO_EXPENSIVE' },
      );
    }

    const request = context.reply?.request;
    const principal = request ? await this.authenticator.identify(request) : undefined;
    const caller = principal ? `user:${principal.userId}` : `ip:${request?.ip ?? 'unknown'}`;
    const mutation = operations.some((operation) => operation.operation === 'mutation');
    const limiter = mutation ? this.mutations : this.queryCost;
    const points = mutation ? Math.max(rootFields, 1) : Math.max(cost, 1);
    await limiter.consume(caller, points).catch((res: unknown) => {
      throw retryAfter(res);
    });
  };
}
