import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors/app-error.js';
import type { Principal } from '../auth/principal.js';

/**
 * What one request is allowed to see, carried implicitly through every await.
 * Opened for each HTTP request before any handler runs; the principal is set
 * once, by the authentication guard, from the verified token only.
 */
export interface RequestContext {
  requestId: string;
  principal?: Principal;
  /** Per-request memo (e.g. DataLoaders), dropped with the request. */
  memo?: Map<unknown, unknown>;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },

  /** Runs work outside any request (work a request starts but does not wait for). */
  detached<T>(work: () => T): T {
    return storage.exit(work);
  },

  /** The current context, or undefined outside a request (jobs, start-up). */
  current(): RequestContext | undefined {
    return storage.getStore();
  },

  /** The current context; a programming error if called outside a request. */
  require(): RequestContext {
    const context = storage.getStore();
    if (!context) throw new AppError('INTERNAL', 'No request context is active');
    return context;
  },

  /** A value made once per request, e.g. a DataLoader that batches within it. */
  memo<T>(key: unknown, make: () => T): T {
    const context = this.require();
    context.memo ??= new Map();
    if (!context.memo.has(key)) context.memo.set(key, make());
    return context.memo.get(key) as T;
  },

  /** The authenticated principal; UNAUTHENTICATED when the request carries none. */
  principal(): Principal {
    const principal = storage.getStore()?.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    return principal;
  },
};
