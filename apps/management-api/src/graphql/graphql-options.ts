import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { formatGraphQLErrors } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import type { ManagementConfig } from '../config/config.module.js';

interface MercuriusErrorContext {
  reply?: { request?: FastifyRequest };
}

/**
 * GraphQL over Mercurius: queries are compiled with graphql-jit after their
 * first use, depth is limited, and every error leaves through one formatter.
 */
export function graphqlOptions(config: ManagementConfig): MercuriusDriverConfig {
  const production = config.NODE_ENV === 'production';
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    graphiql: !production,
    ide: !production,
    jit: 1,
    queryDepth: config.GRAPHQL_MAX_DEPTH,
    context: (request: FastifyRequest) => ({ request }),
    errorFormatter: (execution, context: MercuriusErrorContext) => {
      const request = context.reply?.request;
      const { errors, internal } = formatGraphQLErrors(
        (execution.errors ?? []) as GraphQLError[],
        String(request?.id ?? ''),
      );
      for (const cause of internal) request?.log?.error({ err: cause }, 'GraphQL request failed');
      // GraphQL over HTTP: a response with data is 200; errors travel in the body.
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  } as MercuriusDriverConfig;
}
