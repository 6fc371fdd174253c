// The batched mail sender (src/gas/mail.ts) against a stand-in MailApp: one message per 50
// recipients, the quota asked before each; a batch that fails after an earlier one went out is
// reported with who was reached (MailOutcome.error), a failure before anyone was reached is thrown.

import { sendToMany } from '../../src/gas/mail';

interface Sent {
  to: string;
}

function mailApp(options: { quota?: number; failAt?: number } = {}): Sent[] {
  const sent: Sent[] = [];
  let quota = options.quota ?? 1500;
  let calls = 0;
  (globalThis as Record<string, unknown>).MailApp = {
    getRemainingDailyQuota: () => quota,
    sendEmail: (m: { to: string }) => {
      if (++calls === options.failAt) throw new Error('Service error: MailApp');
      const n = m.to.split(',').length;
      if (n > 50) throw new Error('Limit Exceeded: Email Recipients Per Message.');
      quota -= n;
      sent.push({ to: m.to });
    },
  };
  return sent;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).MailApp;
});

const people = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i}@example.jp`);
const message = { subject: 's', body: 'b' };

test('120 recipients: three messages of at most 50', () => {
  const sent = mailApp();
  const out = sendToMany(people(120), message);
  expect(sent.map((m) => m.to.split(',').length)).toEqual([50, 50, 20]);
  expect(out).toEqual({ sent: people(120), heldBack: [], messages: 3 });
});

test('the second batch fails: the first 50 are reported as reached, the rest held back, with the error', () => {
  mailApp({ failAt: 2 });
  const out = sendToMany(people(120), message);
  expect(out.sent).toEqual(people(50));
  expect(out.heldBack).toEqual(people(120).slice(50));
  expect(out.messages).toBe(1);
  expect(String((out.error as Error).message)).toContain('Service error');
});

test('the first batch fails: nobody reached, the error is thrown', () => {
  mailApp({ failAt: 1 });
  expect(() => sendToMany(people(120), message)).toThrow('Service error');
});

test('the quota covers 60: 50 and 10 go out, the rest are held back, no error', () => {
  mailApp({ quota: 60 });
  const out = sendToMany(people(120), message);
  expect(out.sent).toEqual(people(60));
  expect(out.heldBack).toEqual(people(120).slice(60));
  expect(out.error).toBeUndefined();
});
