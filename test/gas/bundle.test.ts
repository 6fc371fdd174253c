// The real artifact: dist/Code.js as scripts/build.mjs writes it, loaded into node:vm with the
// emulated Apps Script services, and driven the way Apps Script drives it (onOpen, menu clicks,
// triggers).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { COMMANDS, VIEWS } from '../../src/commands/registry';
import { DIGEST_KEY } from '../../src/commands/digest';
import {
  BUSY_MESSAGE,
  DAILY_HANDLER,
  FORM_HANDLER,
  MENU_TITLE,
  TRIGGER_ITEMS,
  menuFunctionName,
} from '../../src/gas/menu';
import { SETTINGS, TAB } from '../../src/domain/schema';
import { ADDON_MENU, AppsScriptEmulator, isWriteCall } from './emulator';
import { changedUserCells, sampleBook, userCells } from './fixtures';
import { ROOT, buildBundle, load, type Bundle } from './harness';

const SERVICES = ['SpreadsheetApp', 'LockService', 'PropertiesService', 'ScriptApp', 'MailApp', 'Session'];

let bundle: Bundle;
let stubBundle: Bundle;

beforeAll(() => {
  bundle = buildBundle();
  stubBundle = buildBundle(join(__dirname, 'stubEntry.ts'));
});

/** Top-level function declarations of the generated footer: the exports', then the registry's menu functions. */
function footerFunctions(code: string): string[] {
  const footer = code.slice(code.indexOf('// Apps Script entry points'));
  return [
    ...[...footer.matchAll(/^function (\w+)\(e\) \{ return Teichaku\.\1\(e\); \}$/gm)].map((m) => m[1]),
    ...[...footer.matchAll(/^function (menu\w+)\(\) \{ return Teichaku\.runMenu\('(\w+)'\); \}$/gm)].map((m) => {
      expect(menuFunctionName(m[2])).toBe(m[1]);
      return m[1];
    }),
  ];
}

describe('the artifact', () => {
  test('dist holds only Code.js and appsscript.json', () => {
    expect(bundle.files).toEqual(['Code.js', 'appsscript.json']);
  });

  test('the manifest: Tokyo, V8, Stackdriver, and only the eight scopes the code uses', () => {
    const manifest = JSON.parse(readFileSync(join(bundle.dir, 'appsscript.json'), 'utf8'));
    expect(manifest.timeZone).toBe('Asia/Tokyo');
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.exceptionLogging).toBe('STACKDRIVER');
    expect([...manifest.oauthScopes].sort()).toEqual(
      [
        // FormApp (menus 報告フォームを作成 / ケース報告フォームを作成, intake finding their tabs)
        'https://www.googleapis.com/auth/forms',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.scriptapp',
        'https://www.googleapis.com/auth/script.send_mail',
        'https://www.googleapis.com/auth/spreadsheets.currentonly',
        // Session.getEffectiveUser (who installed a trigger)
        'https://www.googleapis.com/auth/userinfo.email',
        // 支援レポートを作成: DocumentApp fills the Docs; DriveApp copies, files and trashes only the files it made
        'https://www.googleapis.com/auth/documents',
        'https://www.googleapis.com/auth/drive.file',
      ].sort(),
    );
  });

  test('no modules: no import, export or require', () => {
    expect(bundle.code).not.toMatch(/^\s*(import|export)\b/m);
    expect(bundle.code).not.toMatch(/\brequire\s*\(/);
    expect(bundle.code).not.toMatch(/\bexceljs\b/);
  });

  test('unminified ES2019: the file parses as ES2019 (older Apps Script runtimes rejected newer syntax)', () => {
    // acorn (a devDependency) is strict about the edition it parses.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const acorn = require('acorn') as { parse(code: string, options: { ecmaVersion: number }): unknown };
    expect(() => acorn.parse(bundle.code, { ecmaVersion: 2019 })).not.toThrow();
    expect(() => acorn.parse('class A { x = 1 }', { ecmaVersion: 2019 })).toThrow();
    expect(() => acorn.parse('a?.b ?? c', { ecmaVersion: 2019 })).toThrow();
    expect(bundle.code).toMatch(/\n {2}function \w+\(/);
    expect(bundle.code.split('\n').length).toBeGreaterThan(500);
  });

  test('every export is a top-level function of the file, and the entry file exports nothing else', () => {
    const names = footerFunctions(bundle.code);
    expect(names).toEqual(
      expect.arrayContaining([
        'onOpen',
        'onInstall',
        DAILY_HANDLER,
        FORM_HANDLER,
        ...COMMANDS.map((c) => menuFunctionName(c.name)),
        ...VIEWS.map((v) => menuFunctionName(v.name)),
        ...TRIGGER_ITEMS.flatMap((i) => (i ? [i[1]] : [])),
      ]),
    );
    const ctx = vm.createContext({});
    bundle.script.runInContext(ctx);
    for (const n of names) expect(typeof (ctx as Record<string, unknown>)[n]).toBe('function');
  });

  test('loading the file touches no service', () => {
    const trap: Record<string, unknown> = {};
    const touched: string[] = [];
    for (const name of SERVICES) {
      Object.defineProperty(trap, name, {
        get() {
          touched.push(name);
          throw new Error(`${name} touched at load time`);
        },
      });
    }
    bundle.script.runInContext(vm.createContext(trap));
    expect(touched).toEqual([]);
  });
});

describe('no file outside src/gas and src/entrypoints.ts names an Apps Script global', () => {
  const GLOBALS = new Set([
    ...SERVICES,
    'Session',
    'Utilities',
    'Logger',
    'CacheService',
    'UrlFetchApp',
    'HtmlService',
    'DriveApp',
    'GmailApp',
    'FormApp',
    'Charts',
    'Browser',
    'ContentService',
  ]);

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  }

  /** Identifiers in code (comments and strings do not count). */
  function identifiers(text: string): Set<string> {
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
    const out = new Set<string>();
    for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
      if (t === ts.SyntaxKind.Identifier) out.add(scanner.getTokenText());
    }
    return out;
  }

  test('the scanner sees identifiers and ignores comments', () => {
    expect([...identifiers('// SpreadsheetApp\nconst a = MailApp.x; "LockService"')]).toEqual(['a', 'MailApp', 'x']);
  });

  test('scan src/', () => {
    const offenders: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (rel.startsWith('src/gas/') || rel === 'src/entrypoints.ts') continue;
      const ids = identifiers(readFileSync(file, 'utf8'));
      for (const g of GLOBALS) if (ids.has(g)) offenders.push(`${rel}: ${g}`);
      if (ids.has('GoogleAppsScript')) offenders.push(`${rel}: GoogleAppsScript types`);
    }
    expect(offenders).toEqual([]);
  });
});

describe('onOpen', () => {
  test('an add-on in AuthMode.NONE: the Extensions menu, and nothing else touched', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    emu.installedAs = 'addon';
    const app = load(emu);
    emu.mode = 'none';
    app.run('onOpen', { authMode: 'NONE' });
    expect(emu.violations).toEqual([]);
    expect(emu.calls.log.every((n) => /^(Ui|Menu)\.|^SpreadsheetApp\.getUi$/.test(n))).toBe(true);
    expect(emu.menus.map((m) => m.title)).toEqual([ADDON_MENU]);
  });

  test.each([
    ['bound', 'LIMITED', MENU_TITLE],
    ['bound', 'FULL', MENU_TITLE],
    ['addon', 'LIMITED', ADDON_MENU],
    ['addon', 'FULL', ADDON_MENU],
  ] as const)('installed %s, onOpen in AuthMode.%s: the menu is %s', (installedAs, authMode, title) => {
    const emu = new AppsScriptEmulator();
    emu.installedAs = installedAs;
    const app = load(emu);
    app.run('onOpen', { authMode });
    expect(emu.menus.map((m) => m.title)).toEqual([title]);
    expect(emu.addonMenuWhenBound).toBe(false);
    expect(emu.calls.log.filter((n) => /^(Spreadsheet|Sheet|Range|Properties)\./.test(n))).toEqual([]);
  });

  test('onInstall (an add-on just installed, in FULL) builds the same add-on menu', () => {
    const emu = new AppsScriptEmulator();
    emu.installedAs = 'addon';
    const app = load(emu);
    app.run('onInstall', { authMode: 'FULL' });
    expect(emu.menus.map((m) => m.title)).toEqual([ADDON_MENU]);
    expect(emu.menus[0].items.length).toBeGreaterThan(5);
  });

  test('the emulator hands the script Dates of its own realm, at midnight in Tokyo, for date cells', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    const probe = vm.runInContext(
      `(function () {
        var d = SpreadsheetApp.getActive().getSheetByName('${TAB.ledger}').getRange(3, 11).getValues()[0][0];
        return { sameRealm: d instanceof Date, iso: d.toISOString() };
      })()`,
      app.ctx,
    );
    // 就職日 2023-08-31 in Tokyo is 2023-08-30T15:00Z.
    expect(probe).toEqual({ sameRealm: true, iso: '2023-08-30T15:00:00.000Z' });
  });

  test('the emulator does reject a sheet read in AuthMode.NONE (so the test above can fail)', () => {
    const emu = new AppsScriptEmulator();
    const g = emu.globals() as { SpreadsheetApp: { getActive(): unknown } };
    emu.mode = 'none';
    expect(() => g.SpreadsheetApp.getActive()).toThrow();
    expect(emu.violations).toEqual(['SpreadsheetApp.getActive']);
  });

  test('one item per command, then per view, then the trigger items; every item runs a top-level function', () => {
    const emu = new AppsScriptEmulator();
    const app = load(emu);
    app.run('onInstall', { authMode: 'NONE' });
    const items = emu.menus[0].items;
    const labels = items.map((i) => (i === 'separator' ? '---' : i.label));
    expect(labels).toEqual([
      ...COMMANDS.map((c) => c.title),
      '---',
      ...VIEWS.map((v) => v.title),
      ...TRIGGER_ITEMS.map((i) => (i ? i[0] : '---')),
    ]);
    for (const item of items) {
      if (item === 'separator') continue;
      expect(typeof (app.ctx as Record<string, unknown>)[item.fn]).toBe('function');
      expect(bundle.code).toMatch(new RegExp(`\\nfunction ${item.fn}\\((e)?\\) \\{`));
    }
  });
});

describe('the document lock', () => {
  test('when another run holds it, the user is told and nothing is written', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    const before = JSON.stringify(emu.dump());
    emu.lockHeldElsewhere = true;
    app.run('menuSetup');
    expect(emu.alerts).toEqual([BUSY_MESSAGE]);
    expect(JSON.stringify(emu.dump())).toBe(before);
    expect(emu.calls.log.filter((n) => /^(Sheet|Range)\./.test(n))).toEqual([]);
  });

  test('a menu run takes the lock and gives it back, also after an error', () => {
    const emu = new AppsScriptEmulator();
    emu.addSheet(TAB.ledger).seed([['見出しのない台帳']]);
    const app = load(emu);
    app.run('menuSetup');
    expect(emu.lockAcquisitions).toBe(1);
    expect(emu.lockHeld).toBe(false);
    // No ケースID header: an UnusableBookError, shown in Japanese, nothing written.
    expect(emu.alerts).toHaveLength(1);
    expect(emu.alerts[0]).toContain('ケースID');
    expect(emu.hasSheet(TAB.settings)).toBe(false);
  });
});

describe('menu runs', () => {
  test('setup on the sample: toasts, creates the tabs, keeps every user cell, and a second run changes nothing', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    const before = userCells(emu);
    app.run('menuSetup');
    expect(emu.toasts[0]).toContain('初期設定を実行しています');
    expect(emu.hasSheet(TAB.settings)).toBe(true);
    expect(emu.hasSheet(TAB.contacts)).toBe(true);
    expect(changedUserCells(before, userCells(emu))).toEqual([]);
    const once = JSON.stringify(emu.dump());
    app.run('menuSetup');
    expect(JSON.stringify(emu.dump())).toBe(once);
  });

  test('an unexpected error: a Japanese alert, a log line without personal data, the lock given back', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    emu.failAt = 12;
    app.run('menuSetup');
    expect(emu.alerts.at(-1)).toContain('予期しないエラー');
    const errors = emu.logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].text).toContain('[teichaku] setup failed');
    for (const name of ['山田', '鈴木', '田中', '伊藤', '渡辺', '0123456789'])
      expect(errors[0].text).not.toContain(name);
    expect(emu.lockHeld).toBe(false);
  });

  test('a spreadsheet not set to Tokyo time gets a notice', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    emu.timeZone = 'Etc/GMT';
    emu.offsetMinutes = 0;
    const app = load(emu);
    app.run('menuSetup');
    expect(emu.alerts.at(-1)).toContain('タイムゾーン');
  });
});

describe('the month prompt (monthly, contacts)', () => {
  function runMonthly(answer: { button: 'OK' | 'CANCEL'; text: string }, now?: number) {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu, { bundle: stubBundle, now });
    emu.promptAnswers = [answer];
    app.run('menuMonthly');
    const seen = (app.ctx as { __seen?: { options: { month?: string }; today: unknown }[] }).__seen ?? [];
    return { emu, seen };
  }

  test('blank means last month, in Tokyo (00:30 on June 10 in Tokyo is still June 9 in Los Angeles)', () => {
    const { seen, emu } = runMonthly({ button: 'OK', text: '' }, Date.UTC(2024, 5, 9, 15, 30));
    expect(seen).toHaveLength(1);
    expect(seen[0].options.month).toBe('2024-05');
    expect(seen[0].today).toEqual({ y: 2024, m: 6, d: 10 });
    expect(emu.prompts[0]).toContain('2024-05');
  });

  test('January asks for December of the year before', () => {
    const { seen } = runMonthly({ button: 'OK', text: '' }, Date.UTC(2025, 0, 15, 3, 0));
    expect(seen[0].options.month).toBe('2024-12');
  });

  test.each([
    ['2024-03', '2024-03'],
    ['2024/3', '2024-03'],
    ['２０２４年３月', '2024-03'],
    ['令和6年3月', '2024-03'],
    ['R6.3', '2024-03'],
  ])('%s is read as %s', (text, month) => {
    expect(runMonthly({ button: 'OK', text }).seen[0].options.month).toBe(month);
  });

  test('cancel: nothing runs, no lock is taken', () => {
    const { seen, emu } = runMonthly({ button: 'CANCEL', text: '' });
    expect(seen).toEqual([]);
    expect(emu.lockAcquisitions).toBe(0);
  });

  test('something that is not a month: told so, nothing runs', () => {
    const { seen, emu } = runMonthly({ button: 'OK', text: '来月' });
    expect(seen).toEqual([]);
    expect(emu.alerts[0]).toContain('「来月」は月として読めません');
  });

  test('the command’s progress reaches the user as toasts', () => {
    const { emu } = runMonthly({ button: 'OK', text: '' });
    expect(emu.toasts).toContain(`${MENU_TITLE}: monthly: 途中経過`);
    expect(emu.toasts.at(-1)).toBe(`${MENU_TITLE}: monthly: 完了`);
  });
});

describe('the fiscal-year prompt (status, retention)', () => {
  test.each([
    ['', '令和6年度'], // 2024-06-10: the fiscal year of today
    ['令和5年度', '令和5年度'],
    ['R5', '令和5年度'],
    ['2023', '令和5年度'],
  ])('定着率を計算 asks the fiscal year: %j gives %s', (text, label) => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    emu.promptAnswers = [{ button: 'OK', text }];
    app.run('menuRetention');
    expect(emu.prompts).toHaveLength(1);
    expect(emu.prompts[0]).toContain('対象の年度');
    expect(String(emu.sheet(TAB.retention).get(1, 1).v)).toContain(`就労定着率 ${label}`);
  });

  test('cancel: nothing runs; unreadable: told so, nothing runs', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    emu.promptAnswers = [{ button: 'CANCEL', text: '' }];
    app.run('menuRetention');
    emu.promptAnswers = [{ button: 'OK', text: '来年度' }];
    app.run('menuRetention');
    expect(emu.lockAcquisitions).toBe(0);
    expect(emu.hasSheet(TAB.retention)).toBe(false);
    expect(emu.alerts[0]).toContain('「来年度」は年度として読めません');
  });
});

describe('installable triggers', () => {
  test('the daily refresh installed twice is one trigger, at 5 in Tokyo, running a top-level function', () => {
    const emu = new AppsScriptEmulator();
    const app = load(emu);
    app.run('installDailyRefresh');
    app.run('installDailyRefresh');
    expect(emu.triggers).toHaveLength(1);
    expect(emu.triggers[0]).toMatchObject({
      handler: DAILY_HANDLER,
      eventType: 'CLOCK',
      schedule: { everyDays: 1, atHour: 5, timeZone: 'Asia/Tokyo' },
    });
    expect(typeof (app.ctx as Record<string, unknown>)[DAILY_HANDLER]).toBe('function');
    expect(emu.alerts[1]).toContain('すでに設定されています');
  });

  test('duplicates left by an older version are cleaned up to one; remove deletes it and only it', () => {
    const emu = new AppsScriptEmulator();
    const app = load(emu);
    app.run('installFormIntake');
    emu.triggers.push({ ...emu.triggers[0], id: 'dup' });
    emu.triggers.push({ id: 'other', owner: emu.user, handler: 'someoneElses', eventType: 'CLOCK', source: 'CLOCK' });
    app.run('installDailyRefresh');
    emu.triggers.push({ ...emu.triggers.find((t) => t.handler === DAILY_HANDLER)!, id: 'dup2' });
    app.run('installDailyRefresh');
    app.run('installFormIntake');
    expect(emu.triggers.map((t) => t.handler).sort()).toEqual([DAILY_HANDLER, FORM_HANDLER, 'someoneElses'].sort());
    app.run('removeDailyRefresh');
    expect(emu.triggers.map((t) => t.handler).sort()).toEqual([FORM_HANDLER, 'someoneElses'].sort());
    app.run('removeFormIntake');
    expect(emu.triggers.map((t) => t.handler)).toEqual(['someoneElses']);
    app.run('removeFormIntake');
    expect(emu.alerts.at(-1)).toContain('設定されていません');
  });

  test('the form trigger is an onFormSubmit trigger for this spreadsheet, running a top-level function', () => {
    const emu = new AppsScriptEmulator();
    const app = load(emu);
    app.run('installFormIntake');
    expect(emu.triggers).toEqual([
      expect.objectContaining({ handler: FORM_HANDLER, eventType: 'ON_FORM_SUBMIT', source: 'SPREADSHEETS' }),
    ]);
    expect(typeof (app.ctx as Record<string, unknown>)[FORM_HANDLER]).toBe('function');
  });
});

describe('trigger runs (no UI)', () => {
  test('dailyRefresh on the sample: no UI, lock given back, each daily command ran or is not implemented yet', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    app.run('menuSetup');
    const before = userCells(emu);
    emu.mode = 'trigger';
    const outcome = app.run('dailyRefresh') as { ran: string[]; skipped: string[]; failed: string[] };
    expect(emu.violations).toEqual([]);
    expect(emu.lockHeld).toBe(false);
    expect(outcome.failed).toEqual([]);
    expect(outcome.ran).toEqual(['periods', 'handovers']);
    expect(changedUserCells(before, userCells(emu))).toEqual([]);
  });

  test('a daily run that fails tells the trigger owner in Japanese what stopped and what to do', () => {
    const ready = () => {
      const emu = new AppsScriptEmulator();
      sampleBook(emu);
      const app = load(emu);
      app.run('menuSetup');
      emu.mode = 'trigger';
      emu.resetCalls();
      return { emu, app };
    };
    // The same run on the same book, to find its first write: 支援期間を計算's, after the lock and
    // the run's survey.
    const dry = ready();
    dry.app.run('dailyRefresh');
    const firstWrite = dry.emu.calls.log.findIndex(isWriteCall) + 1;
    const { emu, app } = ready();
    emu.failAt = firstWrite; // inside 支援期間を計算
    let message = '';
    try {
      app.run('dailyRefresh');
    } catch (e) {
      message = (e as Error).message;
    } finally {
      emu.failAt = null;
    }
    expect(message).toContain('毎日の自動更新で「支援期間を計算」が途中で止まりました');
    expect(message).toContain('［定着支援］メニューから同じ処理を実行して');
    expect(message).not.toMatch(/dailyRefresh|failed|periods/);
    expect(emu.lockHeld).toBe(false);
  });

  test('a form intake that fails tells the trigger owner in Japanese, not with the raw error', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu, { form: true });
    const app = load(emu);
    app.run('menuSetup');
    emu.mode = 'trigger';
    emu.resetCalls();
    emu.failAt = 8; // inside フォーム回答を取り込む, after the lock
    let message = '';
    try {
      app.run(FORM_HANDLER, {});
    } catch (e) {
      message = (e as Error).message;
    } finally {
      emu.failAt = null;
    }
    expect(message).toContain('フォーム自動取り込みで「フォーム回答を取り込む」が途中で止まりました');
    expect(message).not.toMatch(/injected|Service error/);
    expect(emu.logs.some((l) => l.level === 'error' && l.text.includes('injected failure'))).toBe(true);
    expect(emu.lockHeld).toBe(false);
  });

  test('a trigger run that cannot even start (a service failing) is told in Japanese too', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    emu.mode = 'trigger';
    emu.resetCalls();
    emu.failAt = 2; // LockService.getDocumentLock, after the document properties
    let message = '';
    try {
      app.run('dailyRefresh', {});
    } catch (e) {
      message = (e as Error).message;
    } finally {
      emu.failAt = null;
    }
    expect(emu.calls.log[1]).toBe('LockService.getDocumentLock');
    expect(message).toContain('毎日の自動更新で「開始の準備」が途中で止まりました');
    expect(emu.logs.some((l) => l.level === 'error' && l.text.includes('injected failure'))).toBe(true);
  });

  test('dailyRefresh skips quietly when another run holds the lock', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu);
    const before = JSON.stringify(emu.dump());
    emu.mode = 'trigger';
    emu.lockHeldElsewhere = true;
    expect(app.run('dailyRefresh')).toBeUndefined();
    expect(JSON.stringify(emu.dump())).toBe(before);
    expect(emu.logs.some((l) => l.level === 'warn')).toBe(true);
  });

  test('onFormSubmitIntake waits for the lock; when it does not come, the response is left for the next run and the owner told', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu, { form: true });
    const app = load(emu);
    const before = JSON.stringify(emu.dump());
    emu.mode = 'trigger';
    emu.lockHeldElsewhere = true;
    // The run ends with a Japanese message (Apps Script mails it to whoever installed the trigger).
    expect(() => app.run(FORM_HANDLER, { range: null })).toThrow(/まだ取り込んでいません/);
    expect(emu.calls.byName['Lock.waitLock']).toBe(1);
    expect(JSON.stringify(emu.dump())).toBe(before);
  });

  test('onFormSubmitIntake runs intake under the lock', () => {
    const emu = new AppsScriptEmulator();
    sampleBook(emu, { form: true });
    const app = load(emu);
    app.run('menuSetup');
    const before = userCells(emu);
    emu.mode = 'trigger';
    app.run(FORM_HANDLER, {});
    expect(emu.violations).toEqual([]);
    expect(emu.lockAcquisitions).toBe(2);
    expect(emu.lockHeld).toBe(false);
    expect(changedUserCells(before, userCells(emu), true)).toEqual([]);
  });
});

describe('the digest mail after the daily refresh', () => {
  const NAMES = ['山田', '鈴木', '田中', '伊藤', '渡辺'];

  function prepared(recipients: string | null) {
    const emu = new AppsScriptEmulator();
    sampleBook(emu);
    const app = load(emu, { bundle: stubBundle });
    app.run('menuSetup');
    const settings = emu.sheet(TAB.settings);
    const label = SETTINGS.find((s) => s.key === 'digestTo')!.label;
    let row = 0;
    for (let r = 1; r <= 20; r++) if (settings.get(r, 1).v === label) row = r;
    expect(row).toBeGreaterThan(0);
    if (recipients !== null) settings.seed([[recipients]], row, 2);
    emu.mode = 'trigger';
    const day = (flagged: { caseId: string; flag: string }[]) => {
      (app.ctx as { __flagged?: unknown }).__flagged = flagged;
      emu.resetCalls();
      return app.run('dailyRefresh') as { digest: string };
    };
    return { emu, app, day };
  }

  const K1 = { caseId: 'K-0001', flag: '終了まで180日' };
  const K2 = { caseId: 'K-0002', flag: '情報共有期限まで30日' };
  const K3 = { caseId: 'K-0003', flag: '情報共有期限超過' };

  test('mails newly flagged case IDs only, never names; nothing when nothing changed', () => {
    const { emu, day } = prepared('tanto@example.jp, kanri@example.jp');
    expect(day([K1, K2]).digest).toBe('sent');
    expect(emu.mails).toHaveLength(1);
    expect(emu.mails[0].to).toBe('tanto@example.jp,kanri@example.jp');
    expect(emu.mails[0].body).toContain('K-0001');
    expect(emu.mails[0].body).toContain('K-0002');
    for (const n of NAMES) expect(emu.mails[0].body + emu.mails[0].subject).not.toContain(n);
    expect(emu.mailQuota).toBe(98);

    expect(day([K2, K1]).digest).toBe('unchanged');
    expect(emu.mails).toHaveLength(1);
    expect(emu.calls.log.filter((n) => n.startsWith('MailApp.'))).toEqual([]);

    expect(day([K1, K2, K3]).digest).toBe('sent');
    expect(emu.mails).toHaveLength(2);
    expect(emu.mails[1].body).toContain('K-0003');
    expect(emu.mails[1].body).not.toContain('K-0001');
    expect(emu.mails[1].subject).toContain('1件');
  });

  test('quota used up: no mail, no error, and the cases are mailed on a later day', () => {
    const { emu, day } = prepared('tanto@example.jp');
    emu.mailQuota = 0;
    expect(day([K1]).digest).toBe('no-quota');
    expect(emu.mails).toEqual([]);
    expect(emu.calls.byName['MailApp.sendEmail']).toBeUndefined();
    emu.mailQuota = 100;
    expect(day([K1]).digest).toBe('sent');
    expect(emu.mails[0].body).toContain('K-0001');
  });

  test('a case dropping off updates the stored list without a mail', () => {
    const { emu, day } = prepared('tanto@example.jp');
    day([K1, K2]);
    expect(day([K1]).digest).toBe('stored');
    expect(emu.mails).toHaveLength(1);
    expect(day([K1, K2]).digest).toBe('sent');
  });

  test('no recipients in 設定: no mail, no properties written', () => {
    const { emu, day } = prepared(null);
    expect(day([K1]).digest).toBe('no-recipients');
    expect(emu.mails).toEqual([]);
    expect(emu.documentProperties.has(DIGEST_KEY)).toBe(false);
  });
});
