import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/**
 * A JWKS endpoint on loopback whose behaviour a test controls: which keys it
 * serves, or whether it fails. Used to exercise the key store's caching,
 * refetching, retries and circuit breaker over real HTTP.
 */
export class JwksTestServer {
  keys: JWK[] = [];
  failing = false;
  requests = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((_request, response) => {
      this.requests++;
      if (this.failing) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
