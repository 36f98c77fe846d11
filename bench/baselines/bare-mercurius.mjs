// Reference point: a bare Mercurius server answering the same organization
// query from the same PostgreSQL table, with no framework on top.
import Fastify from 'fastify';
import mercurius from 'mercurius';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const schema = `
  scalar DateTime
  type Organization { id: ID! name: String! slug: String! createdAt: DateTime! updatedAt: DateTime! }
  type Query { organizationBySlug(slug: String!): Organization! }
`;
const resolvers = {
  Query: {
    organizationBySlug: async (_root, { slug }) => {
      const { rows } = await pool.query(
        'SELECT id, name, slug, created_at AS "createdAt", updated_at AS "updatedAt" FROM organizations WHERE slug = $1',
        [slug.trim().toLowerCase()],
      );
      if (!rows[0]) throw new Error('Organization not found');
      return rows[0];
    },
  },
};

const app = Fastify({ logger: false });
app.register(mercurius, { schema, resolvers, jit: 1 });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 3901), host: '127.0.0.1' });
