// On the demo book, validate reports exactly the planted bad rows: each planted problem with its column
// and kind, and no other row. A duplicated ケースID is an error on every row that holds it (issue 3),
// so the earlier row of a planted duplicate is expected too.
import { date } from '../src/domain/calendar';
import { runValidate } from '../src/commands/validate';
import { TAB } from '../src/domain/schema';
import { generateSampleBook } from '../src/demo/sample';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Problem } from '../src/domain/problem';

describe.each([
  [date(2025, 6, 1), 1, 300],
  [date(2026, 1, 15), 7, 800],
  [date(2024, 11, 30), 42, 120],
])('demo book (today %j, seed %i, %i cases)', (today, seed, cases) => {
  test('exactly the planted problems are reported', () => {
    const book = new MemoryWorkbook();
    const sample = generateSampleBook(book, { cases, seed, today, messy: true });
    expect(sample.plantedProblems.length).toBeGreaterThan(5);
    const result = runValidate({ book, today, options: {}, progress: () => undefined });
    const problems = (result.details as { problems: Problem[] }).problems;

    const expected = sample.plantedProblems.map((p) => ({ row: p.row, column: p.column, kind: p.kind }));
    // the partner row of each planted duplicate (named in `why` as 「N行目」)
    for (const p of sample.plantedProblems) {
      if (p.column !== 'ケースID') continue;
      const m = /(\d+)行目/.exec(p.why);
      if (m) expected.push({ row: Number(m[1]), column: 'ケースID', kind: 'error' });
    }
    const key = (x: { row: number; column: string; kind: string }) => `${x.row}|${x.column}|${x.kind}`;
    const got = problems.map((p) => key({ row: p.row, column: p.column, kind: p.severity }));
    expect([...new Set(got)].sort()).toEqual([...new Set(expected.map(key))].sort());

    // every other row says OK, the blank row nothing
    const values = book.readSheet(TAB.ledger)!;
    const header = values[sample.headerRow - 1];
    const col = header.indexOf('検証結果（自動）');
    const bad = new Set(expected.map((e) => e.row));
    for (let r = sample.firstDataRow; r <= sample.lastDataRow; r++) {
      const text = values[r - 1][col];
      if (r === sample.blankRow) expect(text).toBeNull();
      else if (bad.has(r)) expect(String(text)).toMatch(/^(エラー|警告)/);
      else expect([r, text]).toEqual([r, 'OK']);
    }
  });
});
