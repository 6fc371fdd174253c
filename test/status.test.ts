// Issue 11 "Done when": on a fixed today, 提出状況 and 県集計's 未提出の月数 block are exact for a book
// where some centers skipped months, one corrected a month, and one sent only an invalid report.
// The expected cells are written out from the rules (deadline = day N of the next month, 設定 default 10).

import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { reportDeadline } from '../src/domain/submissions';
import { runAll, runCommand } from '../src/commands/run';
import type { CommandContext } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';

const CENTERS = ['あかね園', '大久保学園', 'エール', '中里'];
const HEADER = [
  'センター名',
  '対象年月',
  '個別支援会議件数',
  'ネットワーク会議件数',
  '研修会件数',
  '研修会内容',
  '提出日時',
  '提出者',
];

function settingsTab(deadlineDay: Cell = null): Cell[][] {
  return [
    ['項目', '値', '説明'],
    ['活動報告の提出期限（翌月の日）', deadlineDay, null],
    [],
    ['No.', 'センター名'],
    ...CENTERS.map((c, i) => [i + 1, c]),
  ];
}

const row = (center: string, month: string, n: Cell, at: string): Cell[] => [center, month, n, 1, 0, null, at, 'staff'];

/** FY2024 (all 12 months) and FY2025 up to June. */
function activityTab(): Cell[][] {
  const rows: Cell[][] = [HEADER];
  const fy2024 = [
    '2024-04',
    '2024-05',
    '2024-06',
    '2024-07',
    '2024-08',
    '2024-09',
    '2024-10',
    '2024-11',
    '2024-12',
    '2025-01',
    '2025-02',
    '2025-03',
  ];
  for (const m of fy2024) {
    const [y, mo] = m.split('-').map(Number);
    const next = mo === 12 ? `${y + 1}/01/05 10:00` : `${y}/${String(mo + 1).padStart(2, '0')}/05 10:00`;
    rows.push(row('あかね園', m, 3, next));
    if (m !== '2024-08') rows.push(row('大久保学園', m, 2, next)); // skipped August
    rows.push(['エール', m, 0, 0, 0, null, next, 'staff']); // reported zero every month
    // 中里 reported nothing in FY2024
  }
  rows.push(row('あかね園', '2025-04', 4, '2025/05/02 09:00'));
  rows.push(row('あかね園', '2025-05', 4, '2025/06/12 09:00')); // after the 6/10 deadline
  rows.push(row('あかね園', '2025-06', 4, '2025/07/01 09:00'));
  rows.push(row('大久保学園', '2025-04', 2, '2025/05/08 09:00')); // then nothing for May and June
  rows.push(row('エール', '2025-04', 9, '2025/05/03 09:00')); // wrong, corrected below
  rows.push(row('エール', '2025-04', 5, '2025/05/09 17:00'));
  rows.push(row('エール', '2025-05', 5, '2025/06/05 09:00'));
  rows.push(row('エール', '2025-06', 5, '2025/07/02 09:00'));
  rows.push(row('中里', '2025-04', '十二', '2025/05/05 09:00')); // invalid: counts as no submission
  return rows;
}

const today = date(2025, 7, 5); // June's deadline (7/10) has not passed yet
const ctx = (book: MemoryWorkbook, fy?: string, day = today): CommandContext => ({
  book,
  today: day,
  options: { fy },
  progress: () => undefined,
});
const book = (deadlineDay: Cell = null): MemoryWorkbook =>
  MemoryWorkbook.from({ [TAB.settings]: settingsTab(deadlineDay), [TAB.activity]: activityTab() });

function statusRows(b: MemoryWorkbook): Cell[][] {
  const values = b.readSheet(TAB.submissionStatus)!;
  const header = values.findIndex((r) => r[0] === 'No.');
  return values.slice(header, header + 1 + CENTERS.length + 4); // header, centers, a total row per state
}

const blank = (n: number): string[] => new Array<string>(n).fill('');

describe('提出状況', () => {
  test('the current fiscal year by default: every cell as the rules say', () => {
    const b = book();
    runCommand('status', ctx(b));
    const rows = statusRows(b);
    expect(rows[0]).toEqual([
      'No.',
      'センター名',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    const cells = (r: Cell[]): Cell[] => r.slice(0, 14).map((c) => (c === null ? '' : c));
    expect(cells(rows[1])).toEqual([
      1,
      'あかね園',
      '提出 2025/05/02',
      '提出 2025/06/12（期限後）',
      '提出 2025/07/01',
      ...blank(9),
    ]);
    expect(cells(rows[2])).toEqual([
      2,
      '大久保学園',
      '提出 2025/05/08',
      '期限超過（期限 2025/06/10）',
      '未提出（期限 2025/07/10）',
      ...blank(9),
    ]);
    expect(cells(rows[3])).toEqual([
      3,
      'エール',
      '差し替え（提出2回・最新 2025/05/09）',
      '提出 2025/06/05',
      '提出 2025/07/02',
      ...blank(9),
    ]);
    expect(cells(rows[4])).toEqual([
      4,
      '中里',
      '期限超過（期限 2025/05/10）（エラーの報告1件は無効）',
      '期限超過（期限 2025/06/10）',
      '未提出（期限 2025/07/10）',
      ...blank(9),
    ]);
    // One total row per state: 4 centers each month (rows above), counted by their state.
    expect(rows.slice(5, 9).map(cells)).toEqual([
      ['', '合計\u3000提出', 2, 2, 2, ...blank(9)],
      ['', '差し替え', 1, 0, 0, ...blank(9)],
      ['', '期限超過', 1, 2, 0, ...blank(9)],
      ['', '未提出', 0, 0, 2, ...blank(9)],
    ]);
  });

  test('--fy 2024: every month has ended; the skipped August is 期限超過, 中里 has nothing', () => {
    const b = book();
    runCommand('status', ctx(b, '2024'));
    const rows = statusRows(b);
    expect(rows[0][2]).toBe('2024-04');
    expect(rows[2][6]).toBe('期限超過（期限 2024/09/10）');
    expect(rows[2].slice(2, 14).filter((c) => String(c).startsWith('提出'))).toHaveLength(11);
    expect(rows[4].slice(2, 14).every((c) => String(c).startsWith('期限超過'))).toBe(true);
    expect(rows[3][13]).toBe('提出 2025/04/05');
  });

  test('the deadline day comes from 設定: with 5, あかね園 April (5/2) is on time, エール April is late', () => {
    const b = book(5);
    runCommand('status', ctx(b));
    const rows = statusRows(b);
    expect(rows[1][2]).toBe('提出 2025/05/02');
    expect(rows[3][2]).toBe('差し替え（提出2回・最新 2025/05/09）（期限後）');
    expect(rows[2][4]).toBe('未提出（期限 2025/07/05）'); // today is the deadline day itself
  });

  test('on the deadline day a month is still 未提出; the day after it is 期限超過', () => {
    const on = book();
    runCommand('status', ctx(on, undefined, date(2025, 7, 10)));
    expect(statusRows(on)[2][4]).toBe('未提出（期限 2025/07/10）');
    const after = book();
    runCommand('status', ctx(after, undefined, date(2025, 7, 11)));
    expect(statusRows(after)[2][4]).toBe('期限超過（期限 2025/07/10）');
  });

  test('a deadline day the month lacks is its last day', () => {
    expect(reportDeadline({ y: 2025, m: 1 }, 31)).toEqual(date(2025, 2, 28));
    expect(reportDeadline({ y: 2024, m: 12 }, 10)).toEqual(date(2025, 1, 10));
  });

  test('a bad deadline day in 設定 is reported and the default 10 is used', () => {
    const b = book(40);
    const result = runCommand('status', ctx(b));
    expect(result.notices.join('\n')).toContain('活動報告の提出期限（翌月の日）');
    expect(statusRows(b)[2][3]).toBe('期限超過（期限 2025/06/10）');
  });

  test('`all` includes it when 活動報告 exists, and a second run changes nothing', () => {
    const b = book();
    const first = runAll(ctx(b));
    expect(first.wroteTabs).toContain(TAB.submissionStatus);
    const before = b.snapshot();
    runAll(ctx(b));
    expect(b.snapshot()).toBe(before);
    const none = MemoryWorkbook.from({ [TAB.settings]: settingsTab() });
    expect((runAll(ctx(none)).details as { skipped: string[] }).skipped.join()).toContain('提出状況を作成');
  });
});

describe('県集計: 未提出の月数 tells zero from missing', () => {
  const b = book();
  runCommand('summary', ctx(b));
  const values = b.readSheet(TAB.prefecture)!;
  const block = (label: string): Cell[][] => {
    const start = values.findIndex((r) => r[0] === label);
    expect(start).toBeGreaterThan(0);
    return values.slice(start + 1, start + 2 + CENTERS.length + 1).map((r) => r.slice(0, 4));
  };

  test('a fourth block in the layout of the others: months past the deadline without a valid report', () => {
    expect(block('未提出の月数')).toEqual([
      ['No.', 'センター名', '令和6年度', '令和7年度'],
      [1, 'あかね園', 0, 0],
      [2, '大久保学園', 1, 1],
      [3, 'エール', 0, 0],
      [4, '中里', 12, 2],
      [null, '合計', 13, 3],
    ]);
  });

  test('エール 0 is a reported zero, 中里 0 is missing: the other blocks alone cannot tell', () => {
    const meetings = block('個別支援会議');
    expect(meetings[3]).toEqual([3, 'エール', 0, 15]);
    expect(meetings[4]).toEqual([4, '中里', 0, 0]);
    // The note under the title, cut into rows at the table's width.
    const note = values
      .slice(
        1,
        values.findIndex((r) => r[0] === '個別支援会議'),
      )
      .map((r) => r[0] ?? '')
      .join('');
    expect(note).toContain('未提出の月数');
    expect(note).toContain('0件と報告された');
  });
});
