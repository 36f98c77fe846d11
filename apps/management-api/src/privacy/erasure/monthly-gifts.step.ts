import { Prisma } from '../../generated/prisma/client.js';
import type { ErasureStep } from './erasure-step.js';

/**
 * Provider ids are positive: 0 says the saved payment source was forgotten.
 * The column stays NOT NULL so every other reader keeps its type; a
 * cancelled gift is never charged, so nothing sends it.
 */
export const FORGOTTEN_PAYMENT_SOURCE = 0;

/**
 * Monthly gifts stop: a month's charge written but not yet sent to the
 * provider is withdrawn (its payment ERROR, its gift FAILED, as a refused
 * charge is; no money moved, so the ledger has nothing to book), every
 * active or paused gift is cancelled, and the saved payment source and the
 * donor's details are forgotten. Money already taken stays as it was.
 */
export const monthlyGiftsErasure: ErasureStep = {
  name: 'monthlyGifts',
  async erase(sql, userId) {
    const withdrawn = await sql.execute(Prisma.sql`
      WITH unsent AS (
        UPDATE payments
           SET status = 'ERROR', submitted_at = now(), settled_at = now(), next_check_at = NULL,
               updated_at = now()
         WHERE user_id = ${userId} AND status = 'PENDING' AND submitted_at IS NULL
           AND provider = 'WOMPI'
           AND donation_id IN (SELECT id FROM donations
                               WHERE user_id = ${userId} AND recurring_donation_id IS NOT NULL
                                 AND status = 'PENDING')
        RETURNING donation_id)
      UPDATE donations SET status = 'FAILED', updated_at = now()
       WHERE user_id = ${userId} AND status = 'PENDING' AND id IN (SELECT donation_id FROM unsent)`);
    const cancelled = await sql.execute(Prisma.sql`
      UPDATE recurring_donations
         SET status = CASE WHEN status IN ('ACTIVE', 'PAUSED') THEN 'CANCELLED'::recurring_status
                           ELSE status END,
             cancelled_at = CASE WHEN status IN ('ACTIVE', 'PAUSED') THEN now() ELSE cancelled_at END,
             cancelled_by = CASE WHEN status IN ('ACTIVE', 'PAUSED') THEN ${userId} ELSE cancelled_by END,
             next_charge_at = NULL, paused_until = NULL,
             payment_source_id = ${FORGOTTEN_PAYMENT_SOURCE}, payment_source_label = NULL,
             donor_email = '', donor_name = '', donor_tax_id = NULL, updated_at = now()
       WHERE user_id = ${userId}
         AND (status IN ('ACTIVE', 'PAUSED') OR payment_source_id <> ${FORGOTTEN_PAYMENT_SOURCE}
              OR payment_source_label IS NOT NULL OR donor_email <> '' OR donor_name <> ''
              OR donor_tax_id IS NOT NULL)`);
    return withdrawn + cancelled;
  },
};
