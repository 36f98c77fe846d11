import { AppError } from '@trivance/shared';
import type { CampaignStatus } from '../generated/prisma/enums.js';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';

/** DOMAIN.md, "Campaigns and donations": the only moves a campaign makes. */
const MOVES: Record<CampaignStatus, CampaignStatus[]> = {
  DRAFT: ['PUBLISHED'],
  PUBLISHED: ['CLOSED'],
  CLOSED: [],
};

export function assertCampaignTransition(from: CampaignStatus, to: CampaignStatus): void {
  if (!MOVES[from].includes(to)) {
    throw new AppError('CONFLICT', `A campaign that is ${from} cannot become ${to}`, {
      reason: ILLEGAL_STATE_TRANSITION,
    });
  }
}

/** A closed campaign is history: what it said when it closed stays. */
export function assertCampaignEditable(status: CampaignStatus): void {
  if (status === 'CLOSED') {
    throw new AppError('CONFLICT', 'A closed campaign can no longer change', {
      reason: ILLEGAL_STATE_TRANSITION,
    });
  }
}
