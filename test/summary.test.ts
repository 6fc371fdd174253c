import { DEFAULT_CENTERS, GENERATED_MARK, TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import { COMMANDS } from '../src/commands/registry';
import { runAll } from '../src/commands/run';
import { UnusableBookError, type CommandContext } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { EXPECTED_CENTER_SUMMARY, LEDGER_ROWS, LEDGER_TODAY } from './fixtures/seed-ledger';

const ctx = (book: MemoryWorkbook): CommandContext => ({
  book,
  today: LEDGER_TODAY,
  options: {},
  progress: () => undefined,
});

const ACTIVITY_HEADER = [
  'センター名',
  '対象年月',
  '個別支援会議件数',
  'ネットワーク会議件数',
  '研修会件数',
  '研修会内容',
  '提出日時',
  '提出者',
];

function rowsByName(values: Cell[][], headerIndex: number): Map<string, Cell[]> {
  const out = new Map<string, Cell[]>();
  for (const r of values.slice(headerIndex + 1)) {
    if (typeof r[1] !== 'string') break;
    out.set(r[1], r);
  }
  return out;
}

describe('センター別集計 from ケース台帳', () => {
  const book = MemoryWorkbook.from({ [TAB.ledger]: LEDGER_ROWS.map((r) => r.slice()) });
  const result = runCommand('summary', ctx(book));
  const values = book.readSheet(TAB.centerSummary)!;
  const headerIndex = values.findIndex((r) => r[0] === 'No.');

  test('the header names the four counts and the next 12 months, this month first', () => {
    expect(values[0][0]).toMatch(new RegExp(`^${GENERATED_MARK}`));
    expect(values[headerIndex].slice(0, 8)).toEqual([
      'No.',
      'センター名',
      '利用中',
      '今後6か月の終了予定',
      '共有期限超過',
      '終了・引継ぎ未了',
      '2024年6月',
      '2024年7月',
    ]);
    expect(values[headerIndex][17]).toBe('2025年5月');
  });

  test('one row per center in 設定 order, 0 where nothing applies', () => {
    const rows = rowsByName(values, headerIndex);
    expect([...rows.keys()].slice(0, 16)).toEqual([...DEFAULT_CENTERS]);
    for (const center of DEFAULT_CENTERS) {
      const expected = EXPECTED_CENTER_SUMMARY[center] ?? new Array(16).fill(0);
      expect([center, ...rows.get(center)!.slice(2, 18)]).toEqual([center, ...expected]);
    }
  });

  test('cases with an unknown center get their own row, and 合計 adds every row', () => {
    const rows = rowsByName(values, headerIndex);
    expect(rows.get('（担当センター未設定・不明）')!.slice(2, 18)).toEqual(
      EXPECTED_CENTER_SUMMARY['（担当センター未設定・不明）'],
    );
    expect(rows.get('合計')!.slice(2, 18)).toEqual(EXPECTED_CENTER_SUMMARY['合計']);
  });

  test('a case whose dates cannot be computed is left out and the user is told', () => {
    expect(result.notices.join('\n')).toMatch(/1件は日付を計算できない/);
  });

  test('the forecast has a chart', () => {
    expect(book.sheet(TAB.centerSummary).charts).toHaveLength(1);
    expect(book.sheet(TAB.centerSummary).charts[0].title).toBe('月別の終了予定（全センター）');
  });

  test('one 集計_<センター名> tab per center, listing flagged cases by ケースID, never by 氏名', () => {
    for (const c of DEFAULT_CENTERS) expect(book.hasSheet(`集計_${c}`)).toBe(true);
    const akane = book.readSheet('集計_あかね園')!;
    const text = JSON.stringify(akane);
    expect(text).not.toMatch(/氏名/);
    const listHeader = akane.findIndex((r) => r[0] === 'ケースID');
    const listed = akane.slice(listHeader + 1, listHeader + 4).map((r) => [r[0], r[2], r[3], r[4]]);
    // A: overdue; B: ended, not handed over; H: ends within 180 days (its sharing is not needed)
    expect(listed).toEqual([
      ['A', '2024/07/09', '2024/04/09', '共有期限超過'],
      ['B', '2024/03/31', '2023/12/31', '終了・引継ぎ未了'],
      ['H', '2024/09/30', '2024/06/30', '終了まで180日'],
    ]);
    const forecastHeader = akane.findIndex((r) => r[0] === '月');
    expect(akane.slice(forecastHeader + 1, forecastHeader + 5).map((r) => r[1])).toEqual([0, 1, 0, 1]);
  });

  test('without 活動報告 there is no 県集計, and the center tabs say so', () => {
    expect(book.hasSheet(TAB.prefecture)).toBe(false);
    expect(JSON.stringify(book.readSheet('集計_あかね園'))).toMatch(/活動報告タブがないため/);
  });

  test('running it again changes nothing', () => {
    const before = book.snapshot();
    runCommand('summary', ctx(book));
    expect(book.snapshot()).toBe(before);
  });
});

describe('県集計 from 活動報告 typed by hand', () => {
  const activity: Cell[][] = [
    ['活動報告（各センター入力）'],
    ACTIVITY_HEADER,
    ['あかね園', '2024-04', 3, 1, 0, null, '2024/05/02 10:00:00', 'a'],
    ['あかね園', '令和6年4月', 5, 1, 1, '研修', '2024/05/09 10:00:00', 'a'], // later: replaces the row above
    ['エール', '2024/5', 2, 0, 0, null, '2024/06/01 09:00:00', 'b'],
    ['エール', '2024-05', '-2', 0, 0, null, '2024/06/03 09:00:00', 'b'], // invalid: replaces nothing
    ['中里', '2024-03', 7, 2, 0, null, '2024/04/03 09:00:00', 'c'], // FY2023
    ['中里', '2024-03', 1, 1, 1, null, '2024/04/01 09:00:00', 'c'], // earlier, though further down: superseded
    ['はーとふる', '2024-04', 1, 0, 0, null, null, 'd'], // no 提出日時: ranks first…
    ['はーとふる', '2024-04', 4, 0, 0, null, null, 'd'], // …and on a tie the lower row wins
    ['ふるさと学舎', '2024-04', 9, 9, 9, null, null, 'e'], // unknown center
  ];

  function fresh(): MemoryWorkbook {
    return MemoryWorkbook.from({ [TAB.activity]: activity.map((r) => r.slice()) });
  }

  test('later 提出日時 wins; an invalid row supersedes nothing; ties go to the lower row', () => {
    const book = fresh();
    runCommand('summary', ctx(book));
    const values = book.readSheet(TAB.prefecture)!;
    const start = values.findIndex((r) => r[0] === '個別支援会議');
    expect(values[start + 1]).toEqual(['No.', 'センター名', '令和5年度', '令和6年度']);
    const rows = rowsByName(values, start + 1);
    expect(rows.get('あかね園')!.slice(2, 4)).toEqual([0, 5]);
    expect(rows.get('エール')!.slice(2, 4)).toEqual([0, 2]);
    expect(rows.get('中里')!.slice(2, 4)).toEqual([7, 0]);
    expect(rows.get('はーとふる')!.slice(2, 4)).toEqual([0, 4]);
    expect(rows.get('合計')!.slice(2, 4)).toEqual([7, 11]);
    const training = values.findIndex((r) => r[0] === '研修会');
    expect(
      rowsByName(values, training + 1)
        .get('合計')!
        .slice(2, 4),
    ).toEqual([0, 1]);
  });

  test('活動報告 gets a status column; the user’s cells are untouched', () => {
    const book = fresh();
    const result = runCommand('summary', ctx(book));
    const values = book.readSheet(TAB.activity)!;
    expect(values[1][8]).toBe('状態（自動）');
    const status = values.slice(2).map((r) => String(r[8]));
    expect(status[0]).toBe('差し替え済（4行目の提出が有効）');
    expect(status[1]).toBe('有効');
    expect(status[2]).toBe('有効');
    expect(status[3]).toMatch(/^エラー: 「個別支援会議件数」件数「-2」/);
    expect(status[4]).toBe('有効');
    expect(status[5]).toMatch(/^差し替え済/);
    expect(status[6]).toMatch(/^差し替え済（10行目/);
    expect(status[7]).toBe('有効');
    expect(status[8]).toMatch(/設定タブのセンター一覧にありません。「ふる里学舎」のことでしょうか/);
    expect(values.map((r) => r.slice(0, 8))).toEqual(
      activity.map((r) => [...r, ...new Array(8 - r.length).fill(null)]),
    );
    expect(result.notices.join('\n')).toMatch(/2行はエラーのため集計していません/);
  });

  test('a user’s own 県集計 tab survives; ours takes another name and the user is told', () => {
    const book = fresh();
    book.createSheet(TAB.prefecture);
    book.writeRange(TAB.prefecture, 1, 1, [['私の県集計'], [123]]);
    const result = runCommand('summary', ctx(book));
    expect(book.readSheet(TAB.prefecture)).toEqual([['私の県集計'], [123]]);
    expect(book.hasSheet('県集計（自動）')).toBe(true);
    expect(book.cell('県集計（自動）', 1, 1)).toMatch(new RegExp(`^${GENERATED_MARK}`));
    expect(result.notices.join('\n')).toMatch(/「県集計」タブは利用者のタブのため上書きせず/);
    // and a second run reuses our tab, not a third one
    runCommand('summary', ctx(book));
    expect(book.sheetNames().filter((n) => n.startsWith(TAB.prefecture))).toEqual(['県集計', '県集計（自動）']);
  });

  test('no charts where the platform cannot draw them (xlsx)', () => {
    const book = MemoryWorkbook.from({ [TAB.activity]: activity.map((r) => r.slice()) }, { supportsCharts: false });
    runCommand('summary', ctx(book));
    expect(book.sheet(TAB.prefecture).charts).toHaveLength(0);
    expect(book.readSheet(TAB.prefecture)!.some((r) => r[0] === '研修会')).toBe(true);
  });

  test('per-center tabs show activity by fiscal year and by month', () => {
    const book = fresh();
    runCommand('summary', ctx(book));
    const naka = book.readSheet('集計_中里')!;
    const byYear = naka.findIndex((r) => r[0] === '活動（年度別）');
    expect(naka[byYear + 2].slice(0, 4)).toEqual(['令和5年度', 7, 2, 0]);
    const byMonth = naka.findIndex((r) => r[0] === '活動（月別）');
    expect(naka[byMonth + 2].slice(0, 4)).toEqual(['2024-03', 7, 2, 0]);
  });
});

describe('summary needs ケース台帳 or 活動報告', () => {
  test('neither: a Japanese explanation, nothing written', () => {
    const book = MemoryWorkbook.from({ メモ: [['x']] });
    const before = book.snapshot();
    expect(() => runCommand('summary', ctx(book))).toThrow(UnusableBookError);
    expect(() => runCommand('summary', ctx(book))).toThrow(/ケース台帳」タブも「活動報告」タブもない/);
    expect(book.snapshot()).toBe(before);
  });

  test('`all` runs summary and monthly with either tab, and skips them with neither', () => {
    const def = COMMANDS.find((c) => c.name === 'summary')!;
    expect(def.applies!(ctx(MemoryWorkbook.from({ [TAB.activity]: [ACTIVITY_HEADER] })))).toBeNull();
    expect(def.applies!(ctx(MemoryWorkbook.from({ [TAB.ledger]: [['ケースID']] })))).toBeNull();
    const empty = MemoryWorkbook.from({ メモ: [['x']] });
    const result = runAll(ctx(empty));
    const skipped = (result.details as { skipped: string[] }).skipped.join(' ');
    expect(skipped).toMatch(/センター別集計を作成（「ケース台帳」「活動報告」のどちらもありません）/);
    expect(skipped).toMatch(/月次集計を作成（「ケース台帳」「活動報告」のどちらもありません）/);
    expect(skipped).toMatch(/フォーム回答を取り込む（「フォームの回答 1」がありません）/);
  });
});
