// Every entry point that is not a command's menu item (those are in commands.test.ts), run in the
// real bundle, failed at each of its Apps Script service calls in turn (the k-th call throws a
// transient `Service error: …`, as Apps Script's services do). After each failure: no user cell
// changed; a plain rerun (the next trigger run, the user clicking again) gives the book, the stored
// properties, the triggers and the forms that one run without a failure gives; nobody is mailed
// twice; and every message that reaches a person — an alert, a sidebar's message, the error a
// trigger run ends with (Apps Script mails it to whoever installed the trigger) — is Japanese and
// does not pass on the service's own text.

import { TAB } from '../../src/domain/schema';
import { AppsScriptEmulator } from './emulator';
import { changedUserCells, sampleBook, userCells } from './fixtures';
import { load, type Loaded } from './harness';
import { currentSelection, selectCell } from './sidebarServices';

/** 2025-07-15, 09:00 in Tokyo: every 活動報告 month up to 2025-06 is past its deadline. */
const NOW = Date.UTC(2025, 6, 15, 0, 0);

/** The row of 設定 whose column A is `label`. */
function settingsRow(app: Loaded, label: string): number {
  const settings = app.emu.sheet(TAB.settings);
  for (let r = 1; r <= settings.lastRow(); r++) if (settings.valueAt(r, 1) === label) return r;
  throw new Error(`no ${label} in 設定`);
}

function centerHeaderRow(app: Loaded): number {
  const settings = app.emu.sheet(TAB.settings);
  for (let r = 1; r <= settings.lastRow(); r++) if (settings.valueAt(r, 2) === 'センター名') return r;
  throw new Error('no center list');
}

interface WorldOptions {
  /** Install the daily and form triggers (as the owner). */
  triggers?: boolean;
  /** Make the 活動報告 form and leave one answer waiting for intake. */
  form?: boolean;
  /**
   * A day after a daily run: its digest and reminders recorded, and one more center given an
   * address (so the run under test has one new reminder to send and the old ones must not go again).
   */
  ranBefore?: boolean;
}

/**
 * A spreadsheet in use: the sample ledger after 初期設定, a digest recipient, the 未提出のお知らせ
 * on with two centers' addresses, optionally the activity form with one answer not yet taken, and
 * the daily and form triggers installed by the owner.
 */
function world(options: WorldOptions = {}): Loaded {
  const emu = new AppsScriptEmulator();
  sampleBook(emu, { rows: 10 });
  const app = load(emu, { now: NOW });
  app.run('menuSetup');
  const settings = emu.sheet(TAB.settings);
  settings.seed([['tanto@example.jp']], settingsRow(app, '通知メール送信先'), 2);
  settings.seed([['する']], settingsRow(app, '未提出のお知らせメール'), 2);
  const header = centerHeaderRow(app);
  settings.seed([['メールアドレス']], header, 4);
  settings.seed([['akane@example.jp']], header + 2, 4); // あかね園
  settings.seed([['nakazato@example.jp']], header + 11, 4); // 中里
  if (options.form) {
    app.run('menuActivityForm');
    const form = emu.forms.forms[0];
    emu.forms.submit(
      form.id,
      {
        センター名: 'あかね園',
        対象年月: '2025-05',
        個別支援会議件数: '1',
        ネットワーク会議件数: '0',
        研修会件数: '0',
        提出者: '佐藤',
      },
      new Date(Date.UTC(2025, 5, 1, 1, 0)),
    );
    app.run('menuIntake');
    emu.forms.submit(
      form.id,
      {
        センター名: 'エール',
        対象年月: '2025-06',
        個別支援会議件数: '2',
        ネットワーク会議件数: '0',
        研修会件数: '1',
        提出者: '鈴木',
      },
      new Date(Date.UTC(2025, 6, 1, 1, 0)),
    );
  }
  if (options.triggers) {
    app.run('installDailyRefresh');
    app.run('installFormIntake');
  }
  if (options.ranBefore) {
    const [run] = app.fire('dailyRefresh');
    if (run.error || emu.mails.length !== 3) throw new Error('the earlier daily run did not mail as expected');
    let yell = 0;
    for (let r = header; r <= settings.lastRow() && !yell; r++) if (settings.valueAt(r, 2) === 'エール') yell = r;
    settings.seed([['yell@example.jp']], yell, 4);
    emu.mails.length = 0;
  }
  emu.alerts.length = 0;
  emu.toasts.length = 0;
  emu.logs.length = 0;
  emu.resetCalls();
  return app;
}

// ---------------------------------------------------------------------------------------------
// Copies of a world: building one takes 初期設定 and form runs, so each is built once and copied
// for every failure point (a deep copy of the emulator, classes and cycles kept).

function deepCopy<T>(value: T, seen = new Map<unknown, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value; // functions are shared, not copied
  const known = seen.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = deepCopy(value[i], seen);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = deepCopy((value as Record<string, unknown>)[key], seen);
    return out as T;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(deepCopy(k, seen), deepCopy(v, seen));
    return out as T;
  }
  if (value instanceof Set) {
    const out = new Set();
    seen.set(value, out);
    for (const v of value) out.add(deepCopy(v, seen));
    return out as T;
  }
  if (Object.prototype.toString.call(value) === '[object Date]') {
    return new (value.constructor as DateConstructor)((value as unknown as Date).getTime()) as T;
  }
  // A class instance (a sheet, the forms): the same prototype, every own property copied.
  const out = Object.create(proto);
  seen.set(value, out);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in d) d.value = deepCopy(d.value, seen);
    Object.defineProperty(out, key, d);
  }
  return out as T;
}

const worlds = new Map<string, AppsScriptEmulator>();

/** A fresh copy of the world, loaded as a new execution of the bundle. */
function copyOf(options: WorldOptions): Loaded {
  const key = JSON.stringify(options);
  let emu = worlds.get(key);
  if (!emu) {
    emu = world(options).emu;
    worlds.set(key, emu);
  }
  return load(deepCopy(emu), { now: NOW });
}

/** The same spreadsheet, opened by a new execution (the next trigger run, the user clicking again). */
function again(app: Loaded): Loaded {
  return load(app.emu, { now: NOW });
}

// ---------------------------------------------------------------------------------------------
// The entry points

interface Outcome {
  /** What reaches a person: alerts, a sidebar's message, the error a trigger run ends with. */
  messages: string[];
  /** An error thrown out of the function. */
  thrown: boolean;
  /** What a sidebar function returns to its page (JSON, as google.script.run carries it). */
  reply?: string;
}

interface Entry {
  readonly fn: string;
  readonly world: WorldOptions;
  /** Whether the function is a trigger's: no UI, a failure ends in Apps Script's failure mail. */
  readonly trigger?: boolean;
  /** A sidebar's server function: its page shows a fixed Japanese text when the call itself fails. */
  readonly sidebar?: boolean;
  /**
   * A simple trigger (onOpen): what it throws reaches nobody (Apps Script only logs it), and it has
   * no way to tell anyone; opening the spreadsheet again is its rerun.
   */
  readonly simple?: boolean;
  readonly args?: unknown[];
  /** The user's part before the call (the cursor on a ledger row). */
  prepare?(app: Loaded): void;
}

function messageOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e ? String((e as Error).message) : String(e);
}

function invoke(app: Loaded, entry: Entry): Outcome {
  const { emu } = app;
  const alerts = emu.alerts.length;
  if (entry.trigger) {
    const runs = app.fire(entry.fn, {});
    if (runs.length !== 1) throw new Error(`${entry.fn}: ${runs.length} triggers fired`);
    const failed = runs.filter((r) => 'error' in r);
    return { messages: failed.map((r) => messageOf(r.error)), thrown: failed.length > 0 };
  }
  try {
    const value = app.run(entry.fn, ...(entry.args ?? []));
    const reply = value === undefined ? undefined : JSON.stringify(value);
    const parsed = reply ? (JSON.parse(reply) as { ok?: boolean; message?: string }) : {};
    const messages = [...emu.alerts.slice(alerts)];
    if (parsed.ok === false && parsed.message) messages.push(parsed.message);
    return { messages, thrown: false, reply };
  } catch (e) {
    // Out of a menu function, Apps Script shows the error's own text in its error box; out of a
    // sidebar function, the page shows its fixed Japanese text instead (src/sidebar/page.ts).
    const shown = entry.sidebar || entry.simple ? [] : [messageOf(e)];
    return { messages: [...emu.alerts.slice(alerts), ...shown], thrown: true };
  }
}

/** Everything a run may change, as one string: cells, properties, triggers, menus, forms, selection. */
function state(app: Loaded): string {
  const { emu } = app;
  const forms = emu.forms.forms.map((f) => ({
    id: f.id,
    title: f.title,
    description: f.description,
    items: f.items.map((i) => [i.title, i.kind, i.helpText, i.required, i.choices, i.validation]),
    destination: f.destinationId,
    sheet: f.sheet?.name ?? null,
    published: f.published,
    responses: f.responses,
  }));
  const selection = currentSelection(emu);
  // Each opening of the spreadsheet builds the menu anew: the last one built is the one shown.
  return JSON.stringify({ dump: emu.dump(), forms, menu: emu.menus[emu.menus.length - 1] ?? null, selection });
}

const mailList = (app: Loaded): string[] => app.emu.mails.map((m) => `${m.to} | ${m.subject}`).sort();

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const RAW = /Service error|injected failure/;

const onLedgerRow = (app: Loaded): void => selectCell(app.emu, TAB.ledger, 3, 2);

const ENTRIES: Entry[] = [
  { fn: 'dailyRefresh', world: { triggers: true, form: true }, trigger: true },
  { fn: 'dailyRefresh', world: { triggers: true, form: true, ranBefore: true }, trigger: true },
  { fn: 'onFormSubmitIntake', world: { triggers: true, form: true }, trigger: true },
  { fn: 'sidebarCase', world: {}, sidebar: true, prepare: onLedgerRow },
  { fn: 'sidebarTodo', world: {}, sidebar: true },
  { fn: 'sidebarSelectCase', world: {}, sidebar: true, args: ['K-0004'], prepare: onLedgerRow },
  { fn: 'sidebarSelection', world: {}, sidebar: true, prepare: onLedgerRow },
  { fn: 'onOpen', world: {}, simple: true },
  { fn: 'installDailyRefresh', world: {} },
  { fn: 'removeDailyRefresh', world: { triggers: true } },
  { fn: 'installFormIntake', world: {} },
  { fn: 'removeFormIntake', world: { triggers: true } },
  { fn: 'menuActivityForm', world: { form: true } },
  { fn: 'menuCaseForm', world: {} },
];

const label = (e: Entry): string => (e.world.ranBefore ? `${e.fn} (the day after a run)` : e.fn);

/**
 * Calls that build a rule object or read one already fetched, many per run and each like the
 * next: failed at the first and last of each stretch and every STRIDE-th call; every other call
 * (sheets, ranges, properties, lock, mail, triggers, forms, UI) is failed every time.
 */
const REPETITIVE =
  /^(SpreadsheetApp\.newConditionalFormatRule|ConditionalFormatRuleBuilder\.|ConditionalFormatRule\.|BooleanCondition\.|Range\.getA1Notation$)/;
const STRIDE = 25;

function faultPoints(log: readonly string[]): number[] {
  const points: number[] = [];
  for (let i = 0; i < log.length; i++) {
    const name = log[i];
    const edge = !REPETITIVE.test(log[i - 1] ?? '') || !REPETITIVE.test(log[i + 1] ?? '');
    if (!REPETITIVE.test(name) || edge || (i + 1) % STRIDE === 0) points.push(i + 1);
  }
  return points;
}

interface Report {
  calls: number;
  faulted: number;
  /** A user cell changed, or the lock kept. */
  safety: string[];
  /** A failure left undone work nobody is told of. */
  untold: string[];
  /** A rerun did not give the clean run's spreadsheet (or reply). */
  repair: string[];
  /** Someone was mailed twice, or not at all, over the failed run and the rerun. */
  mail: string[];
  /** A message reaching a person that is not Japanese or passes on the service's text. */
  text: string[];
}

const reports = new Map<Entry, Report>();

function faultRuns(entry: Entry): Report {
  const known = reports.get(entry);
  if (known) return known;
  const clean = copyOf(entry.world);
  entry.prepare?.(clean);
  clean.emu.resetCalls();
  const cleanOutcome = invoke(clean, entry);
  if (cleanOutcome.thrown || cleanOutcome.messages.some((m) => /予期しない/.test(m))) {
    throw new Error(`${label(entry)} fails without a fault: ${cleanOutcome.messages.join(' / ')}`);
  }
  const log = clean.emu.calls.log.slice();
  const expected = state(clean);
  const settings = clean.emu.sheets.find((x) => x.name === TAB.settings);
  let block = 0; // 設定's form block: its label column is headed （自動）, its values are right of it
  for (let c = 1; settings && c <= settings.lastColumn() && !block; c++)
    if (settings.valueAt(1, c) === 'フォーム（自動）') block = c;
  const ours = (change: string) =>
    block > 0 && change.startsWith(`${TAB.settings}!`) && change.split(/[!:]/)[2] === String(block + 1);
  const expectedMails = mailList(clean);
  const points = faultPoints(log);
  const report: Report = {
    calls: log.length,
    faulted: points.length,
    safety: [],
    untold: [],
    repair: [],
    mail: [],
    text: [],
  };
  const before = userCells(copyOf(entry.world).emu);
  for (const n of points) {
    const app = copyOf(entry.world);
    const { emu } = app;
    entry.prepare?.(app);
    emu.resetCalls();
    emu.failAt = n;
    const failed = invoke(app, entry);
    emu.failAt = null;
    const at = `call ${n} (${log[n - 1]})`;
    if (emu.calls.log[n - 1] !== log[n - 1]) throw new Error(`${label(entry)}: the run is not repeatable at ${at}`);
    const changed = changedUserCells(before, userCells(emu), entry.fn === 'onFormSubmitIntake').filter((c) => !ours(c));
    if (changed.length) report.safety.push(`${at}: user cells changed: ${changed.slice(0, 2).join('; ')}`);
    if (emu.lockHeld && log[n - 1] !== 'Lock.releaseLock') report.safety.push(`${at}: lock kept`);
    for (const m of failed.messages) {
      if (!JAPANESE.test(m) || RAW.test(m)) report.text.push(`${at}: ${m.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    // Told: a trigger run that left work undone ends with an error (the failure mail); a menu run
    // shows an alert or Apps Script's error box. Sidebars answer on their page; onOpen cannot tell.
    const mustTell =
      !entry.sidebar && !entry.simple && !failed.thrown && (entry.trigger || failed.messages.length === 0);
    if (mustTell && (state(app) !== expected || JSON.stringify(mailList(app)) !== JSON.stringify(expectedMails))) {
      report.untold.push(`${at}: work left undone, nobody told`);
    }

    // The next run: Apps Script gave the lock back when the failed execution ended.
    emu.lockHeld = false;
    const rerun = again(app);
    entry.prepare?.(rerun);
    const second = invoke(rerun, entry);
    if (state(rerun) !== expected) report.repair.push(`${at}: the rerun did not give the clean run's spreadsheet`);
    if (entry.sidebar && second.reply !== cleanOutcome.reply) report.repair.push(`${at}: the rerun replied otherwise`);
    const mails = mailList(rerun);
    if (JSON.stringify(mails) !== JSON.stringify(expectedMails)) {
      const extra = mails.filter((m, i) => mails.indexOf(m) !== i || !expectedMails.includes(m));
      const missing = expectedMails.filter((m) => !mails.includes(m));
      report.mail.push(`${at}: mailed again [${extra.join('; ')}], never mailed [${missing.join('; ')}]`);
    }
  }
  reports.set(entry, report);
  return report;
}

/**
 * What the loop finds and is not fixed yet: `test.failing` keeps a finding in view and turns red
 * once it is fixed, as a reminder to move the entry to a plain test. Keyed by entry label, then
 * property. Empty: the last five (mail recorded after sending, a failing waitLock only logged, a
 * transient openById taken as a deleted form, a half-made form nobody recorded) are fixed.
 *
 * What the loop does not show: it fails one call per run, and a failed MailApp.sendEmail sends
 * nothing (the daily mails are rolled back and sent again then). The one write after FormApp.create
 * is retried once by src/gas/forms.ts, so two failures in a row there would still leave a form
 * nobody recorded.
 */
const KNOWN: Record<string, Partial<Record<keyof Omit<Report, 'calls' | 'faulted'>, string>>> = {};

const PROPERTIES: [keyof Omit<Report, 'calls' | 'faulted'>, string][] = [
  ['safety', 'no user cell changed, the lock given back'],
  ['untold', 'work left undone is told'],
  ['repair', 'a plain rerun gives what one clean run gives'],
  ['mail', 'nobody mailed twice, nobody left out'],
  ['text', 'every message reaching a person is Japanese, without the service’s own text'],
];

test('the copy of a world behaves as the world it was copied from', () => {
  const entry = ENTRIES[0];
  const built = world(entry.world);
  const copied = copyOf(entry.world);
  invoke(built, entry);
  invoke(copied, entry);
  expect(state(copied)).toBe(state(built));
  expect(mailList(copied)).toEqual(mailList(built));
  expect(mailList(built).length).toBe(3); // the digest and two reminders: the loop sees mail
});

test('each entry point is failed at its service calls (counts: calls in a clean run / calls failed)', () => {
  const counts = ENTRIES.map((e) => {
    const t0 = Date.now();
    const r = faultRuns(e);
    return [label(e), r.calls, r.faulted, Date.now() - t0] as const;
  });
  if (process.env.FAULT_COUNTS) console.log(counts.map((c) => c.join('\t')).join('\n'));
  for (const [name, calls, faulted] of counts) {
    expect([name, faulted >= Math.min(calls, 40)]).toEqual([name, true]);
  }
});

describe.each(ENTRIES.map((e) => [label(e), e] as const))('%s, failed at each service call', (name, entry) => {
  for (const [property, title] of PROPERTIES) {
    const known = KNOWN[name]?.[property];
    (known ? test.failing : test)(known ? `${title} — known: ${known}` : title, () => {
      expect(faultRuns(entry)[property]).toEqual([]);
    });
  }
});
