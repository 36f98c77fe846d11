/**
 * The organization's donations, one row per gift. Text a donor or an editor
 * typed goes through csv_cell (no spreadsheet formulas); amounts are integer
 * minor units of `currency`; times are UTC in ISO 8601.
 *
 * The donor's name and email are there even when the gift is anonymous:
 * anonymity hides the donor from the public (campaign pages, lists), not
 * from the organization's admins, who see who gave (DOMAIN.md: donors' data
 * is theirs to read), and a receipt or a refund needs them.
 *
 * Filters (empty when not given): `app.export.campaign_id`, `app.export.status`.
 */
const ORGANIZATION = `current_setting('app.organization_id')::uuid`;
const CAMPAIGN = `NULLIF(current_setting('app.export.campaign_id'), '')::uuid`;
const STATUS = `NULLIF(current_setting('app.export.status'), '')`;
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const DONATIONS_CSV = `
  SELECT d.receipt_number,
         ${iso('d.succeeded_at')} AS succeeded_at,
         ${iso('d.created_at')} AS created_at,
         d.status,
         d.frequency,
         d.campaign_id,
         csv_cell(c.title) AS campaign_title,
         csv_cell(d.donor_name) AS donor_name,
         csv_cell(d.donor_email) AS donor_email,
         csv_cell(d.donor_tax_id) AS donor_tax_id,
         d.guest,
         d.currency,
         d.amount AS amount_minor,
         d.fee AS fee_minor,
         d.total AS total_minor,
         d.refunded_amount AS refunded_minor,
         d.anonymous,
         d.tribute_kind,
         csv_cell(d.tribute_name) AS tribute_name,
         csv_cell(d.message) AS message,
         p.provider AS payment_provider,
         p.reference AS payment_reference,
         d.id AS donation_id
    FROM donations d
    JOIN campaigns c ON c.organization_id = d.organization_id AND c.id = d.campaign_id
    LEFT JOIN LATERAL (
          SELECT provider, reference FROM payments
           WHERE organization_id = d.organization_id AND donation_id = d.id
           ORDER BY created_at DESC LIMIT 1) p ON true
   WHERE d.organization_id = ${ORGANIZATION}
     AND (${CAMPAIGN} IS NULL OR d.campaign_id = ${CAMPAIGN})
     AND (${STATUS} IS NULL OR d.status::text = ${STATUS})
   ORDER BY d.created_at, d.id`;
