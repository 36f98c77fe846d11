import { MAILDEV_URL } from './test-env.js';

export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
}

/** Mails to one address (maildev filters them, so a long run's mailbox is not re-read each poll). */
export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const query = new URLSearchParams({ 'to.address': address.toLowerCase() });
  const response = await fetch(`${MAILDEV_URL}/api/email?${query}`);
  const all = (await response.json()) as CaughtMail[];
  return all.filter((mail) =>
    mail.to.some((to) => to.address.toLowerCase() === address.toLowerCase()),
  );
}

/** Waits until `count` mails to the address have arrived (the queue sends them asynchronously). */
export async function waitForMails(address: string, count = 1, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} mail(s) to ${address}, got ${mails.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The token a mail carries in its link (`?token=`), checked against the link's base URL. */
export function tokenFromMail(mail: CaughtMail, path: string): string {
  const match = new RegExp(`https://app\\.trivance\\.test${path}\\?token=([A-Za-z0-9_-]+)`).exec(
    mail.text,
  );
  if (!match) throw new Error(`no ${path} link in mail: ${mail.text}`);
  return decodeURIComponent(match[1]!);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
