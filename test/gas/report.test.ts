// 支援レポートを作成 from the Sheets menu, in the real bundle with DocumentApp and DriveApp faked after
// the reference (test/gas/docsApp.ts): a template Doc made on the first run and recorded in 設定, one
// Doc per case in service in a Drive folder per month, the 支援レポート tab filled with links; a
// rerun keeps what people did (a Doc edited, a 共有日 typed); and the run failed at every service call
// in turn leaves no half-filled row, no changed user cell, and a plain rerun completes it.

import { REPORT_TAB } from '../../src/domain/report';
import { TAB } from '../../src/domain/schema';
import { EmuDocs } from './docsApp';
import { AppsScriptEmulator } from './emulator';
import { changedUserCells, userCells } from './fixtures';
import { load, type Loaded } from './harness';

/** 2026-11-02 09:00 in Tokyo. */
const NOW = Date.UTC(2026, 10, 2, 0, 0, 0);

interface App {
  app: Loaded;
  emu: AppsScriptEmulator;
  docs: EmuDocs;
}

function book(): App {
  const emu = new AppsScriptEmulator();
  emu.addSheet(TAB.ledger).seed([
    ['ケースID', '氏名', '事業所名', '担当センター', '就職日', '利用終了日', '担当者'],
    // hired 2025-04-01 → in service from 2025-10-01
    ['C-001', '山田 花子', 'みなと', 'あかね園', { date: '2025-04-01' }, null, '佐藤'],
    ['C-002', '鈴木 一郎', 'みなと', 'あかね園', { date: '2025-06-15' }, null, '田中'],
    // ended before October; not started until 2027-02
    ['C-003', '高橋 次郎', 'みなと', 'あかね園', { date: '2024-01-10' }, { date: '2026-08-31' }, '佐藤'],
    ['C-004', '伊藤 三郎', 'みなと', 'あかね園', { date: '2026-08-01' }, null, '佐藤'],
  ]);
  emu.addSheet(TAB.contacts).seed([
    ['ケースID', '日付', '相手', '方法', '支援レポート共有', '内容'],
    ['C-001', { date: '2026-10-03' }, '本人', '事業所での面談', null, '通勤の疲れを確認'],
    ['C-001', { date: '2026-10-20' }, '企業', '職場訪問', null, '上司と作業手順を相談'],
    ['C-002', { date: '2026-10-12' }, '本人', '電話', null, '体調の相談 $1 \\n'],
  ]);
  const app = load(emu, { now: NOW });
  const docs = new EmuDocs(emu);
  Object.assign(app.ctx, docs.globals());
  app.run('menuSetup');
  emu.resetCalls();
  emu.alerts.length = 0;
  emu.toasts.length = 0;
  return { app, emu, docs };
}

function click({ app, emu }: App, month = '2026-10'): void {
  emu.promptAnswers = [{ button: 'OK', text: month }];
  app.run('menuReport');
}

function tabRows(emu: AppsScriptEmulator): unknown[][] {
  const sheet = emu.sheet(REPORT_TAB);
  const rows: unknown[][] = [];
  for (let r = 1; r <= sheet.lastRow(); r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= 7; c++) row.push(sheet.get(r, c).v);
    rows.push(row);
  }
  return rows;
}

const idOf = (url: unknown): string => /\/d\/([^/]+)/.exec(String(url))![1];

test('the first run: a template Doc recorded in 設定, two Docs in the month folder, two rows with links', () => {
  const a = book();
  click(a);
  const { emu, docs } = a;
  expect(emu.alerts.join('\n')).not.toMatch(/予期しない/);
  expect(emu.alerts[0]).toMatch(/2件中 新規 2件/);
  expect(emu.alerts[0]).toMatch(/ひな形のドキュメント/);
  const drive = docs.dump() as { path: string; text: string | null }[];
  expect(drive.map((d) => d.path)).toEqual([
    '支援レポート（定着支援台帳）',
    '支援レポート（定着支援台帳）/支援レポート_2026-10',
    '支援レポート（定着支援台帳）/支援レポート_2026-10/支援レポート_C-001_2026-10',
    '支援レポート（定着支援台帳）/支援レポート_2026-10/支援レポート_C-002_2026-10',
    '支援レポート（定着支援台帳）/支援レポート（ひな形）',
  ]);
  const first = drive[2].text!;
  expect(first).toContain('山田 花子');
  expect(first).toContain('2026年10月');
  expect(first).toContain('10月3日\t本人\t事業所での面談\t通勤の疲れを確認');
  expect(first).toContain('10月20日\t企業\t職場訪問\t上司と作業手順を相談');
  expect(first).not.toMatch(/[{}]/);
  // `$` and `\` reach the Doc as text (their full-width forms), never as replacement references.
  expect(drive[3].text).toContain('体調の相談 ＄1 ＼n');

  const rows = tabRows(emu);
  expect(rows[0]).toEqual(['ケースID', '対象月', 'ファイル', '作成日', '共有日', '共有先', '管理用（自動）']);
  expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
    ['C-001', '2026-10', '', ''],
    ['C-002', '2026-10', '', ''],
  ]);
  for (const r of rows.slice(1)) {
    expect(String(r[6]).startsWith(`${idOf(r[2])}:`)).toBe(true);
    expect(docs.item(idOf(r[2]))!.name).toBe(`支援レポート_${r[0]}_2026-10`);
  }
  // 設定 records the template's URL right of its label.
  const settings = emu.sheet(TAB.settings);
  let recorded = '';
  for (let r = 1; r <= 10; r++)
    for (let c = 1; c <= settings.lastColumn(); c++)
      if (settings.get(r, c).v === '支援レポートのテンプレート') recorded = String(settings.get(r, c + 1).v);
  expect(docs.item(idOf(recorded))!.name).toBe('支援レポート（ひな形）');
});

test('a rerun keeps an edited Doc and a shared one, keeps 共有日・共有先, and refreshes an untouched one', () => {
  const a = book();
  click(a);
  const { emu, docs } = a;
  // C-001 untouched; C-002 shared with the person and the employer (a staff member types it).
  emu.sheet(REPORT_TAB).seed([[{ date: '2026-11-04' }, '本人、企業']], 3, 5);
  const rowsBefore = tabRows(emu);
  const twoId = idOf(rowsBefore[2][2]);
  const twoText = docs.text(twoId);
  // A new contact for C-001, then the rerun.
  emu.sheet(TAB.contacts).seed([['C-001', { date: '2026-10-28' }, '本人', '家庭訪問', null, '月末の訪問']], 5, 1);
  emu.alerts.length = 0;
  click(a);
  expect(emu.alerts[0]).toMatch(/新規 0件・作り直し 1件・そのまま 1件/);
  expect(emu.alerts[0]).toMatch(/共有日が入っているため作り直していません（1件）: C-002/);
  const rows = tabRows(emu);
  expect(rows).toHaveLength(3);
  expect(rows[2]).toEqual(rowsBefore[2]);
  expect(docs.text(twoId)).toBe(twoText);
  expect(docs.text(idOf(rows[1][2]))).toContain('月末の訪問');
  expect(docs.item(idOf(rowsBefore[1][2]))!.trashed).toBe(true);

  // A person edits C-001's Doc: the next run leaves it.
  const oneId = idOf(rows[1][2]);
  const body = docs.item(oneId)!.doc!.body;
  body.children[0].children[0].text = '（担当者が加筆）';
  emu.alerts.length = 0;
  click(a);
  expect(emu.alerts[0]).toMatch(/編集されているため作り直していません（1件）: C-001/);
  expect(docs.item(oneId)!.trashed).toBe(false);
  expect(docs.text(oneId)).toContain('（担当者が加筆）');
  expect(tabRows(emu)).toEqual(rows);
});

test('a template Doc the script did not make is refused with a Japanese message, nothing written', () => {
  const a = book();
  const foreign = a.docs.addForeignDoc('事業所の様式', ['{氏名}']);
  const settings = a.emu.sheet(TAB.settings);
  for (let r = 1; r <= 10; r++)
    for (let c = 1; c <= settings.lastColumn(); c++)
      if (settings.get(r, c).v === '支援レポートのテンプレート')
        settings.seed([[`https://docs.google.com/document/d/${foreign.id}/edit`]], r, c + 1);
  click(a);
  expect(a.emu.alerts[0]).toMatch(/ドキュメント（DOC\d+）を開けません/);
  expect(a.emu.hasSheet(REPORT_TAB)).toBe(false);
});

/** The book as a user sees it, with Doc IDs replaced by the Doc's text. */
function picture({ emu, docs }: App): string {
  const rows = emu.hasSheet(REPORT_TAB)
    ? tabRows(emu).map((r, i) =>
        i === 0 ? r : [r[0], r[1], docs.text(idOf(r[2])), r[3], r[4], r[5], String(r[6]).split(':')[0] === idOf(r[2])],
      )
    : null;
  return JSON.stringify({ rows, drive: docs.dump() });
}

/** Runs the menu once per service call, failing that call; then a plain rerun. */
function faultLoop(prepare: () => App): string[] {
  const clean = prepare();
  click(clean);
  const expected = picture(clean);
  const total = clean.emu.calls.total;
  expect(total).toBeGreaterThan(50);
  const problems: string[] = [];
  for (let n = 1; n <= total; n++) {
    const a = prepare();
    const before = userCells(a.emu);
    a.emu.failAt = n;
    try {
      click(a);
    } catch {
      // thrown out of the handler: Apps Script shows its own error box
    }
    const at = `fail at ${n} (${a.emu.calls.log[n - 1]})`;
    // The 支援レポート tab's own columns and the template's cell in 設定 are the product's to write.
    const changed = changedUserCells(before, userCells(a.emu), true).filter(
      (c) => !/^支援レポート!\d+:[12347]:/.test(c) && !/^設定!\d+:6:/.test(c),
    );
    if (changed.length) problems.push(`${at}: user cells changed: ${changed.join('; ')}`);
    if (a.emu.hasSheet(REPORT_TAB)) {
      for (const r of tabRows(a.emu).slice(1)) {
        const owned = [r[0], r[1], r[2], r[3], r[6]];
        if (owned.some((v) => v === '' || v === null)) problems.push(`${at}: half-filled row ${JSON.stringify(r)}`);
      }
    }
    if (a.emu.lockHeld && a.emu.calls.log[n - 1] !== 'Lock.releaseLock') problems.push(`${at}: lock kept`);
    if (a.emu.alerts.length === 0 && a.emu.calls.log.length !== n) problems.push(`${at}: the user was not told`);
    a.emu.failAt = null;
    a.emu.alerts.length = 0;
    click(a);
    if (picture(a) !== expected) problems.push(`${at}: a rerun did not complete the run`);
  }
  return problems;
}

test('the first run failed at any service call: no half-filled row, no user cell changed, the user told; a rerun completes', () => {
  expect(faultLoop(book)).toEqual([]);
});

test('a rerun that rewrites drafts, failed at any service call, is completed by the next run', () => {
  const prepare = (): App => {
    const a = book();
    click(a);
    // A staff member records C-002 as shared; a new contact for C-001 makes its draft worth rewriting.
    a.emu.sheet(REPORT_TAB).seed([[{ date: '2026-11-04' }, '本人']], 3, 5);
    a.emu.sheet(TAB.contacts).seed([['C-001', { date: '2026-10-28' }, '本人', '家庭訪問', null, '月末の訪問']], 5, 1);
    a.emu.resetCalls();
    a.emu.alerts.length = 0;
    return a;
  };
  expect(faultLoop(prepare)).toEqual([]);
});

test('an office edits the template Doc with an unknown placeholder: named before any Doc is made', () => {
  const a = book();
  click(a);
  const template = a.docs.items.find((i) => i.name === '支援レポート（ひな形）')!;
  template.doc!.body.children[1].children[0].text = '{担当職員}';
  const before = JSON.stringify(a.docs.dump());
  const rows = tabRows(a.emu);
  a.emu.alerts.length = 0;
  click(a, '2026-09');
  expect(a.emu.alerts[0]).toMatch(/「\{担当職員\}」という差し込み項目はありません/);
  expect(JSON.stringify(a.docs.dump())).toBe(before);
  expect(tabRows(a.emu)).toEqual(rows);
});
