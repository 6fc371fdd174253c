import { GENERATED_MARK, TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import { CommandUsageError, type CommandContext, type CommandOptions } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { date } from '../src/domain/calendar';
import { EXPECTED_MARCH_2024, EXPECTED_MAY_2024, LEDGER_ROWS, LEDGER_TODAY } from './fixtures/seed-ledger';

const ctx = (book: MemoryWorkbook, options: CommandOptions = {}, today = LEDGER_TODAY): CommandContext => ({
  book,
  today,
  options,
  progress: () => undefined,
});

const ACTIVITY: Cell[][] = [
  [
    'センター名',
    '対象年月',
    '個別支援会議件数',
    'ネットワーク会議件数',
    '研修会件数',
    '研修会内容',
    '提出日時',
    '提出者',
  ],
  ['あかね園', '2024-05', 3, 1, 0, null, '2024/06/02 10:00:00', 'a'],
  ['あかね園', '2024-05', 4, 1, 1, '研修', '2024/06/05 10:00:00', 'a'], // replaces the row above
  ['エール', '2024-05', 'x', 1, 0, null, '2024/06/03 10:00:00', 'b'], // invalid: エール has not reported
  ['中里', '2024-04', 2, 2, 2, null, '2024/05/03 10:00:00', 'c'], // another month
];

function book(): MemoryWorkbook {
  return MemoryWorkbook.from({
    [TAB.ledger]: LEDGER_ROWS.map((r) => r.slice()),
    [TAB.activity]: ACTIVITY.map((r) => r.slice()),
  });
}

function table(b: MemoryWorkbook, tab: string): { header: Cell[]; rows: Map<string, Cell[]> } {
  const values = b.readSheet(tab)!;
  const h = values.findIndex((r) => r[0] === 'No.');
  const rows = new Map<string, Cell[]>();
  for (const r of values.slice(h + 1)) if (typeof r[1] === 'string') rows.set(r[1], r);
  return { header: values[h], rows };
}

describe('月次集計', () => {
  test('default: last month (today 2024-06-15 → 月次集計_2024-05)', () => {
    const b = book();
    const result = runCommand('monthly', ctx(b));
    expect(result.wroteTabs).toContain('月次集計_2024-05');
    expect(b.cell('月次集計_2024-05', 1, 1)).toMatch(new RegExp(`^${GENERATED_MARK}月次集計 2024年5月`));
  });

  test('January goes back to December of the previous year', () => {
    const b = book();
    runCommand('monthly', ctx(b, {}, date(2025, 1, 10)));
    expect(b.hasSheet('月次集計_2024-12')).toBe(true);
  });

  test('case events per center, worked out by hand', () => {
    const b = book();
    runCommand('monthly', ctx(b));
    const { header, rows } = table(b, '月次集計_2024-05');
    expect(header).toEqual([
      'No.',
      'センター名',
      '新規',
      '終了',
      '情報共有の実施',
      '共有期限',
      'うち期限を過ぎて未共有',
      '個別支援会議',
      'ネットワーク会議',
      '研修会',
      '活動報告',
    ]);
    for (const [center, expected] of Object.entries(EXPECTED_MAY_2024))
      expect([center, ...rows.get(center)!.slice(2, 7)]).toEqual([center, ...expected]);
    expect(rows.get('ピア宮敷')!.slice(2, 7)).toEqual([0, 0, 0, 0, 0]);
  });

  test('the month’s activity: the latest valid report; an invalid one leaves the center 未提出', () => {
    const b = book();
    runCommand('monthly', ctx(b));
    const { rows } = table(b, '月次集計_2024-05');
    expect(rows.get('あかね園')!.slice(7, 11)).toEqual([4, 1, 1, '提出済']);
    expect(rows.get('エール')!.slice(7, 11)).toEqual([0, 0, 0, '未提出']);
    expect(rows.get('中里')!.slice(7, 11)).toEqual([0, 0, 0, '未提出']);
    expect(rows.get('合計')!.slice(7, 11)).toEqual([4, 1, 1, '1/16センター提出']);
  });

  test('--month picks another month', () => {
    const b = book();
    runCommand('monthly', ctx(b, { month: '2024-03' }));
    const { rows } = table(b, '月次集計_2024-03');
    expect(rows.get('あかね園')!.slice(2, 7)).toEqual(EXPECTED_MARCH_2024['あかね園']);
    expect(rows.get('合計')!.slice(2, 7)).toEqual(EXPECTED_MARCH_2024['合計']);
    expect(b.hasSheet('月次集計_2024-05')).toBe(false);
  });

  test('a deadline later in the month is not counted as missed until it has passed', () => {
    const b = book();
    // 今日 2024-05-10: a deadline on 5/31 with nothing shared is due, not yet missed.
    runCommand('monthly', ctx(b, { month: '2024-05' }, date(2024, 5, 10)));
    const early = table(b, '月次集計_2024-05').rows;
    const late = (() => {
      const b2 = book();
      runCommand('monthly', ctx(b2, { month: '2024-05' }));
      return table(b2, '月次集計_2024-05').rows;
    })();
    for (const [center, row] of late) {
      expect(early.get(center)![5]).toBe(row[5]); // the deadlines in May are the same
      expect(early.get(center)![6] as number).toBeLessThanOrEqual(row[6] as number);
    }
    expect(late.get('合計')![6] as number).toBeGreaterThan(early.get('合計')![6] as number);
  });

  test('a bad --month is a usage error, nothing written', () => {
    const b = book();
    const before = b.snapshot();
    expect(() => runCommand('monthly', ctx(b, { month: '2024-13' }))).toThrow(CommandUsageError);
    expect(() => runCommand('monthly', ctx(b, { month: '5月' }))).toThrow(/YYYY-MM/);
    expect(b.snapshot()).toBe(before);
  });

  test('only 活動報告: case columns are blank and the tab says why', () => {
    const b = MemoryWorkbook.from({ [TAB.activity]: ACTIVITY.map((r) => r.slice()) });
    runCommand('monthly', ctx(b));
    const values = b.readSheet('月次集計_2024-05')!;
    expect(values[1][0]).toMatch(/ケース台帳タブがないため/);
    const { rows } = table(b, '月次集計_2024-05');
    expect(rows.get('あかね園')!.slice(2, 11)).toEqual([null, null, null, null, null, 4, 1, 1, '提出済']);
  });

  test('a user’s own tab of the same name is kept; running twice changes nothing', () => {
    const b = book();
    b.createSheet('月次集計_2024-05');
    b.writeRange('月次集計_2024-05', 1, 1, [['自分用のメモ']]);
    const first = runCommand('monthly', ctx(b));
    expect(b.readSheet('月次集計_2024-05')).toEqual([['自分用のメモ']]);
    expect(first.wroteTabs).toContain('月次集計_2024-05（自動）');
    expect(first.notices.join('\n')).toMatch(/利用者のタブのため上書きせず/);
    const before = b.snapshot();
    runCommand('monthly', ctx(b));
    expect(b.snapshot()).toBe(before);
  });
});
