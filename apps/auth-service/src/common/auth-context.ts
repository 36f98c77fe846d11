import type { AssuranceLevel } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import type { TokenRole } from '../memberships/roles.js';

export interface UserAuthContext {
  kind: 'user';
  userId: string;
  sessionId: string;
  organizationId?: string;
  role?: TokenRole;
  emailVerified: boolean;
  /** The access token's assurance (aal1 after a password, aal2 after a second factor). */
  aal: AssuranceLevel;
  authTime: Date;
}

export interface ServiceAuthContext {
  kind: 'service';
  clientId: string;
}

export type AuthenticatedRequest = FastifyRequest & {
  auth?: UserAuthContext | ServiceAuthContext;
};

/** Where a request came from, for sessions and the audit log. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}
