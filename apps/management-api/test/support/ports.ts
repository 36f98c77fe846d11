import { createServer } from 'node:net';

/**
 * A port nothing listens on now, for a process a spec starts itself: the
 * system picks it, so specs running side by side (and other checkouts'
 * runs) never reach for the same one.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
