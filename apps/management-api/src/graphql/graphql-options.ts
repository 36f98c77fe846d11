import { Logger } from '@nestjs/common';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { formatGraphQLErrors, toAppError } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { ManagementConfig } from '../config/config.module.js';
import type { OperationLimits } from './operation-limits.js';

const logger = new Logger('GraphQL');

/**
 * GraphQL over HTTP: a response that reached execution is 200 and carries its
 * errors in the body; a request refused before that for its size or media type
 * keeps its HTTP status (413, 415).
 */
function transportStatus(errors: readonly GraphQLError[], data: unknown): number {
  if (data || errors.length !== 1) return 200;
  const status = toAppError(errors[0]!.originalError ?? errors[0]).status;
  return status === 413 || status === 415 ? status : 200;
}

/** Mercurius wraps parse and validation errors in one error; clients get each of them. */
function unwrapValidationErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((error) => {
    const wrapped = (error.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(wrapped) && wrapped.every((item) => item instanceof GraphQLError)
      ? (wrapped as GraphQLError[])
      : [error];
  });
}

/** Where the schema is not described to strangers, errors do not hint at its names either. */
const SUGGESTION = / ?Did you mean [^?]*\?$/;
const withoutSuggestion = (error: GraphQLError): GraphQLError =>
  SUGGESTION.test(error.message)
    ? new GraphQLError(error.message.replace(SUGGESTION, ''), {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: error.extensions,
      })
    : error;

interface MercuriusErrorContext {
  reply?: { request?: FastifyRequest };
}

/**
 * GraphQL over Mercurius: queries are compiled with graphql-jit after their
 * first use, depth is limited, and every error leaves through one formatter.
 */
export function graphqlOptions(
  config: ManagementConfig,
  limits: OperationLimits,
  subscription: MercuriusDriverConfig['subscription'],
): MercuriusDriverConfig {
  const production = config.NODE_ENV === 'production';
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    graphiql: !production,
    ide: !production,
    jit: 1,
    queryDepth: config.GRAPHQL_MAX_DEPTH,
    hooks: { preExecution: limits.check },
    subscription,
    // Production serves no IDE and does not describe its schema to strangers.
    validationRules: production ? [NoSchemaIntrospectionCustomRule] : [],
    context: (request: FastifyRequest) => ({ request }),
    errorFormatter: (execution, context: MercuriusErrorContext) => {
      const request = context.reply?.request;
      const unwrapped = unwrapValidationErrors(execution.errors ?? []);
      const { errors, internal } = formatGraphQLErrors(
        production ? unwrapped.map(withoutSuggestion) : unwrapped,
        String(request?.id ?? ''),
      );
      for (const cause of internal) {
        logger.error({ err: cause, requestId: request?.id }, 'GraphQL request failed');
      }
      return {
        statusCode: transportStatus(execution.errors ?? [], execution.data),
        response: { data: execution.data ?? null, errors },
      };
    },
  } as MercuriusDriverConfig;
}
