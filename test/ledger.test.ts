import { ensureOwnedColumns, readLedger } from '../src/commands/shared/ledger';
import { OWNED_COLUMNS, TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import { nearest } from '../src/domain/text';

describe('owned columns are added right of everything the user has', () => {
  test('a user column with data but no header is not overwritten', () => {
    const book = MemoryWorkbook.from({
      [TAB.ledger]: [
        ['ケース台帳（タイトル）'],
        ['ケースID', '事業所名', '担当センター', '就職日'],
        ['A-1', '事業所', 'あかね園', '2024/4/1', null, 'メモ（見出しなし）'],
      ],
    });
    const ledger = ensureOwnedColumns(book, readLedger(book, { requireColumns: false }));
    expect(book.cell(TAB.ledger, 3, 6)).toBe('メモ（見出しなし）');
    expect(book.cell(TAB.ledger, 2, 6)).toBeNull();
    expect(book.cell(TAB.ledger, 2, 7)).toBe(OWNED_COLUMNS[0].header);
    expect(ledger.table.columns.sixMonthDay).toBe(6);
    expect(ledger.table.columns.validation).toBe(6 + OWNED_COLUMNS.length - 1);
  });

  test('columns already present are not added again', () => {
    const book = MemoryWorkbook.from({
      [TAB.ledger]: [['ケースID', '事業所名', ...OWNED_COLUMNS.map((c) => c.header)]],
    });
    const values = JSON.stringify(book.sheet(TAB.ledger).values);
    ensureOwnedColumns(book, readLedger(book, { requireColumns: false }));
    expect(JSON.stringify(book.sheet(TAB.ledger).values)).toBe(values);
    // The only addition is the warning-only protection of the owned columns, and a re-run adds nothing.
    expect(book.sheet(TAB.ledger).protections).toHaveLength(1);
    const before = book.snapshot();
    ensureOwnedColumns(book, readLedger(book, { requireColumns: false }));
    expect(book.snapshot()).toBe(before);
  });
});

describe('suggestions', () => {
  // nearest() is what every "did you mean" in a message comes from.
  test('a misspelt name gets the near one; a short unrelated word gets none', () => {
    expect(nearest('あかねえん', ['あかね園', '中里'])).toBe('あかね園');
    expect(nearest('うつ', ['身体', '知的', '精神', '発達'])).toBeNull();
    expect(nearest('精心', ['身体', '知的', '精神', '発達'])).toBe('精神');
  });
});
