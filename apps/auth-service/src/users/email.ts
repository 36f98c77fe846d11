/** Emails are compared and stored trimmed and lower-cased (and NFC, so look-alikes compare equal). */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
