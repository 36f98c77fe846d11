// Reference point for the users list: PostGraphile v5 serving member_profiles
// from the same database, as the application role under the same row-level
// security. Each request's bearer token is verified against the same JWKS and
// its `org` claim becomes `app.organization_id` for the request's transaction.
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const PORT = Number(process.env.PORT ?? 3902);
const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL));
const verifyOptions = {
  issuer: process.env.JWT_ISSUER,
  audience: process.env.JWT_AUDIENCE,
  algorithms: ['EdDSA'],
};

const preset = {
  extends: [PostGraphileAmberPreset],
  // Order by any column (created_at is indexed only after organization_id).
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: 10 },
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: {
    explain: false,
    async context(requestContext) {
      const header = requestContext.node?.req?.headers?.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!token) return { pgSettings: {} };
      const { payload } = await jwtVerify(token, jwks, verifyOptions);
      return { pgSettings: { 'app.organization_id': String(payload.org ?? '') } };
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const graphql = serv.createHandler();
await pgl.getSchema();
const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } else {
    graphql(req, res);
  }
});
server.listen(PORT, '127.0.0.1');
