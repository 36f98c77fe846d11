import { Injectable } from '@nestjs/common';
import { SystemDatabase } from '../database/system-database.js';

/**
 * Tickets given to an email (a transfer, a complimentary ticket) reach the
 * account once that account's email is verified: the tickets.claim path,
 * run when the Auth Service says an account was verified.
 */
@Injectable()
export class TicketClaims {
  constructor(private readonly system: SystemDatabase) {}

  claim(userId: string, verifiedEmail: string): Promise<number> {
    return this.system.run(
      'tickets.claim',
      { actor: 'auth-service', reason: 'email verified', detail: { userId }, quietWhenIdle: true },
      async (tx, audit) => {
        const claimed = await tx.$executeRaw`
          UPDATE tickets SET user_id = ${userId}, updated_at = now()
          WHERE holder_email = ${verifiedEmail.toLowerCase()} AND user_id IS NULL AND status <> 'VOID'`;
        audit.touched(claimed);
        return claimed;
      },
    );
  }
}
