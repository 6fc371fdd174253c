// 定着率を計算 end to end on an in-memory book. Figures worked out by hand (domain.md §2.1, §2.3).

import { date } from '../src/domain/calendar';
import { GENERATED_MARK, TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { runRetention } from '../src/commands/retention';
import { runCommand } from '../src/commands/run';
import { CommandUsageError, type CommandContext } from '../src/commands/types';
import type { Cell } from '../src/workbook/port';

const LEDGER: Cell[][] = [
  ['ケースID', '事業所名', '担当センター', '就職日', '離職日', '再就職日', '利用終了日', '終了理由'],
  // 事業所A
  ['P1', '事業所A', 'エール', '2020/10/1', null, null, null, null], // 2021-04-01 … 2024-03-31, employed
  ['P2', '事業所A', 'エール', '2021/1/10', '2023/6/30', '2023/7/31', null, null], // job change within a month
  ['P3', '事業所A', 'エール', '2022/1/10', '2024/1/15', null, '2024/1/31', '離職'], // separated
  ['Z1', '事業所A', 'エール', 'R1.4.30', null, null, null, null], // no such date: left out, reported
  // 事業所B: its client starts 2024-07-10, after FY2021–2023
  ['Q1', '事業所B', 'あかね園', '2024/1/10', null, null, null, null],
];

const book = (extra: Record<string, Cell[][]> = {}) => MemoryWorkbook.from({ [TAB.ledger]: LEDGER, ...extra });
const ctx = (b: MemoryWorkbook, fy?: string, today = date(2024, 6, 1)): CommandContext => ({
  book: b,
  today,
  options: fy === undefined ? {} : { fy },
  progress: () => undefined,
});

function rowsFrom(values: Cell[][], firstCell: string, width: number): Cell[][] {
  const start = values.findIndex((r) => r[0] === firstCell);
  const end = values.findIndex((r, i) => i > start && r.every((c) => c === null));
  return values.slice(start, end < 0 ? undefined : end).map((r) => r.slice(0, width));
}

describe('runRetention', () => {
  test('default FY (2024 on 2024-06-01): per office figures, tier and units; the persons counted below', () => {
    const b = book();
    const before = JSON.stringify(b.readSheet(TAB.ledger));
    const result = runRetention(ctx(b));
    expect(JSON.stringify(b.readSheet(TAB.ledger))).toBe(before);
    expect(result.wroteTabs).toEqual([TAB.retention]);

    const values = b.readSheet(TAB.retention)!;
    expect(String(values[0][0]).startsWith(GENERATED_MARK)).toBe(true);
    expect(String(values[0][0])).toContain('令和6年度');
    const offices = rowsFrom(values, '事業所名', 7);
    expect(offices[0]).toEqual([
      '事業所名',
      '対象者数',
      '就労継続者数',
      '就労定着率',
      '報酬区分',
      '基本報酬（単位）',
      '備考',
    ]);
    // A: P1, P2 (job change) employed, P3 separated → 2 of 3 = 66.666…%, cut (not rounded) to 66.66% in the
    // cell as in the summary (0.00% would show 2/3 as 66.67%) → 50–70%, 1,690 units
    expect(offices[1].slice(0, 6)).toEqual(['事業所A', 3, 2, 0.6666, '50%以上70%未満', 1690]);
    expect(offices[1][6]).toBeNull();
    // B: no history → blank rate and tier, a note (not 0%)
    expect(offices[2].slice(0, 6)).toEqual(['事業所B', 0, 0, null, null, null]);
    expect(String(offices[2][6])).toContain('算定できません');

    // the rate is a number shown as a percentage
    const rateRow = values.findIndex((r) => r[0] === '事業所A') + 1;
    expect(b.formatAt(TAB.retention, rateRow, 4)).toBe('0.00%_ '); // a space after: 85.71% never touches 80%以上…

    const persons = rowsFrom(values, '事業所名', 7).length; // first table
    const personTable = rowsFrom(values.slice(persons + 4), '事業所名', 5);
    expect(personTable[0][4]).toBe('基準日の状況');
    expect(personTable.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['事業所名', 'ケースID', '就労継続', '利用期間'],
      ['事業所A', 'P1', 'はい', '2021/04/01〜2024/03/31'],
      ['事業所A', 'P2', 'はい', '2021/07/10〜2024/07/09'],
      ['事業所A', 'P3', 'いいえ', '2022/07/10〜2024/01/31'],
    ]);
    expect(String(personTable[2][4])).toContain('転職');

    // Z1 is reported, not silently dropped
    expect(values.some((r) => r[0] === TAB.ledger && r[1] === 5 && r[2] === 'Z1')).toBe(true);
    expect(result.notices.some((n) => n.includes('5行目'))).toBe(true);
    expect(result.summary).toContain('事業所A 66.66%');
    expect(result.summary).toContain('利用者がいない事業所が1か所');
  });

  test('--fy 2025 before its reference day: provisional, with a notice; B now has a person', () => {
    const b = book();
    const result = runRetention(ctx(b, '2025'));
    expect(result.notices.some((n) => n.includes('見込み'))).toBe(true);
    const offices = rowsFrom(b.readSheet(TAB.retention)!, '事業所名', 6);
    // FY2025 looks at 2022-04-01 … 2025-03-31: A still P1, P2, P3; B's Q1 (from 2024-07-10) counts
    expect(offices.slice(1)).toEqual([
      ['事業所A', 3, 2, 0.6666, '50%以上70%未満', 1690],
      ['事業所B', 1, 1, 1, '95%以上', 3512],
    ]);
  });

  test('idempotent', () => {
    const b = book();
    runRetention(ctx(b));
    const first = b.snapshot();
    runRetention(ctx(b));
    expect(b.snapshot()).toBe(first);
  });

  test('a bad --fy stops with a Japanese usage message and writes nothing', () => {
    const b = book();
    const before = b.snapshot();
    expect(() => runRetention(ctx(b, 'R'))).toThrow(CommandUsageError);
    expect(() => runRetention(ctx(b, '24'))).toThrow(/西暦4桁/);
    expect(b.snapshot()).toBe(before);
  });

  test('registered: runCommand("retention") runs it', () => {
    const b = book();
    expect(runCommand('retention', ctx(b, '2024')).command).toBe('retention');
  });
});
