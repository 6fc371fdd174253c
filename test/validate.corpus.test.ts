// Corpus: hundreds of malformed values and rows, as real ledgers hold them. For each: nothing throws,
// exactly the expected problems (column, severity) are reported, and no user cell, note or format
// changes — checked by a checksum of the user area before and after running the command.
import { createHash } from 'crypto';
import { ALL_LEDGER_COLUMNS } from '../src/commands/shared/ledger';
import { runValidate } from '../src/commands/validate';
import { LEDGER_COLUMNS, TAB, type LedgerKey } from '../src/domain/schema';
import { buildRows, corpus, today } from './validateCorpus';
import { DEFAULT_SETTINGS } from '../src/domain/settings';
import { locateTable } from '../src/domain/table';
import { checkCaseRow, checkLedger } from '../src/domain/validate';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';

test('the corpus holds at least 200 malformed values and rows', () => {
  expect(corpus.filter((e) => e.expect.length > 0).length).toBeGreaterThanOrEqual(200);
});

test('each entry gets exactly its expected problems, and nothing throws', () => {
  const rows = buildRows();
  const values: Cell[][] = [LEDGER_COLUMNS.map((c) => c.header), ...rows];
  const table = locateTable(TAB.ledger, values, ALL_LEDGER_COLUMNS, 'caseId')!;
  const check = checkLedger(table, DEFAULT_SETTINGS, today);
  const mismatches: string[] = [];
  corpus.forEach((e, i) => {
    const row = i + 2;
    const got = check.problems.filter((p) => p.row === row).map((p) => [p.column, p.severity]);
    if (JSON.stringify(got) !== JSON.stringify(e.expect)) {
      mismatches.push(`${e.what}: expected ${JSON.stringify(e.expect)}, got ${JSON.stringify(got)}`);
    }
    // the same row through the row-level check intake uses
    const get = (k: LedgerKey) => rows[i][LEDGER_COLUMNS.findIndex((c) => c.key === k)];
    const single = checkCaseRow(get, row, TAB.ledger, DEFAULT_SETTINGS, today).problems;
    const singleGot = single.map((p) => [p.column, p.severity]);
    if (JSON.stringify(singleGot) !== JSON.stringify(got)) mismatches.push(`${e.what}: checkCaseRow differs`);
  });
  expect(mismatches).toEqual([]);
  expect(check.cases).toHaveLength(corpus.length);
});

/** Checksum of everything a user owns on the ledger: values, formats, colours, notes outside our columns. */
function userChecksum(book: MemoryWorkbook, userWidth: number): string {
  const s = book.sheet(TAB.ledger);
  const inUser = ([k]: [string, string]) => Number(k.split(',')[1]) <= userWidth;
  const state = {
    values: s.values.map((r) => (r ?? []).slice(0, userWidth).map((c) => (c === undefined ? null : c))),
    formats: [...s.formats.entries()].filter(inUser).sort(),
    backgrounds: [...s.backgrounds.entries()].filter(inUser).sort(),
    notes: [...s.notes.entries()].filter(inUser).sort(),
    validations: s.validations,
  };
  return createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

test('running the command changes no user cell, note or format (checksum), and is idempotent', () => {
  const userHeader = [...LEDGER_COLUMNS.map((c) => c.header), '自分用メモ'];
  const rows = buildRows().map((r, i) => [...r, i % 3 === 0 ? `メモ${i}` : null]);
  const values: Cell[][] = [['ケース台帳（corpus）'], userHeader, ...rows, userHeader.map(() => null), rows[0]];
  const book = MemoryWorkbook.from({ [TAB.ledger]: values });
  // users' own formats, colours and notes on their cells
  const s = book.sheet(TAB.ledger);
  for (let r = 3; r < values.length; r += 7) {
    s.formats.set(`${r},11`, 'yyyy"年"m"月"d"日"');
    s.backgrounds.set(`${r},3`, '#00ff00');
    s.notes.set(`${r},1`, '利用者のメモ');
  }
  const width = userHeader.length;
  const before = userChecksum(book, width);
  const result = runValidate({ book, today, options: {}, progress: () => undefined });
  expect(userChecksum(book, width)).toBe(before);
  expect(result.summary).toMatch(/^台帳を検証: \d+件中 エラー\d+件・警告\d+件（\d+行に問題）/);
  const tab = book.readSheet(TAB.validation)!;
  expect(tab.length - 2).toBe((result.details as { problems: unknown[] }).problems.length);

  const snap = book.snapshot();
  runValidate({ book, today, options: {}, progress: () => undefined });
  expect(book.snapshot()).toBe(snap);
  expect(userChecksum(book, width)).toBe(before);
});
