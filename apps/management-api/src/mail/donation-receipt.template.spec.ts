import { describe, expect, it } from 'vitest';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { formatMoney } from '../common/money-text.js';
import { donationReceipt } from './donation-receipt.template.js';

const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');

const receipt: ManagementEventPayloads['donation.succeeded'] = {
  donationId: '0193a000-0000-7000-8000-000000000001',
  campaignId: '0193a000-0000-7000-8000-000000000002',
  campaignTitle: 'Techo <para> la capilla',
  organizationName: 'Parroquia San José',
  organizationLegalName: 'Fundación Parroquial San José',
  organizationTaxId: '900.123.456-7',
  receiptNumber: 42,
  amount: '2500000',
  fee: '95000',
  total: '2595000',
  currency: 'COP',
  frequency: 'ONE_TIME',
  donorEmail: 'donor@example.test',
  donorName: 'Someone <b>typed</b> this',
  donorTaxId: '1.020.304.050',
  succeededAt: '2026-12-03T02:30:00.000Z',
};

describe('the donation receipt', () => {
  it('formats minor units exactly, whatever the size', () => {
    expect(nbsp(formatMoney('2500000', 'COP'))).toBe('$ 25.000');
    expect(nbsp(formatMoney(5n, 'COP'))).toBe('$ 0,05');
    expect(nbsp(formatMoney('9007199254740993', 'COP'))).toBe('$ 90.071.992.547.409,93');
    expect(nbsp(formatMoney('1500', 'JPY'))).toContain('1.500');
    expect(nbsp(formatMoney('2500050', 'COP'))).toBe('$ 25.000,50');
    expect(nbsp(formatMoney('-300', 'COP'))).toBe('-$ 3');
  });

  it('carries the receipt number, the amounts, the day in Colombia and the organization', () => {
    const mail = donationReceipt(receipt);
    const text = nbsp(mail.text);
    expect(mail.to).toBe('donor@example.test');
    expect(mail.subject).toBe(
      'Recibo N.º 42 de tu donación a Techo <para> la capilla de Parroquia San José',
    );
    expect(text).toContain('Recibo N.º: 42');
    expect(text).toContain('Donación: $ 25.000');
    expect(text).toContain('Comisión que cubriste: $ 950');
    expect(text).toContain('Total pagado: $ 25.950');
    // 02:30 UTC on the 3rd is still the 2nd in Bogotá.
    expect(text).toContain('Fecha: 2 de diciembre de 2026');
    expect(text).toContain('Entidad: Fundación Parroquial San José');
    expect(text).toContain('900.123.456-7');
    expect(mail.html).toContain('Techo &#60;para&#62; la capilla');
  });

  it('carries nothing the requester typed (name, tax id)', () => {
    const mail = donationReceipt(receipt);
    for (const part of [mail.text, mail.html, mail.subject]) {
      expect(part).not.toContain('typed');
      expect(part).not.toContain('1.020.304.050');
    }
  });

  it('falls back to the organization name without a legal name or tax id', () => {
    const text = donationReceipt({
      ...receipt,
      organizationLegalName: null,
      organizationTaxId: null,
    }).text;
    expect(text).toContain('Entidad: Parroquia San José');
    expect(text).not.toContain('NIT');
  });

  it('is English for an English account: words, day and money for en-US', () => {
    const mail = donationReceipt({ ...receipt, frequency: 'MONTHLY' }, 'en');
    const text = nbsp(mail.text);
    expect(mail.subject).toBe(
      'Receipt No. 42 from Parroquia San José for your donation to Techo <para> la capilla',
    );
    expect(text).toContain(
      'Thank you for your donation to “Techo <para> la capilla” by Parroquia San José. This is your receipt.',
    );
    expect(text).toContain('Receipt No.: 42');
    expect(text).toContain('Date: December 2, 2026');
    expect(text).toContain('Donation (monthly installment): COP 25,000');
    expect(text).toContain('Fee you covered: COP 950');
    expect(text).toContain('Total paid: COP 25,950');
    expect(text).toContain('Organization: Fundación Parroquial San José');
    expect(text).toContain('Tax ID (NIT): 900.123.456-7');
    expect(text).toContain('yearly donation certificate');
    expect(text).not.toMatch(/Hola|Gracias|Recibo|Donación/);
    expect(mail.html).toContain('<strong>Techo &#60;para&#62; la capilla</strong>');
    for (const part of [mail.text, mail.html, mail.subject]) {
      expect(part).not.toContain('typed');
      expect(part).not.toContain('1.020.304.050');
    }
  });

  it('keeps the ISO 4217 minor units in English too (JPY has none, KWD has 3)', () => {
    expect(nbsp(donationReceipt({ ...receipt, currency: 'JPY' }, 'en').text)).toContain(
      'Donation: ¥2,500,000',
    );
    expect(
      nbsp(donationReceipt({ ...receipt, amount: '2500', currency: 'KWD' }, 'en').text),
    ).toContain('Donation: KWD 2.5');
    expect(nbsp(donationReceipt({ ...receipt, currency: 'USD' }, 'en').text)).toContain(
      'Donation: $25,000',
    );
  });
});
