export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function linkMail(
  to: string,
  subject: string,
  intro: string,
  link: string,
  token: string,
  outro: string,
): MailMessage {
  return {
    to,
    subject,
    text: `${intro}\n\n${link}\n\nOr enter this code: ${token}\n\n${outro}\n`,
    html:
      `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` +
      `<p>Or enter this code: <code>${escapeHtml(token)}</code></p><p>${escapeHtml(outro)}</p>`,
  };
}

/*
 * Mail to an address that has not been confirmed carries no text the requester
 * chose (not even the name given at registration): anyone can type any address,
 * and our mail must not carry a stranger's words to it.
 */

export function verificationMail(to: string, link: string, token: string): MailMessage {
  return linkMail(
    to,
    'Confirm your email address',
    'Confirm your email address for Trivance by opening this link:',
    link,
    token,
    'The link is valid for 24 hours. If you did not create an account, ignore this email.',
  );
}

export function existingAccountMail(to: string, loginHint: string): MailMessage {
  const text =
    'Someone (maybe you) tried to create a Trivance account with this email address, ' +
    'which already has an account. If it was you, sign in instead or reset your password: ' +
    `${loginHint}\n\nIf it was not you, you can ignore this email; your account is unchanged.`;
  return {
    to,
    subject: 'You already have a Trivance account',
    text,
    html: `<p>${escapeHtml(text)}</p>`,
  };
}

export function passwordResetMail(to: string, link: string, token: string): MailMessage {
  return linkMail(
    to,
    'Reset your Trivance password',
    'We received a request to reset your password. Open this link to choose a new one:',
    link,
    token,
    'The link is valid for 1 hour and works once. If you did not ask for it, ignore this email.',
  );
}

export function invitationMail(to: string, role: string, link: string, token: string): MailMessage {
  return linkMail(
    to,
    'You are invited to an organization on Trivance',
    `You have been invited to join an organization on Trivance as ${role}. Accept here:`,
    link,
    token,
    'The invitation is valid for 7 days and works once.',
  );
}

export function passwordChangedMail(to: string, resetHint: string): MailMessage {
  const text =
    'The password of your Trivance account was just changed, and your other sessions were ' +
    `signed out. If this was not you, reset your password now: ${resetHint}`;
  return {
    to,
    subject: 'Your Trivance password was changed',
    text,
    html: `<p>${escapeHtml(text)}</p>`,
  };
}

function noticeMail(to: string, subject: string, text: string): MailMessage {
  return { to, subject, text, html: `<p>${escapeHtml(text)}</p>` };
}

export function secondFactorEnabledMail(to: string): MailMessage {
  return noticeMail(
    to,
    'Two-step verification is on',
    'Two-step verification (an authenticator app) was just turned on for your Trivance ' +
      'account. If this was not you, reset your password now and contact support.',
  );
}

export function secondFactorDisabledMail(to: string, resetHint: string): MailMessage {
  return noticeMail(
    to,
    'Two-step verification is off',
    'Two-step verification was just turned off for your Trivance account. If this was not ' +
      `you, reset your password now: ${resetHint}`,
  );
}

export function recoveryCodeUsedMail(to: string, remaining: number): MailMessage {
  return noticeMail(
    to,
    'A recovery code was used',
    `A recovery code was just used to sign in to your Trivance account; ${remaining} remain. ` +
      'If this was not you, reset your password now.',
  );
}
