// 月末確認 in the daily run, in the real bundle: on the day (the month's last day minus 設定's days)
// each 担当者 with an address gets their ケースIDs once, the 通知メール送信先 a summary; a send that
// fails half-way is recorded so that nobody is mailed twice, and the rest go out on the next run.

import { TAB } from '../../src/domain/schema';
import { AppsScriptEmulator } from './emulator';
import { load, type Loaded } from './harness';

/** 05:00 in Tokyo on a day of October 2026 (31 days: 31 − 5 = the 26th is the check day). */
const at = (day: number): number => Date.UTC(2026, 9, day - 1, 20, 0, 0);

function book(now: number, emu = new AppsScriptEmulator()): Loaded {
  if (!emu.hasSheet(TAB.ledger)) {
    emu.addSheet(TAB.ledger).seed([
      ['ケースID', '氏名', '事業所名', '担当センター', '就職日', '担当者'],
      ['C-001', '山田 花子', 'みなと', 'あかね園', { date: '2025-04-01' }, '佐藤'],
      ['C-002', '鈴木 一郎', 'みなと', 'あかね園', { date: '2025-06-15' }, '田中'],
      ['C-003', '高橋 次郎', 'みなと', 'あかね園', { date: '2025-06-15' }, '佐藤'],
    ]);
    emu.addSheet(TAB.contacts).seed([
      ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
      // C-003 has all three this month: face-to-face, the report shared with the person, a visit
      ['C-003', { date: '2026-10-05' }, '本人', '職場訪問', 'はい', ''],
      ['C-003', { date: '2026-10-05' }, '企業', '職場訪問', null, ''],
    ]);
  }
  const app = load(emu, { now });
  if (!emu.hasSheet(TAB.settings)) {
    app.run('menuSetup');
    const settings = emu.sheet(TAB.settings);
    for (let r = 1; r <= 30; r++) {
      for (let c = 1; c <= settings.lastColumn(); c++) {
        const v = settings.get(r, c).v;
        if (v === '通知メール送信先') settings.seed([['boss@example.jp']], r, c + 1);
        if (v === '担当者' && settings.get(r, c + 1).v === 'メールアドレス')
          settings.seed(
            [
              ['佐藤', 'sato@example.jp'],
              ['田中', 'tanaka@example.jp'],
            ],
            r + 1,
            c,
          );
      }
    }
  }
  emu.mode = 'trigger';
  emu.resetCalls();
  return app;
}

function daily(app: Loaded): { monthEnd?: string; failed: string[] } {
  return app.run('dailyRefresh') as { monthEnd?: string; failed: string[] };
}

test('before the day nothing; on it one mail per 担当者 with their IDs only, and a summary', () => {
  const emu = new AppsScriptEmulator();
  expect(daily(book(at(25), emu)).monthEnd).toBe('not-yet');
  expect(emu.mails.filter((m) => m.subject.includes('月末確認'))).toEqual([]);

  const outcome = daily(book(at(26), emu));
  expect(outcome.failed).toEqual([]);
  expect(outcome.monthEnd).toBe('sent 3');
  const mails = emu.mails.filter((m) => m.subject.includes('月末確認'));
  expect(mails.map((m) => m.to)).toEqual(['sato@example.jp', 'tanaka@example.jp', 'boss@example.jp']);
  expect(mails[0].body).toContain('本人との対面がまだ（1件）: C-001');
  expect(mails[0].body).not.toContain('C-003');
  expect(mails[1].body).toContain('C-002');
  expect(mails[2].body).toContain('■ 佐藤（1件）');
  expect(mails[2].body).toContain('■ 田中（1件）');
  for (const m of mails) for (const name of ['山田', '鈴木', '高橋']) expect(m.body).not.toContain(name);

  // The next days of the month: nobody again.
  expect(daily(book(at(27), emu)).monthEnd).toBe('sent 0');
  expect(emu.mails.filter((m) => m.subject.includes('月末確認'))).toHaveLength(3);
});

test('a send that fails half-way: those mailed are recorded, the rest go out the next day, nobody twice', () => {
  const clean = new AppsScriptEmulator();
  const probe = book(at(26), clean);
  daily(probe);
  const sends = clean.calls.log.flatMap((n, i) => (n === 'MailApp.sendEmail' ? [i + 1] : []));
  expect(sends.length).toBeGreaterThanOrEqual(3);

  const emu = new AppsScriptEmulator();
  const app = book(at(26), emu);
  emu.failAt = sends[sends.length - 2]; // the second month-end mail (田中) fails
  let thrown = '';
  try {
    daily(app);
  } catch (e) {
    thrown = (e as Error).message;
  }
  emu.failAt = null;
  expect(thrown).toContain('月末確認メール');
  expect(emu.mails.filter((m) => m.subject.includes('月末確認')).map((m) => m.to)).toEqual(['sato@example.jp']);

  daily(book(at(27), emu));
  const all = emu.mails.filter((m) => m.subject.includes('月末確認')).map((m) => m.to);
  expect(all.sort()).toEqual(['boss@example.jp', 'sato@example.jp', 'tanaka@example.jp']);
});

test('blank days in 設定: off', () => {
  const emu = new AppsScriptEmulator();
  book(at(20), emu);
  const settings = emu.sheet(TAB.settings);
  for (let r = 1; r <= 5; r++)
    for (let c = 1; c <= settings.lastColumn(); c++)
      if (settings.get(r, c).v === '月末確認（月末の何日前）') settings.seed([[null]], r, c + 1);
  expect(daily(book(at(31), emu)).monthEnd).toBe('off');
});
