// 設定's form block (links of the forms the product made, a prefilled link per center), the form
// questions, and the reminder plan — the platform-neutral half of issue 11's Sheets items.

import { date } from '../src/domain/calendar';
import { activityFormSpec, caseFormSpec } from '../src/domain/forms';
import { TAB } from '../src/domain/schema';
import { defaultSettingsSheet, parseSettings } from '../src/domain/settings';
import { formIdOf, readFormBlock, writeFormBlock } from '../src/commands/shared/formBlock';
import { planReminders, reminderKey } from '../src/commands/reminders';
import { MemoryWorkbook } from '../src/memory/memoryWorkbook';
import type { Cell } from '../src/workbook/port';

const links = (id: string) => ({
  publishedUrl: `https://docs.google.com/forms/d/e/P${id}/viewform`,
  editUrl: `https://docs.google.com/forms/d/${id}/edit`,
});

describe('設定 records the forms in a block of its own', () => {
  test('placed right of everything, found again, other form kept, shorter list cleared', () => {
    const book = MemoryWorkbook.from({ [TAB.settings]: defaultSettingsSheet() });
    const centers = parseSettings(book.readSheet(TAB.settings)).centers;
    // Two columns right of everything 設定 holds (0-based index of the block's first column).
    const at = Math.max(...defaultSettingsSheet().map((r) => r.length)) + 1;
    writeFormBlock(
      book,
      book.readSheet(TAB.settings)!,
      'activity',
      links('A1'),
      centers.map((c) => ({ center: c, url: `pre-${c}` })),
    );
    let values = book.readSheet(TAB.settings)!;
    expect(values[0][at]).toBe('フォーム（自動）');
    expect(values[1].slice(at, at + 2)).toEqual(['活動報告フォーム（回答用）', links('A1').publishedUrl]);
    // The block changes nothing 設定 means: the same centers and settings are read.
    expect(parseSettings(values)).toEqual(parseSettings(defaultSettingsSheet()));
    writeFormBlock(book, values, 'case', links('C1'), null);
    values = book.readSheet(TAB.settings)!;
    const block = readFormBlock(values)!;
    expect(block.forms.activity).toEqual(links('A1'));
    expect(block.forms.case).toEqual(links('C1'));
    expect(block.prefilled.get('あかね園')).toBe('pre-あかね園');
    writeFormBlock(book, values, 'activity', links('A1'), [{ center: 'あかね園', url: 'pre2' }]);
    const after = readFormBlock(book.readSheet(TAB.settings))!;
    expect([...after.prefilled.entries()]).toEqual([['あかね園', 'pre2']]);
    expect(book.readSheet(TAB.settings)!.filter((r) => r[at] === 'エール')).toHaveLength(0);
    expect(formIdOf(after.forms.case!.editUrl)).toBe('C1');
  });
});

describe('form questions', () => {
  test('活動報告: centers as a required dropdown, months and counts validated, titles equal the headers', () => {
    const spec = activityFormSpec(['あかね園', 'エール'], 10);
    expect(spec.questions.map((q) => q.title)).toEqual([
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出者',
    ]);
    expect(spec.questions[0]).toMatchObject({ kind: 'list', required: true, choices: ['あかね園', 'エール'] });
    const month = new RegExp(`^(?:${spec.questions[1].pattern!.regex})$`);
    expect(['2025-04', '2025-12'].every((t) => month.test(t))).toBe(true);
    expect(['2025-13', '2025/04', '25-04'].some((t) => month.test(t))).toBe(false);
    const count = new RegExp(`^(?:${spec.questions[2].pattern!.regex})$`);
    expect(['0', '12', '9999'].every((t) => count.test(t))).toBe(true);
    expect(['-1', '1.5', '10000', '十'].some((t) => count.test(t))).toBe(false);
    expect(spec.questions[5]).toMatchObject({ kind: 'paragraph', required: false });
  });

  test('ケース報告: never 氏名, the description says why and asks for ケースID', () => {
    const spec = caseFormSpec(['あかね園']);
    const titles = spec.questions.map((q) => q.title);
    expect(titles).not.toContain('氏名');
    expect(titles).not.toContain('受給者証番号');
    expect(spec.description).toContain('要配慮個人情報');
    expect(spec.description).toContain('ケースIDだけ');
    expect(spec.questions.filter((q) => q.required).map((q) => q.title)).toEqual([
      'ケースID',
      '事業所名',
      '担当センター',
      '就職日',
    ]);
  });
});

describe('reminders', () => {
  const settings = (on: string | null): Cell[][] => [
    ['項目', '値', '説明'],
    ['未提出のお知らせメール', on, null],
    [],
    ['No.', 'センター名', 'メールアドレス'],
    [1, 'あかね園', 'akane@example.jp'],
    [2, '中里', 'nakazato@example.jp, boss@example.jp'],
    [3, 'エール', null],
  ];
  const activity: Cell[][] = [
    [
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出日時',
      '提出者',
    ],
    ...[
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
    ].flatMap((m) => [
      ['あかね園', m, 1, 0, 0, null, null, 'a'],
      ['エール', m, 1, 0, 0, null, null, 'e'],
    ]),
    ['中里', '2025-05', 1, 0, 0, null, null, 'n'],
    ['中里', '2025-06', 1, 0, 0, null, null, 'n'],
    ['ケース台帳の話', null, null, null, null, null, null, null],
  ];
  const today = date(2025, 7, 15);

  test('off until 設定 says する', () => {
    const book = MemoryWorkbook.from({ [TAB.settings]: settings(null), [TAB.activity]: activity });
    expect(planReminders(book, today, new Set()).reason).toBe('off');
  });

  test('one mail per center with overdue months, with its prefilled link; once per center and month', () => {
    const book = MemoryWorkbook.from({ [TAB.settings]: settings('する'), [TAB.activity]: activity });
    writeFormBlock(book, book.readSheet(TAB.settings)!, 'activity', links('A1'), [
      { center: '中里', url: 'https://forms/pre-nakazato' },
    ]);
    const plan = planReminders(book, today, new Set());
    // あかね園 and エール reported every month of the last year from 2024-08; July 2024 is overdue for them too.
    expect(plan.mails.map((m) => m.center)).toEqual(['あかね園', '中里']);
    const nakazato = plan.mails[1];
    expect(nakazato.to).toEqual(['nakazato@example.jp', 'boss@example.jp']);
    expect(nakazato.keys).toEqual(
      [
        '2024-07',
        '2024-08',
        '2024-09',
        '2024-10',
        '2024-11',
        '2024-12',
        '2025-01',
        '2025-02',
        '2025-03',
        '2025-04',
      ].map((m) => `中里|${m}`),
    );
    expect(nakazato.body).toContain('https://forms/pre-nakazato');
    expect(nakazato.body).toContain('2025年4月分（提出期限 2025/05/10）');
    expect(plan.noAddress).toEqual(['エール']);
    const sent = new Set(plan.mails.flatMap((m) => m.keys));
    expect(planReminders(book, today, sent).mails).toEqual([]);
    expect(reminderKey('中里', { y: 2025, m: 4 })).toBe('中里|2025-04');
  });
});

describe('the two new settings in an older 設定', () => {
  test('typed into the blank row above the center list, they are read and the centers stay 16', () => {
    const values = defaultSettingsSheet().filter(
      (r) => r[0] !== '未提出のお知らせメール' && r[0] !== '活動報告の提出期限（翌月の日）',
    );
    const blank = values.findIndex((r) => r.every((c) => c === null));
    values[blank] = ['未提出のお知らせメール', 'する'];
    values.splice(blank, 0, ['活動報告の提出期限（翌月の日）', 15]);
    const s = parseSettings(values);
    expect(s.reminders).toBe(true);
    expect(s.reportDeadlineDay).toBe(15);
    expect(s.centers).toHaveLength(16);
    expect(parseSettings(defaultSettingsSheet())).toMatchObject({ reminders: false, reportDeadlineDay: 10 });
  });
});
