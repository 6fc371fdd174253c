// Issue 11 "Done when" (vm): the real dist/Code.js with the emulator's FormApp. The form made twice is
// one form; a center added to 設定 appears in the dropdown (a removed one disappears); an answer
// submitted through the emulated form lands in its tab and intake takes it once; `=1+1` arrives as
// text. Also: the case form, several forms in one book, and the reminders of the daily run.

import { TAB } from '../../src/domain/schema';
import { AppsScriptEmulator, type EmuSheet } from './emulator';
import type { FormModel } from './formApp';
import { load, type Loaded } from './harness';

function fresh(now?: number): Loaded {
  const emu = new AppsScriptEmulator();
  const app = load(emu, now === undefined ? {} : { now });
  app.run('menuSetup');
  emu.alerts.length = 0;
  return app;
}

/** The row of 設定 holding the center list's header (センター名 in column B). */
function centerHeaderRow(settings: EmuSheet): number {
  for (let r = 1; r <= settings.lastRow(); r++) if (settings.valueAt(r, 2) === 'センター名') return r;
  throw new Error('no center list');
}

function listItem(form: FormModel, title: string) {
  return form.items.find((i) => i.title === title)!;
}

/** 設定's form block as the user sees it: label → value, and the per-center links. */
function formBlock(settings: EmuSheet): { labels: Map<string, string>; links: Map<string, string> } {
  const labels = new Map<string, string>();
  const links = new Map<string, string>();
  let col = 0;
  for (let c = 1; c <= settings.lastColumn() && !col; c++) if (settings.valueAt(1, c) === 'フォーム（自動）') col = c;
  expect(col).toBeGreaterThan(0);
  let inLinks = false;
  for (let r = 2; r <= settings.lastRow(); r++) {
    const label = String(settings.valueAt(r, col));
    if (label === '対象センター') inLinks = true;
    else if (inLinks && label) links.set(label, String(settings.valueAt(r, col + 1)));
    else if (label) labels.set(label, String(settings.valueAt(r, col + 1)));
  }
  return { labels, links };
}

describe('報告フォームを作成', () => {
  const app = fresh();
  const { emu } = app;
  app.run('menuActivityForm');
  const form = emu.forms.forms[0];

  test('one form linked to this spreadsheet, its questions the 活動報告 headers, a response tab', () => {
    expect(emu.forms.forms).toHaveLength(1);
    expect(form.destinationId).toBe('EMULATED');
    // Published, or respondents could not open it (a form a script makes starts unpublished).
    expect(form.published).toBe(true);
    expect(form.items.map((i) => [i.title, i.kind, i.required])).toEqual([
      ['センター名', 'LIST', true],
      ['対象年月', 'TEXT', true],
      ['個別支援会議件数', 'TEXT', true],
      ['ネットワーク会議件数', 'TEXT', true],
      ['研修会件数', 'TEXT', true],
      ['研修会内容', 'PARAGRAPH_TEXT', false],
      ['提出者', 'TEXT', true],
    ]);
    expect(listItem(form, 'センター名').choices).toHaveLength(16);
    expect(listItem(form, '個別支援会議件数').validation?.pattern).toBe('[0-9]{1,4}');
    expect(form.sheet!.rowValues(1)).toEqual([
      'タイムスタンプ',
      'センター名',
      '対象年月',
      '個別支援会議件数',
      'ネットワーク会議件数',
      '研修会件数',
      '研修会内容',
      '提出者',
    ]);
    expect(emu.alerts.join('\n')).toContain('フォームを作り');
  });

  test('設定 records the form, its links and one prefilled link per center', () => {
    const { labels, links } = formBlock(emu.sheet(TAB.settings));
    expect(labels.get('活動報告フォーム（回答用）')).toBe(
      `https://docs.google.com/forms/d/e/${form.publishedId}/viewform`,
    );
    expect(labels.get('活動報告フォーム（編集用）')).toBe(`https://docs.google.com/forms/d/${form.id}/edit`);
    expect(links.size).toBe(16);
    const id = listItem(form, 'センター名').id;
    expect(links.get('あかね園')).toBe(
      `https://docs.google.com/forms/d/e/${form.publishedId}/viewform?usp=pp_url&entry.${id}=${encodeURIComponent('あかね園')}`,
    );
  });

  test('made again: the same form; a center added in 設定 appears, one removed disappears', () => {
    const settings = emu.sheet(TAB.settings);
    const header = centerHeaderRow(settings);
    // The last center renamed (東総 removed), one added below it.
    settings.seed([['新しいセンター'], ['追加センター']], header + 16, 2);
    form.published = false; // a person closed it: made again, it stays closed
    app.run('menuActivityForm');
    expect(form.published).toBe(false);
    form.published = true;
    expect(emu.forms.forms).toHaveLength(1);
    const choices = listItem(form, 'センター名').choices;
    expect(choices).toContain('追加センター');
    expect(choices).toContain('新しいセンター');
    expect(choices).not.toContain('東総就業センター');
    const { links } = formBlock(settings);
    expect(links.size).toBe(17);
    expect(links.has('東総就業センター')).toBe(false);
    expect(emu.alerts[emu.alerts.length - 1]).toContain('更新しました');
  });

  test('an answer lands in the tab, intake takes it once, and `=1+1` arrives as text', () => {
    // The respondent's form rejects what the questions do not allow.
    expect(() =>
      emu.forms.submit(
        form.id,
        {
          センター名: 'あかね園',
          対象年月: '2025/04',
          個別支援会議件数: '3',
          ネットワーク会議件数: '0',
          研修会件数: '0',
          提出者: '山田',
        },
        new Date(),
      ),
    ).toThrow('2025-04');
    const row = emu.forms.submit(
      form.id,
      {
        センター名: 'あかね園',
        対象年月: '2025-04',
        個別支援会議件数: '3',
        ネットワーク会議件数: '0',
        研修会件数: '1',
        研修会内容: '=1+1',
        提出者: '山田',
      },
      new Date(Date.UTC(2024, 4, 2, 1, 0)),
    );
    expect(row).toBe(2);
    // The tab is known by its form, not by its name.
    form.sheet!.name = '4月の回答';
    app.run('menuIntake');
    const activity = emu.sheet(TAB.activity);
    expect(activity.rowValues(2).slice(0, 6)).toEqual(['あかね園', '2025-04', 3, 0, 1, '=1+1']);
    expect(activity.get(2, 6).formula).toBeNull();
    app.run('menuIntake');
    expect(activity.lastRow()).toBe(2);
    expect(String(form.sheet!.valueAt(2, 9))).toMatch(/^取り込み済/);
  });

  test('ケース報告フォームを作成: a second form in the same book, no 氏名, taken into ケース台帳', () => {
    app.run('menuCaseForm');
    expect(emu.forms.forms).toHaveLength(2);
    const cases = emu.forms.forms[1];
    expect(cases.items.map((i) => i.title)).not.toContain('氏名');
    expect(cases.description).toContain('要配慮個人情報');
    expect(cases.sheet!.name).toBe('フォームの回答 1');
    emu.forms.submit(
      cases.id,
      {
        ケースID: 'C-900',
        事業所名: 'さくら',
        担当センター: 'あかね園',
        就職日: '2024-04-01',
        障害種別: ['精神', '発達'],
      },
      new Date(Date.UTC(2024, 4, 3, 1, 0)),
    );
    emu.forms.submit(
      form.id,
      {
        センター名: 'エール',
        対象年月: '2025-04',
        個別支援会議件数: '1',
        ネットワーク会議件数: '0',
        研修会件数: '0',
        提出者: '佐藤',
      },
      new Date(Date.UTC(2024, 4, 4, 1, 0)),
    );
    app.run('menuIntake');
    const ledger = emu.sheet(TAB.ledger);
    const ids = Array.from({ length: ledger.lastRow() }, (_, i) => ledger.valueAt(i + 1, 1));
    expect(ids).toContain('C-900');
    expect(emu.sheet(TAB.activity).lastRow()).toBe(3);
    const { labels } = formBlock(emu.sheet(TAB.settings));
    expect(labels.get('ケース報告フォーム（編集用）')).toBe(`https://docs.google.com/forms/d/${cases.id}/edit`);
    expect(labels.get('活動報告フォーム（編集用）')).toBe(`https://docs.google.com/forms/d/${form.id}/edit`);
  });

  test('the form-submit trigger takes answers from every product-made form', () => {
    emu.forms.submit(
      form.id,
      {
        センター名: '中里',
        対象年月: '2025-05',
        個別支援会議件数: '2',
        ネットワーク会議件数: '0',
        研修会件数: '0',
        提出者: '鈴木',
      },
      new Date(Date.UTC(2024, 5, 4, 1, 0)),
    );
    app.run('onFormSubmitIntake', {});
    expect(emu.sheet(TAB.activity).rowValues(4).slice(0, 3)).toEqual(['中里', '2025-05', 2]);
  });
});

describe('未提出のお知らせ (daily run)', () => {
  // 2025-07-15 in Tokyo: every month from 2024-07 to 2025-06 is past its deadline.
  const app = fresh(Date.UTC(2025, 6, 15, 0, 0));
  const { emu } = app;
  const settings = emu.sheet(TAB.settings);
  const header = centerHeaderRow(settings);
  settings.seed([['メールアドレス']], header, 4);
  settings.seed([['akane@example.jp']], header + 2, 4); // あかね園 (2nd)
  settings.seed([['nakazato@example.jp']], header + 11, 4); // 中里 (11th)
  emu
    .sheet(TAB.ledger)
    .seed([['C-SECRET', null, '山田 花子', 'さくら', '中里', null, null, null, null, null, { date: '2024-04-01' }]], 2);
  app.run('menuActivityForm');
  const form = emu.forms.forms[0];
  for (let i = 0; i < 12; i++) {
    const m = ((6 + i) % 12) + 1;
    const y = 2024 + (6 + i >= 12 ? 1 : 0);
    emu.forms.submit(
      form.id,
      {
        センター名: 'あかね園',
        対象年月: `${y}-${String(m).padStart(2, '0')}`,
        個別支援会議件数: '1',
        ネットワーク会議件数: '0',
        研修会件数: '0',
        提出者: 'a',
      },
      new Date(Date.UTC(y, m - 1, 28)),
    );
  }
  app.run('menuIntake');

  test('off until 設定 says する', () => {
    emu.mode = 'trigger';
    const out = app.run('dailyRefresh') as { reminders: string };
    expect(out.reminders).toBe('off');
    expect(emu.mails).toHaveLength(0);
  });

  test('on: the overdue center with an address gets one mail with its prefilled link; quota-checked; never twice; no case data', () => {
    const labelRow = Array.from({ length: settings.lastRow() }, (_, i) => i + 1).find(
      (r) => settings.valueAt(r, 1) === '未提出のお知らせメール',
    )!;
    settings.seed([['する']], labelRow, 2);
    // No mail left today: the center waits for tomorrow, nothing is recorded as sent.
    emu.mailQuota = 0;
    expect((app.run('dailyRefresh') as { reminders: string }).reminders).toBe('sent 0, held 1');
    expect(emu.mails).toHaveLength(0);
    emu.mailQuota = 100;
    const out = app.run('dailyRefresh') as { reminders: string };
    expect(out.reminders).toBe('sent 1');
    expect(emu.mails).toHaveLength(1);
    const mail = emu.mails[0];
    expect(mail.to).toBe('nakazato@example.jp');
    expect(mail.body).toContain(`entry.${listItem(form, 'センター名').id}=${encodeURIComponent('中里')}`);
    expect(mail.body).toContain('2025年6月分（提出期限 2025/07/10）');
    expect(mail.body).not.toContain('C-SECRET');
    expect(mail.body).not.toContain('山田');
    expect((app.run('dailyRefresh') as { reminders: string }).reminders).toBe('sent 0');
    expect(emu.mails).toHaveLength(1);
  });
});

describe('未提出のお知らせ: a mail that fails part-way', () => {
  test('the centers mailed before the failure are recorded and never mailed again', () => {
    const app = fresh(Date.UTC(2025, 6, 15, 0, 0));
    const { emu } = app;
    const settings = emu.sheet(TAB.settings);
    const header = centerHeaderRow(settings);
    settings.seed([['メールアドレス']], header, 4);
    settings.seed([['akane@example.jp']], header + 2, 4); // あかね園 (2nd)
    settings.seed([['nakazato@example.jp']], header + 11, 4); // 中里 (11th)
    const labelRow = Array.from({ length: settings.lastRow() }, (_, i) => i + 1).find(
      (r) => settings.valueAt(r, 1) === '未提出のお知らせメール',
    )!;
    settings.seed([['する']], labelRow, 2);
    app.run('menuActivityForm');
    const form = emu.forms.forms[0];
    const answers = {
      対象年月: '2025-06',
      個別支援会議件数: '1',
      ネットワーク会議件数: '0',
      研修会件数: '0',
      提出者: 'a',
    };
    emu.forms.submit(form.id, { ...answers, センター名: 'エール' }, new Date(Date.UTC(2025, 6, 1)));
    app.run('menuIntake');
    emu.mode = 'trigger';
    // MailApp refuses the second message (as it does an address it will not deliver to).
    const mailApp = (app.ctx as { MailApp: { sendEmail: (m: { to: string }) => void } }).MailApp;
    const send = mailApp.sendEmail;
    mailApp.sendEmail = (m) => {
      if (String(m.to).startsWith('nakazato')) throw new Error('Invalid email: nakazato@example.jp');
      send(m);
    };
    expect(() => app.run('dailyRefresh')).toThrow();
    expect(emu.mails.map((m) => m.to)).toEqual(['akane@example.jp']);
    mailApp.sendEmail = send;
    app.run('dailyRefresh');
    expect(emu.mails.map((m) => m.to)).toEqual(['akane@example.jp', 'nakazato@example.jp']);
  });
});

describe('報告フォームを作成: when things are missing', () => {
  test('without 設定 the user is told to run 初期設定 first, and no form is made', () => {
    const emu = new AppsScriptEmulator();
    const app = load(emu);
    app.run('menuActivityForm');
    expect(emu.forms.forms).toHaveLength(0);
    expect(emu.alerts.join('\n')).toContain('初期設定');
    expect(emu.lockHeld).toBe(false);
  });

  test('a recorded form that was deleted is made anew and recorded in its place', () => {
    const app = fresh();
    const { emu } = app;
    app.run('menuActivityForm');
    const first = emu.forms.forms[0];
    emu.forms.forms.splice(0, 1);
    app.run('menuActivityForm');
    expect(emu.forms.forms).toHaveLength(1);
    const second = emu.forms.forms[0];
    expect(second.id).not.toBe(first.id);
    const { labels } = formBlock(emu.sheet(TAB.settings));
    expect(labels.get('活動報告フォーム（編集用）')).toBe(`https://docs.google.com/forms/d/${second.id}/edit`);
    app.run('menuActivityForm');
    expect(emu.forms.forms).toHaveLength(1);
  });

  test('a recorded form that fails to open for another reason than being gone is kept: the user is asked to retry', () => {
    const app = fresh();
    const { emu } = app;
    app.run('menuActivityForm');
    emu.alerts.length = 0;
    const before = JSON.stringify(emu.dump());
    const formApp = (app.ctx as { FormApp: { openById: (id: string) => unknown } }).FormApp;
    const open = formApp.openById;
    formApp.openById = () => {
      throw emu.error('Service error: Forms');
    };
    app.run('menuActivityForm');
    formApp.openById = open;
    expect(emu.forms.forms).toHaveLength(1);
    expect(JSON.stringify(emu.dump())).toBe(before);
    const alert = emu.alerts.join('\n');
    expect(alert).toContain('何も変更していません');
    expect(alert).not.toContain('Service error');
    expect(emu.lockHeld).toBe(false);

    // The way out the alert names, for a form that really is gone: clear its edit link, run again.
    const settings = emu.sheet(TAB.settings);
    let col = 0;
    for (let c = 1; c <= settings.lastColumn() && !col; c++) if (settings.valueAt(1, c) === 'フォーム（自動）') col = c;
    let row = 0;
    for (let r = 1; r <= settings.lastRow() && !row; r++)
      if (settings.valueAt(r, col) === '活動報告フォーム（編集用）') row = r;
    settings.seed([[null]], row, col + 1);
    app.run('menuActivityForm');
    expect(emu.forms.forms).toHaveLength(2);
    const { labels } = formBlock(settings);
    expect(labels.get('活動報告フォーム（編集用）')).toBe(
      `https://docs.google.com/forms/d/${emu.forms.forms[1].id}/edit`,
    );
  });

  test('a form whose making stopped half-way is finished by the next run, not made twice', () => {
    // Where FormApp.create comes in a clean run, to fail a few calls after it (among the questions).
    const probe = fresh();
    probe.emu.resetCalls();
    probe.run('menuCaseForm');
    const clean = probe.emu.forms.forms[0];
    const created = probe.emu.calls.log.indexOf('FormApp.create') + 1;
    expect(created).toBeGreaterThan(0);

    const app = fresh();
    const { emu } = app;
    emu.resetCalls();
    emu.failAt = created + 8;
    app.run('menuCaseForm');
    emu.failAt = null;
    expect(emu.forms.forms).toHaveLength(1);
    expect(emu.documentProperties.get('teichaku.form.making.case')).toBe(emu.forms.forms[0].id);
    expect(emu.lockHeld).toBe(false);

    app.run('menuCaseForm');
    expect(emu.forms.forms).toHaveLength(1);
    const form = emu.forms.forms[0];
    expect(form.items.map((i) => [i.title, i.kind])).toEqual(clean.items.map((i) => [i.title, i.kind]));
    expect(form.published).toBe(true);
    expect(form.destinationId).toBe('EMULATED');
    expect(emu.documentProperties.has('teichaku.form.making.case')).toBe(false);
    const { labels } = formBlock(emu.sheet(TAB.settings));
    expect(labels.get('ケース報告フォーム（編集用）')).toBe(`https://docs.google.com/forms/d/${form.id}/edit`);
  });
});
