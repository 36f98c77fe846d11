import { describe, expect, it } from 'vitest';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { paymentSettingsChanged } from './payment-settings-changed.template.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const change: ManagementEventPayloads['payment_settings.changed'] = {
  actorId: '665f1c2b9a1e4b0012345678',
  actorName: 'Ada <Admin>',
  organizationName: 'Fundación Luz',
  wompiPublicKey: 'pub_test_abcdefgh1234',
  connected: false,
  changedAt: '2026-12-03T02:30:00.000Z',
  admins: [],
};
const admin = { userId: '665f1c2b9a1e4b0012345679', email: 'admin@example.test', name: 'Eva' };

describe('the notice of changed payment settings', () => {
  it('is Spanish by default: who, when in Colombia, which key, and the organization in the subject', () => {
    const mail = paymentSettingsChanged(change, admin);
    const text = plain(mail.text);
    expect(mail.to).toBe('admin@example.test');
    expect(mail.subject).toBe('Cambiaron la cuenta de Wompi de Fundación Luz');
    expect(text).toContain('Hola Eva,');
    expect(text).toContain(
      'Ada <Admin> cambió la cuenta de Wompi de Fundación Luz el miércoles, 2 de diciembre de 2026, 9:30 p.',
    );
    expect(text).toContain('Llave pública: termina en …1234.');
    expect(text).not.toContain('abcdefgh');
    expect(mail.html).toContain('Ada &#60;Admin&#62;');
  });

  it('is English for an admin whose account is in English', () => {
    const mail = paymentSettingsChanged(
      { ...change, connected: true, actorName: null },
      { ...admin, locale: 'en' },
    );
    const text = plain(mail.text);
    expect(mail.subject).toBe('The Wompi account of Fundación Luz changed');
    expect(text).toContain('Hello Eva,');
    expect(text).toContain(
      'A Trivance platform operator connected an own Wompi account to Fundación Luz on Wednesday, December 2, 2026 at 9:30 PM (Colombia time).',
    );
    expect(text).toContain('Public key: ends in …1234.');
    expect(text).not.toMatch(/Hola|Llave/);
  });
});
