import { describe, expect, it } from 'vitest';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { recurringFailed } from './recurring-failed.template.js';

const failed: ManagementEventPayloads['recurring.failed'] = {
  recurringDonationId: '0193a000-0000-7000-8000-000000000009',
  campaignId: '0193a000-0000-7000-8000-000000000002',
  campaignTitle: 'Comedor <infantil>',
  organizationName: 'Fundación Pan',
  amount: '3000000',
  currency: 'COP',
  attempts: 6,
  donorEmail: 'donor@example.test',
  donorName: 'Typed <b>name</b>',
};

describe('the mail of a monthly gift that stopped', () => {
  it('tells the donor the amount, the campaign, the attempts and what to do, in our words only', () => {
    const mail = recurringFailed(failed);
    expect(mail.to).toBe('donor@example.test');
    expect(mail.subject).toBe(
      'Tu donación mensual a Comedor <infantil> de Fundación Pan se detuvo',
    );
    const text = mail.text.replace(/\u00a0/g, ' ');
    expect(text).toContain('$ 30.000');
    expect(text).toContain('6 veces');
    expect(text).toContain('«Comedor <infantil>»');
    expect(mail.html).toContain('Comedor &#60;infantil&#62;');
    expect(mail.text).not.toContain('Typed');
  });

  it('is English for an English account, money as en-US reads it', () => {
    const mail = recurringFailed(failed, 'en');
    const text = mail.text.replace(/\u00a0/g, ' ');
    expect(mail.subject).toBe(
      'Your monthly donation to Comedor <infantil> by Fundación Pan stopped',
    );
    expect(text).toContain('Hello,');
    expect(text).toContain(
      'We could not charge your monthly donation of COP 30,000 to “Comedor <infantil>” by Fundación Pan: we tried 6 times',
    );
    expect(text).toContain('start it again in the app');
    expect(text).not.toMatch(/Hola|veces/);
    expect(mail.html).toContain('Comedor &#60;infantil&#62;');
    expect(mail.text).not.toContain('Typed');
  });
});
