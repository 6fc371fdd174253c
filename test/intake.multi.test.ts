// Issue 11 item 3: intake reads every response tab of a form the product made, plus the configured
// tab, each recognised by its headers; several forms in one book work.

import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';

const ctx = (book: MemoryWorkbook, responseTabs?: string[]) => ({
  book,
  today: date(2025, 7, 1),
  options: { responseTabs },
  progress: () => undefined,
});

describe('several response tabs', () => {
  const book = MemoryWorkbook.from({
    [TAB.ledger]: [['ケースID', '事業所名', '担当センター', '就職日']],
    'フォームの回答 1': [
      ['タイムスタンプ', 'センター名', '対象年月', '個別支援会議件数', 'ネットワーク会議件数', '研修会件数', '提出者'],
      ['2025/05/02 10:00:00', 'あかね園', '2025-04', 3, 1, 0, '山田'],
    ],
    'フォームの回答 2': [
      ['タイムスタンプ', 'ケースID', '事業所名', '担当センター', '就職日'],
      ['2025/05/03 10:00:00', 'C-1', 'さくら', 'エール', '2024/04/01'],
    ],
    'フォームの回答 3': [
      ['タイムスタンプ', 'センター名', '対象年月', '個別支援会議件数', 'ネットワーク会議件数', '研修会件数', '提出者'],
      ['2025/06/02 10:00:00', 'エール', '2025-05', 'x', 0, 0, '佐藤'],
      ['2025/06/03 10:00:00', 'エール', '2025-05', 2, 0, 0, '佐藤'],
    ],
  });

  test('the configured tab and the linked tabs are all taken, each into its own target', () => {
    const result = runCommand('intake', ctx(book, ['フォームの回答 2', 'フォームの回答 3']));
    expect(result.details).toMatchObject({ taken: 3, errors: 1 });
    const activity = book.readSheet(TAB.activity)!;
    expect(activity.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['あかね園', '2025-04', 3],
      ['エール', '2025-05', 2],
    ]);
    expect(
      book
        .readSheet(TAB.ledger)!
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['C-1']);
    const errors = book.readSheet(TAB.intakeErrors)!;
    expect(errors.some((r) => r[0] === 'フォームの回答 3' && r[1] === 2)).toBe(true);
  });

  test('a second run takes nothing from any tab', () => {
    const before = book.snapshot();
    const again = runCommand('intake', ctx(book, ['フォームの回答 2', 'フォームの回答 3']));
    expect(again.details).toMatchObject({ taken: 0 });
    expect(book.snapshot()).toBe(before);
  });
});
