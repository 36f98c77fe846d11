// Reference point: a bare Fastify server answering /health with the same body.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 3900), host: '127.0.0.1' });
