// A spreadsheet shared by several editors, and the limits that belong to each of them: installable
// triggers are per user (getProjectTriggers lists only the current user's), so who installed ours is
// recorded in the document properties; mail goes out ≤ 50 recipients a message, the quota asked per
// batch; a script with no container document gets a Japanese message, not a TypeError.

import { join } from 'node:path';
import { SETTINGS, TAB } from '../../src/domain/schema';
import { DAILY_HANDLER, FORM_HANDLER, NO_DOCUMENT_MESSAGE } from '../../src/gas/menu';
import { ownerKey } from '../../src/gas/triggers';
import { AppsScriptEmulator } from './emulator';
import { sampleBook } from './fixtures';
import { buildBundle, load, type Bundle } from './harness';

const A = 'sato@example.jp';
const B = 'suzuki@example.jp';

let stubBundle: Bundle;
beforeAll(() => {
  stubBundle = buildBundle(join(__dirname, 'stubEntry.ts'));
});

function shared(emailVisible = true) {
  // with a form tab, so the form trigger has responses to take
  const emu = new AppsScriptEmulator();
  emu.emailVisible = emailVisible;
  sampleBook(emu, { form: true });
  emu.as(A);
  const app = load(emu, { bundle: stubBundle });
  return { emu, app };
}

describe.each([true, false])('two editors (Session reveals addresses: %s)', (visible) => {
  const nameOf = (user: string) => (visible ? `${user} さん` : '別の編集者');

  test('the second editor is told who has the daily refresh, and no second trigger is made', () => {
    const { emu, app } = shared(visible);
    app.run('installDailyRefresh');
    expect(emu.triggers.map((t) => t.owner)).toEqual([A]);
    const record = JSON.parse(emu.documentProperties.get(ownerKey(DAILY_HANDLER))!);
    expect(record).toEqual({ owner: visible ? A : '', id: emu.triggers[0].id });

    emu.as(B);
    emu.alertAnswers.push('NO');
    app.run('installDailyRefresh');
    expect(emu.triggers.map((t) => t.owner)).toEqual([A]);
    expect(emu.alerts.at(-1)).toContain(`${nameOf(A)}がすでに設定しています`);

    // Removing another editor's trigger: told who can.
    app.run('removeDailyRefresh');
    expect(emu.triggers).toHaveLength(1);
    expect(emu.alerts.at(-1)).toContain(`解除できるのは${nameOf(A)}だけです`);

    // The owner sees it as theirs and can remove it; the record goes with it.
    emu.as(A);
    app.run('installDailyRefresh');
    expect(emu.alerts.at(-1)).toContain('すでに設定されています');
    app.run('removeDailyRefresh');
    expect(emu.triggers).toEqual([]);
    expect(emu.documentProperties.has(ownerKey(DAILY_HANDLER))).toBe(false);
  });

  test('a take-over: the new trigger is the recorded one, and only it does the work (no duplicate run)', () => {
    const { emu, app } = shared(visible);
    app.run('installFormIntake');
    emu.as(B);
    emu.alertAnswers.push('YES');
    app.run('installFormIntake');
    expect(emu.triggers.map((t) => t.owner).sort()).toEqual([A, B].sort());
    expect(emu.alerts.at(-1)).toContain('設定しました');
    emu.as(A);
    app.run('installDailyRefresh');
    const daily = app.fire(DAILY_HANDLER);
    expect(daily).toHaveLength(1);
    expect(daily[0].error).toBeUndefined();

    emu.resetCalls();
    const runs = app.fire(FORM_HANDLER);
    expect(runs.map((r) => r.owner).sort()).toEqual([A, B].sort());
    for (const r of runs) expect(r.error).toBeUndefined();
    // One run took the lock and worked; the other stopped before the lock, with a log line.
    expect(emu.calls.byName['Lock.waitLock']).toBe(1);
    expect(emu.logs.filter((l) => l.text.includes('onFormSubmitIntake skipped'))).toHaveLength(1);
  });
});

test('a record of one’s own trigger deleted elsewhere (the Triggers page) does not block a new one', () => {
  const { emu, app } = shared();
  app.run('installDailyRefresh');
  emu.triggers.length = 0; // deleted on the Apps Script Triggers page: the record stays
  app.run('installDailyRefresh');
  expect(emu.alerts.at(-1)).toContain('設定しました');
  expect(emu.triggers.map((t) => t.owner)).toEqual([A]);
  expect(JSON.parse(emu.documentProperties.get(ownerKey(DAILY_HANDLER))!).id).toBe(emu.triggers[0].id);
});

describe('mail: ≤ 50 recipients a message, the quota asked per batch', () => {
  function withRecipients(n: number) {
    const { emu, app } = shared();
    app.run('menuSetup');
    const settings = emu.sheet(TAB.settings);
    const label = SETTINGS.find((s) => s.key === 'digestTo')!.label;
    let row = 0;
    for (let r = 1; r <= 30; r++) if (settings.get(r, 1).v === label) row = r;
    const to = Array.from({ length: n }, (_, i) => `staff${i + 1}@example.jp`);
    settings.seed([[to.join(',')]], row, 2);
    (app.ctx as { __flagged?: unknown }).__flagged = [{ caseId: 'K-0001', flag: '終了まで180日' }];
    return { emu, app, to };
  }

  test('120 recipients, 100 left today: two messages of 50, twenty held back and logged', () => {
    const { emu, app, to } = withRecipients(120);
    emu.mode = 'trigger';
    const out = app.run('dailyRefresh') as { digest: string };
    expect(out.digest).toBe('partial');
    expect(emu.mails.map((m) => m.to.split(',').length)).toEqual([50, 50]);
    expect(emu.mails.flatMap((m) => m.to.split(','))).toEqual(to.slice(0, 100));
    expect(emu.calls.byName['MailApp.getRemainingDailyQuota']).toBe(3);
    expect(emu.logs.some((l) => l.level === 'warn' && l.text.includes('20 held back'))).toBe(true);
  });

  test('a batch the quota covers in part is cut to it', () => {
    const { emu, app } = withRecipients(60);
    emu.mailQuota = 55;
    emu.mode = 'trigger';
    expect((app.run('dailyRefresh') as { digest: string }).digest).toBe('partial');
    expect(emu.mails.map((m) => m.to.split(',').length)).toEqual([50, 5]);
  });

  test('the quota is the trigger owner’s: another editor’s spent quota does not stop it', () => {
    const { emu, app } = withRecipients(3);
    emu.as(A);
    app.run('installDailyRefresh');
    emu.as(B);
    emu.mailQuota = 0;
    const [run] = app.fire(DAILY_HANDLER);
    expect(run.owner).toBe(A);
    expect((run.result as { digest: string }).digest).toBe('sent');
    expect(emu.mailQuotas.get(A)).toBe(97);
    expect(emu.mailQuotas.get(B)).toBe(0);
  });

  test('the 設定 tab says what happens past 50 recipients and past the quota', () => {
    const note = SETTINGS.find((s) => s.key === 'digestTo')!.note;
    expect(note).toContain('50人');
    expect(note).toContain('1日100人');
  });
});

describe('no container document: LockService and PropertiesService give null', () => {
  test('a menu run, a trigger menu item and a trigger run all say so in Japanese', () => {
    const { emu, app } = shared();
    emu.hasContainer = false;
    app.run('menuPeriods');
    expect(emu.alerts.at(-1)).toContain(NO_DOCUMENT_MESSAGE);
    app.run('installDailyRefresh');
    expect(emu.alerts.at(-1)).toContain(NO_DOCUMENT_MESSAGE);
    expect(emu.triggers).toEqual([]);
    emu.mode = 'trigger';
    expect(() => app.run('dailyRefresh', {})).toThrow(NO_DOCUMENT_MESSAGE);
    expect(() => app.run(FORM_HANDLER, {})).toThrow(NO_DOCUMENT_MESSAGE);
    expect(emu.logs.filter((l) => l.level === 'error').every((l) => !/TypeError/.test(l.text))).toBe(true);
  });
});

describe('a spreadsheet not on Tokyo time, in trigger runs', () => {
  test('the daily refresh logs it, reports it, and the digest says it', () => {
    const { emu, app } = shared();
    app.run('menuSetup');
    const settings = emu.sheet(TAB.settings);
    const label = SETTINGS.find((s) => s.key === 'digestTo')!.label;
    for (let r = 1; r <= 30; r++) if (settings.get(r, 1).v === label) settings.seed([['a@example.jp']], r, 2);
    (app.ctx as { __flagged?: unknown }).__flagged = [{ caseId: 'K-0001', flag: '終了まで180日' }];
    emu.timeZone = 'America/New_York';
    emu.mode = 'trigger';
    const out = app.run('dailyRefresh') as { timeZone: string | null };
    expect(out.timeZone).toBe('America/New_York');
    expect(emu.logs.some((l) => l.level === 'warn' && l.text.includes('America/New_York'))).toBe(true);
    expect(emu.mails[0].body).toContain('タイムゾーン');
    emu.logs.length = 0;
    app.run(FORM_HANDLER, {});
    expect(emu.logs.some((l) => l.level === 'warn' && l.text.includes('America/New_York'))).toBe(true);
  });
});
