// 月次の支援状況を確認 end to end on an in-memory book. Expected rows are worked out by hand from
// domain.md §2.1/§2.3 (service windows, required monthly items).

import { date } from '../src/domain/calendar';
import { GENERATED_MARK, TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { runContacts } from '../src/commands/contacts';
import { runCommand } from '../src/commands/run';
import { CommandUsageError, UnusableBookError, type CommandContext } from '../src/commands/types';
import type { Cell } from '../src/workbook/port';

const LEDGER: Cell[][] = [
  ['ケース台帳'],
  ['ケースID', '氏名', '事業所名', '担当センター', '就職日', '利用開始日', '利用終了日'],
  ['C1', '山田', '事業所A', 'あかね園', '2024/4/1', null, null], // in service from 2024-10-01
  ['C2', '佐藤', '事業所A', 'エール', '2024/3/15', null, null], // from 2024-09-15 (mid-month)
  ['C3', '鈴木', '事業所B', 'エール', '2021/4/1', null, '2024/9/30'], // ended 2024-09-30
  ['C4', '田中', '事業所B', 'あかね園', '2024/2/30', null, null], // no such day: cannot compute
];
const CONTACTS: Cell[][] = [
  ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
  ['C1', '2024/10/1', '本人', '職場訪問', 'はい', '面談'], // row 2
  ['C1', '2024/10/15', '企業', '電話', 'いいえ', null], // row 3
  ['C2', '2024/10/3', '本人', '電話', 'はい', null], // row 4: not face-to-face
  ['X9', '2024/10/3', '本人', '職場訪問', 'はい', null], // row 5: unknown case
  ['C3', '2024/10/2', '本人', '家庭訪問', 'はい', null], // row 6: after C3 ended
  ['C1', '2024/11/1', '本人', '家庭訪問', 'はい', null], // row 7: next month
  ['C2', '2024/9/20', '本人', '事業所での面談', 'はい', null], // row 8: September
  ['C1', '2024/10/5', '会社', '訪問', 'はい', null], // row 9: two values outside the lists
];

const book = (extra: Record<string, Cell[][]> = {}) =>
  MemoryWorkbook.from({ [TAB.ledger]: LEDGER, [TAB.contacts]: CONTACTS, ...extra });
const ctx = (b: MemoryWorkbook, month?: string, today = date(2024, 11, 10)): CommandContext => ({
  book: b,
  today,
  options: month === undefined ? {} : { month },
  progress: () => undefined,
});
const userTabs = (b: MemoryWorkbook) => JSON.stringify([b.readSheet(TAB.ledger), b.readSheet(TAB.contacts)]);

/** Rows of the generated tab from the header down to the first blank row. */
function table(b: MemoryWorkbook, name: string): Cell[][] {
  const values = b.readSheet(name)!;
  const start = values.findIndex((r) => r[0] === 'ケースID');
  const end = values.findIndex((r, i) => i > start && r.every((c) => c === null));
  return values.slice(start, end < 0 ? undefined : end).map((r) => r.slice(0, 8));
}

describe('runContacts', () => {
  test('default month is last month; one row per case in service, judged; problems listed under the table', () => {
    const b = book();
    const before = userTabs(b);
    const result = runContacts(ctx(b));
    expect(userTabs(b)).toBe(before); // never a user's cell
    expect(result.wroteTabs).toEqual(['支援状況_2024-10']);
    const values = b.readSheet('支援状況_2024-10')!;
    expect(String(values[0][0]).startsWith(GENERATED_MARK)).toBe(true);
    expect(table(b, '支援状況_2024-10')).toEqual([
      ['ケースID', '事業所名', '対面（本人）', '企業連絡', '職場訪問', '支援レポート共有（本人）', '加算', '判定'],
      // C1 starts 2024-10-01: October is its first month (初期加算; no 前利用事業所区分 given).
      ['C1', '事業所A', 1, 1, 1, 'はい', '初期加算', 'OK'],
      // C2: a phone call with the report: no face-to-face, no 職場訪問 (a warning).
      ['C2', '事業所A', 0, 0, 0, 'はい', null, '対面なし（警告: 企業訪問なし）'],
    ]);
    // C3 ended in September and C4 cannot be computed: not listed. The problems name tab and row.
    const problemRows = values.filter((r) => r[0] === TAB.ledger || r[0] === TAB.contacts);
    expect(problemRows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      [TAB.ledger, 6, 'C4', '警告'],
      [TAB.contacts, 6, 'C3', '警告'],
      [TAB.contacts, 5, 'X9', 'エラー'],
      [TAB.contacts, 9, 'C1', 'エラー'],
      [TAB.contacts, 9, 'C1', 'エラー'],
    ]);
    expect(result.summary).toContain('2件中 OK 1件・不足あり 1件');
    expect(result.summary).toContain('集計できない行が2行');
    expect(result.notices.some((n) => n.includes('支援記録 5行目') && n.includes('X9'))).toBe(true);
    // the verdict cell of a short month is coloured; an OK one is not
    const c2Row = values.findIndex((r) => r[0] === 'C2') + 1;
    const c1Row = values.findIndex((r) => r[0] === 'C1') + 1;
    expect(b.backgroundAt('支援状況_2024-10', c2Row, 8)).toBe('#f4cccc');
    expect(b.backgroundAt('支援状況_2024-10', c1Row, 8)).toBeUndefined();
  });

  test('--month 2024-09: the mid-month starter and the case ending on the 30th are listed, not C1', () => {
    const b = book();
    runContacts(ctx(b, '2024-09'));
    expect(table(b, '支援状況_2024-09').slice(1)).toEqual([
      // C2 starts 2024-09-15: September is its first month.
      ['C2', '事業所A', 1, 0, 0, 'はい', '初期加算', 'OK（警告: 企業訪問なし）'],
      ['C3', '事業所B', 0, 0, 0, 'いいえ', null, '対面なし・支援レポート未共有（本人）（警告: 企業訪問なし）'],
    ]);
  });

  test('a month with nobody in service says so', () => {
    const b = book();
    const result = runContacts(ctx(b, '2019-01'));
    expect(result.summary).toContain('利用期間がかかるケースはありません');
    const values = b.readSheet('支援状況_2019-01')!;
    expect(values.some((r) => r.includes('この月に利用期間がかかるケースはありません。'))).toBe(true);
  });

  test('idempotent', () => {
    const b = book();
    runContacts(ctx(b));
    const first = b.snapshot();
    runContacts(ctx(b));
    expect(b.snapshot()).toBe(first);
  });

  test('500 cases, 3,000 contacts', () => {
    const ledger: Cell[][] = [LEDGER[1]];
    const contacts: Cell[][] = [CONTACTS[0]];
    for (let i = 0; i < 500; i++) {
      ledger.push([`K${i}`, null, `事業所${i % 7}`, 'エール', '2024/4/1', null, null]);
      // 家庭訪問 only: OK with the 企業訪問なし warning, so the verdicts are coloured as in the small book.
      for (let j = 0; j < 6; j++) contacts.push([`K${i}`, `2024/10/${j + 1}`, '本人', '家庭訪問', 'はい', null]);
    }
    const big = MemoryWorkbook.from({ [TAB.ledger]: ledger, [TAB.contacts]: contacts });
    runContacts(ctx(big));
    const result = runContacts(ctx(big));
    expect(result.summary).toContain('500件中 OK 500件');
  });

  test('a bad --month stops with a Japanese usage message and writes nothing', () => {
    const b = book();
    const before = b.snapshot();
    expect(() => runContacts(ctx(b, '2024-13'))).toThrow(CommandUsageError);
    expect(() => runContacts(ctx(b, '10月'))).toThrow(/YYYY-MM/);
    expect(b.snapshot()).toBe(before);
  });

  test('no 支援記録 tab, or a missing needed column: the book cannot be used, with the fix', () => {
    const noTab = MemoryWorkbook.from({ [TAB.ledger]: LEDGER });
    expect(() => runContacts(ctx(noTab))).toThrow(UnusableBookError);
    const noMethod = MemoryWorkbook.from({
      [TAB.ledger]: LEDGER,
      [TAB.contacts]: CONTACTS.map((r) => [r[0], r[1], r[2], r[4]]),
    });
    expect(() => runContacts(ctx(noMethod))).toThrow(/方法/);
  });

  test("a user's own tab with the same name is kept; ours takes another name and the user is told", () => {
    const b = book({ '支援状況_2024-10': [['私のメモ']] });
    const result = runContacts(ctx(b));
    expect(b.cell('支援状況_2024-10', 1, 1)).toBe('私のメモ');
    expect(result.wroteTabs).toEqual(['支援状況_2024-10（自動）']);
    expect(result.notices[0]).toContain('支援状況_2024-10（自動）');
  });

  test('registered: runCommand("contacts") runs it', () => {
    const b = book();
    expect(runCommand('contacts', ctx(b, '2024-10')).command).toBe('contacts');
    expect(b.hasSheet('支援状況_2024-10')).toBe(true);
  });
});

describe('the 支援レポート tab counts for the report to 本人', () => {
  // C1 in October 2024: face to face and a 職場訪問 at the employer, but no 支援記録 row with the report.
  const contacts: Cell[][] = [
    ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
    ['C1', '2024/10/1', '本人', '職場訪問', 'いいえ', '面談'],
    ['C1', '2024/10/1', '企業', '職場訪問', 'いいえ', null],
  ];
  const reports = (sharedWith: string): Cell[][] => [
    ['ケースID', '対象月', 'ファイル', '作成日', '共有日', '共有先'],
    ['C1', '2024-10', '支援レポート_C1_2024-10', '2024/10/25', '2024/10/28', sharedWith],
  ];
  // 職場訪問 counts both rows whose 方法 is 職場訪問 (本人 and 企業): 2.
  const c1 = (b: MemoryWorkbook) => table(b, '支援状況_2024-10').find((r) => r[0] === 'C1');

  test('a row with 共有日 and 共有先 including 本人 makes the month OK', () => {
    const b = MemoryWorkbook.from({
      [TAB.ledger]: LEDGER,
      [TAB.contacts]: contacts,
      支援レポート: reports('本人、企業'),
    });
    runContacts(ctx(b, '2024-10'));
    expect(c1(b)).toEqual(['C1', '事業所A', 1, 1, 2, 'はい', '初期加算', 'OK']);
  });

  test('shared with 企業 only: the report to 本人 is still missing', () => {
    const b = MemoryWorkbook.from({ [TAB.ledger]: LEDGER, [TAB.contacts]: contacts, 支援レポート: reports('企業') });
    runContacts(ctx(b, '2024-10'));
    expect(c1(b)).toEqual(['C1', '事業所A', 1, 1, 2, 'いいえ', '初期加算', '支援レポート未共有（本人）']);
  });
});
