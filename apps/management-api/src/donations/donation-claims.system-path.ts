import { Injectable } from '@nestjs/common';
import { SystemDatabase } from '../database/system-database.js';

/**
 * A guest's gifts reach the account of their email once that email is
 * verified (DOMAIN.md): the donations.claim path, run when the Auth Service
 * says an account was verified and when a verified donor lists their gifts.
 * Idempotent: a claimed gift is never claimed again.
 */
@Injectable()
export class DonationClaims {
  constructor(private readonly system: SystemDatabase) {}

  claim(userId: string, verifiedEmail: string): Promise<number> {
    const email = verifiedEmail.trim().toLowerCase();
    return this.system.run(
      'donations.claim',
      { actor: userId, reason: 'email verified', detail: { userId }, quietWhenIdle: true },
      async (tx, audit) => {
        const claimed = await tx.$executeRaw`
          UPDATE donations SET user_id = ${userId}, updated_at = now()
          WHERE donor_email = ${email} AND user_id IS NULL AND guest`;
        if (claimed === 0) return 0;
        await tx.$executeRaw`
          UPDATE payments SET user_id = ${userId}, updated_at = now()
          WHERE user_id IS NULL AND donation_id IN (
            SELECT id FROM donations WHERE donor_email = ${email} AND user_id = ${userId} AND guest)`;
        audit.touched(claimed);
        return claimed;
      },
    );
  }
}
