/** What every mail template needs to write safe, local text. */
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The languages mail is written in; Spanish unless the recipient chose English. */
export type MailLocale = 'es' | 'en';

export const DEFAULT_MAIL_LOCALE: MailLocale = 'es';

/** A recipient's stated language as a mail language: anything but English is Spanish. */
export const mailLocale = (value: unknown): MailLocale => (value === 'en' ? 'en' : 'es');

/** The Intl locale each mail language formats dates and money with. */
export const INTL_LOCALE: Record<MailLocale, string> = { es: 'es-CO', en: 'en-US' };

/** A template's words in the recipient's language (Spanish for anything else). */
export function wordsFor<T>(table: Record<MailLocale, T>, locale: MailLocale | undefined): T {
  return table[mailLocale(locale)];
}

/** A moment as people at the event read it, in the event's time zone. */
export function localTime(
  iso: string,
  timeZone: string,
  locale: MailLocale = DEFAULT_MAIL_LOCALE,
): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[mailLocale(locale)], {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}
