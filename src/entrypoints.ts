// The only file that knows Apps Script's entry names: simple triggers, menu handlers, installable
// triggers. Each export becomes a top-level function in dist/Code.js (scripts/build.mjs). The work
// is in src/commands, reached through the SheetsWorkbook adapter.

import {
  addMonthsToYearMonth,
  formatYearMonth,
  parseYearMonth,
  tokyoDateAt,
  type CalendarDate,
} from './domain/calendar';
import {
  decodeFlagged,
  digestMail,
  encodeFlagged,
  flaggedFromDetails,
  planDigest,
  staleKeys,
  validRecipients,
} from './commands/digest';
import { readSettings } from './commands/ledger';
import { COMMANDS, findCommand } from './commands/registry';
import { runCommand } from './commands/run';
import {
  CommandUsageError,
  UnusableBookError,
  type CommandContext,
  type CommandOptions,
  type CommandResult,
} from './commands/types';
import {
  BUSY_MESSAGE,
  DAILY_COMMANDS,
  DAILY_HANDLER,
  DAILY_HOUR,
  FORM_HANDLER,
  LOCK_WAIT_MS,
  MENU_TITLE,
  MONTH_COMMANDS,
  TOKYO,
  TRIGGER_ITEMS,
  menuFunctionName,
} from './gas/menu';
import { SheetsWorkbook } from './gas/sheetsWorkbook';
import { caseName, explainCase, findCaseRow, readBookView, rowAt, todoList, type TodoList } from './commands/caseView';
import { readLedger } from './commands/ledger';
import type { CaseExplanation } from './domain/explain';
import { TAB } from './domain/schema';
import { cellText } from './domain/table';
import { normalizeKey } from './domain/text';
import { SIDEBAR_TITLES, sidebarPage, type SidebarKind } from './sidebar/page';

type Ui = GoogleAppsScript.Base.Ui;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

// ---------------------------------------------------------------------------------------------
// Menu

/**
 * Builds the menu and nothing else: for an add-on it runs in AuthMode.NONE, where reading the
 * sheet or the properties fails. Commands without an implementation are left out.
 */
export function onOpen(_e?: unknown): void {
  const menu = SpreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const def of COMMANDS) {
    if (def.run && MENU_HANDLERS[def.name]) menu.addItem(def.title, menuFunctionName(def.name));
  }
  for (const item of TRIGGER_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function onInstall(e?: unknown): void {
  onOpen(e);
}

export function menuSetup(): void {
  runMenu('setup');
}
export function menuIntake(): void {
  runMenu('intake');
}
export function menuValidate(): void {
  runMenu('validate');
}
export function menuPeriods(): void {
  runMenu('periods');
}
export function menuHandovers(): void {
  runMenu('handovers');
}
export function menuSummary(): void {
  runMenu('summary');
}
export function menuMonthly(): void {
  runMenu('monthly');
}
export function menuContacts(): void {
  runMenu('contacts');
}
export function menuRetention(): void {
  runMenu('retention');
}

/** Every command's menu handler; a command missing here gets no menu item (a test checks there is none). */
const MENU_HANDLERS: Readonly<Record<string, () => void>> = {
  setup: menuSetup,
  intake: menuIntake,
  validate: menuValidate,
  periods: menuPeriods,
  handovers: menuHandovers,
  summary: menuSummary,
  monthly: menuMonthly,
  contacts: menuContacts,
  retention: menuRetention,
};

function todayInTokyo(): CalendarDate {
  return tokyoDateAt(Date.now());
}

/** Asks for YYYY-MM (default: last month). Null when the user cancels or types something else. */
function askMonth(ui: Ui, title: string, today: CalendarDate): string | null {
  const fallback = formatYearMonth(addMonthsToYearMonth(today, -1));
  const response = ui.prompt(
    title,
    `対象の月を「2024-03」の形で入力してください（空欄のままOKで ${fallback}）。`,
    ui.ButtonSet.OK_CANCEL,
  );
  if (response.getSelectedButton() !== ui.Button.OK) return null;
  const text = response
    .getResponseText()
    .normalize('NFKC')
    .trim()
    .replace(/[/年.]/, '-')
    .replace(/月$/, '');
  if (text === '') return fallback;
  const month = parseYearMonth(text);
  if (!month) {
    ui.alert(
      `「${response.getResponseText()}」は月として読めません。「2024-03」の形で入力して、もう一度実行してください。`,
    );
    return null;
  }
  return formatYearMonth(month);
}

function runMenu(name: string): void {
  const def = findCommand(name);
  const title = def ? def.title : name;
  const ui = SpreadsheetApp.getUi();
  const ss = SpreadsheetApp.getActive();
  const today = todayInTokyo();
  let options: CommandOptions = {};
  if (MONTH_COMMANDS.includes(name)) {
    // Asked before taking the lock: nobody should wait on a person typing.
    const month = askMonth(ui, title, today);
    if (month === null) return;
    options = { month };
  }
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    ui.alert(BUSY_MESSAGE);
    return;
  }
  try {
    ss.toast(`${title}を実行しています…`, MENU_TITLE);
    const ctx: CommandContext = {
      book: new SheetsWorkbook(ss),
      today,
      options,
      progress: (message) => ss.toast(message, MENU_TITLE),
    };
    const result = runCommand(name, ctx);
    const notices = result.notices.slice();
    const zone = ss.getSpreadsheetTimeZone();
    if (zone !== TOKYO) notices.push(timeZoneNotice(zone));
    if (notices.length > 0) {
      ui.alert(title, `${result.summary}\n\n${notices.map((n) => `・${n}`).join('\n')}`, ui.ButtonSet.OK);
    } else {
      ss.toast(result.summary, MENU_TITLE, 10);
    }
  } catch (e) {
    if (e instanceof UnusableBookError || e instanceof CommandUsageError) {
      ui.alert(title, e.message, ui.ButtonSet.OK);
    } else {
      logError(name, e);
      ui.alert(title, unexpectedMessage(e), ui.ButtonSet.OK);
    }
  } finally {
    lock.releaseLock();
  }
}

function timeZoneNotice(zone: string): string {
  return `このスプレッドシートのタイムゾーンが「${zone}」になっています。日付が1日ずれることがあるため、［ファイル］→［設定］でタイムゾーンを「(GMT+09:00) 東京」にしてください。`;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

function errorText(e: unknown): { name: string; message: string; stack: string } {
  // Not instanceof Error: a service may throw from another realm, or throw a string.
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as ErrorLike;
  return {
    name: typeof err.name === 'string' ? err.name : 'Error',
    message: typeof err.message === 'string' ? err.message : String(e),
    stack: typeof err.stack === 'string' ? err.stack : '',
  };
}

function unexpectedMessage(e: unknown): string {
  const detail = errorText(e).message.slice(0, 200);
  return (
    '予期しないエラーが発生したため、処理を中断しました。入力されたデータは変更していませんが、' +
    '自動計算の列や自動生成のタブが途中までしか更新されていないことがあります。もう一度実行してください。' +
    `繰り返し起きる場合は、次の内容を管理者に伝えてください。\n\n詳細: ${detail}`
  );
}

/** Logs what failed, for the developer: the command and the error, no cell contents. */
function logError(command: string, e: unknown): void {
  const { name, message, stack } = errorText(e);
  console.error(`[teichaku] ${command} failed: ${name}: ${message}${stack ? `\n${stack}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Daily refresh (time-driven trigger) and the digest mail

function triggersFor(handler: string): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === handler);
}

/** Keeps exactly one trigger for the handler when there is one; returns whether there was. */
function keepOne(handler: string): boolean {
  const found = triggersFor(handler);
  found.slice(1).forEach((t) => ScriptApp.deleteTrigger(t));
  return found.length > 0;
}

export function installDailyRefresh(): void {
  const ui = SpreadsheetApp.getUi();
  if (keepOne(DAILY_HANDLER)) {
    ui.alert('毎日の自動更新はすでに設定されています（毎朝5時ごろ、支援期間と引継ぎ予定を更新します）。');
    return;
  }
  ScriptApp.newTrigger(DAILY_HANDLER).timeBased().everyDays(1).atHour(DAILY_HOUR).inTimezone(TOKYO).create();
  ui.alert(
    '毎日の自動更新を設定しました。毎朝5時ごろ、支援期間と引継ぎ予定を更新します。' +
      '「設定」タブの「通知メール送信先」に宛先を入れると、新しい引継ぎ対象をメールで知らせます。',
  );
}

export function removeDailyRefresh(): void {
  const found = triggersFor(DAILY_HANDLER);
  found.forEach((t) => ScriptApp.deleteTrigger(t));
  SpreadsheetApp.getUi().alert(
    found.length > 0 ? '毎日の自動更新を解除しました。' : '毎日の自動更新は設定されていません。',
  );
}

/** What a daily run did (for the log and the tests). */
export interface DailyOutcome {
  readonly ran: string[];
  readonly skipped: string[];
  readonly failed: string[];
  readonly digest: string;
}

/**
 * Runs periods and handovers under the document lock, then mails newly flagged cases.
 * No UI here: a time-driven trigger has none. A failure is logged and rethrown at the end so
 * Apps Script's failure notice reaches whoever installed the trigger.
 */
export function dailyRefresh(_e?: unknown): DailyOutcome | undefined {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    console.warn('[teichaku] dailyRefresh skipped: another run holds the document lock');
    return undefined;
  }
  const outcome = { ran: [] as string[], skipped: [] as string[], failed: [] as string[], digest: 'not-run' };
  try {
    const ss = SpreadsheetApp.getActive();
    const book = new SheetsWorkbook(ss);
    const today = todayInTokyo();
    const ctx: CommandContext = { book, today, options: {}, progress: () => undefined };
    let handovers: CommandResult | null = null;
    for (const name of DAILY_COMMANDS) {
      try {
        const result = runCommand(name, ctx);
        outcome.ran.push(name);
        if (name === 'handovers') handovers = result;
      } catch (e) {
        if (e instanceof CommandUsageError) {
          outcome.skipped.push(name);
          console.warn(`[teichaku] dailyRefresh: ${name} skipped: ${e.message}`);
        } else {
          outcome.failed.push(name);
          logError(name, e);
        }
      }
    }
    if (handovers) {
      try {
        outcome.digest = sendDigest(ss, book, handovers, today);
      } catch (e) {
        outcome.failed.push('digest');
        outcome.digest = 'failed';
        logError('digest', e);
      }
    }
  } finally {
    lock.releaseLock();
  }
  if (outcome.failed.length > 0) throw new Error(`teichaku dailyRefresh failed: ${outcome.failed.join(', ')}`);
  return outcome;
}

/** Mails the cases flagged since the last digest; returns what it did. */
function sendDigest(ss: Spreadsheet, book: SheetsWorkbook, handovers: CommandResult, today: CalendarDate): string {
  const recipients = validRecipients(readSettings(book).digestTo);
  if (recipients.length === 0) return 'no-recipients';
  const current = flaggedFromDetails(handovers.details);
  if (current === null) return 'no-flag-list';
  const props = PropertiesService.getDocumentProperties();
  const stored = props.getProperties();
  const plan = planDigest(decodeFlagged(stored), current);
  if (!plan.changed) return 'unchanged';
  if (plan.newly.length > 0) {
    // Checked first: a send over quota throws, and the list is kept unsent for tomorrow.
    if (MailApp.getRemainingDailyQuota() < recipients.length) {
      console.warn('[teichaku] digest not sent: daily mail quota used up');
      return 'no-quota';
    }
    const mail = digestMail(plan.newly, current.length, today, ss.getUrl());
    MailApp.sendEmail({ to: recipients.join(','), subject: mail.subject, body: mail.body });
  }
  const next = encodeFlagged(current);
  props.setProperties(next, false);
  staleKeys(stored, next).forEach((k) => props.deleteProperty(k));
  return plan.newly.length > 0 ? 'sent' : 'stored';
}

// ---------------------------------------------------------------------------------------------
// Form intake (installable onFormSubmit trigger)

export function installFormIntake(): void {
  const ui = SpreadsheetApp.getUi();
  if (keepOne(FORM_HANDLER)) {
    ui.alert('フォーム自動取り込みはすでに設定されています。');
    return;
  }
  ScriptApp.newTrigger(FORM_HANDLER).forSpreadsheet(SpreadsheetApp.getActive()).onFormSubmit().create();
  ui.alert('フォーム自動取り込みを設定しました。フォームの回答が届くたびに台帳・活動報告へ取り込みます。');
}

export function removeFormIntake(): void {
  const found = triggersFor(FORM_HANDLER);
  found.forEach((t) => ScriptApp.deleteTrigger(t));
  SpreadsheetApp.getUi().alert(
    found.length > 0 ? 'フォーム自動取り込みを解除しました。' : 'フォーム自動取り込みは設定されていません。',
  );
}

/**
 * Runs intake when a form response arrives. Submissions can arrive together (or twice): the lock
 * serialises them and intake skips rows it already took. If the lock does not come within 30 s the
 * response stays in the form tab for the next run.
 */
export function onFormSubmitIntake(_e?: unknown): void {
  const lock = LockService.getDocumentLock();
  try {
    lock.waitLock(LOCK_WAIT_MS);
  } catch {
    console.warn('[teichaku] intake skipped: another run holds the document lock');
    return;
  }
  try {
    const ss = SpreadsheetApp.getActive();
    runCommand('intake', {
      book: new SheetsWorkbook(ss),
      today: todayInTokyo(),
      options: {},
      progress: () => undefined,
    });
  } catch (e) {
    if (e instanceof CommandUsageError) {
      console.warn(`[teichaku] intake skipped: ${e.message}`);
      return;
    }
    logError('intake', e);
    throw e;
  } finally {
    lock.releaseLock();
  }
}

// ---------------------------------------------------------------------------------------------
// Sidebars (issue 13): ケースの詳細 and 今月のやること, and the server functions their pages call
// through google.script.run. They read the book and select a row; they write no cell, take no lock,
// log nothing and send nothing. 氏名 goes to the case sidebar only (the user sees that row already).

/** Which tab and row the cursor is on (Spreadsheet.getCurrentCell; row 0 when there is none). */
export interface SidebarSelection {
  readonly sheet: string;
  readonly row: number;
}

export type SidebarCaseReply =
  | { ok: true; selection: SidebarSelection; name: string | null; explanation: CaseExplanation }
  | { ok: false; selection: SidebarSelection; message: string };

export type SidebarTodoReply = { ok: true; list: TodoList } | { ok: false; message: string };

export type SidebarSelectReply = { ok: true; row: number } | { ok: false; message: string };

function showSidebar(kind: SidebarKind): void {
  // https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)
  const page = HtmlService.createHtmlOutput(sidebarPage(kind)).setTitle(SIDEBAR_TITLES[kind]);
  SpreadsheetApp.getUi().showSidebar(page);
}

export function showCaseSidebar(): void {
  showSidebar('case');
}

export function showTodoSidebar(): void {
  showSidebar('todo');
}

export function sidebarSelection(): SidebarSelection {
  const ss = SpreadsheetApp.getActive();
  const cell = ss.getCurrentCell();
  return { sheet: ss.getActiveSheet().getName(), row: cell ? cell.getRow() : 0 };
}

/** A usable-book problem becomes a message in the sidebar; anything else reaches the failure handler. */
function bookMessage(e: unknown): string {
  if (e instanceof UnusableBookError || e instanceof CommandUsageError) return e.message;
  throw e;
}

/** The explanation of the selected ledger row (or of `caseId` when the page passes one). */
export function sidebarCase(caseId?: unknown): SidebarCaseReply {
  const selection = sidebarSelection();
  const byId = typeof caseId === 'string' && caseId.trim() !== '';
  if (!byId && selection.sheet !== TAB.ledger) {
    return { ok: false, selection, message: `「${TAB.ledger}」タブで、説明を見たいケースの行を選んでください。` };
  }
  try {
    const view = readBookView(new SheetsWorkbook(SpreadsheetApp.getActive()), todayInTokyo());
    const row = byId ? findCaseRow(view, caseId as string) : rowAt(view, selection.row);
    if (!row) {
      return {
        ok: false,
        selection,
        message: `${selection.row}行目はケースの行ではありません。見出しより下の、ケースIDのある行を選んでください。`,
      };
    }
    return { ok: true, selection, name: caseName(view, row), explanation: explainCase(view, row) };
  } catch (e) {
    return { ok: false, selection, message: bookMessage(e) };
  }
}

export function sidebarTodo(): SidebarTodoReply {
  try {
    const today = todayInTokyo();
    const view = readBookView(new SheetsWorkbook(SpreadsheetApp.getActive()), today);
    return { ok: true, list: todoList(view, { y: today.y, m: today.m }) };
  } catch (e) {
    return { ok: false, message: bookMessage(e) };
  }
}

/** Selects the ケース台帳 row of a ケースID (the whole row, its ケースID cell current). */
export function sidebarSelectCase(caseId?: unknown): SidebarSelectReply {
  if (typeof caseId !== 'string' || caseId.trim() === '') return { ok: false, message: 'ケースIDがありません。' };
  const ss = SpreadsheetApp.getActive();
  try {
    const { table } = readLedger(new SheetsWorkbook(ss));
    const col = table.columns.caseId!;
    const index = table.rows.findIndex((r) => normalizeKey(cellText(r[col] ?? null)) === normalizeKey(caseId));
    if (index < 0) return { ok: false, message: `ケースID「${caseId}」は「${TAB.ledger}」にありません。` };
    const row = table.headerRow + 1 + index;
    const sheet = ss.getSheetByName(TAB.ledger)!;
    ss.setActiveSheet(sheet);
    // https://developers.google.com/apps-script/reference/spreadsheet/range#activate()
    sheet.getRange(row, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
    sheet.getRange(row, col + 1).activateAsCurrentCell();
    return { ok: true, row };
  } catch (e) {
    return { ok: false, message: bookMessage(e) };
  }
}
