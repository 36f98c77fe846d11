import { Prisma } from '../../generated/prisma/client.js';
import type { ErasureStep } from './erasure-step.js';

/*
 * Orders, tickets and gifts stay, as the organizations' books need them:
 * amounts, states, receipt numbers, references and the ledger are never
 * touched. What identifies the person goes. The rows keep the deleted
 * account's id, which nothing can tie to a person any more, so a guest's
 * rows under the same email are never mistaken for the account's, and a
 * replay finds exactly the rows it already cleared (and changes none).
 */

export const ordersErasure: ErasureStep = {
  name: 'orders',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`
      UPDATE orders SET buyer_email = '', buyer_name = '', updated_at = now()
       WHERE user_id = ${userId} AND (buyer_email <> '' OR buyer_name <> '')`),
};

export const ticketsErasure: ErasureStep = {
  name: 'tickets',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`
      UPDATE tickets SET holder_email = '', holder_name = '', updated_at = now()
       WHERE user_id = ${userId} AND (holder_email <> '' OR holder_name <> '')`),
};

export const donationsErasure: ErasureStep = {
  name: 'donations',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`
      UPDATE donations
         SET donor_email = '', donor_name = '', donor_tax_id = NULL, message = NULL,
             tribute_kind = NULL, tribute_name = NULL, updated_at = now()
       WHERE user_id = ${userId}
         AND (donor_email <> '' OR donor_name <> '' OR donor_tax_id IS NOT NULL
              OR message IS NOT NULL OR tribute_name IS NOT NULL)`),
};

export const waitlistErasure: ErasureStep = {
  name: 'waitlistEntries',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`
      UPDATE waitlist_entries SET email = '', name = '', updated_at = now()
       WHERE user_id = ${userId} AND (email <> '' OR name <> '')`),
};
