// Issue 6, reliability: on the demo book every command leaves every user cell as it was and a second
// run changes nothing; random junk of every type in every column never makes a command throw, and
// every junk cell in a checked column is reported.

import { COMMANDS } from '../src/commands/registry';
import { runAll } from '../src/commands/run';
import type { CommandContext } from '../src/commands/types';
import { date, isCalendarDate } from '../src/domain/calendar';
import { parseDateCell } from '../src/domain/dates';
import { GENERATED_MARK, LEDGER_COLUMNS, TAB } from '../src/domain/schema';
import { generateSampleBook } from '../src/demo/sample';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';
import { prng } from '../src/demo/prng';
import { memoryDrafts, type MemoryDrafts } from './fixtures/memoryDrafts';

const TODAY = date(2026, 11, 22);
/** Each book keeps its own 支援レポート drafts across runs, as a folder beside it would. */
const draftsOf = new WeakMap<object, MemoryDrafts>();

const ctxFor = (book: MemoryWorkbook | XlsxWorkbook, month?: string): CommandContext => {
  let drafts = draftsOf.get(book);
  if (!drafts) draftsOf.set(book, (drafts = memoryDrafts()));
  return { book, today: TODAY, options: month ? { month } : {}, progress: () => undefined, drafts };
};

function cellKey(v: Cell): string {
  if (v === null) return '∅';
  if (isCalendarDate(v)) return `D${v.y}-${v.m}-${v.d}`;
  return `${typeof v}:${String(v)}`;
}

/**
 * Every user cell (value, format, colour, note) of every user tab, as one string per tab. Generated tabs
 * (A1 marked) and columns headed "…（自動）" are the product's; everything else is the user's.
 */
function userPicture(book: MemoryWorkbook): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of book.sheetNames()) {
    const values = book.readSheet(name) ?? [];
    const a1 = values[0]?.[0];
    if (typeof a1 === 'string' && a1.startsWith(GENERATED_MARK)) continue;
    const owned = new Set<number>();
    values.slice(0, 10).forEach((row) =>
      row.forEach((v, c) => {
        if (typeof v === 'string' && v.endsWith('（自動）')) owned.add(c);
      }),
    );
    const parts: string[] = [];
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (owned.has(c)) return;
        const fmt = book.formatAt(name, r + 1, c + 1) ?? '';
        const bg = book.backgroundAt(name, r + 1, c + 1) ?? '';
        const note = book.noteAt(name, r + 1, c + 1) ?? '';
        if (v !== null || fmt || bg || note) parts.push(`${r + 1},${c + 1}=${cellKey(v)}|${fmt}|${bg}|${note}`);
      }),
    );
    out.set(name, parts.join('\n'));
  }
  return out;
}

function demoBook(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  generateSampleBook(book, { cases: 300, seed: 11, today: TODAY, messy: true });
  return book;
}

/** User tabs existing before a run must look the same after it; tabs a command appends rows to are named. */
function expectUserTabsUnchanged(
  before: Map<string, string>,
  after: Map<string, string>,
  appendOnly: string[] = [],
): void {
  for (const [tab, picture] of before) {
    const now = after.get(tab);
    expect(now).toBeDefined();
    if (appendOnly.includes(tab)) expect(now!.startsWith(picture)).toBe(true);
    else expect(now).toBe(picture);
  }
}

describe('every command on the demo book', () => {
  const runnable = COMMANDS.filter((c) => c.name !== 'setup');

  test.each(runnable.map((c) => c.name))('%s: user cells unchanged, second run changes nothing', (name) => {
    const book = demoBook();
    const def = runnable.find((c) => c.name === name)!;
    const before = userPicture(book);
    def.run!(ctxFor(book, '2026-10'));
    // intake appends the responses it takes to 活動報告 (a user tab it may create): rows are added, none changed.
    expectUserTabsUnchanged(before, userPicture(book), name === 'intake' ? [TAB.activity, TAB.ledger] : []);
    const once = book.snapshot();
    def.run!(ctxFor(book, '2026-10'));
    expect(book.snapshot()).toBe(once);
  });

  test('all, twice, on the xlsx adapter: user cells unchanged and the second run writes the same book', async () => {
    const source = XlsxWorkbook.create();
    generateSampleBook(source, { cases: 300, seed: 11, today: TODAY, messy: true });
    const original = await XlsxWorkbook.fromBuffer(await source.toBuffer());
    const dump = (b: XlsxWorkbook) => {
      const m = MemoryWorkbook.from(Object.fromEntries(b.sheetNames().map((n) => [n, b.readSheet(n) ?? []])));
      return userPicture(m);
    };
    const before = dump(original);
    runAll(ctxFor(original));
    const once = await XlsxWorkbook.fromBuffer(await original.toBuffer());
    expectUserTabsUnchanged(before, dump(once), [TAB.activity]);
    const onceValues = once.sheetNames().map((n) => JSON.stringify(once.readSheet(n)));
    runAll(ctxFor(once));
    const twice = await XlsxWorkbook.fromBuffer(await once.toBuffer());
    expect(twice.sheetNames().map((n) => JSON.stringify(twice.readSheet(n)))).toEqual(onceValues);
  });
});

const JUNK: readonly Cell[] = [
  'x'.repeat(50000),
  NaN,
  Infinity,
  -1,
  -45000,
  1e12,
  2958466,
  0.5,
  '=1+1',
  '=VLOOKUP(A1,B:C,2,FALSE)',
  '#REF!',
  '#N/A',
  '#VALUE!',
  true,
  false,
  '   ',
  '\u3000',
  '令和99年13月40日',
  'H31.5.1',
  '2023/2/30',
  '5.4.1',
  '🙂',
  '<script>alert(1)</script>',
  '-',
  '@',
  '+81',
  'null',
  'undefined',
  date(1800, 1, 1),
  date(2200, 12, 31),
];

/** A junk value must be reported in these columns (free-text columns accept any text). */
function mustBeReported(kind: string, v: Cell): boolean {
  if (kind === 'date') return parseDateCell(v).kind === 'invalid' || (isCalendarDate(v) && (v.y < 1900 || v.y > 2100));
  if (kind === 'enum' || kind === 'multiEnum' || kind === 'digits') {
    return !(v === null || (typeof v === 'string' && v.trim() === ''));
  }
  return false;
}

describe('fuzz: junk of every type in every ledger column', () => {
  const random = prng(20261122);
  const columnsToFuzz = LEDGER_COLUMNS.filter((c) => c.key !== 'caseId');

  test.each(columnsToFuzz.map((c) => [c.header, c.kind]))('%s (%s)', (header, kind) => {
    const book = demoBook();
    const values = book.readSheet(TAB.ledger)!;
    const headerRow = values.findIndex((r) => r.includes('ケースID'));
    const col = values[headerRow].indexOf(header);
    expect(col).toBeGreaterThanOrEqual(0);
    // Junk into 30 distinct data rows that are not planted problems or blank.
    const planted: Cell[][] = [];
    const rows: number[] = [];
    for (let r = headerRow + 1; r < values.length && rows.length < JUNK.length; r++) {
      if (random() < 0.5 || values[r].every((v) => v === null)) continue;
      rows.push(r);
    }
    rows.forEach((_r, i) => planted.push([JUNK[i % JUNK.length]]));
    rows.forEach((r, i) => book.writeRange(TAB.ledger, r + 1, col + 1, [planted[i]]));
    const before = userPicture(book);

    for (const def of COMMANDS) {
      if (!def.run || def.name === 'setup') continue;
      expect(() => def.run!(ctxFor(book, '2026-10'))).not.toThrow();
    }
    expect(() => runAll(ctxFor(book))).not.toThrow();
    expectUserTabsUnchanged(before, userPicture(book), [TAB.activity, TAB.ledger]);

    // Every junk cell in a checked column appears in 検証結果 with its row and column.
    const report = book.readSheet(TAB.validation)!;
    const head = report.findIndex((r) => r[0] === '行');
    const reported = new Set(report.slice(head + 1).map((r) => `${r[0]}|${r[2]}`));
    rows.forEach((r, i) => {
      const v = planted[i][0];
      if (mustBeReported(kind, v))
        expect({ row: r + 1, value: v, hit: reported.has(`${r + 1}|${header}`) }).toEqual({
          row: r + 1,
          value: v,
          hit: true,
        });
    });
  });
});

/** Rows of every generated tab that name both a row number and a column header: the problem lists. */
function reportedPairs(book: MemoryWorkbook): Set<string> {
  const pairs = new Set<string>();
  for (const name of book.sheetNames()) {
    const values = book.readSheet(name) ?? [];
    const a1 = values[0]?.[0];
    if (!(typeof a1 === 'string' && a1.startsWith(GENERATED_MARK))) continue;
    for (const row of values) {
      const numbers = row.filter((v): v is number => typeof v === 'number');
      const texts = row.filter((v): v is string => typeof v === 'string');
      for (const n of numbers) for (const t of texts) pairs.add(`${n}|${t}`);
    }
  }
  return pairs;
}

describe('fuzz: junk in every column of 支援記録 and of the form responses', () => {
  const random = prng(7);
  // Columns whose junk must be reported (free-text columns accept anything).
  const cases: [string, string, string[]][] = [
    [TAB.contacts, 'contacts', ['ケースID', '日付', '相手', '方法', '支援レポート共有']],
    [TAB.formResponses, 'intake', ['センター名', '対象年月', '個別支援会議件数', 'ネットワーク会議件数', '研修会件数']],
  ];
  const allColumns: Record<string, string[]> = {
    [TAB.contacts]: ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
    [TAB.formResponses]: [
      'タイムスタンプ',
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出者',
    ],
  };
  const cells = cases.flatMap(([tab, command, checked]) =>
    allColumns[tab].map((h) => [tab, h, command, checked.includes(h)] as const),
  );

  test.each(cells)('%s / %s', (tab, header, command, checked) => {
    const book = demoBook();
    const values = book.readSheet(tab)!;
    const col = values[0].indexOf(header);
    expect(col).toBeGreaterThanOrEqual(0);
    const rows: number[] = [];
    for (let r = 1; r < values.length && rows.length < JUNK.length; r++) if (random() < 0.3) rows.push(r);
    const junk = rows.map((_r, i) => JUNK[i % JUNK.length]);
    rows.forEach((r, i) => book.writeRange(tab, r + 1, col + 1, [[junk[i]]]));
    const before = userPicture(book);
    for (const def of COMMANDS) {
      if (!def.run || def.name === 'setup') continue;
      expect(() => def.run!(ctxFor(book, '2026-10'))).not.toThrow();
    }
    expectUserTabsUnchanged(before, userPicture(book), [TAB.activity, TAB.ledger]);
    if (!checked) return;
    // Re-run the command that reads this tab so its report is the latest, then look for every junk cell.
    COMMANDS.find((c) => c.name === command)!.run!(ctxFor(book, '2026-10'));
    const pairs = reportedPairs(book);
    rows.forEach((r, i) => {
      const v = junk[i];
      const blank = v === null || (typeof v === 'string' && v.trim() === '');
      // A blank count is 0; a blank 支援レポート共有 means not shared (it shows in 判定).
      if (blank && (header.endsWith('件数') || header === '支援レポート共有')) return;
      if (typeof v === 'boolean' && header === '支援レポート共有') return; // a checkbox: TRUE = はい
      expect({ row: r + 1, value: v, reported: pairs.has(`${r + 1}|${header}`) }).toEqual({
        row: r + 1,
        value: v,
        reported: true,
      });
    });
  });
});
