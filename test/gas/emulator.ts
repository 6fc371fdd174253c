// An in-memory emulator of the Apps Script services dist/Code.js uses, faithful where it matters:
// it rejects what Sheets rejects (wrong setValues shapes, ranges outside the sheet, duplicate tab
// names), parses strings written with setValues the way Sheets does (formulas, numbers, dates —
// unless the cell is plain text '@' or the string starts with an apostrophe), returns date cells
// from getValues as Date objects of the script's own realm at midnight in the spreadsheet's time
// zone, and counts every service call so a test can fail the Nth one.
//
// Only what the bundle uses is here; a missing method is a TypeError in the test, never a silent pass.

/* eslint-disable @typescript-eslint/no-explicit-any */

import { withSidebarServices } from './sidebarServices';
import { EmuForms } from './formApp';

const DAY_MS = 86400000;
const SERIAL_EPOCH_DAYS = 25569; // 1970-01-01 as a Sheets serial
/** What getNumberFormat(s) reports for a cell left on automatic. */
export const AUTOMATIC = '0.###############';
export const DEFAULT_ROWS = 1000;
/** The title an add-on menu shows (Extensions › the add-on's name). */
export const ADDON_MENU = 'Extensions › 定着支援';
export const DEFAULT_COLS = 26;
export const DEFAULT_COLUMN_WIDTH = 100;
const PROPERTY_VALUE_LIMIT = 9 * 1024;
/** Quotas page: 20 triggers per user per script. */
const TRIGGER_LIMIT = 20;
/** Quotas page: email recipients per message. */
const RECIPIENTS_PER_MESSAGE = 50;
/** Quotas page: email recipients per day (consumer account). */
const DAILY_RECIPIENTS = 100;

export interface Realm {
  Date: DateConstructor;
  Error: ErrorConstructor;
}

/** full: a menu click; none: onOpen of an add-on (AuthMode.NONE); trigger: time-driven/form trigger (no UI). */
export type Mode = 'full' | 'none' | 'trigger';

export interface CellModel {
  v: string | number | boolean;
  formula: string | null;
  /** '' = automatic */
  format: string;
  bg: string | null;
  note: string;
  validation: DataValidationModel | null;
  weight: 'bold' | 'normal';
  /** Horizontal alignment; null = automatic (numbers right, text left). */
  align: 'left' | 'center' | 'right' | null;
  /** Text wrapping (Range.setWrap/setWraps): false = overflow into empty neighbours (the default). */
  wrap: boolean;
}

export interface DataValidationModel {
  type: 'VALUE_IN_LIST';
  values: string[];
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText: string;
}

export interface ConditionalRuleModel {
  formula: string;
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  ranges: { row: number; col: number; numRows: number; numCols: number }[];
}

/** A range protection (Range.protect): warning-only ones let any editor edit, after a warning. */
export interface ProtectionModel {
  description: string;
  area: { row: number; col: number; numRows: number; numCols: number };
  warningOnly: boolean;
}

export interface ChartModel {
  id: number;
  type: string;
  title: string | null;
  ranges: { row: number; col: number; numRows: number; numCols: number }[];
  position: { row: number; col: number };
  numHeaders: number | null;
}

export interface TriggerModel {
  id: string;
  /** The user who made it: triggers run as, and are listed to, their owner only. */
  owner: string;
  handler: string;
  eventType: string;
  source: string;
  schedule?: { everyDays?: number; atHour?: number; timeZone?: string };
}

export interface MenuModel {
  title: string;
  items: ({ label: string; fn: string } | 'separator')[];
}

export interface PromptAnswer {
  button: 'OK' | 'CANCEL';
  text: string;
}

const blankCell = (): CellModel => ({
  v: '',
  formula: null,
  format: '',
  bg: null,
  note: '',
  validation: null,
  weight: 'normal',
  align: null,
  wrap: false,
});

function isBlank(c: CellModel): boolean {
  return (
    c.v === '' &&
    c.formula === null &&
    c.format === '' &&
    c.bg === null &&
    c.note === '' &&
    c.validation === null &&
    c.weight === 'normal' &&
    c.align === null &&
    !c.wrap
  );
}

function isDateValue(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** Whether a number format shows a date/time (so getValues gives a Date). */
export function isDateFormat(format: string): boolean {
  let known = dateFormats.get(format);
  if (known === undefined) {
    const bare = format.replace(/"[^"]*"/g, '').replace(/\\./g, '');
    known = /[yd]/i.test(bare) || /h+:m/i.test(bare);
    dateFormats.set(format, known);
  }
  return known;
}
/** isDateFormat's answers: a book has a handful of formats over millions of cells. */
const dateFormats = new Map<string, boolean>();

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function validYmd(y: number, m: number, d: number): boolean {
  const dim = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= dim[m - 1];
}

/** Serial of a calendar date (day 0 = 1899-12-30), computed without the machine's time zone. */
export function serialOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / DAY_MS + SERIAL_EPOCH_DAYS;
}

/** See AppsScriptEmulator.sheetCalls. */
export function isDocumentCall(name: string): boolean {
  return (
    (/^(Spreadsheet|Sheet|Range|RangeList)\./.test(name) && name !== 'Range.getA1Notation') ||
    /^(DeveloperMetadata\.(set|remove|move)|Protection\.)/.test(name) ||
    /^SpreadsheetApp\.(getActive|getActiveSpreadsheet|flush)$/.test(name)
  );
}

/**
 * A document call that changes the document. Apps Script caches such writes and sends them in a
 * batch (best-practices page, https://developers.google.com/apps-script/guides/support/best-practices:
 * "alternating read and write commands is slow"; SpreadsheetApp.flush: "Spreadsheet operations are
 * sometimes bundled together to improve performance").
 */
export function isWriteCall(name: string): boolean {
  return (
    /^(Spreadsheet|Sheet|Range|RangeList|Protection)\.(set|insert|clear|remove|add|delete|protect|activate)/.test(
      name,
    ) || /^DeveloperMetadata\.(set|remove|move)/.test(name)
  );
}

/**
 * A document call that returns document data, so pending writes must reach the document first.
 * Range handles and their geometry (getRange, getRangeList, getRanges, getRow…) are the script's own.
 */
export function isDataCall(name: string): boolean {
  if (!/^(Spreadsheet|Sheet|Range|RangeList|Protection|DeveloperMetadata)\.(get|is)/.test(name)) return false;
  return !/\.(getRange|getRangeList|getRanges|getRow|getColumn|getNumRows|getNumColumns|getA1Notation|getSheet|getUrl|getId)$/.test(
    name,
  );
}

/** See AppsScriptEmulator.builderCalls. */
export function isBuilderCall(name: string): boolean {
  return (
    /^SpreadsheetApp\.new/.test(name) ||
    name === 'Range.getA1Notation' ||
    /^[A-Za-z]*Builder\./.test(name) ||
    /^(ConditionalFormatRule|BooleanCondition)\./.test(name) ||
    /^DeveloperMetadata\.get/.test(name)
  );
}

/**
 * What the reference leaves open, as switches. `EMU_OPEN=alternative` flips every default, so the
 * whole suite can run both ways (npm test does).
 */
export const OPEN_ALTERNATIVE = process.env.EMU_OPEN === 'alternative';

export class AppsScriptEmulator {
  realm: Realm = { Date, Error };
  /**
   * How a plain-text ('@') cell takes a setValues string. The reference (Range.setValues) says a
   * string starting with '=' is a formula and says nothing of '@' cells: 'keep' stores the string as
   * it is (a leading apostrophe too); 'parse' parses it as on Automatic (formulas, numbers, dates).
   */
  plainTextCells: 'keep' | 'parse' = OPEN_ALTERNATIVE ? 'parse' : 'keep';
  /** RangeList.getRanges() order (the reference does not promise the order given). */
  rangeListOrder: 'given' | 'reversed' = OPEN_ALTERNATIVE ? 'reversed' : 'given';
  /**
   * [rows, columns] of a tab made by insertSheet, when not Sheets' usual 1,000 × 26: the reference
   * (Spreadsheet.insertSheet) does not give the size, so the adapter must not depend on it.
   */
  newSheetSize: [number, number] | null = null;
  /** Whether Sheet.clear() keeps notes (reference: "content and formatting"; notes are neither). */
  clearKeepsNotes = !OPEN_ALTERNATIVE;
  mode: Mode = 'full';
  readonly calls = { total: 0, byName: {} as Record<string, number>, log: [] as string[] };
  /** Writes sent since the last trip to the document (see roundTrips). */
  private pendingWrites = false;
  /** The calls that forced a flush of pending writes, in order (see roundTrips). */
  readonly trips: string[] = [];
  /** Calls made where the mode forbids them (AuthMode.NONE reaching a sheet, a trigger asking for UI). */
  readonly violations: string[] = [];
  /** Throw on this call number (1-based, counted from the last resetCalls). */
  failAt: number | null = null;
  timeZone = 'Asia/Tokyo';
  /** Offset of the spreadsheet's time zone from UTC (Asia/Tokyo: +9 h, no DST). */
  offsetMinutes = 540;

  readonly sheets: EmuSheet[] = [];
  private nextSheetId = 1;
  nextChartId = 1;
  activeSheet: EmuSheet | null = null;

  readonly menus: MenuModel[] = [];
  readonly alerts: string[] = [];
  readonly toasts: string[] = [];
  readonly prompts: string[] = [];
  promptAnswers: PromptAnswer[] = [];
  /** A bound script asked for the add-on menu (it works, under Extensions: noted for the tests). */
  addonMenuWhenBound = false;
  /** Buttons the next alerts with a button set return (YES, NO…); OK when none is queued. */
  alertAnswers: string[] = [];

  lockHeldElsewhere = false;
  lockHeld = false;
  lockAcquisitions = 0;

  readonly documentProperties = new Map<string, string>();
  readonly scriptProperties = new Map<string, string>();
  /** Developer metadata on the spreadsheet itself. */
  readonly metadata: { key: string; value: string | null }[] = [];
  /** Each user's own property store (PropertiesService.getUserProperties). */
  readonly userPropertiesByUser = new Map<string, Map<string, string>>();

  // --- users: a spreadsheet shared by several editors ----------------------------------------
  /** Who runs the script now (a menu click: the clicking editor; a trigger: its owner). */
  user = 'owner@example.jp';
  /**
   * Whether Session reveals the user's address. The User page leaves it open ("if security
   * policies do not allow access … returns a blank string"): a switch, the suite passes both ways.
   */
  emailVisible = !OPEN_ALTERNATIVE;
  /**
   * False models a script with no container document: LockService.getDocumentLock() and
   * PropertiesService.getDocumentProperties() return null (reference: LockService, PropertiesService).
   */
  hasContainer = true;
  /** How the script is installed: bound to the spreadsheet, or an Editor add-on. */
  installedAs: 'bound' | 'addon' = 'bound';

  /** Every user's installable triggers; ScriptApp shows each user only their own. */
  readonly triggers: TriggerModel[] = [];
  nextTriggerId = 1;

  /** Recipients each user may still mail today (MailApp quotas are per user). */
  readonly mailQuotas = new Map<string, number>();
  readonly mails: { to: string; subject: string; body: string }[] = [];
  /** FormApp's forms (test/gas/formApp.ts). */
  readonly forms = new EmuForms(this);
  readonly logs: { level: string; text: string }[] = [];

  readonly url = 'https://docs.google.com/spreadsheets/d/EMULATED/edit';

  constructor() {
    const first = this.addSheet('シート1');
    this.activeSheet = first;
  }

  /** The current user's remaining mail quota (recipients). */
  get mailQuota(): number {
    return this.mailQuotas.get(this.user) ?? DAILY_RECIPIENTS;
  }
  set mailQuota(n: number) {
    this.mailQuotas.set(this.user, n);
  }

  /** The current user's property store. */
  get userProperties(): Map<string, string> {
    let store = this.userPropertiesByUser.get(this.user);
    if (!store) {
      store = new Map();
      this.userPropertiesByUser.set(this.user, store);
    }
    return store;
  }

  /** Switches to another editor (not counted). */
  as(user: string): this {
    this.user = user;
    return this;
  }

  /** What a user's installable trigger hands its handler (event-objects guide: authMode, triggerUid). */
  triggerEvent(t: TriggerModel): Record<string, unknown> {
    return { authMode: 'FULL', triggerUid: t.id };
  }

  // --- bookkeeping ---------------------------------------------------------------------------

  error(message: string): Error {
    return new this.realm.Error(message);
  }

  /** Every service method calls this first. */
  call(name: string): void {
    const uiCall = name.startsWith('Ui.') || name.startsWith('Menu.') || name === 'SpreadsheetApp.getUi';
    if (this.mode === 'none' && !uiCall) {
      this.violations.push(name);
      throw this.error(`You do not have permission to call ${name} in AuthMode.NONE.`);
    }
    if (this.mode === 'trigger' && uiCall) {
      this.violations.push(name);
      throw this.error('Cannot call SpreadsheetApp.getUi() from this context.');
    }
    this.calls.total++;
    this.calls.byName[name] = (this.calls.byName[name] ?? 0) + 1;
    this.calls.log.push(name);
    if (this.pendingWrites && (isDataCall(name) || name === 'SpreadsheetApp.flush')) {
      this.trips.push(name);
      this.pendingWrites = false;
    }
    if (isWriteCall(name)) this.pendingWrites = true;
    if (this.failAt !== null && this.calls.total === this.failAt) {
      throw this.error(`Service error: injected failure at call ${this.calls.total} (${name})`);
    }
  }

  resetCalls(): void {
    this.calls.total = 0;
    this.calls.byName = {};
    this.calls.log = [];
    this.trips.length = 0;
    this.pendingWrites = false;
  }

  /**
   * Round trips to the document since resetCalls: each call that returned document data while
   * writes were pending (it forced them out first), plus the flush at the end of the run when
   * writes are still pending. What a run costs in Apps Script time, more than its number of calls.
   */
  roundTrips(): number {
    return this.trips.length + (this.pendingWrites ? 1 : 0);
  }

  /**
   * Calls on the document itself: Spreadsheet, Sheet, Range and RangeList methods (tabs, sizes,
   * values, formats, rules, charts), as opposed to building a rule or chart object in the script
   * (SpreadsheetApp.new…, …Builder.…), reading one already fetched (ConditionalFormatRule.…,
   * BooleanCondition.…), and UI, lock, properties, mail.
   */
  sheetCalls(): number {
    return this.calls.log.filter(isDocumentCall).length;
  }

  /** Builder calls and reads of rule objects already in the script: no trip to the document. */
  builderCalls(): number {
    return this.calls.log.filter(isBuilderCall).length;
  }

  addSheet(name: string, index?: number): EmuSheet {
    const sheet = new EmuSheet(this, name, this.nextSheetId++);
    if (index === undefined || index >= this.sheets.length) this.sheets.push(sheet);
    else this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  sheet(name: string): EmuSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`test: no sheet ${name}`);
    return s;
  }

  hasSheet(name: string): boolean {
    return this.sheets.some((x) => x.name === name);
  }

  /** Reference (Range.getValues): a date cell comes back as a Date, in the spreadsheet's time zone. */
  serialToDate(serial: number): Date {
    return new this.realm.Date((serial - SERIAL_EPOCH_DAYS) * DAY_MS - this.offsetMinutes * 60000);
  }

  dateToSerial(d: Date): number {
    return (d.getTime() + this.offsetMinutes * 60000) / DAY_MS + SERIAL_EPOCH_DAYS;
  }

  // --- the globals the bundle sees -----------------------------------------------------------

  globals(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the service objects below are plain objects
    const emu = this;
    const spreadsheet = new EmuSpreadsheet(this);
    const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
    const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
    const ui = {
      Button,
      ButtonSet,
      createMenu(caption: string) {
        emu.call('Ui.createMenu');
        return new EmuMenu(emu, caption);
      },
      // Reference (Ui.createAddonMenu): a sub-menu of Extensions, named after the add-on (or script).
      createAddonMenu() {
        emu.call('Ui.createAddonMenu');
        if (emu.installedAs === 'bound') emu.addonMenuWhenBound = true;
        return new EmuMenu(emu, ADDON_MENU);
      },
      alert(...args: unknown[]) {
        emu.call('Ui.alert');
        const text = args.filter((a) => typeof a === 'string' && !(a in ButtonSet)).join('\n');
        emu.alerts.push(text);
        const set = args.find((a) => typeof a === 'string' && a in ButtonSet);
        const answer = set && set !== 'OK' ? emu.alertAnswers.shift() : undefined;
        return answer ? (Button as Record<string, string>)[answer] : Button.OK;
      },
      prompt(...args: unknown[]) {
        emu.call('Ui.prompt');
        emu.prompts.push(args.filter((a) => typeof a === 'string' && !(a in ButtonSet)).join('\n'));
        const answer = emu.promptAnswers.shift() ?? { button: 'OK', text: '' };
        return {
          getSelectedButton: () => Button[answer.button],
          getResponseText: () => answer.text,
        };
      },
    };
    const SpreadsheetApp = {
      BooleanCriteria: { CUSTOM_FORMULA: 'CUSTOM_FORMULA' },
      ProtectionType: { RANGE: 'RANGE', SHEET: 'SHEET' },
      DataValidationCriteria: { VALUE_IN_LIST: 'VALUE_IN_LIST' },
      getActive() {
        emu.call('SpreadsheetApp.getActive');
        return spreadsheet;
      },
      getActiveSpreadsheet() {
        emu.call('SpreadsheetApp.getActiveSpreadsheet');
        return spreadsheet;
      },
      getUi() {
        emu.call('SpreadsheetApp.getUi');
        return ui;
      },
      flush() {
        emu.call('SpreadsheetApp.flush');
      },
      newDataValidation() {
        emu.call('SpreadsheetApp.newDataValidation');
        return new DataValidationBuilder(emu);
      },
      newConditionalFormatRule() {
        emu.call('SpreadsheetApp.newConditionalFormatRule');
        return new ConditionalRuleBuilder(emu);
      },
    };
    const lock = {
      tryLock(ms: number) {
        emu.call('Lock.tryLock');
        if (typeof ms !== 'number') throw emu.error('tryLock needs a timeout in milliseconds');
        if (emu.lockHeldElsewhere) return false;
        emu.lockHeld = true;
        emu.lockAcquisitions++;
        return true;
      },
      waitLock(ms: number) {
        emu.call('Lock.waitLock');
        if (typeof ms !== 'number') throw emu.error('waitLock needs a timeout in milliseconds');
        if (emu.lockHeldElsewhere) throw emu.error('Lock timeout: another process was holding the lock for too long.');
        emu.lockHeld = true;
        emu.lockAcquisitions++;
      },
      releaseLock() {
        emu.call('Lock.releaseLock');
        emu.lockHeld = false;
      },
      hasLock() {
        emu.call('Lock.hasLock');
        return emu.lockHeld;
      },
    };
    const LockService = {
      getDocumentLock() {
        emu.call('LockService.getDocumentLock');
        // Reference (LockService.getDocumentLock): null when not bound to a document or an add-on.
        return emu.hasContainer ? lock : null;
      },
      getScriptLock() {
        emu.call('LockService.getScriptLock');
        return lock;
      },
    };
    const PropertiesService = {
      getDocumentProperties() {
        emu.call('PropertiesService.getDocumentProperties');
        // Reference (PropertiesService.getDocumentProperties): null outside a document or add-on.
        return emu.hasContainer ? new EmuProperties(emu, emu.documentProperties) : null;
      },
      getScriptProperties() {
        emu.call('PropertiesService.getScriptProperties');
        return new EmuProperties(emu, emu.scriptProperties);
      },
      getUserProperties() {
        emu.call('PropertiesService.getUserProperties');
        return new EmuProperties(emu, emu.userProperties);
      },
    };
    const ScriptApp = {
      AuthMode: { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' },
      EventType: {
        CLOCK: 'CLOCK',
        ON_OPEN: 'ON_OPEN',
        ON_EDIT: 'ON_EDIT',
        ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
        ON_CHANGE: 'ON_CHANGE',
      },
      TriggerSource: { SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK', FORMS: 'FORMS' },
      InstallationSource: {
        APPS_MARKETPLACE_DOMAIN_ADD_ON: 'APPS_MARKETPLACE_DOMAIN_ADD_ON',
        NONE: 'NONE',
        WEB_STORE_ADD_ON: 'WEB_STORE_ADD_ON',
      },
      // Reference (ScriptApp.getInstallationSource): NONE when not installed as an add-on.
      getInstallationSource() {
        emu.call('ScriptApp.getInstallationSource');
        return emu.installedAs === 'addon' ? 'APPS_MARKETPLACE_DOMAIN_ADD_ON' : 'NONE';
      },
      // Reference (ScriptApp.getProjectTriggers): the current project's triggers of the current user.
      getProjectTriggers() {
        emu.call('ScriptApp.getProjectTriggers');
        return emu.triggers.filter((t) => t.owner === emu.user).map((t) => triggerObject(emu, t));
      },
      deleteTrigger(trigger: { getUniqueId(): string }) {
        emu.call('ScriptApp.deleteTrigger');
        const id = trigger.getUniqueId();
        const i = emu.triggers.findIndex((t) => t.id === id && t.owner === emu.user);
        if (i < 0) throw emu.error('Trigger not found.');
        emu.triggers.splice(i, 1);
      },
      newTrigger(handler: string) {
        emu.call('ScriptApp.newTrigger');
        if (typeof handler !== 'string' || handler === '') throw emu.error('Invalid argument: functionName');
        return new TriggerBuilder(emu, handler);
      },
    };
    const MailApp = {
      getRemainingDailyQuota() {
        emu.call('MailApp.getRemainingDailyQuota');
        return emu.mailQuota;
      },
      sendEmail(...args: any[]) {
        emu.call('MailApp.sendEmail');
        const msg =
          typeof args[0] === 'object' && args[0] !== null
            ? { to: String(args[0].to ?? ''), subject: String(args[0].subject ?? ''), body: String(args[0].body ?? '') }
            : { to: String(args[0]), subject: String(args[1]), body: String(args[2]) };
        const recipients = msg.to
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (recipients.length === 0) throw emu.error('Failed to send email: no recipient');
        // Quotas page: at most 50 recipients per message; the daily quota counts recipients, per user.
        if (recipients.length > RECIPIENTS_PER_MESSAGE)
          throw emu.error('Limit Exceeded: Email Recipients Per Message.');
        if (recipients.length > emu.mailQuota) throw emu.error('Service invoked too many times for one day: email.');
        emu.mailQuota -= recipients.length;
        emu.mails.push(msg);
      },
    };
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        emu.logs.push({ level, text: args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ') });
    const console = { log: record('log'), info: record('info'), warn: record('warn'), error: record('error') };
    // Reference (Session, User.getEmail): the address, or '' when policies hide it.
    const userObject = () => ({
      getEmail() {
        emu.call('User.getEmail');
        return emu.emailVisible ? emu.user : '';
      },
    });
    const Session = {
      getActiveUser() {
        emu.call('Session.getActiveUser');
        return userObject();
      },
      getEffectiveUser() {
        emu.call('Session.getEffectiveUser');
        return userObject();
      },
      getScriptTimeZone() {
        emu.call('Session.getScriptTimeZone');
        return 'Asia/Tokyo';
      },
    };
    const FormApp = this.forms.api();
    const services = { SpreadsheetApp, LockService, PropertiesService, ScriptApp, MailApp, Session, console, FormApp };
    return withSidebarServices(emu, services, { ui, spreadsheet, SheetApi, RangeApi }); // sidebarServices.ts
  }

  // --- test-side helpers (not counted) -------------------------------------------------------

  /** A serialisable picture of everything, for before/after comparisons. */
  dump(): unknown {
    return {
      sheets: this.sheets.map((s) => s.dump()),
      documentProperties: [...this.documentProperties.entries()].sort(),
      metadata: this.metadata,
      triggers: this.triggers.map((t) => ({
        handler: t.handler,
        owner: t.owner,
        eventType: t.eventType,
        schedule: t.schedule,
      })),
    };
  }
}

/** Seed values a test writes as a user would have typed them. */
export type Seed =
  | string
  | number
  | boolean
  | null
  | { date: string }
  | { text: string }
  | { formula: string; value: string | number | boolean };

export class EmuSheet {
  readonly cells = new Map<string, CellModel>();
  maxRows = DEFAULT_ROWS;
  maxCols = DEFAULT_COLS;
  frozenRows = 0;
  rules: ConditionalRuleModel[] = [];
  charts: ChartModel[] = [];
  protections: ProtectionModel[] = [];
  readonly columnWidths = new Map<number, number>();
  /** Developer metadata on the sheet itself (not on its cells): kept by clear(). */
  readonly metadata: { key: string; value: string | null }[] = [];

  constructor(
    readonly emu: AppsScriptEmulator,
    public name: string,
    readonly id: number,
  ) {}

  key(r: number, c: number): string {
    return `${r}:${c}`;
  }

  get(r: number, c: number): CellModel {
    return this.cells.get(this.key(r, c)) ?? blankCell();
  }

  update(r: number, c: number, change: (cell: CellModel) => void): void {
    this.extent = null;
    const k = this.key(r, c);
    const known = this.cells.get(k);
    const cell = known ?? blankCell();
    change(cell);
    if (isBlank(cell)) {
      if (known) this.cells.delete(k);
    } else if (!known) this.cells.set(k, cell);
  }

  /** Last row and column holding a value or formula; recomputed after a change (tests may edit `cells`). */
  private extent: { rows: number; cols: number; size: number } | null = null;

  private measure(): { rows: number; cols: number } {
    if (this.extent && this.extent.size === this.cells.size) return this.extent;
    let rows = 0;
    let cols = 0;
    for (const [k, cell] of this.cells) {
      if (cell.v === '' && !cell.formula) continue;
      const colon = k.indexOf(':');
      const r = Number(k.slice(0, colon));
      const c = Number(k.slice(colon + 1));
      if (r > rows) rows = r;
      if (c > cols) cols = c;
    }
    this.extent = { rows, cols, size: this.cells.size };
    return this.extent;
  }

  lastRow(): number {
    return this.measure().rows;
  }

  lastColumn(): number {
    return this.measure().cols;
  }

  /** Drops the cached extent (after cells were moved or edited other than through update). */
  touched(): void {
    this.extent = null;
  }

  /** Writes rows as a user would have typed them (not counted). */
  seed(rows: Seed[][], top = 1, left = 1): this {
    rows.forEach((line, r) =>
      line.forEach((seed, c) => {
        const row = top + r;
        const col = left + c;
        if (row > this.maxRows) this.maxRows = row;
        if (col > this.maxCols) this.maxCols = col;
        this.update(row, col, (cell) => {
          cell.formula = null;
          if (seed === null) cell.v = '';
          else if (typeof seed === 'object' && 'date' in seed) {
            const [y, m, d] = seed.date.split('-').map(Number);
            cell.v = serialOf(y, m, d);
            cell.format = 'yyyy/mm/dd';
          } else if (typeof seed === 'object' && 'text' in seed) {
            cell.v = seed.text;
            cell.format = '@';
          } else if (typeof seed === 'object' && 'formula' in seed) {
            cell.formula = seed.formula;
            cell.v = seed.value;
          } else cell.v = seed;
        });
      }),
    );
    return this;
  }

  /** The value getValues would give, in test terms: dates as 'yyyy-mm-dd'. */
  valueAt(r: number, c: number): string | number | boolean {
    const cell = this.get(r, c);
    if (typeof cell.v === 'number' && isDateFormat(cell.format)) {
      const d = new Date((cell.v - SERIAL_EPOCH_DAYS) * DAY_MS);
      return d.toISOString().slice(0, 10);
    }
    return cell.v;
  }

  /** Row r (1-based) as values, up to the last used column. */
  rowValues(r: number): (string | number | boolean)[] {
    const out: (string | number | boolean)[] = [];
    for (let c = 1; c <= this.lastColumn(); c++) out.push(this.valueAt(r, c));
    return out;
  }

  dump(): unknown {
    return {
      name: this.name,
      maxRows: this.maxRows,
      maxCols: this.maxCols,
      frozenRows: this.frozenRows,
      cells: [...this.cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      rules: this.rules,
      charts: this.charts.map((c) => ({ ...c, id: 0 })),
      protections: this.protections,
      columnWidths: [...this.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
      metadata: this.metadata,
    };
  }
}

class EmuSpreadsheet {
  constructor(private readonly emu: AppsScriptEmulator) {}

  getSheets() {
    this.emu.call('Spreadsheet.getSheets');
    return this.emu.sheets.map((s) => new SheetApi(this.emu, s));
  }
  getSheetByName(name: string) {
    this.emu.call('Spreadsheet.getSheetByName');
    const s = this.emu.sheets.find((x) => x.name === name);
    return s ? new SheetApi(this.emu, s) : null;
  }
  getNumSheets() {
    this.emu.call('Spreadsheet.getNumSheets');
    return this.emu.sheets.length;
  }
  insertSheet(...args: unknown[]) {
    this.emu.call('Spreadsheet.insertSheet');
    const name = typeof args[0] === 'string' ? args[0] : `シート${this.emu.sheets.length + 1}`;
    const index = typeof args[0] === 'number' ? args[0] : typeof args[1] === 'number' ? args[1] : undefined;
    if (this.emu.sheets.some((s) => s.name === name))
      throw this.emu.error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    if (name.length > 100) throw this.emu.error('Sheet name is too long.');
    if (index !== undefined && (index < 0 || index > this.emu.sheets.length || !Number.isInteger(index)))
      throw this.emu.error(`Index ${index} is out of range.`);
    const sheet = this.emu.addSheet(name, index);
    if (this.emu.newSheetSize) [sheet.maxRows, sheet.maxCols] = this.emu.newSheetSize;
    this.emu.activeSheet = sheet;
    return new SheetApi(this.emu, sheet);
  }
  deleteSheet(sheet: SheetApi) {
    this.emu.call('Spreadsheet.deleteSheet');
    if (this.emu.sheets.length === 1) throw this.emu.error('You can’t remove all the sheets in a document.');
    const i = this.emu.sheets.indexOf(sheet.model);
    this.emu.sheets.splice(i, 1);
  }
  getActiveSheet() {
    this.emu.call('Spreadsheet.getActiveSheet');
    return this.emu.activeSheet ? new SheetApi(this.emu, this.emu.activeSheet) : null;
  }
  toast(msg: string, title?: string, timeout?: number) {
    this.emu.call('Spreadsheet.toast');
    void timeout;
    if (this.emu.mode === 'full') this.emu.toasts.push(title ? `${title}: ${msg}` : String(msg));
  }
  getSpreadsheetTimeZone() {
    this.emu.call('Spreadsheet.getSpreadsheetTimeZone');
    return this.emu.timeZone;
  }
  getUrl() {
    this.emu.call('Spreadsheet.getUrl');
    return this.emu.url;
  }
  getId() {
    this.emu.call('Spreadsheet.getId');
    return 'EMULATED';
  }
  getDeveloperMetadata() {
    this.emu.call('Spreadsheet.getDeveloperMetadata');
    return this.emu.metadata.map((m) => new DeveloperMetadataApi(this.emu, this.emu.metadata, m));
  }
  addDeveloperMetadata(key: string, value?: string) {
    this.emu.call('Spreadsheet.addDeveloperMetadata');
    addMetadata(this.emu, this.emu.metadata, key, value);
    return this;
  }
  getName() {
    this.emu.call('Spreadsheet.getName');
    return '定着支援台帳';
  }
}

function checkInt(emu: AppsScriptEmulator, method: string, ...ns: unknown[]): void {
  for (const n of ns) {
    if (typeof n !== 'number' || !Number.isInteger(n))
      throw emu.error(
        `The parameters (${ns.map((x) => typeof x).join(',')}) don't match the method signature for ${method}.`,
      );
  }
}

class SheetApi {
  constructor(
    private readonly emu: AppsScriptEmulator,
    readonly model: EmuSheet,
  ) {}

  getName() {
    this.emu.call('Sheet.getName');
    return this.model.name;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#getFormUrl(): null when no form sends here
  getFormUrl() {
    this.emu.call('Sheet.getFormUrl');
    return this.emu.forms.urlFor(this.model);
  }
  getSheetId() {
    this.emu.call('Sheet.getSheetId');
    return this.model.id;
  }
  getRange(row: number, col: number, numRows = 1, numCols = 1) {
    this.emu.call('Sheet.getRange');
    return makeRange(this.emu, this.model, row, col, numRows, numCols);
  }
  getRangeList(a1Notations: unknown) {
    this.emu.call('Sheet.getRangeList');
    if (!Array.isArray(a1Notations) || a1Notations.length === 0 || a1Notations.some((a) => typeof a !== 'string'))
      throw this.emu.error("The parameters don't match the method signature for SpreadsheetApp.Sheet.getRangeList.");
    const ranges = (a1Notations as string[]).map((a) => {
      const area = parseA1(a);
      if (!area) throw this.emu.error(`Range not found`);
      return makeRange(this.emu, this.model, area.row, area.col, area.numRows, area.numCols);
    });
    return new RangeListApi(this.emu, ranges);
  }
  /**
   * Reference (Sheet.getSheetValues): -1 as the number of rows or columns means up to the last row
   * or column holding data.
   */
  getSheetValues(row: number, col: number, numRows: number, numCols: number) {
    this.emu.call('Sheet.getSheetValues');
    checkInt(this.emu, 'SpreadsheetApp.Sheet.getSheetValues', row, col, numRows, numCols);
    const nr = numRows === -1 ? this.model.lastRow() - row + 1 : numRows;
    const nc = numCols === -1 ? this.model.lastColumn() - col + 1 : numCols;
    // On a tab without data, -1 leaves no rows: Sheets refuses such a range (modelled as refused).
    return makeRange(this.emu, this.model, row, col, nr, nc).readValues();
  }
  getDataRange() {
    this.emu.call('Sheet.getDataRange');
    const rows = Math.max(1, this.model.lastRow());
    const cols = Math.max(1, this.model.lastColumn());
    return new RangeApi(this.emu, this.model, 1, 1, rows, cols);
  }
  getLastRow() {
    this.emu.call('Sheet.getLastRow');
    return this.model.lastRow();
  }
  getLastColumn() {
    this.emu.call('Sheet.getLastColumn');
    return this.model.lastColumn();
  }
  getMaxRows() {
    this.emu.call('Sheet.getMaxRows');
    return this.model.maxRows;
  }
  getMaxColumns() {
    this.emu.call('Sheet.getMaxColumns');
    return this.model.maxCols;
  }
  insertRowsAfter(after: number, howMany: number) {
    this.emu.call('Sheet.insertRowsAfter');
    checkInt(this.emu, 'SpreadsheetApp.Sheet.insertRowsAfter', after, howMany);
    if (after < 1 || after > this.model.maxRows) throw this.emu.error('Those rows are out of bounds.');
    if (howMany < 1) throw this.emu.error('The number of rows to insert must be at least 1.');
    shiftCells(
      this.model,
      (r) => r > after,
      (r, c) => [r + howMany, c],
    );
    this.model.maxRows += howMany;
    return this;
  }
  insertColumnsAfter(after: number, howMany: number) {
    this.emu.call('Sheet.insertColumnsAfter');
    checkInt(this.emu, 'SpreadsheetApp.Sheet.insertColumnsAfter', after, howMany);
    if (after < 1 || after > this.model.maxCols) throw this.emu.error('Those columns are out of bounds.');
    if (howMany < 1) throw this.emu.error('The number of columns to insert must be at least 1.');
    shiftCells(
      this.model,
      (_r, c) => c > after,
      (r, c) => [r, c + howMany],
    );
    this.model.maxCols += howMany;
    return this;
  }
  setFrozenRows(n: number) {
    this.emu.call('Sheet.setFrozenRows');
    checkInt(this.emu, 'SpreadsheetApp.Sheet.setFrozenRows', n);
    if (n < 0 || n >= this.model.maxRows)
      throw this.emu.error('Sorry, it is not possible to delete all non-frozen rows.');
    this.model.frozenRows = n;
    return this;
  }
  getFrozenRows() {
    this.emu.call('Sheet.getFrozenRows');
    return this.model.frozenRows;
  }
  /**
   * Reference (Sheet.clear: "content and formatting"; Sheet.clearFormats: formatting includes
   * conditional formatting; Range.clear: clearing the format also clears data validation).
   * Notes: see clearKeepsNotes.
   */
  clear() {
    this.emu.call('Sheet.clear');
    for (const k of [...this.model.cells.keys()]) {
      const [r, c] = k.split(':').map(Number);
      this.model.update(r, c, (cell) => {
        cell.v = '';
        cell.formula = null;
        cell.format = '';
        cell.bg = null;
        cell.weight = 'normal';
        cell.validation = null;
        if (!this.emu.clearKeepsNotes) cell.note = '';
        cell.align = null;
        cell.wrap = false;
      });
    }
    this.model.rules = [];
    return this;
  }
  clearNotes() {
    this.emu.call('Sheet.clearNotes');
    for (const k of [...this.model.cells.keys()]) {
      const [r, c] = k.split(':').map(Number);
      this.model.update(r, c, (cell) => (cell.note = ''));
    }
    return this;
  }
  getConditionalFormatRules() {
    this.emu.call('Sheet.getConditionalFormatRules');
    return this.model.rules.map((r) => ruleObject(this.emu, this.model, r));
  }
  setConditionalFormatRules(rules: { __model?: ConditionalRuleModel }[]) {
    this.emu.call('Sheet.setConditionalFormatRules');
    if (!Array.isArray(rules)) throw this.emu.error('The parameters don\u2019t match the method signature.');
    const models = rules.map((r) => {
      if (!r || !r.__model) throw this.emu.error('Invalid conditional format rule.');
      return { ...r.__model, ranges: r.__model.ranges.map((x) => ({ ...x })) };
    });
    this.model.rules = models;
  }
  clearConditionalFormatRules() {
    this.emu.call('Sheet.clearConditionalFormatRules');
    this.model.rules = [];
  }
  /** Reference (Sheet.getProtections): the protections of the type asked (RANGE here). */
  getProtections(type: string) {
    this.emu.call('Sheet.getProtections');
    if (type !== 'RANGE' && type !== 'SHEET') throw this.emu.error('Invalid argument: type');
    if (type === 'SHEET') return [];
    return this.model.protections.map((p) => protectionObject(this.emu, this.model, p));
  }
  newChart() {
    this.emu.call('Sheet.newChart');
    return new ChartBuilder(this.emu, this.model);
  }
  insertChart(chart: { __model?: ChartModel }) {
    this.emu.call('Sheet.insertChart');
    if (!chart || !chart.__model) throw this.emu.error('Invalid chart.');
    this.model.charts.push({ ...chart.__model, id: this.emu.nextChartId++ });
  }
  getCharts() {
    this.emu.call('Sheet.getCharts');
    return this.model.charts.map((c) => ({ __id: c.id, getChartId: () => c.id }));
  }
  removeChart(chart: { __id?: number }) {
    this.emu.call('Sheet.removeChart');
    const i = this.model.charts.findIndex((c) => c.id === chart.__id);
    if (i < 0) throw this.emu.error('Chart not found.');
    this.model.charts.splice(i, 1);
  }
  setColumnWidth(col: number, width: number) {
    this.emu.call('Sheet.setColumnWidth');
    if (width === DEFAULT_COLUMN_WIDTH) this.model.columnWidths.delete(col);
    else this.model.columnWidths.set(col, width);
    return this;
  }
  setColumnWidths(start: number, n: number, width: number) {
    this.emu.call('Sheet.setColumnWidths');
    checkInt(this.emu, 'SpreadsheetApp.Sheet.setColumnWidths', start, n, width);
    if (start < 1 || start + n - 1 > this.model.maxCols) throw this.emu.error('Those columns are out of bounds.');
    // A column at Sheets' default width looks the same whether or not a width was ever set.
    for (let c = start; c < start + n; c++)
      if (width === DEFAULT_COLUMN_WIDTH) this.model.columnWidths.delete(c);
      else this.model.columnWidths.set(c, width);
    return this;
  }
  getDeveloperMetadata() {
    this.emu.call('Sheet.getDeveloperMetadata');
    return this.model.metadata.map((m) => new DeveloperMetadataApi(this.emu, this.model.metadata, m));
  }
  addDeveloperMetadata(key: string, value?: string) {
    this.emu.call('Sheet.addDeveloperMetadata');
    addMetadata(this.emu, this.model.metadata, key, value);
    return this;
  }
  activate() {
    this.emu.call('Sheet.activate');
    this.emu.activeSheet = this.model;
    return this;
  }
}

type MetadataModel = { key: string; value: string | null };

function addMetadata(emu: AppsScriptEmulator, list: MetadataModel[], key: unknown, value: unknown): void {
  if (typeof key !== 'string' || key === '' || key.length > 256) throw emu.error('Invalid metadata key.');
  if (value !== undefined && (typeof value !== 'string' || value.length > 30000))
    throw emu.error('Invalid metadata value.');
  list.push({ key, value: (value as string | undefined) ?? null });
}

class DeveloperMetadataApi {
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly list: MetadataModel[],
    private readonly model: MetadataModel,
  ) {}
  getKey() {
    this.emu.call('DeveloperMetadata.getKey');
    return this.model.key;
  }
  getValue() {
    this.emu.call('DeveloperMetadata.getValue');
    return this.model.value;
  }
  setValue(value: string) {
    this.emu.call('DeveloperMetadata.setValue');
    if (typeof value !== 'string' || value.length > 30000) throw this.emu.error('Invalid metadata value.');
    this.model.value = value;
    return this;
  }
  remove() {
    this.emu.call('DeveloperMetadata.remove');
    const i = this.list.indexOf(this.model);
    if (i >= 0) this.list.splice(i, 1);
  }
}

function shiftCells(
  sheet: EmuSheet,
  moves: (r: number, c: number) => boolean,
  to: (r: number, c: number) => [number, number],
): void {
  const moved: [string, CellModel][] = [];
  for (const [k, cell] of [...sheet.cells.entries()]) {
    const [r, c] = k.split(':').map(Number);
    if (moves(r, c)) {
      sheet.cells.delete(k);
      const [nr, nc] = to(r, c);
      moved.push([sheet.key(nr, nc), cell]);
    }
  }
  for (const [k, cell] of moved) sheet.cells.set(k, cell);
  sheet.touched();
}

/** `B3`, `B3:D10` (optionally with $) as a rectangle; null for anything else. */
function parseA1(a1: string): { row: number; col: number; numRows: number; numCols: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(a1.trim().toUpperCase());
  if (!m) return null;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const r1 = Number(m[2]);
  const c1 = col(m[1]);
  const r2 = m[4] ? Number(m[4]) : r1;
  const c2 = m[3] ? col(m[3]) : c1;
  if (r1 < 1 || r2 < 1) return null;
  return {
    row: Math.min(r1, r2),
    col: Math.min(c1, c2),
    numRows: Math.abs(r2 - r1) + 1,
    numCols: Math.abs(c2 - c1) + 1,
  };
}

class RangeListApi {
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly ranges: RangeApi[],
  ) {}
  getRanges() {
    this.emu.call('RangeList.getRanges');
    // Reference (RangeList.getRanges) names no order: see rangeListOrder.
    return this.emu.rangeListOrder === 'given' ? this.ranges.slice() : this.ranges.slice().reverse();
  }
}

function makeRange(emu: AppsScriptEmulator, sheet: EmuSheet, row: number, col: number, nr: number, nc: number) {
  checkInt(emu, 'SpreadsheetApp.Sheet.getRange', row, col, nr, nc);
  if (row < 1) throw emu.error('The starting row of the range is too small.');
  if (col < 1) throw emu.error('The starting column of the range is too small.');
  if (nr < 1) throw emu.error('The number of rows in the range must be at least 1.');
  if (nc < 1) throw emu.error('The number of columns in the range must be at least 1.');
  if (row + nr - 1 > sheet.maxRows || col + nc - 1 > sheet.maxCols)
    throw emu.error('The coordinates of the range are outside the dimensions of the sheet.');
  return new RangeApi(emu, sheet, row, col, nr, nc);
}

/** Reference (Range.setValues): the array's dimensions must match the range's; Sheets' wording. */
function checkShape(emu: AppsScriptEmulator, method: string, data: unknown, nr: number, nc: number): unknown[][] {
  if (!Array.isArray(data) || !data.every((line) => Array.isArray(line)))
    throw emu.error(
      `The parameters (${typeof data}) don't match the method signature for SpreadsheetApp.Range.${method}.`,
    );
  if (data.length !== nr)
    throw emu.error(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${nr}.`,
    );
  for (const line of data as unknown[][]) {
    if (line.length !== nc)
      throw emu.error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${nc}.`,
      );
  }
  return data as unknown[][];
}

const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$|^[+-]?\.\d+$/;
const PERCENT = /^([+-]?\d+(\.\d+)?)%$/;
const ISO_DATE = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/;
const JA_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/** What Sheets stores for a value written with setValues into a cell with `format`. */
function coerce(
  emu: AppsScriptEmulator,
  value: unknown,
  format: string,
): { v: string | number | boolean; formula: string | null; format: string } {
  if (value === null || value === undefined || value === '') return { v: '', formula: null, format };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { v: '#NUM!', formula: null, format };
    return { v: value, formula: null, format };
  }
  if (typeof value === 'boolean') return { v: value, formula: null, format };
  if (isDateValue(value)) {
    return { v: emu.dateToSerial(value), formula: null, format: format === '' ? 'yyyy/MM/dd H:mm:ss' : format };
  }
  if (typeof value !== 'string')
    throw emu.error(
      `The parameters (${typeof value}) don't match the method signature for SpreadsheetApp.Range.setValues.`,
    );
  const s = value;
  if (format === '@' && emu.plainTextCells === 'keep') return { v: s, formula: null, format };
  // The quote prefix (Docs Editors Help, "Format numbers as text": a leading apostrophe keeps an
  // entry as text and is not shown): stored as the text after it, never parsed. Not in the Apps
  // Script reference, but what setValues does as the editor does; relied on, not a switch.
  if (s.startsWith("'")) return { v: s.slice(1), formula: null, format };
  // Reference (Range.setValues): a string starting with '=' is a formula. As in the Sheets editor,
  // an expression after a leading + or - (`-1+1`) and `@SUM(…)` become formulas too.
  if (s.length > 1 && s.startsWith('=')) return { v: '#NAME?', formula: s, format };
  if (/^[+-].*[-+*/^()&]/.test(s.slice(0, 1) + s.slice(1)) && !NUMBER.test(s.trim()))
    return { v: '#ERROR!', formula: `=${s}`, format };
  if (/^@[A-Za-z_.]+\(/.test(s)) return { v: '#NAME?', formula: `=${s.slice(1)}`, format };
  const t = s.trim();
  if (NUMBER.test(t)) return { v: Number(t.replace(/,/g, '')), formula: null, format };
  const pct = PERCENT.exec(t);
  if (pct) return { v: Number(pct[1]) / 100, formula: null, format: format === '' ? '0.00%' : format };
  if (/^(true|false)$/i.test(t)) return { v: t.toLowerCase() === 'true', formula: null, format };
  const date = ISO_DATE.exec(t) ?? JA_DATE.exec(t);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (validYmd(y, m, d))
      return { v: serialOf(y, m, d), formula: null, format: format === '' ? 'yyyy/mm/dd' : format };
  }
  return { v: s, formula: null, format };
}

/**
 * What a written pattern sets: 'General' puts a cell back on Automatic; anything else, the
 * automatic read-back '0.###############' included, is a custom pattern kept as written.
 */
function storedFormat(f: string): string {
  return f.toLowerCase() === 'general' ? '' : f;
}

class RangeApi {
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly sheet: EmuSheet,
    readonly row: number,
    readonly col: number,
    readonly nr: number,
    readonly nc: number,
  ) {}

  private each<T>(fn: (r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.nr; r++) {
      const line: T[] = [];
      for (let c = 0; c < this.nc; c++) line.push(fn(this.row + r, this.col + c));
      out.push(line);
    }
    return out;
  }

  get area() {
    return { row: this.row, col: this.col, numRows: this.nr, numCols: this.nc };
  }

  getRow() {
    this.emu.call('Range.getRow');
    return this.row;
  }
  getColumn() {
    this.emu.call('Range.getColumn');
    return this.col;
  }
  getNumRows() {
    this.emu.call('Range.getNumRows');
    return this.nr;
  }
  /** `C3`, `C3:D10` (no sheet name, no $). */
  getA1Notation() {
    this.emu.call('Range.getA1Notation');
    const letters = (c: number): string => {
      let out = '';
      for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
      return out;
    };
    const from = `${letters(this.col)}${this.row}`;
    if (this.nr === 1 && this.nc === 1) return from;
    return `${from}:${letters(this.col + this.nc - 1)}${this.row + this.nr - 1}`;
  }
  getNumColumns() {
    this.emu.call('Range.getNumColumns');
    return this.nc;
  }
  getSheet() {
    this.emu.call('Range.getSheet');
    return new SheetApi(this.emu, this.sheet);
  }
  // Reference (Range.getValues): Number, Boolean, Date or String per cell; '' for an empty cell.
  getValues() {
    this.emu.call('Range.getValues');
    return this.readValues();
  }
  /** getValues without counting a call (for Sheet.getSheetValues). */
  readValues() {
    return this.each((r, c) => {
      const cell = this.sheet.get(r, c);
      if (typeof cell.v === 'number' && isDateFormat(cell.format)) return this.emu.serialToDate(cell.v);
      return cell.v;
    });
  }
  /** The top-left cell only, whatever the size of the range. */
  getValue() {
    this.emu.call('Range.getValue');
    const cell = this.sheet.get(this.row, this.col);
    if (typeof cell.v === 'number' && isDateFormat(cell.format)) return this.emu.serialToDate(cell.v);
    return cell.v;
  }
  getFormulas() {
    this.emu.call('Range.getFormulas');
    return this.each((r, c) => this.sheet.get(r, c).formula ?? '');
  }
  setValues(values: unknown) {
    this.emu.call('Range.setValues');
    const data = checkShape(this.emu, 'setValues', values, this.nr, this.nc);
    const coerced = data.map((line, r) =>
      line.map((v, c) => coerce(this.emu, v, this.sheet.get(this.row + r, this.col + c).format)),
    );
    coerced.forEach((line, r) =>
      line.forEach((x, c) =>
        this.sheet.update(this.row + r, this.col + c, (cell) => {
          cell.v = x.v;
          cell.formula = x.formula;
          cell.format = x.format;
        }),
      ),
    );
    return this;
  }
  setValue(value: unknown) {
    this.emu.call('Range.setValue');
    const x = coerce(this.emu, value, this.sheet.get(this.row, this.col).format);
    this.each((r, c) =>
      this.sheet.update(r, c, (cell) => {
        cell.v = x.v;
        cell.formula = x.formula;
        cell.format = x.format;
      }),
    );
    return this;
  }
  // Reference (Range.getNumberFormats): a cell on Automatic reports '0.###############'.
  getNumberFormats() {
    this.emu.call('Range.getNumberFormats');
    return this.each((r, c) => this.sheet.get(r, c).format || AUTOMATIC);
  }
  setNumberFormats(formats: unknown) {
    this.emu.call('Range.setNumberFormats');
    const data = checkShape(this.emu, 'setNumberFormats', formats, this.nr, this.nc);
    data.forEach((line, r) =>
      line.forEach((f, c) => {
        if (typeof f !== 'string') throw this.emu.error('Invalid number format.');
        this.sheet.update(this.row + r, this.col + c, (cell) => (cell.format = storedFormat(f)));
      }),
    );
    return this;
  }
  setNumberFormat(format: string) {
    this.emu.call('Range.setNumberFormat');
    if (typeof format !== 'string') throw this.emu.error('Invalid number format.');
    // One value for the whole range, however many cells (the Range.setNumberFormat way).
    for (let r = this.row; r < this.row + this.nr; r++)
      for (let c = this.col; c < this.col + this.nc; c++)
        this.sheet.update(r, c, (cell) => (cell.format = storedFormat(format)));
    return this;
  }
  getBackgrounds() {
    this.emu.call('Range.getBackgrounds');
    return this.each((r, c) => this.sheet.get(r, c).bg ?? '#ffffff');
  }
  setBackgrounds(colors: unknown) {
    this.emu.call('Range.setBackgrounds');
    const data = checkShape(this.emu, 'setBackgrounds', colors, this.nr, this.nc);
    data.forEach((line, r) =>
      line.forEach((bg, c) => {
        if (bg !== null && (typeof bg !== 'string' || !/^#[0-9a-f]{6}$/i.test(bg)))
          throw this.emu.error(`Invalid color: ${String(bg)}`);
        this.sheet.update(
          this.row + r,
          this.col + c,
          (cell) => (cell.bg = bg === null || bg === '#ffffff' ? null : (bg as string).toLowerCase()),
        );
      }),
    );
    return this;
  }
  setBackground(color: string | null) {
    this.emu.call('Range.setBackground');
    this.each((r, c) => this.sheet.update(r, c, (cell) => (cell.bg = color)));
    return this;
  }
  getNotes() {
    this.emu.call('Range.getNotes');
    return this.each((r, c) => this.sheet.get(r, c).note);
  }
  setNotes(notes: unknown) {
    this.emu.call('Range.setNotes');
    const data = checkShape(this.emu, 'setNotes', notes, this.nr, this.nc);
    data.forEach((line, r) =>
      line.forEach((note, c) =>
        this.sheet.update(this.row + r, this.col + c, (cell) => (cell.note = note === null ? '' : String(note))),
      ),
    );
    return this;
  }
  clearNote() {
    this.emu.call('Range.clearNote');
    this.each((r, c) => this.sheet.update(r, c, (cell) => (cell.note = '')));
    return this;
  }
  setFontWeights(weights: unknown) {
    this.emu.call('Range.setFontWeights');
    const data = checkShape(this.emu, 'setFontWeights', weights, this.nr, this.nc);
    data.forEach((line, r) =>
      line.forEach((w, c) => {
        if (w !== null && w !== 'bold' && w !== 'normal') throw this.emu.error(`Invalid font weight: ${String(w)}`);
        this.sheet.update(this.row + r, this.col + c, (cell) => (cell.weight = w === 'bold' ? 'bold' : 'normal'));
      }),
    );
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#sethorizontalalignmentsalignments
  setHorizontalAlignments(alignments: unknown) {
    this.emu.call('Range.setHorizontalAlignments');
    const data = checkShape(this.emu, 'setHorizontalAlignments', alignments, this.nr, this.nc);
    data.forEach((line, r) =>
      line.forEach((a, c) => {
        const v = typeof a === 'string' ? a.toLowerCase() : a;
        if (v !== null && v !== 'left' && v !== 'center' && v !== 'right' && v !== 'normal')
          throw this.emu.error(`Invalid horizontal alignment: ${String(a)}`);
        const align = v === null || v === 'normal' ? null : (v as 'left' | 'center' | 'right');
        this.sheet.update(this.row + r, this.col + c, (cell) => (cell.align = align));
      }),
    );
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setwrapsiswrapenabled
  setWraps(wraps: unknown) {
    this.emu.call('Range.setWraps');
    const data = checkShape(this.emu, 'setWraps', wraps, this.nr, this.nc);
    data.forEach((line, r) =>
      line.forEach((w, c) => {
        if (typeof w !== 'boolean') throw this.emu.error(`Invalid wrap value: ${String(w)}`);
        this.sheet.update(this.row + r, this.col + c, (cell) => (cell.wrap = w));
      }),
    );
    return this;
  }
  setFontWeight(w: string | null) {
    this.emu.call('Range.setFontWeight');
    this.each((r, c) => this.sheet.update(r, c, (cell) => (cell.weight = w === 'bold' ? 'bold' : 'normal')));
    return this;
  }
  setDataValidation(rule: { __model?: DataValidationModel } | null) {
    this.emu.call('Range.setDataValidation');
    if (rule !== null && (!rule || !rule.__model)) throw this.emu.error('Invalid data validation rule.');
    this.each((r, c) => this.sheet.update(r, c, (cell) => (cell.validation = rule ? { ...rule.__model! } : null)));
    return this;
  }
  setDataValidations(rules: unknown) {
    this.emu.call('Range.setDataValidations');
    const data = checkShape(this.emu, 'setDataValidations', rules, this.nr, this.nc) as ({
      __model?: DataValidationModel;
    } | null)[][];
    data.forEach((line, r) =>
      line.forEach((rule, c) =>
        this.sheet.update(
          this.row + r,
          this.col + c,
          (cell) => (cell.validation = rule?.__model ? { ...rule.__model } : null),
        ),
      ),
    );
    return this;
  }
  getDataValidations() {
    this.emu.call('Range.getDataValidations');
    return this.each((r, c) => {
      const v = this.sheet.get(r, c).validation;
      return v ? { getCriteriaValues: () => [v.values, v.showDropdown], getAllowInvalid: () => v.allowInvalid } : null;
    });
  }
  /** Reference (Range.protect): a new range protection; it refuses edits until setWarningOnly(true). */
  protect() {
    this.emu.call('Range.protect');
    const model: ProtectionModel = { description: '', area: this.area, warningOnly: false };
    this.sheet.protections.push(model);
    return protectionObject(this.emu, this.sheet, model);
  }
  clearDataValidations() {
    this.emu.call('Range.clearDataValidations');
    this.each((r, c) => this.sheet.update(r, c, (cell) => (cell.validation = null)));
    return this;
  }
  clearContent() {
    this.emu.call('Range.clearContent');
    this.each((r, c) =>
      this.sheet.update(r, c, (cell) => {
        cell.v = '';
        cell.formula = null;
      }),
    );
    return this;
  }
  clearFormat() {
    this.emu.call('Range.clearFormat');
    this.each((r, c) =>
      this.sheet.update(r, c, (cell) => {
        cell.format = '';
        cell.bg = null;
        cell.weight = 'normal';
        cell.wrap = false;
      }),
    );
    return this;
  }
  /**
   * clear(): contents and formats. clear(options): what the flags name — contentsOnly, formatOnly,
   * validationsOnly, commentsOnly (notes) — together; none of them: everything. As documented,
   * clearing the format also clears data validation.
   */
  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    validationsOnly?: boolean;
    commentsOnly?: boolean;
    skipFilteredRows?: boolean;
  }) {
    this.emu.call('Range.clear');
    if (options !== undefined && (typeof options !== 'object' || options === null))
      throw this.emu.error("The parameters don't match the method signature for SpreadsheetApp.Range.clear.");
    const o = options ?? { contentsOnly: true, formatOnly: true };
    const any = !!(o.contentsOnly || o.formatOnly || o.validationsOnly || o.commentsOnly);
    const contents = !any || !!o.contentsOnly;
    const format = !any || !!o.formatOnly;
    const validations = format || !!o.validationsOnly;
    const notes = !any || !!o.commentsOnly;
    // Only existing cells can hold anything to clear: visit them, not the whole (maybe huge) range.
    for (const k of [...this.sheet.cells.keys()]) {
      const colon = k.indexOf(':');
      const r = Number(k.slice(0, colon));
      const c = Number(k.slice(colon + 1));
      if (r < this.row || r >= this.row + this.nr || c < this.col || c >= this.col + this.nc) continue;
      this.sheet.update(r, c, (cell) => {
        if (contents) {
          cell.v = '';
          cell.formula = null;
        }
        if (format) {
          cell.format = '';
          cell.bg = null;
          cell.weight = 'normal';
          cell.wrap = false;
        }
        if (validations) cell.validation = null;
        if (notes) cell.note = '';
      });
    }
    return this;
  }
}

function protectionObject(emu: AppsScriptEmulator, sheet: EmuSheet, model: ProtectionModel) {
  const self = {
    getDescription() {
      emu.call('Protection.getDescription');
      return model.description;
    },
    setDescription(d: string) {
      emu.call('Protection.setDescription');
      if (typeof d !== 'string') throw emu.error('Invalid argument: description');
      model.description = d;
      return self;
    },
    isWarningOnly() {
      emu.call('Protection.isWarningOnly');
      return model.warningOnly;
    },
    setWarningOnly(b: boolean) {
      emu.call('Protection.setWarningOnly');
      model.warningOnly = b === true;
      return self;
    },
    getRange() {
      emu.call('Protection.getRange');
      const a = model.area;
      return new RangeApi(emu, sheet, a.row, a.col, a.numRows, a.numCols);
    },
    setRange(range: RangeApi) {
      emu.call('Protection.setRange');
      if (!(range instanceof RangeApi)) throw emu.error('Invalid argument: range');
      model.area = range.area;
      return self;
    },
    remove() {
      emu.call('Protection.remove');
      const i = sheet.protections.indexOf(model);
      if (i >= 0) sheet.protections.splice(i, 1);
    },
  };
  return self;
}

class DataValidationBuilder {
  private model: Partial<DataValidationModel> = { allowInvalid: true, helpText: '' };
  constructor(private readonly emu: AppsScriptEmulator) {}
  requireValueInList(values: unknown, showDropdown = true) {
    this.emu.call('DataValidationBuilder.requireValueInList');
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
      throw this.emu.error("The parameters don't match the method signature for requireValueInList.");
    if (values.length > 500) throw this.emu.error('The list of values can contain at most 500 items.');
    this.model.type = 'VALUE_IN_LIST';
    this.model.values = values.slice() as string[];
    this.model.showDropdown = showDropdown;
    return this;
  }
  setAllowInvalid(b: boolean) {
    this.emu.call('DataValidationBuilder.setAllowInvalid');
    this.model.allowInvalid = b;
    return this;
  }
  setHelpText(t: string) {
    this.emu.call('DataValidationBuilder.setHelpText');
    this.model.helpText = t;
    return this;
  }
  build() {
    this.emu.call('DataValidationBuilder.build');
    if (!this.model.type) throw this.emu.error('A data validation rule needs a criterion.');
    return { __model: { ...(this.model as DataValidationModel) } };
  }
}

class ConditionalRuleBuilder {
  private model: ConditionalRuleModel = { formula: '', background: null, fontColor: null, bold: null, ranges: [] };
  constructor(private readonly emu: AppsScriptEmulator) {}
  whenFormulaSatisfied(formula: string) {
    this.emu.call('ConditionalFormatRuleBuilder.whenFormulaSatisfied');
    if (typeof formula !== 'string' || !formula.startsWith('=')) throw this.emu.error('Invalid formula.');
    this.model.formula = formula;
    return this;
  }
  setBackground(color: string | null) {
    this.emu.call('ConditionalFormatRuleBuilder.setBackground');
    this.model.background = color;
    return this;
  }
  setFontColor(color: string | null) {
    this.emu.call('ConditionalFormatRuleBuilder.setFontColor');
    this.model.fontColor = color;
    return this;
  }
  setBold(b: boolean | null) {
    this.emu.call('ConditionalFormatRuleBuilder.setBold');
    this.model.bold = b;
    return this;
  }
  setRanges(ranges: RangeApi[]) {
    this.emu.call('ConditionalFormatRuleBuilder.setRanges');
    if (!Array.isArray(ranges) || ranges.some((r) => !(r instanceof RangeApi))) throw this.emu.error('Invalid ranges.');
    this.model.ranges = ranges.map((r) => r.area);
    return this;
  }
  build() {
    this.emu.call('ConditionalFormatRuleBuilder.build');
    if (!this.model.formula) throw this.emu.error('A conditional format rule needs a condition.');
    if (this.model.ranges.length === 0) throw this.emu.error('A conditional format rule needs at least one range.');
    return ruleObject(this.emu, null, { ...this.model, ranges: this.model.ranges.map((x) => ({ ...x })) });
  }
}

function ruleObject(emu: AppsScriptEmulator, sheet: EmuSheet | null, model: ConditionalRuleModel) {
  void sheet;
  return {
    __model: model,
    getBooleanCondition() {
      emu.call('ConditionalFormatRule.getBooleanCondition');
      const read =
        <T>(name: string, value: T) =>
        () => {
          emu.call(`BooleanCondition.${name}`);
          return value;
        };
      return {
        getCriteriaType: read('getCriteriaType', 'CUSTOM_FORMULA'),
        getCriteriaValues: read('getCriteriaValues', [model.formula]),
        getBackground: read('getBackground', model.background),
        getFontColor: read('getFontColor', model.fontColor),
        getBold: read('getBold', model.bold),
      };
    },
    getGradientCondition() {
      emu.call('ConditionalFormatRule.getGradientCondition');
      return null;
    },
    getRanges() {
      emu.call('ConditionalFormatRule.getRanges');
      return model.ranges.map((a) => ({ ...a }));
    },
  };
}

class ChartBuilder {
  private model: ChartModel = {
    id: 0,
    type: 'COLUMN',
    title: null,
    ranges: [],
    position: { row: 1, col: 1 },
    numHeaders: null,
  };
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly sheet: EmuSheet,
  ) {}
  private as(type: string) {
    this.model.type = type;
    return this;
  }
  asColumnChart() {
    this.emu.call('EmbeddedChartBuilder.asColumnChart');
    return this.as('COLUMN');
  }
  asLineChart() {
    this.emu.call('EmbeddedChartBuilder.asLineChart');
    return this.as('LINE');
  }
  asBarChart() {
    this.emu.call('EmbeddedChartBuilder.asBarChart');
    return this.as('BAR');
  }
  addRange(range: RangeApi) {
    this.emu.call('EmbeddedChartBuilder.addRange');
    if (!(range instanceof RangeApi)) throw this.emu.error('Invalid range.');
    this.model.ranges.push(range.area);
    return this;
  }
  setPosition(row: number, col: number, offsetX: number, offsetY: number) {
    this.emu.call('EmbeddedChartBuilder.setPosition');
    checkInt(this.emu, 'EmbeddedChartBuilder.setPosition', row, col, offsetX, offsetY);
    if (row < 1 || col < 1 || row > this.sheet.maxRows || col > this.sheet.maxCols)
      throw this.emu.error('The chart position is outside the sheet.');
    this.model.position = { row, col };
    return this;
  }
  setOption(option: string, value: unknown) {
    this.emu.call('EmbeddedChartBuilder.setOption');
    if (option === 'title') this.model.title = String(value);
    return this;
  }
  setNumHeaders(n: number) {
    this.emu.call('EmbeddedChartBuilder.setNumHeaders');
    this.model.numHeaders = n;
    return this;
  }
  build() {
    this.emu.call('EmbeddedChartBuilder.build');
    if (this.model.ranges.length === 0) throw this.emu.error('A chart needs at least one range.');
    return { __model: { ...this.model, ranges: this.model.ranges.map((x) => ({ ...x })) } };
  }
}

class EmuMenu {
  private readonly model: MenuModel;
  constructor(
    private readonly emu: AppsScriptEmulator,
    title: string,
  ) {
    this.model = { title, items: [] };
  }
  addItem(label: string, fn: string) {
    this.emu.call('Menu.addItem');
    if (typeof label !== 'string' || typeof fn !== 'string' || fn === '') throw this.emu.error('Invalid menu item.');
    this.model.items.push({ label, fn });
    return this;
  }
  addSeparator() {
    this.emu.call('Menu.addSeparator');
    this.model.items.push('separator');
    return this;
  }
  addToUi() {
    this.emu.call('Menu.addToUi');
    this.emu.menus.push(this.model);
  }
}

class EmuProperties {
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly store: Map<string, string>,
  ) {}
  private check(key: string, value: string): void {
    if (Buffer.byteLength(String(value), 'utf8') > PROPERTY_VALUE_LIMIT)
      throw this.emu.error('Argument too large: value');
    if (Buffer.byteLength(String(key), 'utf8') > 1000) throw this.emu.error('Argument too large: key');
  }
  getProperty(key: string) {
    this.emu.call('Properties.getProperty');
    return this.store.has(key) ? this.store.get(key)! : null;
  }
  setProperty(key: string, value: string) {
    this.emu.call('Properties.setProperty');
    this.check(key, value);
    this.store.set(key, String(value));
    return this;
  }
  deleteProperty(key: string) {
    this.emu.call('Properties.deleteProperty');
    this.store.delete(key);
    return this;
  }
  getProperties() {
    this.emu.call('Properties.getProperties');
    return Object.fromEntries(this.store.entries());
  }
  getKeys() {
    this.emu.call('Properties.getKeys');
    return [...this.store.keys()];
  }
  setProperties(props: Record<string, string>, deleteAllOthers = false) {
    this.emu.call('Properties.setProperties');
    for (const [k, v] of Object.entries(props)) this.check(k, v);
    if (deleteAllOthers) this.store.clear();
    for (const [k, v] of Object.entries(props)) this.store.set(k, String(v));
    return this;
  }
  deleteAllProperties() {
    this.emu.call('Properties.deleteAllProperties');
    this.store.clear();
    return this;
  }
}

class TriggerBuilder {
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly handler: string,
  ) {}
  timeBased() {
    this.emu.call('TriggerBuilder.timeBased');
    return new ClockTriggerBuilder(this.emu, this.handler);
  }
  forSpreadsheet(ss: unknown) {
    this.emu.call('TriggerBuilder.forSpreadsheet');
    if (!(ss instanceof EmuSpreadsheet)) throw this.emu.error('Invalid argument: spreadsheet');
    return new SpreadsheetTriggerBuilder(this.emu, this.handler);
  }
}

function addTrigger(emu: AppsScriptEmulator, t: Omit<TriggerModel, 'id' | 'owner'>) {
  if (emu.triggers.filter((x) => x.owner === emu.user).length >= TRIGGER_LIMIT)
    throw emu.error(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  const model = { ...t, owner: emu.user, id: `trigger-${emu.nextTriggerId++}` };
  emu.triggers.push(model);
  return triggerObject(emu, model);
}

function triggerObject(emu: AppsScriptEmulator, t: TriggerModel) {
  return {
    getHandlerFunction() {
      emu.call('Trigger.getHandlerFunction');
      return t.handler;
    },
    getEventType() {
      emu.call('Trigger.getEventType');
      return t.eventType;
    },
    getTriggerSource() {
      emu.call('Trigger.getTriggerSource');
      return t.source;
    },
    getUniqueId() {
      emu.call('Trigger.getUniqueId');
      return t.id;
    },
  };
}

class ClockTriggerBuilder {
  private schedule: { everyDays?: number; atHour?: number; timeZone?: string } = {};
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly handler: string,
  ) {}
  everyDays(n: number) {
    this.emu.call('ClockTriggerBuilder.everyDays');
    checkInt(this.emu, 'ClockTriggerBuilder.everyDays', n);
    if (n < 1) throw this.emu.error('Invalid argument: everyDays');
    this.schedule.everyDays = n;
    return this;
  }
  atHour(h: number) {
    this.emu.call('ClockTriggerBuilder.atHour');
    checkInt(this.emu, 'ClockTriggerBuilder.atHour', h);
    if (h < 0 || h > 23) throw this.emu.error('Invalid argument: hour');
    this.schedule.atHour = h;
    return this;
  }
  inTimezone(tz: string) {
    this.emu.call('ClockTriggerBuilder.inTimezone');
    if (typeof tz !== 'string' || !/^[A-Za-z_]+\/[A-Za-z_]+$|^UTC$/.test(tz))
      throw this.emu.error('Invalid argument: timezone');
    this.schedule.timeZone = tz;
    return this;
  }
  create() {
    this.emu.call('ClockTriggerBuilder.create');
    if (this.schedule.everyDays === undefined) throw this.emu.error('The clock trigger needs a recurrence.');
    return addTrigger(this.emu, {
      handler: this.handler,
      eventType: 'CLOCK',
      source: 'CLOCK',
      schedule: { ...this.schedule },
    });
  }
}

class SpreadsheetTriggerBuilder {
  private event: string | null = null;
  constructor(
    private readonly emu: AppsScriptEmulator,
    private readonly handler: string,
  ) {}
  onFormSubmit() {
    this.emu.call('SpreadsheetTriggerBuilder.onFormSubmit');
    this.event = 'ON_FORM_SUBMIT';
    return this;
  }
  onOpen() {
    this.emu.call('SpreadsheetTriggerBuilder.onOpen');
    this.event = 'ON_OPEN';
    return this;
  }
  onEdit() {
    this.emu.call('SpreadsheetTriggerBuilder.onEdit');
    this.event = 'ON_EDIT';
    return this;
  }
  create() {
    this.emu.call('SpreadsheetTriggerBuilder.create');
    if (!this.event) throw this.emu.error('The spreadsheet trigger needs an event type.');
    return addTrigger(this.emu, { handler: this.handler, eventType: this.event, source: 'SPREADSHEETS' });
  }
}
