import { describe, expect, it } from 'vitest';
import { recurringFailed } from './recurring-failed.template.js';

describe('the mail of a monthly gift that stopped', () => {
  it('tells the donor the amount, the campaign, the attempts and what to do, in our words only', () => {
    const mail = recurringFailed({
      recurringDonationId: '0193a000-0000-7000-8000-000000000009',
      campaignId: '0193a000-0000-7000-8000-000000000002',
      campaignTitle: 'Comedor <infantil>',
      organizationName: 'Fundación Pan',
      amount: '3000000',
      currency: 'COP',
      attempts: 6,
      donorEmail: 'donor@example.test',
      donorName: 'Typed <b>name</b>',
    });
    expect(mail.to).toBe('donor@example.test');
    const text = mail.text.replace(/\u00a0/g, ' ');
    expect(text).toContain('$ 30.000');
    expect(text).toContain('6 veces');
    expect(text).toContain('«Comedor <infantil>»');
    expect(mail.html).toContain('Comedor &#60;infantil&#62;');
    expect(mail.text).not.toContain('Typed');
  });
});
