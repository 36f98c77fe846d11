import { AppError } from '@trivance/shared';
import type { EventStatus } from '../generated/prisma/enums.js';

export const ILLEGAL_STATE_TRANSITION = 'ILLEGAL_STATE_TRANSITION';

/** DOMAIN.md, "Events": the only moves an event makes. */
const MOVES: Record<EventStatus, EventStatus[]> = {
  DRAFT: ['PUBLISHED', 'CANCELLED'],
  PUBLISHED: ['CANCELLED', 'COMPLETED'],
  CANCELLED: [],
  COMPLETED: [],
};

export function assertTransition(from: EventStatus, to: EventStatus): void {
  if (!MOVES[from].includes(to)) {
    throw new AppError('CONFLICT', `An event that is ${from} cannot become ${to}`, {
      reason: ILLEGAL_STATE_TRANSITION,
    });
  }
}

/** Drafts and published events can still be edited; cancelled and completed ones cannot. */
export function assertEditable(status: EventStatus): void {
  if (status === 'CANCELLED' || status === 'COMPLETED') {
    throw new AppError('CONFLICT', `An event that is ${status} can no longer change`, {
      reason: ILLEGAL_STATE_TRANSITION,
    });
  }
}
