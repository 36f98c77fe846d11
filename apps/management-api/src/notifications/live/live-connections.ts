import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { AccessTokenVerifier, AppError, type Principal } from '@trivance/shared';
import { Redis } from 'ioredis';
import MQEmitterRedis from 'mqemitter-redis';
import type { WebSocket } from 'ws';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { RevocationFeed } from '../../auth/revocation-feed.js';

const BEARER = /^Bearer ([\w.-]+)$/i;
/** graphql-ws's close code for a connection that is no longer authorized. */
const SESSION_ENDED = 4403;
const SWEEP_MS = 1_000;
/** A live update is a courtesy: it never holds up a mutation or a consumer for longer. */
const PUBLISH_TIMEOUT_MS = 1_000;

/** What a live connection's resolvers find in their context. */
export interface LiveContext {
  socket: WebSocket;
  principal?: Principal;
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws): a connection is
 * accepted only with a valid bearer token in its `connectionParams`
 * (`authorization`), events reach it from any instance through Redis, and it
 * is closed once its session is revoked or its token expires (checked every
 * second against the same revocation feed requests use).
 */
@Injectable()
export class LiveConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveConnections.name);
  private readonly live = new Map<WebSocket, Principal>();
  private readonly emitter: ReturnType<typeof MQEmitterRedis>;
  private readonly connections: Redis[];
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectConfig() config: ManagementConfig,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevocationFeed,
  ) {
    // Publishing fails fast while Redis is down (no offline queue); the
    // subscriber reconnects and resubscribes by itself.
    const pubConn = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    const subConn = new Redis(config.REDIS_URL);
    for (const connection of [pubConn, subConn]) {
      connection.on('error', (error: Error) =>
        this.logger.warn({ err: error.message }, 'live notifications: Redis unavailable'),
      );
    }
    this.connections = [pubConn, subConn];
    this.emitter = MQEmitterRedis({ pubConn, subConn });
    // Its connection state (not in its type declarations) reports Redis errors.
    (this.emitter as unknown as { state: NodeJS.EventEmitter }).state.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'live notifications: Redis error'),
    );
  }

  subscriptionOptions(): MercuriusDriverConfig['subscription'] {
    return {
      emitter: this.emitter,
      context: (socket: WebSocket) => ({ socket }),
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        // A refused connection is accepted without a principal and closed with
        // 4403 at its first subscription: graphql-ws clients understand that
        // close code, not the older protocol's connection_error message.
        const header = payload?.authorization ?? payload?.Authorization;
        const match = typeof header === 'string' ? BEARER.exec(header) : null;
        if (!match?.[1]) return { principal: undefined };
        try {
          return { principal: await this.verifier.verify(match[1]) };
        } catch {
          return { principal: undefined };
        }
      },
      onDisconnect: (context: Partial<LiveContext>) => {
        if (context.socket) this.live.delete(context.socket);
      },
    } as MercuriusDriverConfig['subscription'];
  }

  /** The connection's account, watched from now on for the end of its session; closes one without. */
  principalOf(context: LiveContext): Principal {
    if (!context.principal) {
      context.socket.close(SESSION_ENDED, 'Forbidden');
      throw new AppError('UNAUTHENTICATED');
    }
    this.live.set(context.socket, context.principal);
    return context.principal;
  }

  /**
   * Sends one event to every live connection of an account, on any instance.
   * Best effort: resolves once Redis took it, or after a second without it
   * (Redis down); what is stored is read again on the next query.
   */
  publish(topic: string, payload: Record<string, unknown>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, PUBLISH_TIMEOUT_MS);
      this.emitter.emit({ topic, payload }, (error?: Error) => {
        clearTimeout(timer);
        if (error) this.logger.debug({ err: error.message, topic }, 'live update not sent');
        resolve();
      });
    });
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [socket, principal] of this.live) {
      let ended = principal.expiresAt.getTime() <= now;
      if (!ended) {
        try {
          this.revocations.assertActive(principal);
        } catch {
          ended = true;
        }
      }
      if (ended) {
        this.live.delete(socket);
        socket.close(SESSION_ENDED, 'Session ended');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    for (const socket of this.live.keys()) socket.close(1001, 'Going away');
    this.live.clear();
    // Not the emitter's close: it asks Redis to QUIT, which with Redis down
    // never answers (or fails unhandled); dropping its connections is enough.
    for (const connection of this.connections) connection.disconnect();
    this.logger.debug('live connections closed');
  }
}
