import { MAILDEV_URL } from './auth-service.js';

export interface Mail {
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  attachments?: { contentType: string; cid?: string }[];
}

/** What the mail catcher holds for one recipient. */
export async function mailsTo(address: string): Promise<Mail[]> {
  const query = new URLSearchParams({ 'to.address': address });
  const mails = (await (await fetch(`${MAILDEV_URL}/api/email?${query}`)).json()) as Mail[];
  return mails.filter((mail) => mail.to.some((to) => to.address === address));
}
