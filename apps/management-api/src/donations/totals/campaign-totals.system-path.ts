import { Injectable } from '@nestjs/common';
import { requestLoader } from '../../common/request-loader.js';
import { SystemDatabase } from '../../database/system-database.js';

export interface CampaignTotals {
  campaignId: string;
  /** The gifts booked to DONATIONS, net of what went back, in minor units. */
  raised: bigint;
  /** Distinct donors (account, else email) whose gifts to it still count. */
  donorCount: number;
}

/**
 * A campaign's raised amount and donors, read from the ledger every time (so
 * they always equal it, under any concurrency) for anyone who may see the
 * campaign, public readers included. Only aggregates leave the
 * campaigns.totals path: never a gift, an amount or a donor. Batched per request.
 */
@Injectable()
export class CampaignTotalsReader {
  private readonly key = Symbol('CampaignTotalsReader');

  constructor(private readonly system: SystemDatabase) {}

  /** The caller has already been shown the campaign; its totals follow. */
  load(campaignId: string): Promise<CampaignTotals> {
    return requestLoader<string, CampaignTotals>(this.key, async (ids) => {
      const found = new Map((await this.read([...ids])).map((row) => [row.campaignId, row]));
      // A campaign without gifts has raised nothing from nobody.
      return ids.map((id) => found.get(id) ?? { campaignId: id, raised: 0n, donorCount: 0 });
    }).load(campaignId);
  }

  private read(campaignIds: string[]): Promise<CampaignTotals[]> {
    return this.system.run(
      'campaigns.totals',
      { actor: 'campaigns', reason: 'read campaign totals', quietWhenIdle: true },
      async (tx) => {
        const rows = await tx.$queryRaw<
          { campaign_id: string; raised: bigint; donor_count: number }[]
        >`
          WITH per_gift AS (
            SELECT campaign_id, donation_id, -sum(amount) AS net
            FROM ledger_entries
            WHERE campaign_id = ANY(${campaignIds}::uuid[]) AND account = 'DONATIONS'
            GROUP BY campaign_id, donation_id
          )
          SELECT g.campaign_id, sum(g.net)::bigint AS raised,
                 count(DISTINCT coalesce(d.user_id, d.donor_email)) FILTER (WHERE g.net > 0)::int AS donor_count
          FROM per_gift g JOIN donations d ON d.id = g.donation_id
          GROUP BY g.campaign_id`;
        return rows.map((row) => ({
          campaignId: row.campaign_id,
          raised: BigInt(row.raised),
          donorCount: Number(row.donor_count),
        }));
      },
    );
  }
}
