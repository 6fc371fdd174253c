// Problem cells are made visible by our conditional rules alone. A tiny evaluator for the two formula
// shapes we write (ISNUMBER(FIND(…)) and LEFT(…)=…) applies the rules as Sheets would (first match
// wins) and checks that exactly the problem cells get the problem colour.
import { date } from '../src/domain/calendar';
import { runValidate } from '../src/commands/validate';
import { ledgerConditionalRules, PROBLEM_CELL_COLOURS, PROBLEM_ROW_COLOURS } from '../src/commands/shared/ledgerRules';
import { ensureOwnedColumns, readLedger } from '../src/commands/shared/ledger';
import { TAB } from '../src/domain/schema';
import { columnLetter } from '../src/domain/table';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell, ConditionalRule } from '../src/workbook/port';

const today = date(2025, 6, 1);

function letterToCol(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** Evaluates one of our formulas for the cell at (row, col), with the rule's relative row reference. */
function matches(rule: ConditionalRule, book: MemoryWorkbook, row: number): boolean {
  const unquote = (s: string) => s.slice(1, -1).replace(/""/g, '"');
  let m = /^=ISNUMBER\(FIND\(("(?:[^"]|"")*"),\$([A-Z]+)(\d+)\)\)$/.exec(rule.formula);
  if (m) {
    const ref = book.cell(TAB.ledger, row - rule.area.row + Number(m[3]), letterToCol(m[2]));
    return typeof ref === 'string' && ref.includes(unquote(m[1]));
  }
  m = /^=LEFT\(\$([A-Z]+)(\d+),(\d+)\)=("(?:[^"]|"")*")$/.exec(rule.formula);
  if (m) {
    const ref = book.cell(TAB.ledger, row - rule.area.row + Number(m[2]), letterToCol(m[1]));
    return typeof ref === 'string' && ref.slice(0, Number(m[3])) === unquote(m[4]);
  }
  throw new Error(`unexpected formula ${rule.formula}`);
}

function colourAt(book: MemoryWorkbook, row: number, col: number): string | undefined {
  for (const rule of book.sheet(TAB.ledger).rules) {
    const a = rule.area;
    if (row < a.row || row >= a.row + a.numRows || col < a.col || col >= a.col + a.numCols) continue;
    if (matches(rule, book, row)) return rule.background;
  }
  return undefined;
}

test('exactly the problem cells get the problem colour; other cells of a problem row a light tint', () => {
  const header = ['No', 'ケースID', '事業所名', '担当センター', '就職日', '利用開始日', '情報共有日', '就職先'];
  const values: Cell[][] = [
    header,
    [1, 'C1', 'A', 'あかね園', '2024/4/1', '2024/10/1', null, '株式会社"引用"'],
    [2, 'C2', 'A', 'あかねえん', '2023/2/30', null, '2025/1/1', null],
    [3, 'C3', 'A', 'エール', '2024/4/1', null, '2025/1/1', null],
  ];
  const book = MemoryWorkbook.from({ [TAB.ledger]: values });
  runValidate({ book, today, options: {}, progress: () => undefined });

  const expected: Record<string, string> = {
    '3,4': PROBLEM_CELL_COLOURS.error, // 担当センター
    '3,5': PROBLEM_CELL_COLOURS.error, // 就職日
    '3,7': PROBLEM_CELL_COLOURS.warning, // 情報共有日
    '4,7': PROBLEM_CELL_COLOURS.warning,
  };
  const width = book.readSheet(TAB.ledger)![0].length;
  for (let row = 2; row <= 4; row++) {
    for (let col = 1; col <= header.length; col++) {
      const want =
        expected[`${row},${col}`] ??
        (row === 3 ? PROBLEM_ROW_COLOURS.error : row === 4 ? PROBLEM_ROW_COLOURS.warning : undefined);
      expect([row, col, colourAt(book, row, col)]).toEqual([row, col, want]);
    }
  }
  expect(width).toBe(header.length + 8);
});

test('flag colours sit on the 引継ぎフラグ cell only, most urgent first', () => {
  const book = MemoryWorkbook.from({
    [TAB.ledger]: [
      ['ケースID', '就職日'],
      ['C1', '2024/4/1'],
      ['C2', '2024/4/1'],
    ],
  });
  const ledger = ensureOwnedColumns(book, readLedger(book, { requireColumns: false }));
  const flagCol = ledger.table.columns.flag! + 1;
  const rules = ledgerConditionalRules(ledger);
  const flagRules = rules.filter(
    (r) => r.area.col === flagCol && r.area.numCols === 1 && r.formula.includes(`$${columnLetter(flagCol)}`),
  );
  expect(flagRules.map((r) => r.background)).toEqual([
    '#ea9999',
    '#f9cb9c',
    '#ffe599',
    '#cfe2f3',
    '#d9d2e9',
    '#d9ead3',
  ]);
  book.writeRange(TAB.ledger, 2, flagCol, [['共有期限まで30日'], ['終了まで180日・支給決定更新']]);
  book.setOwnConditionalRules(TAB.ledger, rules);
  expect(colourAt(book, 2, flagCol)).toBe('#ffe599');
  expect(colourAt(book, 3, flagCol)).toBe('#cfe2f3');
  // A renewal alone and a completed handover have their own quieter colours.
  book.writeRange(TAB.ledger, 2, flagCol, [['支給決定更新'], ['引継ぎ済']]);
  expect(colourAt(book, 2, flagCol)).toBe('#d9d2e9');
  expect(colourAt(book, 3, flagCol)).toBe('#d9ead3');
  expect(colourAt(book, 2, 1)).toBeUndefined();
});

test('no rows, no rules', () => {
  const book = MemoryWorkbook.from({ [TAB.ledger]: [['ケースID', '就職日']] });
  expect(ledgerConditionalRules(ensureOwnedColumns(book, readLedger(book, { requireColumns: false })))).toEqual([]);
});
