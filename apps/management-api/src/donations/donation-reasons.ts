/** Refusals of `donate` (DOMAIN.md, "Campaigns and donations"). */
export const CAMPAIGN_CLOSED = 'CAMPAIGN_CLOSED';
export const AMOUNT_TOO_SMALL = 'AMOUNT_TOO_SMALL';
