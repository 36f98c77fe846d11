import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { TERMS_PATHS } from './acceptance.js';
import type { StandInContext } from './context.js';
import { parseInput, StandInError, type ValidationMessages } from './errors.js';
import type { Merchant } from './merchants.js';
import { hexDigestsEqual, integritySignature } from './signatures.js';
import { cardTokenInputSchema } from './tokens.js';
import { transactionInputSchema } from './transactions.js';

/**
 * Wompi's web checkout (`/p/`): a payer lands here from a signed link, pays
 * with a test card or Nequi number, and is sent back to `redirect-url`.
 * Plain HTML forms only, so it works from any HTTP client.
 */

// Wompi's checkout takes many optional parameters (customer data, taxes, ...); unknown ones are ignored.
const checkoutParamsSchema = z.object({
  'public-key': z.string().min(1),
  currency: z.literal('COP'),
  'amount-in-cents': z
    .string()
    .regex(/^\d+$/, 'Debe ser un entero en centavos')
    .transform(Number)
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  reference: z.string().min(1).max(255),
  'signature:integrity': z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'Debe ser un SHA-256 en hexadecimal'),
  'redirect-url': z.url({ protocol: /^https?$/ }).optional(),
  'customer-data:email': z.string().optional(),
});

type CheckoutParams = z.output<typeof checkoutParamsSchema>;

const payerSchema = z.object({
  acceptance_token: z.string().min(1),
  accept: z.literal('on', { error: 'Debes aceptar los términos y condiciones' }),
  customer_email: z.email(),
  method: z.enum(['CARD', 'NEQUI']),
  card_number: z.string().optional(),
  card_cvc: z.string().optional(),
  card_exp_month: z.string().optional(),
  card_exp_year: z.string().optional(),
  card_holder: z.string().optional(),
  phone_number: z.string().optional(),
});

const PARAM_NAMES = [
  'public-key',
  'currency',
  'amount-in-cents',
  'reference',
  'signature:integrity',
  'redirect-url',
  'customer-data:email',
] as const;

const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="es">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Wompi (stand-in)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
fieldset{margin:1rem 0}label{display:block;margin:.5rem 0}.error{color:#b00020}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

function sendPage(reply: FastifyReply, status: number, title: string, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(page(title, body));
}

function errorList(messages: ValidationMessages): string {
  const items = Object.entries(messages).flatMap(([field, list]) =>
    list.map((message) => `<li><strong>${escapeHtml(field)}</strong>: ${escapeHtml(message)}</li>`),
  );
  return `<ul class="error" role="alert">${items.join('')}</ul>`;
}

function describeError(error: StandInError): ValidationMessages {
  return typeof error.detail === 'string' ? { error: [error.detail] } : error.detail;
}

function formatCop(amountInCents: number): string {
  return `$ ${(amountInCents / 100).toLocaleString('es-CO', { minimumFractionDigits: 2 })} COP`;
}

function checkoutForm(
  ctx: StandInContext,
  merchant: Merchant,
  params: CheckoutParams,
  raw: Record<string, string>,
  errors?: ValidationMessages,
): string {
  const acceptance = ctx.acceptance.issue('END_USER_POLICY');
  const hidden = PARAM_NAMES.filter((name) => raw[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(raw[name])}">`)
    .join('\n');
  const email = raw['customer_email'] ?? params['customer-data:email'] ?? '';
  return `<p>${escapeHtml(merchant.name)}</p>
<p>Referencia <strong>${escapeHtml(params.reference)}</strong>: <strong>${escapeHtml(formatCop(params['amount-in-cents']))}</strong></p>
${errors ? errorList(errors) : ''}
<form method="post" action="/p/">
${hidden}
<input type="hidden" name="acceptance_token" value="${escapeHtml(acceptance.acceptance_token)}">
<label>Correo electrónico <input type="email" name="customer_email" required value="${escapeHtml(email)}"></label>
<fieldset><legend><label><input type="radio" name="method" value="CARD" checked> Tarjeta</label></legend>
<label>Número <input name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242"></label>
<label>CVC <input name="card_cvc" inputmode="numeric" autocomplete="cc-csc" size="4"></label>
<label>Mes (MM) <input name="card_exp_month" inputmode="numeric" size="2"></label>
<label>Año (AA) <input name="card_exp_year" inputmode="numeric" size="2"></label>
<label>Titular <input name="card_holder" autocomplete="cc-name"></label>
</fieldset>
<fieldset><legend><label><input type="radio" name="method" value="NEQUI"> Nequi</label></legend>
<label>Celular <input name="phone_number" inputmode="tel" placeholder="3991111111"></label>
</fieldset>
<label><input type="checkbox" name="accept" required> Acepto los <a href="${escapeHtml(acceptance.permalink)}">términos y condiciones</a></label>
<button type="submit">Pagar</button>
</form>
<p><small>Sandbox: 4242 4242 4242 4242 aprobada, 4111 1111 1111 1111 declinada; Nequi 3991111111 aprobada, 3992222222 declinada.</small></p>`;
}

function stringFields(input: unknown): Record<string, string> {
  if (input === null || typeof input !== 'object') return {};
  return Object.fromEntries(
    Object.entries(input).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

type Verified = { merchant: Merchant; params: CheckoutParams };

/** Renders the refusal itself and returns undefined when the link is not one the merchant signed. */
function verifyLink(
  ctx: StandInContext,
  raw: Record<string, string>,
  reply: FastifyReply,
): Verified | undefined {
  let params: CheckoutParams;
  try {
    params = parseInput(checkoutParamsSchema, raw);
  } catch (error) {
    if (!(error instanceof StandInError)) throw error;
    sendPage(reply, 422, 'Enlace de pago inválido', errorList(describeError(error)));
    return undefined;
  }
  const merchant = ctx.merchants.findByPublicKey(params['public-key']);
  if (!merchant) {
    sendPage(
      reply,
      404,
      'Comercio no encontrado',
      '<p class="error">La llave pública no corresponde a ningún comercio.</p>',
    );
    return undefined;
  }
  const expected = integritySignature(
    params.reference,
    params['amount-in-cents'],
    params.currency,
    merchant.integritySecret,
  );
  if (!hexDigestsEqual(expected, params['signature:integrity'])) {
    sendPage(
      reply,
      403,
      'Firma de integridad inválida',
      '<p class="error">La firma de integridad no corresponde a este pago.</p>',
    );
    return undefined;
  }
  return { merchant, params };
}

function paymentMethodFrom(
  ctx: StandInContext,
  merchant: Merchant,
  payer: z.output<typeof payerSchema>,
) {
  if (payer.method === 'NEQUI') {
    return { type: 'NEQUI', phone_number: (payer.phone_number ?? '').trim() };
  }
  const card = parseInput(cardTokenInputSchema, {
    number: (payer.card_number ?? '').replace(/[\s-]/g, ''),
    cvc: (payer.card_cvc ?? '').trim(),
    exp_month: (payer.card_exp_month ?? '').trim().padStart(2, '0'),
    exp_year: (payer.card_exp_year ?? '').trim(),
    card_holder: payer.card_holder ?? '',
  });
  const token = ctx.tokens.tokenizeCard(merchant.id, card);
  return { type: 'CARD', token: token.data.id, installments: 1 };
}

export function registerCheckoutPage(app: FastifyInstance, ctx: StandInContext): void {
  for (const type of ['END_USER_POLICY', 'PERSONAL_DATA_AUTH'] as const) {
    app.get(TERMS_PATHS[type], (_request, reply) =>
      sendPage(
        reply,
        200,
        type === 'END_USER_POLICY' ? 'Términos y condiciones' : 'Autorización de datos personales',
        '<p>Documento de pruebas del stand-in de Wompi.</p>',
      ),
    );
  }

  for (const path of ['/p', '/p/']) {
    app.get(path, (request, reply) => {
      const raw = stringFields(request.query);
      const verified = verifyLink(ctx, raw, reply);
      if (!verified) return reply;
      return sendPage(
        reply,
        200,
        'Pagar',
        checkoutForm(ctx, verified.merchant, verified.params, raw),
      );
    });

    app.post(path, (request, reply) => {
      const raw = stringFields(request.body);
      const verified = verifyLink(ctx, raw, reply);
      if (!verified) return reply;
      const { merchant, params } = verified;
      let transactionId: string;
      try {
        const payer = parseInput(payerSchema, raw);
        const paymentMethod = paymentMethodFrom(ctx, merchant, payer);
        transactionId = ctx.transactions.create(
          { merchant, keyKind: 'public' },
          parseInput(transactionInputSchema, {
            amount_in_cents: params['amount-in-cents'],
            currency: params.currency,
            customer_email: payer.customer_email,
            reference: params.reference,
            signature: params['signature:integrity'],
            acceptance_token: payer.acceptance_token,
            payment_method: paymentMethod,
            ...(params['redirect-url'] ? { redirect_url: params['redirect-url'] } : {}),
          }),
        ).id;
      } catch (error) {
        if (!(error instanceof StandInError)) throw error;
        return sendPage(
          reply,
          422,
          'Pagar',
          checkoutForm(ctx, merchant, params, raw, describeError(error)),
        );
      }
      if (!params['redirect-url']) {
        return sendPage(
          reply,
          200,
          'Pago recibido',
          `<p>Transacción <strong>${escapeHtml(transactionId)}</strong> creada.</p>`,
        );
      }
      const target = new URL(params['redirect-url']);
      target.searchParams.set('id', transactionId);
      target.searchParams.set('env', 'test');
      return reply.code(303).header('location', target.toString()).send();
    });
  }
}
