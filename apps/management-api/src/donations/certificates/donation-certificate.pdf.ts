import PDFDocument from 'pdfkit';
import { formatMoney } from '../../common/money-text.js';
import { CERTIFICATE_TIME_ZONE, type DonationCertificate } from './donation-certificate.js';

const MARGIN = 50;
const COLUMNS = { date: 50, campaign: 150, receipt: 360, amount: 430, end: 545 };

/** Characters the PDF's standard fonts (WinAnsi) can draw beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text as the standard fonts can show it: Spanish letters and the usual
 * punctuation as they are, anything else (an emoji in a campaign's title) as
 * `?` rather than a wrong glyph.
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    const drawable =
      (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
    out += drawable ? char : code < 0x20 ? ' ' : '?';
  }
  return out;
}

const day = (date: Date) =>
  new Intl.DateTimeFormat('es-CO', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: CERTIFICATE_TIME_ZONE,
  }).format(date);

const longDay = (date: Date) =>
  new Intl.DateTimeFormat('es-CO', { dateStyle: 'long', timeZone: CERTIFICATE_TIME_ZONE }).format(
    date,
  );

/**
 * Renders a yearly donation certificate (A4, Spanish): the organization
 * (name, legal name, tax id), the donor (name, email, tax id), one line per
 * gift (day, campaign, receipt number, what stayed given) and the year's
 * total per currency.
 */
export function renderCertificatePdf(certificate: DonationCertificate): Promise<Buffer> {
  const { organization, donor, year } = certificate;
  const issuer = organization.legalName ?? organization.name;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'es-CO',
    info: {
      Title: printable(`Certificado de donaciones ${year} - ${issuer}`),
      Author: printable(issuer),
      Subject: printable(`Donaciones de ${donor.name} en ${year}`),
      CreationDate: certificate.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = COLUMNS.end - MARGIN;
  const line = (label: string, value: string) =>
    doc
      .font('Helvetica-Bold')
      .text(printable(`${label}: `), { continued: true })
      .font('Helvetica')
      .text(printable(value));

  doc.font('Helvetica-Bold').fontSize(18).text(printable('Certificado de donaciones'), { width });
  doc
    .font('Helvetica')
    .fontSize(12)
    .text(printable(`Año ${year}`), { width });
  doc.moveDown();

  doc.fontSize(10).font('Helvetica-Bold').text('Entidad donataria');
  line('Razón social', issuer);
  if (organization.legalName && organization.legalName !== organization.name) {
    line('Nombre', organization.name);
  }
  line('NIT / identificación tributaria', organization.taxId ?? 'no registrada');
  doc.moveDown();

  doc.font('Helvetica-Bold').text('Donante');
  line('Nombre', donor.name);
  line('Correo', donor.email);
  line('Identificación tributaria', donor.taxId ?? 'no informada');
  doc.moveDown();

  doc
    .font('Helvetica')
    .text(
      printable(
        `${issuer} certifica que recibió del donante las siguientes donaciones en el año ${year}. ` +
          'Cada valor descuenta lo devuelto; las donaciones devueltas por completo no se incluyen.',
      ),
      { width },
    );
  doc.moveDown();

  const header = () => {
    const y = doc.y;
    doc.font('Helvetica-Bold');
    doc.text('Fecha', COLUMNS.date, y, { width: COLUMNS.campaign - COLUMNS.date - 8 });
    doc.text(printable('Campaña'), COLUMNS.campaign, y, {
      width: COLUMNS.receipt - COLUMNS.campaign - 8,
    });
    doc.text('Recibo', COLUMNS.receipt, y, { width: COLUMNS.amount - COLUMNS.receipt - 8 });
    doc.text('Valor', COLUMNS.amount, y, {
      width: COLUMNS.end - COLUMNS.amount,
      align: 'right',
    });
    const bottom = doc.y + 2;
    doc.moveTo(MARGIN, bottom).lineTo(COLUMNS.end, bottom).lineWidth(0.5).stroke();
    doc.font('Helvetica');
    doc.y = bottom + 4;
  };
  header();
  for (const gift of certificate.lines) {
    const title = printable(gift.campaignTitle);
    const titleWidth = COLUMNS.receipt - COLUMNS.campaign - 8;
    const height = Math.max(
      doc.heightOfString(title, { width: titleWidth }),
      doc.currentLineHeight(),
    );
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    doc.text(day(gift.succeededAt), COLUMNS.date, y, {
      width: COLUMNS.campaign - COLUMNS.date - 8,
    });
    doc.text(title, COLUMNS.campaign, y, { width: titleWidth });
    doc.text(gift.receiptNumber === null ? '-' : `N.º ${gift.receiptNumber}`, COLUMNS.receipt, y, {
      width: COLUMNS.amount - COLUMNS.receipt - 8,
    });
    doc.text(printable(formatMoney(gift.net, gift.currency)), COLUMNS.amount, y, {
      width: COLUMNS.end - COLUMNS.amount,
      align: 'right',
    });
    doc.y = y + height + 4;
  }
  const rule = doc.y;
  doc.moveTo(MARGIN, rule).lineTo(COLUMNS.end, rule).lineWidth(0.5).stroke();
  doc.y = rule + 6;
  for (const total of certificate.totals) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(printable(`Total ${year} (${total.currency})`), MARGIN, y, {
      width: COLUMNS.amount - MARGIN - 8,
    });
    doc.text(printable(formatMoney(total.amount, total.currency)), COLUMNS.amount, y, {
      width: COLUMNS.end - COLUMNS.amount,
      align: 'right',
    });
  }
  doc.moveDown(2);
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      printable(`Expedido el ${longDay(certificate.issuedAt)} a solicitud del donante.`),
      MARGIN,
      doc.y,
      {
        width,
      },
    );
  doc.end();
  return done;
}
