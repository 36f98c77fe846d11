import { donationsSection, monthlyGiftsSection } from './export/donations.section.js';
import type { ExportSection } from './export/export-section.js';
import { memberProfilesSection } from './export/member-profiles.section.js';
import {
  notificationPreferencesSection,
  notificationsSection,
} from './export/notifications.section.js';
import { ordersSection } from './export/orders.section.js';
import { pushDevicesSection } from './export/push-devices.section.js';
import { ticketsSection } from './export/tickets.section.js';
import { waitlistSection } from './export/waitlist.section.js';

/**
 * Every part of an account holder's export from the Management API, in the
 * order the document lists them. A table that holds an account's data adds
 * its section here (one line), with the SELECT grant and policy for
 * trivance_privacy_export in its migration (see 20261203112000_privacy).
 */
export const EXPORT_SECTIONS: readonly ExportSection[] = [
  memberProfilesSection,
  ordersSection,
  ticketsSection,
  donationsSection,
  monthlyGiftsSection,
  waitlistSection,
  notificationsSection,
  notificationPreferencesSection,
  pushDevicesSection,
];
