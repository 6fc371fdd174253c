// The sidebars rendered in a real browser: Debian's headless Chromium driven by playwright-core
// (never a downloaded browser). The page is the HTML the bundle hands to Ui.showSidebar; its
// google.script.run is a stub that calls the bundle's own top-level functions in the vm (the demo
// book in the emulator), with the JSON round trip google.script.run makes
// (https://developers.google.com/apps-script/guides/html/reference/run). Screenshots go to
// test-output/sidebar/ (gitignored).

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { TAB } from '../src/domain/schema';
import { ROOT } from './gas/harness';
import { caseWithFlag, cleanCase, sidebarBook, type LedgerCase, type SidebarBook } from './gas/sidebarBook';
import { selectCell, sidebarState } from './gas/sidebarServices';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'sidebar');
const PAGE_URL = 'http://sidebar.invalid/';

/** What the stub recorded: every google.script.run call the page made. */
interface Call {
  name: string;
  args: unknown[];
}

// The google.script.run stub, run in the page before its own script: a chainable runner like the
// real one, knowing only the bundle's top-level functions; calls go to Node through __gasRun.
const STUB = `
(function () {
  var names = window.__serverFunctions;
  window.__calls = [];
  function runner(ok, fail) {
    var r = {
      withSuccessHandler: function (f) { return runner(f, fail); },
      withFailureHandler: function (f) { return runner(ok, f); },
    };
    names.forEach(function (name) {
      r[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        window.__calls.push({ name: name, args: args });
        window.__gasRun(name, JSON.stringify(args)).then(
          function (json) { if (ok) ok(JSON.parse(json)); },
          function (e) { if (fail) fail(new Error(e && e.message ? e.message : String(e))); }
        );
      };
    });
    return r;
  }
  window.google = { script: { run: runner(null, null), host: { close: function () {} } } };
})();
`;

let book: SidebarBook;
let context: BrowserContext;
let profile: string;
const external: string[] = [];
/** While true, every google.script.run call fails as a lost connection would. */
let callsFail = false;

/** Top-level functions of the bundle's generated footer. */
function serverFunctions(code: string): string[] {
  return [...code.matchAll(/^function (\w+)\(e\) \{ return Teichaku\.\1\(e\); \}$/gm)].map((m) => m[1]);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} がありません。Debian の chromium を入れてください（apt-get install chromium。.ci/run が入れます）。`,
    );
  }
  book = sidebarBook();
  mkdirSync(OUT, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'teichaku-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 300, height: 1100 },
    locale: 'ja-JP',
  });
  const { code } = (await import('./gas/harness')).buildBundle();
  const names = serverFunctions(code);
  await context.addInitScript(`window.__serverFunctions = ${JSON.stringify(names)};${STUB}`);
  await context.exposeFunction('__gasRun', (name: string, args: string) => {
    if (callsFail) throw new Error('NetworkError: Connection failure due to HTTP 0');
    const value = book.app.run(name, ...(JSON.parse(args) as unknown[]));
    return JSON.stringify(value ?? null);
  });
}, 120000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a sidebar the way the menu does, and loads the HTML the bundle gave Ui.showSidebar. */
async function openSidebar(menuFunction: string): Promise<Page> {
  book.app.run(menuFunction);
  const html = sidebarState(book.app.emu).sidebars.at(-1)!.content;
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === PAGE_URL) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    external.push(url);
    return route.abort();
  });
  await page.goto(PAGE_URL);
  return page;
}

/**
 * 民法143条 as domain.md §2.1 states it, worked out here on its own (not by the product's code): an
 * N-month period from S ends the day before S's 応当日, or on the last day of a month without one.
 */
function periodEnd(start: unknown, months: number): string {
  const [y, m, d] = String(start).split(/[-/]/).map(Number);
  const t = y * 12 + (m - 1) + months;
  const [ty, tm] = [Math.floor(t / 12), (t % 12) + 1];
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const end = new Date(Date.UTC(ty, tm - 1, d <= last ? d - 1 : last));
  return end.toISOString().slice(0, 10).replace(/-/g, '/');
}

/** A valid case counted from its 就職日 whose 6-month 応当日 does not exist (e.g. 08/31 → February). */
function monthEndCase(b: SidebarBook): { c: LedgerCase; y: number; m: number; d: number } {
  for (const c of b.cases) {
    if (c.cells['検証結果（自動）'] !== 'OK' || c.cells['引継ぎフラグ（自動）'] !== '') continue;
    const [y, m, d] = String(c.cells['就職日']).split('-').map(Number);
    const t = y * 12 + (m - 1) + 6;
    const [ty, tm] = [Math.floor(t / 12), (t % 12) + 1];
    if (d > new Date(Date.UTC(ty, tm, 0)).getUTCDate()) return { c, y: ty, m: tm, d };
  }
  throw new Error('test: the demo book has no valid case hired on a day its 6-month month lacks');
}

const calls = (page: Page) => page.evaluate('window.__calls') as Promise<Call[]>;
const slash = (v: unknown) => String(v).replace(/-/g, '/');

/** Every text-bearing element: its text colour against the background it sits on, WCAG contrast ratio. */
const LOWEST_CONTRAST = `
(function () {
  function rgb(s) { var m = s.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; }
  function lum(c) {
    var f = function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function bg(el) {
    for (var e = el; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; }
    return { r: 255, g: 255, b: 255, a: 1 };
  }
  var worst = { ratio: 99, text: '' };
  document.querySelectorAll('body *').forEach(function (el) {
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own || el.offsetParent === null) return;
    var a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
    var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = { ratio: ratio, text: el.textContent.slice(0, 30) };
  });
  return worst;
})()
`;

/** Readable contrast, 300 px wide, and nothing fetched from outside the page. */
async function expectReadable(page: Page): Promise<void> {
  const worst = (await page.evaluate(LOWEST_CONTRAST)) as { ratio: number; text: string };
  expect(worst.ratio).toBeGreaterThanOrEqual(4.5); // WCAG 2 AA for normal text
  // 300 px wide: nothing runs off to the side.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(300);
  // Self-contained: the page asked for no script, font, stylesheet or image from anywhere.
  expect(external).toEqual([]);
}

async function showsCase(page: Page, c: LedgerCase): Promise<void> {
  await page.locator('.who', { hasText: c.caseId }).waitFor({ timeout: 10000 });
}

describe('ケースの詳細', () => {
  let page: Page;
  let flagged: LedgerCase;
  let clean: LedgerCase;

  beforeAll(async () => {
    flagged = caseWithFlag(book, '共有期限超過');
    clean = cleanCase(book);
    selectCell(book.app.emu, TAB.ledger, flagged.row, 2);
    page = await openSidebar('menuCase');
    await showsCase(page, flagged);
  });
  afterAll(() => page?.close());

  test('a flagged case: its flag and why, its dates with the rule, next steps, this month, no problem', async () => {
    const text = await page.locator('main').innerText();
    await page.screenshot({ path: join(OUT, 'case-flagged.png'), fullPage: true });
    expect(await page.locator('.who').innerText()).toBe(`${flagged.caseId}\u3000${flagged.cells['氏名']}`);
    expect(await page.locator('.flag .badge').innerText()).toBe(flagged.cells['引継ぎフラグ（自動）']);
    const deadline = slash(flagged.cells['情報共有期限（自動）']);
    expect(text).toContain(`情報共有期限 ${deadline} を`);
    expect(text).toContain('情報共有日が空です');
    for (const label of ['6月到達日', '利用開始可能日', '最終利用可能日', '支援終了予定日', '情報共有期限']) {
      expect(text).toContain(`${label}\u3000${slash(flagged.cells[`${label}（自動）`])}`);
    }
    expect(text).toContain(`就職日 ${slash(flagged.cells['就職日'])} から6か月後`);
    // The dates as the rule gives them, not only as the commands wrote them.
    expect(text).toContain(`6月到達日\u3000${periodEnd(flagged.cells['就職日'], 6)}`);
    expect(text).toContain(`最終利用可能日\u3000${periodEnd(flagged.cells['就職日'], 42)}`);
    expect(text).toContain('民法143条');
    expect(text).toContain(`${flagged.cells['残日数（自動）']}日（`);
    for (const heading of ['引継ぎフラグ', '日付と計算のきまり', '残日数', '次にすること', '今月の支援', '検証結果']) {
      await expect(page.locator('h2', { hasText: heading }).count()).resolves.toBe(1);
    }
    const shareStep = page.locator('li', { hasText: '情報共有期限' }).filter({ hasText: '関係機関' });
    expect(await shareStep.locator('.badge').innerText()).toBe('期限超過');
    expect(await page.locator('li', { hasText: '同意取得' }).count()).toBe(1);
    expect(await page.locator('li', { hasText: '支給決定の更新' }).count()).toBe(1);
    expect(text).toContain('対面（本人）');
    expect(text).toContain('支援レポート共有');
    expect(text).toContain('企業への連絡');
    expect(text).toContain('問題はありません。');
    await expectReadable(page);
  });

  test('the button shows the row now selected: a clean case', async () => {
    selectCell(book.app.emu, TAB.ledger, clean.row, 5);
    await page.getByRole('button', { name: '選択中の行を表示' }).click();
    await showsCase(page, clean);
    await page.screenshot({ path: join(OUT, 'case-clean.png'), fullPage: true });
    expect(await page.locator('.flag .badge').innerText()).toBe('なし');
    const text = await page.locator('main').innerText();
    expect(text).toContain('どの通知期間にも入っていません');
    expect(text).toContain('問題はありません。');
    expect(text).toContain(`6月到達日\u3000${slash(clean.cells['6月到達日（自動）'])}`);
    await expectReadable(page);
  });

  test('a 就職日 whose 応当日 does not exist: the month end, and why, in words', async () => {
    const { c, y, m, d } = monthEndCase(book);
    selectCell(book.app.emu, TAB.ledger, c.row, 2);
    await page.getByRole('button', { name: '選択中の行を表示' }).click();
    await showsCase(page, c);
    await page.screenshot({ path: join(OUT, 'case-month-end.png'), fullPage: true });
    const text = await page.locator('main').innerText();
    expect(text).toContain(`6月到達日\u3000${periodEnd(c.cells['就職日'], 6)}`);
    expect(text).toContain(`${y}年${m}月には${d}日がないため、その月の末日`);
  });

  test('a failed call is told in Japanese without the raw error; a failed poll keeps the case shown', async () => {
    selectCell(book.app.emu, TAB.ledger, clean.row, 2);
    await page.getByRole('button', { name: '選択中の行を表示' }).click();
    await showsCase(page, clean);
    callsFail = true;
    try {
      const polls = (await calls(page)).length;
      // A poll is made (and fails) while the row stays.
      await page.waitForFunction(`window.__calls.length > ${polls}`, null, { timeout: 10000 });
      await page.waitForTimeout(300);
      expect(await page.locator('.who').innerText()).toContain(clean.caseId);
      await page.getByRole('button', { name: '選択中の行を表示' }).click();
      const error = page.locator('.error');
      await error.waitFor({ timeout: 10000 });
      expect(await error.innerText()).toContain('スプレッドシートとやりとりできませんでした');
      expect(await page.locator('body').innerText()).not.toMatch(/NetworkError|HTTP|Connection/);
    } finally {
      callsFail = false;
    }
  });

  test('moving to another row refreshes by itself; leaving the ledger asks for a case row', async () => {
    selectCell(book.app.emu, TAB.ledger, flagged.row, 7);
    await showsCase(page, flagged);
    // Gentle: while the row stays, it only asks which row is selected, and reloads nothing.
    const loads = (await calls(page)).filter((c) => c.name === 'sidebarCase').length;
    await page.waitForTimeout(2500);
    const after = await calls(page);
    expect(after.filter((c) => c.name === 'sidebarCase')).toHaveLength(loads);
    selectCell(book.app.emu, TAB.settings, 3);
    await page.locator('.note', { hasText: `「${TAB.ledger}」タブで` }).waitFor({ timeout: 10000 });
    const made = await calls(page);
    expect(made.some((c) => c.name === 'sidebarSelection')).toBe(true);
    expect(made.every((c) => ['sidebarSelection', 'sidebarCase'].includes(c.name))).toBe(true);
  });

  test('keyboard: Tab reaches the button and the auto-refresh switch, Enter and Space work them', async () => {
    selectCell(book.app.emu, TAB.ledger, clean.row, 1);
    await page.locator('h1').click(); // the keyboard starts from the top of the page
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('refresh');
    await page.keyboard.press('Enter');
    await showsCase(page, clean);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('auto');
    await page.keyboard.press('Space');
    expect(await page.locator('#auto').isChecked()).toBe(false);
    // Switched off: moving to another row changes nothing until the button is pressed.
    const asked = (await calls(page)).length;
    selectCell(book.app.emu, TAB.ledger, flagged.row, 1);
    await page.waitForTimeout(2500);
    expect((await calls(page)).length).toBe(asked);
    expect(await page.locator('.who').innerText()).toContain(clean.caseId);
  });
});

describe('今月のやること', () => {
  let page: Page;

  beforeAll(async () => {
    selectCell(book.app.emu, TAB.settings, 1);
    page = await openSidebar('menuTodo');
    await page.locator('button.todo').first().waitFor({ timeout: 10000 });
  });
  afterAll(() => page?.close());

  test('the list: most urgent first, by ケースID, never by 氏名', async () => {
    await page.screenshot({ path: join(OUT, 'todo.png'), fullPage: true });
    const items = page.locator('button.todo');
    const n = await items.count();
    expect(n).toBeGreaterThan(5);
    const dues = await page.locator('button.todo .due').allInnerTexts();
    expect([...dues].sort()).toEqual(dues);
    const ids = await page.locator('button.todo .id').allInnerTexts();
    const known = new Map(book.cases.map((c) => [c.caseId, c]));
    for (const id of ids) expect(known.has(id)).toBe(true);
    const text = await page.locator('main').innerText();
    for (const id of new Set(ids)) expect(text).not.toContain(String(known.get(id)!.cells['氏名']));
    const flagged = caseWithFlag(book, '共有期限超過');
    expect(await page.locator('button.todo', { hasText: flagged.caseId }).first().innerText()).toContain('情報共有');
    expect(text).toContain('今月の支援');
    await expectReadable(page);
  });

  test('clicking a to-do calls the select function with its ケースID, and the ledger row is selected', async () => {
    const third = page.locator('button.todo').nth(2);
    const id = await third.locator('.id').innerText();
    await third.click();
    await page.locator('#status', { hasText: `${id} の行` }).waitFor({ timeout: 10000 });
    const select = (await calls(page)).filter((c) => c.name === 'sidebarSelectCase');
    expect(select).toEqual([{ name: 'sidebarSelectCase', args: [id] }]);
    const { emu } = book.app;
    expect(emu.activeSheet!.name).toBe(TAB.ledger);
    const row = book.cases.find((c) => c.caseId === id)!.row;
    expect(await page.locator('#status').innerText()).toContain(`${row}行目`);
  });

  test('keyboard: arrow keys move between to-dos, Enter selects', async () => {
    const items = page.locator('button.todo');
    await items.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const id = await items.nth(2).locator('.id').innerText();
    expect(await page.evaluate('document.activeElement.getAttribute("data-case")')).toBe(id);
    await page.keyboard.press('ArrowUp');
    const second = await items.nth(1).locator('.id').innerText();
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: `${second} の行` }).waitFor({ timeout: 10000 });
    const select = (await calls(page)).filter((c) => c.name === 'sidebarSelectCase');
    expect(select.at(-1)).toEqual({ name: 'sidebarSelectCase', args: [second] });
  });
});
