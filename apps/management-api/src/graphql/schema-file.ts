import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { fileURLToPath } from 'node:url';

/** The committed contract, so every schema change shows in review. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export function printAppSchema(app: INestApplication): string {
  return `${printSchema(app.get(GraphQLSchemaHost).schema)}\n`;
}
