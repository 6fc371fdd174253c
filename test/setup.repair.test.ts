import { runSetup } from '../src/commands/setup';
import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';

const ctx = (book: MemoryWorkbook) => ({ book, today: date(2026, 11, 22), options: {}, progress: () => undefined });

function freshBook(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  runSetup(ctx(book));
  return book;
}

describe('setup completes what a cut-off run left, and keeps what a user made', () => {
  test('empty tabs (created, never filled) are filled as new ones', () => {
    const book = MemoryWorkbook.from({ [TAB.ledger]: [], [TAB.settings]: [], [TAB.contacts]: [] });
    runSetup(ctx(book));
    expect(book.snapshot()).toBe(freshBook().snapshot());
  });

  test('a header-only 支援記録 without dropdowns gets them', () => {
    const full = freshBook();
    const book = MemoryWorkbook.from({ [TAB.contacts]: [full.readSheet(TAB.contacts)![0]] });
    runSetup(ctx(book));
    expect(book.sheet(TAB.contacts).validations).toEqual(full.sheet(TAB.contacts).validations);
    expect(book.sheet(TAB.contacts).frozenRows).toBe(1);
  });

  test('a 設定 tab the user edited is not rebuilt', () => {
    const book = freshBook();
    book.writeRange(TAB.settings, 2, 2, [[120]]);
    const before = book.snapshot();
    runSetup(ctx(book));
    expect(book.snapshot()).toBe(before);
    expect(book.cell(TAB.settings, 2, 2)).toBe(120);
  });

  test('a 支援記録 with a logged contact is left alone', () => {
    const book = freshBook();
    book.writeRange(TAB.contacts, 2, 1, [['C1', date(2026, 11, 1), '本人', '職場訪問', 'はい', '']]);
    const before = book.snapshot();
    runSetup(ctx(book));
    expect(book.snapshot()).toBe(before);
  });
});
