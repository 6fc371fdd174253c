import { date } from '../src/domain/calendar';
import { TAB } from '../src/domain/schema';
import { runCommand } from '../src/commands/run';
import { UnusableBookError, type CommandContext } from '../src/commands/types';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';
import { FORM_HEADER } from './fixtures/seed-submissions';

const today = date(2024, 6, 15);
const ctx = (book: MemoryWorkbook): CommandContext => ({ book, today, options: {}, progress: () => undefined });
const FORM = TAB.formResponses;

function activityBook(rows: Cell[][], extra: Record<string, Cell[][]> = {}): MemoryWorkbook {
  return MemoryWorkbook.from({ [FORM]: [FORM_HEADER, ...rows.map((r) => r.slice())], ...extra });
}

const STATUS_COL = FORM_HEADER.length + 1; // the owned column added at the right of the responses

describe('activity responses', () => {
  const responses: Cell[][] = [
    ['2024/05/02 10:00:00', 'あかね園', '2024-04', 3, 1, 0, null, 'a@example.jp'],
    ['2024/05/03 11:00:00', 'エール', '2024/4', 2, 0, 1, '=1+1', '+81-90'],
    ['2024/05/04 12:00:00', 'あかね園', '2024-04', 'たくさん', 1, 0, null, 'a@example.jp'], // invalid
  ];

  test('valid responses create 活動報告 (headers and status column) and are appended; the invalid one is not', () => {
    const book = activityBook(responses);
    const result = runCommand('intake', ctx(book));
    const activity = book.readSheet(TAB.activity)!;
    expect(activity[0]).toEqual([
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出日時',
      '提出者',
      '状態（自動）',
    ]);
    expect(activity.slice(1)).toEqual([
      ['あかね園', '2024-04', 3, 1, 0, null, '2024/05/02 10:00:00', 'a@example.jp', '有効'],
      ['エール', '2024-04', 2, 0, 1, '=1+1', '2024/05/03 11:00:00', '+81-90', '有効'],
    ]);
    expect(book.sheet(TAB.activity).frozenRows).toBe(1);
    expect(result.summary).toMatch(/2件を活動報告に取り込みました・エラー1件/);
  });

  test('a response `=1+1` arrives as the text `=1+1`, written as text', () => {
    const book = activityBook(responses);
    const spy = jest.spyOn(book, 'writeRange');
    runCommand('intake', ctx(book));
    expect(book.cell(TAB.activity, 3, 6)).toBe('=1+1');
    expect(book.cell(TAB.activity, 3, 8)).toBe('+81-90');
    const appendCalls = spy.mock.calls.filter((c) => c[0] === TAB.activity);
    expect(appendCalls.length).toBeGreaterThan(0);
    for (const call of appendCalls) expect(call[4]?.asText).toBe(true);
    const formCalls = spy.mock.calls.filter((c) => c[0] === FORM);
    for (const call of formCalls) expect(call[4]?.asText).toBe(true);
  });

  test('the responses tab changes only in its status column; invalid responses stay as they were', () => {
    const book = activityBook(responses);
    runCommand('intake', ctx(book));
    const form = book.readSheet(FORM)!;
    expect(form[0][STATUS_COL - 1]).toBe('取り込み状態（自動）');
    expect(form.map((r) => r.slice(0, FORM_HEADER.length))).toEqual([FORM_HEADER, ...responses]);
    expect(form[1][STATUS_COL - 1]).toBe('取り込み済 2024/06/15 → 活動報告 2行目');
    expect(form[2][STATUS_COL - 1]).toBe('取り込み済 2024/06/15 → 活動報告 3行目');
    expect(String(form[3][STATUS_COL - 1])).toMatch(/^エラー: 「個別支援会議件数」件数「たくさん」/);
    const errors = book.readSheet(TAB.intakeErrors)!;
    const listed = errors.filter((r) => r[0] === FORM);
    expect(listed).toHaveLength(1);
    expect(listed[0].slice(0, 5)).toEqual([FORM, 4, 'エラー', '個別支援会議件数', 'たくさん']);
  });

  test('intake run twice takes each response once; the second run writes nothing', () => {
    const book = activityBook(responses);
    runCommand('intake', ctx(book));
    const before = book.snapshot();
    const writes = [jest.spyOn(book, 'writeRange'), jest.spyOn(book, 'replaceSheet')];
    const again = runCommand('intake', ctx(book));
    expect((again.details as { taken: number }).taken).toBe(0);
    expect(book.snapshot()).toBe(before);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
    expect(book.readSheet(TAB.activity)!).toHaveLength(3);
  });

  test('new responses arriving later are taken on the next run, and only they', () => {
    const book = activityBook(responses);
    runCommand('intake', ctx(book));
    book.writeRange(FORM, 5, 1, [['2024/06/02 09:00:00', '中里', '令和6年5月', 1, 1, 1, 'x', 'n']]);
    const again = runCommand('intake', ctx(book));
    expect((again.details as { taken: number }).taken).toBe(1);
    const activity = book.readSheet(TAB.activity)!;
    expect(activity.slice(1).map((r) => r[0])).toEqual(['あかね園', 'エール', '中里']);
    expect(activity[3].slice(0, 2)).toEqual(['中里', '2024-05']);
  });

  test('a corrected invalid response is taken once it is fixed, and 取り込みエラー empties', () => {
    const book = activityBook(responses);
    runCommand('intake', ctx(book));
    book.writeRange(FORM, 4, 4, [[5]]); // the respondent edits the answer
    runCommand('intake', ctx(book));
    const activity = book.readSheet(TAB.activity)!;
    expect(activity).toHaveLength(4);
    expect(activity[3].slice(0, 5)).toEqual(['あかね園', '2024-04', 5, 1, 0]);
    // the later submission supersedes the first one for あかね園 2024-04
    expect(activity[1][8]).toBe('差し替え済（4行目の提出が有効）');
    expect(activity[3][8]).toBe('有効');
    expect(book.readSheet(TAB.intakeErrors)!.some((r) => r[0] === '取り込めなかった回答はありません。')).toBe(true);
  });

  test('a later valid submission supersedes the earlier one; an invalid one supersedes nothing', () => {
    const book = activityBook([
      ['2024/05/02 10:00:00', 'あかね園', '2024-04', 3, 1, 0, null, 'a'],
      ['2024/05/09 10:00:00', 'あかね園', '令和6年4月', 4, 1, 0, null, 'a'],
      ['2024/05/10 10:00:00', 'あかね園', '2024-04', -4, 1, 0, null, 'a'],
    ]);
    runCommand('intake', ctx(book));
    runCommand('summary', ctx(book));
    const activity = book.readSheet(TAB.activity)!;
    expect(activity.slice(1).map((r) => r[8])).toEqual(['差し替え済（3行目の提出が有効）', '有効']);
    const pref = book.readSheet(TAB.prefecture)!;
    const akane = pref.find((r) => r[1] === 'あかね園')!;
    expect(akane.slice(0, 3)).toEqual([2, 'あかね園', 4]);
  });

  test('intake appends below rows a user typed into 活動報告 and never rewrites them', () => {
    const typed: Cell[][] = [
      ['活動報告'],
      ['対象年月', 'センター名', '個別支援会議件数', 'ネットワーク会議件数', '研修会件数', 'メモ'],
      ['2024-04', 'あかね園', 1, 0, 0, '手入力'],
    ];
    const book = activityBook([['2024/05/02 10:00:00', 'エール', '2024-04', 3, 1, 0, '研修', 'e']], {
      [TAB.activity]: typed,
    });
    const result = runCommand('intake', ctx(book));
    const activity = book.readSheet(TAB.activity)!;
    expect(activity.slice(0, 3).map((r) => r.slice(0, 6))).toEqual(
      typed.map((r) => [...r, ...Array(6 - r.length).fill(null)]),
    );
    // missing columns were added at the right of the user's header, the status column last
    expect(activity[1].slice(6)).toEqual(['研修会内容', '提出日時', '提出者', '状態（自動）']);
    expect(activity[3]).toEqual(['2024-04', 'エール', 3, 1, 0, null, '研修', '2024/05/02 10:00:00', 'e', '有効']);
    expect(activity[2][9]).toBe('有効');
    expect(result.notices.join('\n')).toMatch(/活動報告タブに列を追加しました/);
  });

  test('the responses tab named in 設定 is used', () => {
    const book = MemoryWorkbook.from({
      設定: [
        ['項目', '値'],
        ['フォーム回答タブ', '月次報告フォーム'],
      ],
      月次報告フォーム: [FORM_HEADER, ['2024/05/02 10:00:00', 'あかね園', '2024-04', 3, 1, 0, null, 'a']],
    });
    const result = runCommand('intake', ctx(book));
    expect((result.details as { taken: number }).taken).toBe(1);
    expect(book.cell('月次報告フォーム', 1, STATUS_COL)).toBe('取り込み状態（自動）');
  });

  test('a response tab whose questions match neither tab is refused with a Japanese explanation', () => {
    const book = MemoryWorkbook.from({
      [FORM]: [
        ['タイムスタンプ', 'ご意見'],
        ['2024/05/02', 'よい'],
      ],
    });
    const before = book.snapshot();
    expect(() => runCommand('intake', ctx(book))).toThrow(UnusableBookError);
    expect(() => runCommand('intake', ctx(book))).toThrow(/活動報告かケース台帳かを判断できません/);
    expect(book.snapshot()).toBe(before);
  });

  test('no responses tab: a Japanese explanation naming the tab', () => {
    const book = MemoryWorkbook.from({ メモ: [['x']] });
    expect(() => runCommand('intake', ctx(book))).toThrow(/フォーム回答のタブ「フォームの回答 1」がありません/);
  });
});
