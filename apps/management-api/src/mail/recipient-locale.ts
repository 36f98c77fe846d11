import { Injectable, Logger } from '@nestjs/common';
import { ViewerService } from '../viewer/viewer.service.js';
import { DEFAULT_MAIL_LOCALE, type MailLocale, mailLocale } from './mail-text.js';

/** How long a mail waits for its recipient's language before it goes out in Spanish. */
export const LOCALE_LOOKUP_DEADLINE_MS = 5_000;

/**
 * The language to write a recipient's mail in. The Auth Service keeps it on
 * the account; it is read through the cached account lookup the viewer uses
 * (invalidated by user.updated, so a change of language reaches the next
 * mail), with the Auth client's timeouts, retries and circuit breaker. No
 * account (a guest, an address nobody signed up with), an account gone, the
 * Auth Service down or slow: Spanish. A mail is never dropped or held for it.
 */
@Injectable()
export class RecipientLocale {
  private readonly logger = new Logger(RecipientLocale.name);

  constructor(private readonly viewers: ViewerService) {}

  async of(userId: string | null | undefined): Promise<MailLocale> {
    if (!userId) return DEFAULT_MAIL_LOCALE;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<MailLocale>((resolve) => {
      timer = setTimeout(() => resolve(DEFAULT_MAIL_LOCALE), LOCALE_LOOKUP_DEADLINE_MS);
      timer.unref();
    });
    const lookup = this.viewers.account(userId).then(
      (account) => mailLocale(account?.locale),
      (error: unknown) => {
        this.logger.warn({ err: error, userId }, 'recipient language unknown; writing in Spanish');
        return DEFAULT_MAIL_LOCALE;
      },
    );
    try {
      return await Promise.race([lookup, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
