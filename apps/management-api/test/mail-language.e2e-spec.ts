import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH_URL,
  endUser,
  type Identity,
  staffMember,
  steppedUpStaff,
} from './support/auth-service.js';
import { createTestEvent, orderTickets } from './support/catalog.js';
import { manualGift, openCampaign } from './support/donations.js';
import { eventually } from './support/eventually.js';
import { type Mail, mailsTo } from './support/mailbox.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';

const plain = (mail: Mail) => ({ ...mail, text: mail.text.replace(/[\u00a0\u202f]/g, ' ') });
const firstMail = async (address: string, subject: RegExp) =>
  plain(
    (
      await eventually(
        () => mailsTo(address).then((mails) => mails.filter((mail) => subject.test(mail.subject))),
        (mails) => mails.length > 0,
      )
    )[0]!,
  );

/** The account holder chooses their language in the Auth Service (PATCH /v1/auth/me). */
async function chooseLanguage(identity: Identity, locale: 'es' | 'en'): Promise<void> {
  const response = await fetch(`${AUTH_URL}/v1/auth/me`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${identity.accessToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ locale }),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { locale: string }).locale).toBe(locale);
}

describe('mail in the language of the account', () => {
  let app: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let english: Identity;
  let spanish: Identity;

  beforeAll(async () => {
    app = await startApp();
    organization = await createOrganization('mail-language');
    [admin, moderator, english, spanish] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
      endUser('mail-en'),
      endUser('mail-es'),
    ]);
    await chooseLanguage(english, 'en');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('confirms an order in English to an English account and in Spanish by default, the organization named', async () => {
    const event = await createTestEvent(app, admin, {
      title: 'Gala de invierno',
      types: [{ name: 'General', quantity: 10 }],
    });
    for (const buyer of [english, spanish]) {
      const placed = await orderTickets(app, buyer, event.id, [
        { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
      ]);
      expect(placed.errors).toBeUndefined();
    }

    const inEnglish = await firstMail(english.email, /^Your tickets for /);
    expect(inEnglish.subject).toBe(`Your tickets for Gala de invierno by ${organization.name}`);
    expect(inEnglish.text).toContain(`Hello ${english.name},`);
    expect(inEnglish.text).toContain(
      `Your order for “Gala de invierno” by ${organization.name} is confirmed.`,
    );
    expect(inEnglish.text).toContain('Total: Free');
    expect(inEnglish.text).toMatch(/When: \w+day, \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M/);
    expect(inEnglish.text).not.toMatch(/Hola|Cuándo/);
    expect(inEnglish.attachments?.filter((file) => file.contentType === 'image/png')).toHaveLength(
      1,
    );

    const inSpanish = await firstMail(spanish.email, /^Tus entradas para /);
    expect(inSpanish.subject).toBe(`Tus entradas para Gala de invierno de ${organization.name}`);
    expect(inSpanish.text).toContain(`Hola ${spanish.name},`);
    expect(inSpanish.text).toContain('Total: Gratis');
    expect(inSpanish.text).toContain('Cuándo: ');
    expect(inSpanish.attachments?.filter((file) => file.contentType === 'image/png')).toHaveLength(
      1,
    );
    expect(await mailsTo(spanish.email)).not.toContainEqual(
      expect.objectContaining({ subject: expect.stringMatching(/^Your tickets/) }),
    );
  });

  it('sends the receipt of a gift in the donor’s language, money and day formatted for it', async () => {
    const campaign = await openCampaign(app, moderator, { title: 'Comedor comunitario' });
    const [englishGift, spanishGift] = [
      await manualGift(app, english, admin, campaign.id, 2_500_000),
      await manualGift(app, spanish, admin, campaign.id, 2_500_000),
    ];

    const receipt = await firstMail(english.email, /^Receipt No\. /);
    expect(receipt.subject).toBe(
      `Receipt No. ${englishGift.receiptNumber} from ${organization.name} for your donation to Comedor comunitario`,
    );
    expect(receipt.text).toContain(`Receipt No.: ${englishGift.receiptNumber}`);
    expect(receipt.text).toContain('Donation: COP 25,000');
    expect(receipt.text).toContain('Total paid: COP 25,000');
    expect(receipt.text).toMatch(/Date: \w+ \d{1,2}, \d{4}/);
    expect(receipt.text).not.toMatch(/Recibo|Donación/);

    const recibo = await firstMail(spanish.email, /^Recibo N\.º /);
    expect(recibo.subject).toBe(
      `Recibo N.º ${spanishGift.receiptNumber} de tu donación a Comedor comunitario de ${organization.name}`,
    );
    expect(recibo.text).toContain('Donación: $ 25.000');
    expect(recibo.text).toMatch(/Fecha: \d{1,2} de \w+ de \d{4}/);
  });
});
