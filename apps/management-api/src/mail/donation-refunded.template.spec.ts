import { describe, expect, it } from 'vitest';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { donationRefunded } from './donation-refunded.template.js';

const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');

const refund: ManagementEventPayloads['donation.refunded'] = {
  donationId: '0193a000-0000-7000-8000-000000000001',
  campaignId: '0193a000-0000-7000-8000-000000000002',
  campaignTitle: 'Techo <para> la capilla',
  organizationName: 'Parroquia San José',
  receiptNumber: 42,
  amount: '1000000',
  currency: 'COP',
  fully: false,
  donorEmail: 'donor@example.test',
  donorName: 'Someone <b>typed</b> this',
};

describe('the refund notice', () => {
  it('tells the donor what came back and whether anything of the gift remains', () => {
    const partial = donationRefunded(refund);
    expect(partial.to).toBe('donor@example.test');
    expect(partial.subject).toBe(
      'Devolución de tu donación a Techo <para> la capilla de Parroquia San José',
    );
    expect(nbsp(partial.text)).toContain('Parroquia San José te devolvió $ 10.000');
    expect(partial.text).toContain('recibo N.º 42');
    expect(partial.text).toContain('sigue vigente');
    expect(partial.html).toContain('Techo &#60;para&#62; la capilla');
    expect(donationRefunded({ ...refund, fully: true }).text).toContain('por completo');
    expect(donationRefunded({ ...refund, receiptNumber: null }).text).not.toContain('recibo');
  });

  it('is English for an English account', () => {
    const partial = donationRefunded(refund, 'en');
    const text = nbsp(partial.text);
    expect(partial.subject).toBe(
      'Parroquia San José refunded your donation to Techo <para> la capilla',
    );
    expect(text).toContain('Hello,');
    expect(text).toContain(
      'Parroquia San José refunded COP 10,000 of your donation to “Techo <para> la capilla” (receipt No. 42).',
    );
    expect(text).toContain('The rest of your donation stands.');
    expect(text).toContain('a few days');
    expect(text).not.toMatch(/Hola|devolvió/);
    expect(donationRefunded({ ...refund, fully: true }, 'en').text).toContain('refunded in full');
  });

  it('carries nothing anybody typed, in either language', () => {
    for (const locale of ['es', 'en'] as const) {
      const mail = donationRefunded(refund, locale);
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toContain('typed');
    }
  });
});
