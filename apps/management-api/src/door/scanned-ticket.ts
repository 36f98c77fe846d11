import { Injectable } from '@nestjs/common';
import type { Ticket } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { TicketSigner } from '../tickets/ticket-signer.js';
import { INVALID_TICKET, TICKET_VOID, WRONG_EVENT } from './door-reasons.js';

export type Scanned = { ticket: Ticket } | { reason: string };

const CODE = /^[0-9A-Z]{24}$/;

/**
 * What a scan names: a signed QR payload (verified here, offline-style) or a
 * code typed in, resolved to the organization's ticket for this event.
 */
@Injectable()
export class ScannedTicket {
  constructor(
    private readonly signer: TicketSigner,
    private readonly db: TenantDatabase,
  ) {}

  async resolve(scope: TenantScope, eventId: string, payload: string): Promise<Scanned> {
    let code: string;
    if (payload.trim().startsWith('T1.')) {
      const claim = this.signer.verify(payload);
      if (!claim) return { reason: INVALID_TICKET };
      if (claim.eventId !== eventId) return { reason: WRONG_EVENT };
      code = claim.code;
    } else {
      code = payload.trim().toUpperCase().replace(/[\s-]/g, '');
      if (!CODE.test(code)) return { reason: INVALID_TICKET };
    }
    const ticket = await this.db.client.ticket.findFirst({
      where: { organizationId: scope.organizationId, code },
    });
    if (ticket) return ticket.eventId === eventId ? { ticket } : { reason: WRONG_EVENT };
    const revoked = await this.db.client.revokedTicketCode.findFirst({
      where: { organizationId: scope.organizationId, code },
    });
    return { reason: revoked ? TICKET_VOID : INVALID_TICKET };
  }
}
