// Every implemented command, run from its menu item in the real bundle on the sample ledger, must
// hold the properties every command promises, whatever it computes: no unexpected error, no user
// cell changed, owned columns and generated tabs in place, a second run changes nothing, and the
// service calls do not grow with the rows. Then the same run is failed at every one of its service
// calls in turn: the user's cells must survive each failure, and a plain rerun must repair the rest.
// Commands that land on main later are covered as soon as the registry gives them a `run`.

import { COMMANDS, findCommand } from '../../src/commands/registry';
import { GENERATED_MARK, OWNED_COLUMNS, TAB } from '../../src/domain/schema';
import { menuFunctionName } from '../../src/gas/menu';
import { AppsScriptEmulator } from './emulator';
import { changedUserCells, sampleBook, userCells } from './fixtures';
import { load, type Loaded } from './harness';

// 支援レポートを作成 (writesDrafts) makes Docs and records its template's link in 設定 on its first
// run: test/gas/report.test.ts holds it to these promises in those terms, with Docs and Drive faked.
const implemented = COMMANDS.filter((c) => !c.writesDrafts).map((c) => c.name);
const USER_TABS = new Set<string>([
  TAB.ledger,
  TAB.settings,
  TAB.contacts,
  TAB.activity,
  TAB.formResponses,
  TAB.jobChanges,
  TAB.employmentChecks,
]);

/** The book a command starts from: the sample, after 初期設定 for every command but setup itself. */
function prepared(command: string, rows = 10): Loaded {
  const emu = new AppsScriptEmulator();
  sampleBook(emu, { rows, form: true });
  const app = load(emu);
  if (command !== 'setup') app.run('menuSetup');
  emu.resetCalls();
  emu.alerts.length = 0;
  emu.toasts.length = 0;
  emu.logs.length = 0;
  return app;
}

function clickMenu(app: Loaded, command: string): void {
  // Each option is asked by a prompt: a month typed, the default fiscal year.
  app.emu.promptAnswers = (findCommand(command)!.options ?? []).map((o) => ({
    button: 'OK' as const,
    text: o.key === 'month' ? '2024-05' : '',
  }));
  app.run(menuFunctionName(command));
}

function unexpected(app: Loaded): string[] {
  return [
    ...app.emu.alerts.filter((a) => a.includes('予期しない')),
    ...app.emu.logs.filter((l) => l.level === 'error').map((l) => l.text),
  ];
}

test('the suite covers at least setup', () => {
  expect(implemented).toContain('setup');
});

test('the user-cell check notices a changed value, format, note, a new value, and a deleted tab', () => {
  const app = prepared('validate');
  const { emu } = app;
  const before = userCells(emu);
  const ledger = emu.sheet(TAB.ledger);
  ledger.update(3, 2, (c) => (c.v = '山田 太朗'));
  ledger.update(4, 11, (c) => (c.format = '0'));
  ledger.update(5, 3, (c) => (c.note = 'x'));
  ledger.update(6, 22, (c) => (c.v = 'メモ'));
  emu.sheets.splice(emu.sheets.indexOf(emu.sheet('シート1')), 1);
  const changed = changedUserCells(before, userCells(emu));
  expect(changed).toHaveLength(5);
  expect(changed.join('\n')).toContain('シート1: tab deleted');
});

/**
 * Commands whose rerun does not repair a failed run yet. setup: a tab it created but could not fill
 * (設定, 支援記録) is seen as existing on the rerun and left as it is.
 */
const KNOWN_UNREPAIRED = new Set<string>([]);

interface FaultReport {
  /** Broken promises: a user cell changed, the lock kept, the user not told. */
  safety: string[];
  /** Failure points after which a rerun did not give the clean run's book. */
  repair: string[];
}

const faultReports = new Map<string, FaultReport>();

/** Runs the command once per service call, failing that call; then reruns it without failure. */
function faultRuns(command: string): FaultReport {
  const cached = faultReports.get(command);
  if (cached) return cached;
  const clean = prepared(command);
  clickMenu(clean, command);
  const total = clean.emu.calls.total;
  const expected = JSON.stringify(clean.emu.dump());
  expect(total).toBeGreaterThan(3);
  const report: FaultReport = { safety: [], repair: [] };
  for (let n = 1; n <= total; n++) {
    const app = prepared(command);
    const { emu } = app;
    const before = userCells(emu);
    emu.failAt = n;
    try {
      clickMenu(app, command);
    } catch {
      // Thrown out of the handler (the UI itself failed): Apps Script shows its own error box.
    }
    const at = `fail at ${n} (${emu.calls.log[n - 1]})`;
    const changed = changedUserCells(before, userCells(emu), command === 'intake');
    if (changed.length) report.safety.push(`${at}: user cells changed: ${changed.slice(0, 3).join('; ')}`);
    if (emu.lockHeld && emu.calls.log[n - 1] !== 'Lock.releaseLock') report.safety.push(`${at}: lock kept`);
    const thrownOut = emu.calls.log.length === n;
    if (emu.alerts.length === 0 && !thrownOut) report.safety.push(`${at}: the user was not told`);

    emu.failAt = null;
    emu.lockHeld = false;
    clickMenu(app, command);
    if (JSON.stringify(emu.dump()) !== expected) report.repair.push(`${at}: a rerun did not repair the book`);
  }
  faultReports.set(command, report);
  return report;
}

describe.each(implemented)('%s from the menu', (command) => {
  test('no unexpected error; user cells unchanged; owned columns and generated tabs in place; lock given back', () => {
    const app = prepared(command);
    const { emu } = app;
    const tabsBefore = new Set(emu.sheets.map((s) => s.name));
    const before = userCells(emu);
    clickMenu(app, command);
    expect(unexpected(app)).toEqual([]);
    expect(emu.lockHeld).toBe(false);
    expect(changedUserCells(before, userCells(emu), command === 'intake')).toEqual([]);

    // The ledger carries each owned column exactly once.
    const ledger = emu.sheet(TAB.ledger);
    const headers: string[] = [];
    for (let r = 1; r <= 10; r++) for (let c = 1; c <= ledger.maxCols; c++) headers.push(String(ledger.get(r, c).v));
    for (const col of OWNED_COLUMNS) expect(headers.filter((h) => h === col.header)).toHaveLength(1);

    // A tab the command created is a generated one (marked in A1) or one of the contract's own tabs.
    for (const sheet of emu.sheets) {
      if (tabsBefore.has(sheet.name) || USER_TABS.has(sheet.name)) continue;
      expect([sheet.name, String(sheet.get(1, 1).v).startsWith(GENERATED_MARK)]).toEqual([sheet.name, true]);
    }
  });

  test('a second run changes nothing', () => {
    const app = prepared(command);
    clickMenu(app, command);
    const once = JSON.stringify(app.emu.dump());
    clickMenu(app, command);
    expect(unexpected(app)).toEqual([]);
    expect(JSON.stringify(app.emu.dump())).toBe(once);
  });

  test('10 rows and 200 rows cost the same service calls', () => {
    const count = (rows: number): number => {
      const app = prepared(command, rows);
      clickMenu(app, command);
      expect(unexpected(app)).toEqual([]);
      const grow =
        (app.emu.calls.byName['Sheet.insertRowsAfter'] ?? 0) + (app.emu.calls.byName['Sheet.insertColumnsAfter'] ?? 0);
      return app.emu.calls.total - grow;
    };
    expect(count(200)).toBe(count(10));
  });

  test('a failure at any service call leaves every user cell as it was, gives the lock back, tells the user', () => {
    expect(faultRuns(command).safety).toEqual([]);
  });

  // A rerun after a failure should bring the book to what one clean run gives. Known exception:
  // setup adds whole tabs only when missing, so a tab left half-made by a failure stays so (see
  // KNOWN_UNREPAIRED). test.failing turns green→red once that is fixed, as a reminder to drop it.
  (KNOWN_UNREPAIRED.has(command) ? test.failing : test)(
    'after any such failure, a plain rerun repairs the book',
    () => {
      expect(faultRuns(command).repair).toEqual([]);
    },
  );
});
