import { date } from '../src/domain/calendar';
import { GENERATED_MARK, OWNED_COLUMNS, TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { runValidate } from '../src/commands/validate';
import { runCommand } from '../src/commands/run';
import { UnusableBookError, type CommandContext } from '../src/commands/types';
import type { Cell } from '../src/workbook/port';

const today = date(2025, 6, 1);
const ctx = (book: MemoryWorkbook): CommandContext => ({ book, today, options: {}, progress: () => undefined });

const HEADER = ['ケースID', '氏名', '事業所名', '担当センター', '就職日', '利用開始日', '私のメモ'];
function ledgerBook(): MemoryWorkbook {
  const rows: Cell[][] = [
    ['2025年度 ケース台帳（A事業所）'],
    HEADER,
    ['C1', '山田', 'A事業所', 'あかね園', '2023/4/1', '2023/10/2', 'メモ'],
    ['C2', '佐藤', 'A事業所', 'あかねえん', '2023/2/30', null, null],
    [null, null, null, null, null, null, null],
    ['C1', '鈴木', 'A事業所', 'エール', 'R5.4.1', '2023/9/1', null],
    ['C4', '田中', 'A事業所', 'エール', '2023-04-01', '2024/1/15', null],
  ];
  return MemoryWorkbook.from({ [TAB.ledger]: rows });
}

/** Every cell outside the owned columns, for before/after comparison. */
function userCells(book: MemoryWorkbook): string {
  const values = book.readSheet(TAB.ledger)!;
  return JSON.stringify(values.map((r) => r.slice(0, HEADER.length)));
}

describe('runValidate on a small ledger', () => {
  test('writes 検証結果（自動）, the 検証結果 tab and rules; user cells unchanged', () => {
    const book = ledgerBook();
    const before = userCells(book);
    const result = runValidate(ctx(book));
    expect(userCells(book)).toBe(before);

    // owned columns added at the right of the header (row 2)
    const validationCol = HEADER.length + OWNED_COLUMNS.findIndex((c) => c.key === 'validation') + 1;
    expect(book.cell(TAB.ledger, 2, validationCol)).toBe('検証結果（自動）');
    const summaryAt = (row: number) => book.cell(TAB.ledger, row, validationCol);
    expect(summaryAt(3)).toMatch(/^エラー1件: ケースID: ケースID「C1」が6行目と重複/);
    expect(summaryAt(4)).toMatch(/^エラー2件: 担当センター: 「あかねえん」は設定タブの/);
    expect(summaryAt(4)).toContain('〔×担当センター〕〔×就職日〕');
    expect(summaryAt(5)).toBeNull(); // blank row: no message
    expect(summaryAt(6)).toMatch(/^エラー2件: ケースID: .*3行目と重複/); // + 利用開始日 before 2023-10-01
    expect(summaryAt(7)).toMatch(/^警告1件: 利用開始日: /); // started 3 months late
    // 検証結果 tab
    const tab = book.readSheet(TAB.validation)!;
    expect(String(tab[0][0]).startsWith(GENERATED_MARK)).toBe(true);
    expect(tab[1]).toEqual(['行', 'ケースID', '列', '値', '種別', 'メッセージ']);
    expect(tab.slice(2).map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
      [3, 'C1', 'ケースID', 'C1', 'エラー'],
      [4, 'C2', '担当センター', 'あかねえん', 'エラー'],
      [4, 'C2', '就職日', '2023/2/30', 'エラー'],
      [6, 'C1', 'ケースID', 'C1', 'エラー'],
      [6, 'C1', '利用開始日', '2023/9/1', 'エラー'],
      [7, 'C4', '利用開始日', '2024/1/15', '警告'],
    ]);
    expect(tab[3][5]).toContain('「あかね園」');
    // rules: present and driven by the owned column
    const rules = book.sheet(TAB.ledger).rules;
    expect(rules.length).toBeGreaterThan(0);
    expect(result.summary).toBe(
      '台帳を検証: 4件中 エラー5件・警告1件（4行に問題）。詳しくは「検証結果」タブを見てください。支援期間を計算できない行が1行あります。',
    );
    expect((result.details as { problems: unknown[] }).problems).toHaveLength(6);
  });

  test('a second run changes nothing', () => {
    const book = ledgerBook();
    runValidate(ctx(book));
    const first = book.snapshot();
    runValidate(ctx(book));
    expect(book.snapshot()).toBe(first);
  });

  test('registered as the validate command', () => {
    const book = ledgerBook();
    expect(runCommand('validate', ctx(book)).command).toBe('validate');
  });

  test('no ledger tab or no header row: UnusableBookError', () => {
    expect(() => runValidate(ctx(MemoryWorkbook.from({ 別のタブ: [['a']] })))).toThrow(UnusableBookError);
    expect(() => runValidate(ctx(MemoryWorkbook.from({ [TAB.ledger]: [['氏名', '就職日']] })))).toThrow(
      UnusableBookError,
    );
  });
});

test('設定 problems come back as notices; a user tab named 検証結果 is left alone', () => {
  const book = ledgerBook();
  book.createSheet(TAB.validation);
  book.writeRange(TAB.validation, 1, 1, [['利用者が作った表']]);
  book.createSheet(TAB.settings);
  book.writeRange(TAB.settings, 1, 1, [
    ['項目', '値'],
    ['終了前の計画期間（日）', 'たくさん'],
  ]);
  const result = runValidate(ctx(book));
  expect(book.cell(TAB.validation, 1, 1)).toBe('利用者が作った表');
  expect(result.wroteTabs).toContain('検証結果（自動）');
  expect(result.notices.some((n) => n.includes('「検証結果（自動）」タブ'))).toBe(true);
  expect(result.notices.some((n) => n.includes('終了前の計画期間（日）'))).toBe(true);
  expect(result.notices.some((n) => n.includes('センター名の一覧がありません'))).toBe(true);
});

test('a clean ledger: OK on every row and a tab saying so', () => {
  const book = MemoryWorkbook.from({
    [TAB.ledger]: [
      ['ケースID', '事業所名', '担当センター', '就職日'],
      ['C1', 'A', 'あかね園', '2024/4/1'],
    ],
  });
  const result = runValidate(ctx(book));
  expect(result.summary).toBe('台帳を検証: 1件すべて問題ありません。');
  expect(book.readSheet(TAB.validation)![2]).toEqual([null, null, null, null, null, '問題は見つかりませんでした。']);
});
