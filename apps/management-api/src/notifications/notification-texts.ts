import type { NotificationKind } from '../generated/prisma/enums.js';
import type { RelayedManagementEvent } from '../outbox/management-events.js';

/** What one domain event tells its recipients, in the app's default language (Spanish). */
export interface NotificationDraft {
  kind: NotificationKind;
  title: string;
  body: string;
  /** Ids the app opens the notification with; never another person's personal data. */
  data: Record<string, string | number | boolean | null>;
}

const dateText = (iso: string, timezone: string) =>
  new Intl.DateTimeFormat('es-CO', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(new Date(iso));

/**
 * The notification a Management API event makes, or null for the events that
 * make none. Texts carry the organization's name and no words a stranger
 * chose (DOMAIN.md: a ticket's sender or a tribute's author stays out).
 */
export function draftFor(event: RelayedManagementEvent): NotificationDraft | null {
  switch (event.type) {
    case 'order.paid': {
      const p = event.payload;
      return {
        kind: 'ORDER_CONFIRMED',
        title: `Compra confirmada: ${p.eventTitle}`,
        body: `${p.organizationName} confirmó tu compra de ${p.tickets.length} entrada(s) para el ${dateText(p.startsAt, p.timezone)}.`,
        data: { orderId: p.orderId, eventId: p.eventId },
      };
    }
    case 'ticket.checked_in': {
      const p = event.payload;
      return {
        kind: 'TICKET_CHECKED_IN',
        title: 'Entrada registrada',
        body: 'Tu entrada fue registrada en la puerta. ¡Disfruta el evento!',
        data: { ticketId: p.ticketId, eventId: p.eventId },
      };
    }
    case 'ticket.transferred': {
      const p = event.payload;
      return {
        kind: 'TICKET_RECEIVED',
        title: `Recibiste una entrada: ${p.eventTitle}`,
        body: `Una entrada ${p.ticketTypeName} de ${p.organizationName} para el ${dateText(p.startsAt, p.timezone)} ahora es tuya.`,
        data: { ticketId: p.toTicketId, eventId: p.eventId },
      };
    }
    case 'waitlist.offered': {
      const p = event.payload;
      return {
        kind: 'WAITLIST_OFFER',
        title: `Hay lugar para ti: ${p.eventTitle}`,
        body: `${p.organizationName} te ofrece ${p.quantity} entrada(s) ${p.ticketTypeName}; la oferta vence el ${dateText(p.offeredUntil, p.timezone)}.`,
        data: { waitlistEntryId: p.entryId, eventId: p.eventId, ticketTypeId: p.ticketTypeId },
      };
    }
    case 'event.cancelled':
      return {
        kind: 'EVENT_CANCELLED',
        title: 'Evento cancelado',
        body: 'Un evento para el que tenías entradas fue cancelado. Si pagaste, tu dinero será devuelto.',
        data: { eventId: event.payload.eventId },
      };
    case 'donation.succeeded': {
      const p = event.payload;
      return {
        kind: 'DONATION_RECEIPT',
        title: `Gracias por tu donación a ${p.organizationName}`,
        body: `Recibimos tu donación a «${p.campaignTitle}». Recibo n.º ${p.receiptNumber}.`,
        data: {
          donationId: p.donationId,
          campaignId: p.campaignId,
          receiptNumber: p.receiptNumber,
        },
      };
    }
    case 'recurring.failed': {
      const p = event.payload;
      return {
        kind: 'RECURRING_FAILED',
        title: 'Tu donación mensual se detuvo',
        body: `No pudimos cobrar tu donación mensual a «${p.campaignTitle}» de ${p.organizationName} después de ${p.attempts} intentos. Actualiza tu tarjeta para retomarla.`,
        data: { recurringDonationId: p.recurringDonationId, campaignId: p.campaignId },
      };
    }
    case 'publication.published': {
      const p = event.payload;
      // Banners are part of the app's look, not news; a publication scheduled
      // for later is not announced before anyone can see it.
      if (p.kind === 'BANNER' || Date.parse(p.publishAt) > Date.now()) return null;
      return {
        kind: 'PUBLICATION',
        title: `${p.organizationName}: ${p.title}`,
        body:
          p.kind === 'VIDEO' ? 'Hay un video nuevo para ti.' : 'Hay una publicación nueva para ti.',
        data: { publicationId: p.publicationId },
      };
    }
    default:
      return null;
  }
}

const ROLE_NAMES = { admin: 'administrador', moderator: 'moderador', user: 'miembro' } as const;

/** An account's role in an organization changed (the Auth Service's membership.changed). */
export function membershipDraft(
  organizationName: string,
  organizationId: string,
  role: keyof typeof ROLE_NAMES | null,
): NotificationDraft {
  return {
    kind: 'MEMBERSHIP_CHANGED',
    title: role ? `Tu rol en ${organizationName}` : `Ya no eres miembro de ${organizationName}`,
    body: role
      ? `Ahora eres ${ROLE_NAMES[role]} de ${organizationName}.`
      : `Tu membresía en ${organizationName} terminó.`,
    data: { organizationId, role },
  };
}
