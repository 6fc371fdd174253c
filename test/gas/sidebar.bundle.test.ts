// The sidebars' server functions in the real bundle (dist/Code.js in a vm with the emulator), on the
// demo book after 支援期間を計算 and 引継ぎ予定を更新: what they return agrees with the （自動） columns
// the commands wrote, they follow the selection, select a row, write nothing and log nothing.

import { TAB } from '../../src/domain/schema';
import { currentSelection, selectCell, sidebarState } from './sidebarServices';
import { caseWithFlag, cleanCase, sidebarBook, type SidebarBook } from './sidebarBook';

/** The JSON google.script.run carries back to the page (no Date, no function survives it). */
function reply<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface CaseReply {
  ok: boolean;
  message?: string;
  name?: string | null;
  selection: { sheet: string; row: number };
  explanation?: {
    caseId: string;
    rowNumber: number;
    dates: { label: string; value: string; rule: string }[];
    daysLeft: { value: number } | null;
    flag: { text: string; reasons: string[] };
    steps: { label: string; status: string; date: string | null }[];
    problems: { column: string }[];
  };
}

interface TodoReply {
  ok: boolean;
  list: { items: { caseId: string; rowNumber: number; due: string; dueInDays: number; kind: string }[] };
}

const slash = (v: unknown) => String(v).replace(/-/g, '/');

let book: SidebarBook;
beforeAll(() => {
  book = sidebarBook();
});

function caseAt(row: number): CaseReply {
  selectCell(book.app.emu, TAB.ledger, row, 3);
  return reply<CaseReply>(book.app.run('sidebarCase'));
}

test('the menu items open the sidebars: a self-contained Japanese page with its title', () => {
  const { emu } = book.app;
  book.app.run('menuCase');
  book.app.run('menuTodo');
  const [caseSidebar, todoSidebar] = sidebarState(emu).sidebars.slice(-2);
  expect(caseSidebar.title).toBe('ケースの詳細');
  expect(todoSidebar.title).toBe('今月のやること');
  for (const s of [caseSidebar, todoSidebar]) {
    expect(s.content).toMatch(/^<!DOCTYPE html><html lang="ja">/);
    expect(s.content).not.toMatch(/https?:\/\/|<script[^>]+src|<link|@import|url\(/i);
  }
  book.app.run('onOpen');
  expect(emu.menus.at(-1)!.items).toEqual(
    expect.arrayContaining([
      { label: 'ケースの詳細を表示', fn: 'menuCase' },
      { label: '今月のやること', fn: 'menuTodo' },
    ]),
  );
});

test('a flagged case: the flag and the dates are those the commands wrote on its row', () => {
  const flagged = caseWithFlag(book, '共有期限超過');
  const r = caseAt(flagged.row);
  expect(r.ok).toBe(true);
  const e = r.explanation!;
  expect(e.caseId).toBe(flagged.caseId);
  expect(e.rowNumber).toBe(flagged.row);
  expect(r.name).toBe(String(flagged.cells['氏名']));
  expect(e.flag.text).toBe(flagged.cells['引継ぎフラグ（自動）']);
  const value = (label: string) => e.dates.find((d) => d.label === label)?.value;
  for (const label of ['6月到達日', '利用開始可能日', '最終利用可能日', '支援終了予定日', '情報共有期限']) {
    expect(value(label)).toBe(slash(flagged.cells[`${label}（自動）`]));
  }
  expect(e.daysLeft!.value).toBe(flagged.cells['残日数（自動）']);
  expect(e.flag.reasons.join('')).toContain(`情報共有期限 ${value('情報共有期限')} を`);
  const share = e.steps.find((s) => s.label === '情報共有')!;
  expect(share.status).toBe('overdue');
  expect(share.date).toBe(value('情報共有期限'));
  expect(e.problems).toEqual([]);
});

test('a clean case: no flag, no problem, and steps for later', () => {
  const clean = cleanCase(book);
  const e = caseAt(clean.row).explanation!;
  expect(e.caseId).toBe(clean.caseId);
  expect(e.flag.text).toBe('');
  expect(e.flag.reasons.join('')).toContain('どの通知期間にも入っていません');
  expect(e.problems).toEqual([]);
});

test('a planted wrong row: its validation problems, and no dates computed from a bad 就職日', () => {
  const planted = book.sample.plantedProblems.find((p) => p.column === '就職日' && p.kind === 'error')!;
  const r = caseAt(planted.row);
  expect(r.ok).toBe(true);
  expect(r.explanation!.problems.map((p) => p.column)).toContain('就職日');
  expect(r.explanation!.dates).toEqual([]);
});

test('outside the ledger, or on its header, the sidebar asks for a case row', () => {
  selectCell(book.app.emu, TAB.settings, 2);
  const other = reply<CaseReply>(book.app.run('sidebarCase'));
  expect(other).toMatchObject({ ok: false, selection: { sheet: TAB.settings, row: 2 } });
  expect(other.message).toContain(TAB.ledger);
  const header = caseAt(book.sample.headerRow);
  expect(header.ok).toBe(false);
  expect(header.message).toContain(`${book.sample.headerRow}行目`);
  expect(reply(book.app.run('sidebarSelection'))).toEqual({ sheet: TAB.ledger, row: book.sample.headerRow });
});

test('今月のやること: most urgent first, and clicking one selects its ledger row', () => {
  const r = reply<TodoReply>(book.app.run('sidebarTodo'));
  expect(r.ok).toBe(true);
  const items = r.list.items;
  expect(items.length).toBeGreaterThan(0);
  for (let i = 1; i < items.length; i++) expect(items[i].dueInDays).toBeGreaterThanOrEqual(items[i - 1].dueInDays);
  const flagged = caseWithFlag(book, '共有期限超過');
  expect(items.filter((i) => i.caseId === flagged.caseId).map((i) => i.kind)).toContain('shareOverdue');
  const byId = new Map(book.cases.map((c) => [c.caseId, c.row]));
  for (const i of items) expect(i.rowNumber).toBe(byId.get(i.caseId));

  const { emu } = book.app;
  selectCell(emu, TAB.settings, 5);
  const target = items[items.length - 1];
  expect(reply(book.app.run('sidebarSelectCase', target.caseId))).toEqual({ ok: true, row: target.rowNumber });
  const sel = currentSelection(emu)!;
  expect(sel.sheet).toBe(TAB.ledger);
  expect(sel.selection.row).toBe(target.rowNumber);
  expect(sel.selection.numRows).toBe(1);
  const idCol = emu.sheet(TAB.ledger).rowValues(book.sample.headerRow).indexOf('ケースID') + 1;
  expect(sel.selection.currentCol).toBe(idCol);
  expect(emu.sheet(TAB.ledger).valueAt(sel.selection.currentRow, sel.selection.currentCol)).toBe(target.caseId);
  // The case sidebar follows: the selection now names that case.
  expect(reply<CaseReply>(book.app.run('sidebarCase')).explanation!.caseId).toBe(target.caseId);
  const missing = reply<{ ok: boolean; message: string }>(book.app.run('sidebarSelectCase', 'NO-SUCH-ID'));
  expect(missing.ok).toBe(false);
  expect(missing.message).toContain('ケースID「NO-SUCH-ID」は「ケース台帳」にありません');
  expect(missing.message).toContain('「更新」を押してください');
});

test('the server functions write nothing, take no lock and log nothing', () => {
  const { emu } = book.app;
  const before = JSON.stringify(emu.dump());
  emu.logs.length = 0;
  const locks = emu.lockAcquisitions;
  for (const c of book.cases.slice(0, 20)) caseAt(c.row);
  book.app.run('sidebarTodo');
  book.app.run('sidebarSelectCase', book.cases[3].caseId);
  book.app.run('sidebarSelection');
  expect(JSON.stringify(emu.dump())).toBe(before);
  expect(emu.lockAcquisitions).toBe(locks);
  expect(emu.logs).toEqual([]);
});

test('an unexpected failure reaches the page as a Japanese message, never the raw error; it is logged', () => {
  const { emu } = book.app;
  selectCell(emu, TAB.ledger, cleanCase(book).row, 2);
  emu.logs.length = 0;
  for (const [fn, arg] of [['sidebarCase'], ['sidebarTodo'], ['sidebarSelectCase', book.cases[0].caseId]]) {
    emu.resetCalls();
    emu.failAt = 4; // a read of the book fails
    let r: { ok: boolean; message?: string };
    try {
      r = reply(book.app.run(fn, ...(arg === undefined ? [] : [arg])));
    } finally {
      emu.failAt = null;
    }
    expect([fn, r.ok]).toEqual([fn, false]);
    expect(r.message).toContain('予期しないエラーのため表示できませんでした');
    expect(r.message).not.toMatch(/injected|error|failure|Code\.js|at \w/i);
  }
  expect(emu.logs.map((l) => l.level)).toEqual(['error', 'error', 'error']);
  expect(emu.logs.every((l) => l.text.includes('injected failure'))).toBe(true);
});

test('the emulated showSidebar takes only an HtmlOutput, like Ui.showSidebar', () => {
  const ui = (
    book.app.ctx as { SpreadsheetApp: { getUi(): { showSidebar(x: unknown): void } } }
  ).SpreadsheetApp.getUi();
  expect(() => ui.showSidebar('<p>x</p>')).toThrow('Invalid argument');
});
