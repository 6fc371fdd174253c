// Done-when of issue 5: monthly form submissions (with corrections and invalid ones) taken in by
// intake, summarised by summary, reproduce every row of seed 000's three tables in 県集計.

import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import type { CommandContext } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import {
  CASE_MEETINGS,
  CASE_MEETINGS_PRINTED_TOTAL,
  NETWORK_MEETINGS,
  NETWORK_MEETINGS_PRINTED_TOTAL,
  SEED_CENTER_ORDER,
  TRAININGS,
  TRAININGS_PRINTED_TOTAL,
  TRAININGS_ROW_SUM,
  type SeedTable,
} from './fixtures/seed-tables';
import { generateSeedResponses } from './fixtures/seed-submissions';

const today = date(2021, 4, 10);
const ctx = (book: MemoryWorkbook): CommandContext => ({ book, today, options: {}, progress: () => undefined });

/** Reads one block of 県集計: the rows under the block title, as the user sees them. */
function readBlock(book: MemoryWorkbook, label: string): { header: Cell[]; rows: Cell[][]; total: Cell[] } {
  const values = book.readSheet(TAB.prefecture)!;
  const start = values.findIndex((r) => r[0] === label);
  expect(start).toBeGreaterThan(0);
  const header = values[start + 1].slice(0, 4);
  const rows = values.slice(start + 2, start + 2 + 16).map((r) => r.slice(0, 4));
  const total = values[start + 2 + 16].slice(0, 4);
  return { header, rows, total };
}

function expectBlock(book: MemoryWorkbook, label: string, table: SeedTable, totals: readonly number[]): void {
  const block = readBlock(book, label);
  expect(block.header).toEqual(['No.', 'センター名', '令和元年度', '令和2年度']);
  expect(block.rows).toEqual(SEED_CENTER_ORDER.map((c, i) => [i + 1, c, table[c][0], table[c][1]]));
  expect(block.total.slice(1)).toEqual(['合計', totals[0], totals[1]]);
}

describe('県集計 reproduces seed 000 §3(1)–(2) from monthly form submissions', () => {
  const generated = generateSeedResponses();
  const book = MemoryWorkbook.from({ [TAB.formResponses]: generated.values });
  const intake = runCommand('intake', ctx(book));
  runCommand('summary', ctx(book));

  test('the generated data has corrections and invalid submissions', () => {
    expect(generated.stats.corrections).toBeGreaterThan(20);
    expect(generated.stats.invalidAfterValid).toBeGreaterThan(5);
    expect(generated.stats.invalid).toBeGreaterThan(10);
  });

  test('intake takes every valid response and refuses every invalid one', () => {
    const details = intake.details as { taken: number; errors: number };
    expect(details.taken).toBe(generated.stats.valid + generated.stats.corrections);
    expect(details.errors).toBe(generated.stats.invalid);
    // Each center-month counts once; the rest are superseded corrections.
    const statuses = book
      .readSheet(TAB.activity)!
      .slice(1)
      .map((r) => String(r[8]));
    expect(statuses.filter((s) => s === '有効')).toHaveLength(generated.stats.reportedMonths);
    expect(statuses.filter((s) => s.startsWith('差し替え済'))).toHaveLength(generated.stats.corrections);
  });

  test('個別支援会議: every row and the printed 合計 (1,251 / 1,263)', () => {
    expect(CASE_MEETINGS_PRINTED_TOTAL).toEqual([1251, 1263]);
    expectBlock(book, '個別支援会議', CASE_MEETINGS, CASE_MEETINGS_PRINTED_TOTAL);
  });

  test('ネットワーク会議: every row and the printed 合計 (43 / 186)', () => {
    expectBlock(book, 'ネットワーク会議', NETWORK_MEETINGS, NETWORK_MEETINGS_PRINTED_TOTAL);
  });

  test('研修会: every row; 令和2年度 合計 is the sum of the rows (43), not the printed 42', () => {
    expectBlock(book, '研修会', TRAININGS, TRAININGS_ROW_SUM);
    expect(TRAININGS_PRINTED_TOTAL[1]).toBe(42);
    expect(readBlock(book, '研修会').total[3]).not.toBe(TRAININGS_PRINTED_TOTAL[1]);
  });

  test('reads like the seed: counts with a thousands separator, year headers right-aligned over them', () => {
    const values = book.readSheet(TAB.prefecture)!;
    const start = values.findIndex((r) => r[0] === '個別支援会議');
    const [headerRow, totalRow] = [start + 2, start + 2 + 17]; // 1-based rows of the header and 合計
    expect(book.cell(TAB.prefecture, totalRow, 3)).toBe(1251);
    // #,##0 and the width of a space after the number (`_ `), so it never touches the next column's text.
    expect(book.formatAt(TAB.prefecture, totalRow, 3)).toBe('#,##0_ ');
    expect(book.formatAt(TAB.prefecture, headerRow + 1, 4)).toBe('#,##0_ ');
    // No. and the years hold numbers: right; センター名 holds names: automatic (left).
    expect([1, 2, 3, 4].map((c) => book.alignmentAt(TAB.prefecture, headerRow, c) ?? null)).toEqual([
      'right',
      null,
      'right',
      'right',
    ]);
    // The block title and the notes stay as they are.
    expect(book.alignmentAt(TAB.prefecture, start + 1, 1)).toBeUndefined();
  });

  test('one chart per block where the platform draws charts', () => {
    expect(book.sheet(TAB.prefecture).charts.map((c) => c.title)).toEqual([
      '個別支援会議（年度別）',
      'ネットワーク会議（年度別）',
      '研修会（年度別）',
    ]);
  });

  test('every invalid response is listed in 取り込みエラー with its row, and the form tab keeps it', () => {
    const errors = book.readSheet(TAB.intakeErrors)!;
    const header = errors.findIndex((r) => r[1] === '行');
    const listedRows = new Set(errors.slice(header + 1).map((r) => r[1]));
    expect(listedRows.size).toBe(generated.stats.invalid);
    const form = book.readSheet(TAB.formResponses)!;
    for (const row of listedRows) {
      const n = row as number;
      expect(form[n - 1].slice(0, 8)).toEqual(generated.values[n - 1]);
      expect(String(form[n - 1][8])).toMatch(/^エラー: /);
    }
  });

  test('a second intake and a second summary change nothing', () => {
    const before = book.snapshot();
    const again = runCommand('intake', ctx(book));
    expect((again.details as { taken: number }).taken).toBe(0);
    runCommand('summary', ctx(book));
    expect(book.snapshot()).toBe(before);
  });
});
