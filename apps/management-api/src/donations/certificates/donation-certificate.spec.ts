import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import {
  type CertificateGift,
  certificateOf,
  currentYear,
  netOfRefunds,
  yearWindow,
} from './donation-certificate.js';
import { printable, renderCertificatePdf } from './donation-certificate.pdf.js';

async function pdfText(pdf: Buffer): Promise<string> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await task.destroy();
  return pages.join('\n').replace(/\u00a0/g, ' ');
}

const issuer = { name: 'Techo', legalName: 'Fundación Techo S.A.S.', taxId: '900.123.456-7' };

const gift = (overrides: Partial<CertificateGift>): CertificateGift => ({
  amount: 5_000_000n,
  refundedAmount: 0n,
  currency: 'COP',
  receiptNumber: 1,
  succeededAt: new Date('2026-03-01T15:00:00Z'),
  campaignTitle: 'Techo para la capilla',
  donorName: 'Ana Pérez',
  donorEmail: 'ana@example.test',
  donorTaxId: null,
  ...overrides,
});

describe('donation certificates', () => {
  it('keep what stayed given: a refund takes the gift first, then the covered fee', () => {
    expect(netOfRefunds({ amount: 100n, refundedAmount: 0n })).toBe(100n);
    expect(netOfRefunds({ amount: 100n, refundedAmount: 30n })).toBe(70n);
    // 105 charged (5 of fee): 102 back leaves nothing of the gift.
    expect(netOfRefunds({ amount: 100n, refundedAmount: 102n })).toBe(0n);
  });

  it('total per currency, leave out what went back whole, and take the latest tax id given', () => {
    const certificate = certificateOf(2026, issuer, [
      gift({ receiptNumber: 3, succeededAt: new Date('2026-06-01T12:00:00Z'), donorTaxId: null }),
      gift({ receiptNumber: 1, donorTaxId: 'CC 1.020.304' }),
      gift({ receiptNumber: 2, refundedAmount: 1_000_000n, donorTaxId: 'CC 9.999' }),
      gift({ receiptNumber: 4, refundedAmount: 5_000_000n, donorTaxId: 'refunded' }),
      gift({
        receiptNumber: 5,
        amount: 2_000n,
        currency: 'USD',
        donorName: 'Ana P.',
        succeededAt: new Date('2026-07-01T12:00:00Z'),
      }),
    ])!;
    expect(certificate.lines.map((line) => line.receiptNumber)).toEqual([1, 2, 3, 5]);
    expect(certificate.lines[1]!.net).toBe(4_000_000n);
    expect(certificate.totals).toEqual([
      { currency: 'COP', amount: 14_000_000n },
      { currency: 'USD', amount: 2_000n },
    ]);
    expect(certificate.donor).toEqual({
      name: 'Ana P.',
      email: 'ana@example.test',
      taxId: 'CC 9.999',
    });
    expect(certificateOf(2026, issuer, [gift({ refundedAmount: 5_000_000n })])).toBeNull();
    expect(certificateOf(2026, issuer, [])).toBeNull();
  });

  it("bound a year by Colombia's midnight", () => {
    expect(yearWindow(2026)).toEqual({
      from: new Date('2026-01-01T05:00:00Z'),
      to: new Date('2027-01-01T05:00:00Z'),
    });
    expect(currentYear(new Date('2027-01-01T03:00:00Z'))).toBe(2026);
  });

  it('draw Spanish text as it is and anything the fonts lack as ?', () => {
    expect(printable('Campaña «Niños» – año')).toBe('Campaña «Niños» – año');
    expect(printable('Techo 🏠 新')).toBe('Techo ? ?');
  });

  it('render a PDF whose text carries the organization, the donor, each gift and the totals', async () => {
    const certificate = certificateOf(
      2026,
      issuer,
      Array.from({ length: 60 }, (_, index) =>
        gift({
          receiptNumber: index + 1,
          donorTaxId: 'CC 1.020.304.050',
          campaignTitle:
            index === 7 ? `Campaña ${'muy larga '.repeat(12)}` : 'Techo para la capilla',
        }),
      ),
      new Date('2026-12-03T12:00:00Z'),
    )!;
    const pdf = await renderCertificatePdf(certificate);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const expected of [
      'Certificado de donaciones',
      '2026',
      'Fundación Techo S.A.S.',
      '900.123.456-7',
      'Ana Pérez',
      'ana@example.test',
      'CC 1.020.304.050',
      'N.º 60',
      '$ 3.000.000',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
