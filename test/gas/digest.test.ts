// The digest's pure logic: which cases are new since the last mail, how the list survives in
// document properties (9 KB per value), and a mail that names cases by ID only.

import {
  CHUNK_CHARS,
  DIGEST_KEY,
  decodeFlagged,
  digestMail,
  encodeFlagged,
  flaggedFromDetails,
  planDigest,
  staleKeys,
  validRecipients,
} from '../../src/commands/digest';
import { date } from '../../src/domain/calendar';

const A = { caseId: 'K-0001', flag: '終了まで180日' };
const B = { caseId: 'K-0002', flag: '共有期限まで30日' };
const C = { caseId: 'K-0003', flag: '共有期限超過' };

describe('flaggedFromDetails', () => {
  test('reads {caseId, flag} items and skips items without an ID', () => {
    expect(
      flaggedFromDetails({ flagged: [A, { caseId: '', flag: 'x' }, { flag: 'y' }, null, { caseId: 12, flag: null }] }),
    ).toEqual([A, { caseId: '12', flag: '' }]);
  });

  test('no list, no digest', () => {
    expect(flaggedFromDetails(undefined)).toBeNull();
    expect(flaggedFromDetails({ flagged: 'K-1' })).toBeNull();
    expect(flaggedFromDetails({ results: [] })).toBeNull();
  });
});

describe('planDigest', () => {
  test('the first run mails every flagged case', () => {
    expect(planDigest(null, [A, B])).toEqual({ changed: true, newly: [A, B] });
  });

  test('nothing changed: nothing to do', () => {
    expect(planDigest([A, B], [B, A])).toEqual({ changed: false, newly: [] });
  });

  test('a newly flagged case, and a case whose flag changed, are new; cases still flagged are not', () => {
    const worse = { caseId: B.caseId, flag: '共有期限超過' };
    expect(planDigest([A, B], [A, worse, C])).toEqual({ changed: true, newly: [worse, C] });
  });

  test('a case dropping off changes the stored list but mails nothing', () => {
    expect(planDigest([A, B], [A])).toEqual({ changed: true, newly: [] });
  });
});

describe('storing the list in document properties', () => {
  test('round trip, order-independent', () => {
    const props = encodeFlagged([C, A, B]);
    expect(decodeFlagged(props)).toEqual([A, B, C]);
  });

  test('an empty list is stored too (so the next run compares with it)', () => {
    const props = encodeFlagged([]);
    expect(props[DIGEST_KEY]).toBe('0');
    expect(decodeFlagged(props)).toEqual([]);
  });

  test('nothing stored yet is null, a damaged store is null', () => {
    expect(decodeFlagged({})).toBeNull();
    expect(decodeFlagged({ [DIGEST_KEY]: '2', [`${DIGEST_KEY}.0`]: 'x' })).toBeNull();
  });

  test('a big caseload is split so no value passes 9 KB, and comes back whole', () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ caseId: `ケース-${i}`, flag: '情報共有期限まで30日' }));
    const props = encodeFlagged(many);
    for (const v of Object.values(props)) expect(Buffer.byteLength(v, 'utf8')).toBeLessThanOrEqual(9 * 1024);
    expect(Number(props[DIGEST_KEY])).toBeGreaterThan(1);
    expect(decodeFlagged(props)).toHaveLength(1200);
    expect(decodeFlagged(props)).toEqual([...many].sort((a, b) => (a.caseId < b.caseId ? -1 : 1)));
    expect(CHUNK_CHARS * 3).toBeLessThanOrEqual(9 * 1024);
  });

  test('tabs and line breaks inside a flag do not break the store', () => {
    const odd = { caseId: 'K-9', flag: '期限\t超過\n要連絡' };
    expect(decodeFlagged(encodeFlagged([odd]))).toEqual([{ caseId: 'K-9', flag: '期限 超過 要連絡' }]);
  });

  test('chunks a longer previous list left behind are found for deletion', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ caseId: `K-${i}`, flag: '終了まで180日' }));
    const before = encodeFlagged(many);
    const next = encodeFlagged([A]);
    const stale = staleKeys(before, next);
    expect(stale.length).toBe(Number(before[DIGEST_KEY]) - 1);
    expect(stale).not.toContain(DIGEST_KEY);
  });
});

describe('digestMail', () => {
  test('lists case IDs with their flags, the total, where to look, and no names', () => {
    const mail = digestMail([A, C], 5, date(2024, 6, 10), 'https://docs.google.com/spreadsheets/d/x/edit');
    expect(mail.subject).toBe('【定着支援】新しい引継ぎ対象 2件（2024/06/10）');
    expect(mail.body).toContain('・ケースID K-0001：終了まで180日');
    expect(mail.body).toContain('・ケースID K-0003：共有期限超過');
    expect(mail.body).toContain('全部で5件');
    expect(mail.body).toContain('「引継ぎ予定」タブ');
    expect(mail.body).toContain('https://docs.google.com/spreadsheets/d/x/edit');
    expect(mail.body).toContain('通知メール送信先');
  });
});

test('recipients: only things that look like addresses', () => {
  expect(validRecipients(['a@example.jp', '担当者', 'b@x', 'c@example.com'])).toEqual([
    'a@example.jp',
    'c@example.com',
  ]);
});
