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
  NO_DOCUMENT_MESSAGE,
  TOKYO,
  TRIGGER_ITEMS,
  menuFunctionName,
} from './gas/menu';
import { sendToMany } from './gas/mail';
import { SheetsWorkbook } from './gas/sheetsWorkbook';
import { installOwnTrigger, isRecordedRun, ownerLabel, removeOwnTrigger } from './gas/triggers';
import { makeOrUpdateForm, responseTabsOf } from './gas/forms';
import { formIdOf, readFormBlock, writeFormBlock } from './commands/forms';
import { currentKeys, planReminders } from './commands/reminders';
import { activityFormSpec, caseFormSpec, CENTER_QUESTION, type FormKind } from './domain/forms';
import { fiscalYearOf } from './domain/calendar';
import { parseSettings } from './domain/settings';
import { caseName, explainCase, readBookView, rowAt, todoList, type TodoList } from './commands/caseView';
import { readLedger } from './commands/ledger';
import type { CaseExplanation } from './domain/explain';
import { TAB } from './domain/schema';
import { cellText } from './domain/table';
import { normalizeKey } from './domain/text';
import { SIDEBAR_TITLES, sidebarPage, type SidebarKind } from './sidebar/page';
// 支援レポート (menu) and 月末確認 (daily run)
import { reportInSheets } from './gas/docs';
import { sendMonthEndMails } from './gas/monthEnd';
import { REPORT_COMMAND } from './commands/report';

type Ui = GoogleAppsScript.Base.Ui;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

// ---------------------------------------------------------------------------------------------
// Menu

/**
 * Builds the menu and nothing else. As an Editor add-on, onOpen runs in AuthMode.NONE until the
 * add-on is used in the document (reading the sheet or the properties fails there) and the menu
 * goes under Extensions (createAddonMenu); bound to the spreadsheet it gets its own top-level menu
 * (createMenu). Clicking an item runs it with full authorization either way.
 * Commands without an implementation are left out.
 */
export function onOpen(e?: unknown): void {
  const ui = SpreadsheetApp.getUi();
  const menu = isAddon(e) ? ui.createAddonMenu() : ui.createMenu(MENU_TITLE);
  for (const def of COMMANDS) {
    if (def.run && MENU_HANDLERS[def.name]) menu.addItem(def.title, menuFunctionName(def.name));
  }
  for (const item of TRIGGER_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

/**
 * Whether the script runs as an add-on: AuthMode.NONE only happens to add-ons (reference: the
 * add-on authorization lifecycle); otherwise ScriptApp.getInstallationSource() says NONE for a
 * script bound to the document. When that cannot be asked, the add-on menu: it works in both.
 */
function isAddon(e: unknown): boolean {
  const mode = typeof e === 'object' && e !== null ? (e as { authMode?: unknown }).authMode : undefined;
  if (mode === ScriptApp.AuthMode.NONE) return true;
  try {
    return ScriptApp.getInstallationSource() !== ScriptApp.InstallationSource.NONE;
  } catch {
    return true;
  }
}

/** An add-on installed from the Marketplace: Apps Script calls onInstall (in FULL), not onOpen. */
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
  status: menuStatus,
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
  if (name === 'status') {
    const fy = askFiscalYear(ui, title, today);
    if (fy === null) return;
    options = { fy };
  }
  // Under the document lock; a failure is told as withMenuErrors says (logged as the command).
  const work = (): void =>
    underDocumentLock(ui, () => {
      ss.toast(`${title}を実行しています…`, MENU_TITLE);
      const book = new SheetsWorkbook(ss);
      const ctx: CommandContext = {
        book,
        today,
        options: name === 'intake' ? { ...options, responseTabs: productResponseTabs(ss, book) } : options,
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
    });
  withMenuErrors(title, work, name);
}

/** Runs a menu's work under the document lock; when another run holds it, the user is told to wait. */
function underDocumentLock(ui: Ui, work: () => void): void {
  const lock = documentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    ui.alert(BUSY_MESSAGE);
    return;
  }
  try {
    work();
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

/** The document's lock; null (no container document, per the reference) becomes a clear message. */
function documentLock(): GoogleAppsScript.Lock.Lock {
  const lock = LockService.getDocumentLock();
  if (!lock) throw new UnusableBookError(NO_DOCUMENT_MESSAGE);
  return lock;
}

/** The document's property store; null (no container document) becomes a clear message. */
function documentProperties(): GoogleAppsScript.Properties.Properties {
  const props = PropertiesService.getDocumentProperties();
  if (!props) throw new UnusableBookError(NO_DOCUMENT_MESSAGE);
  return props;
}

/** Installs a trigger for this user, or explains whose it is; a take-over only when the user says so. */
function installTrigger(
  what: string,
  handler: string,
  create: () => GoogleAppsScript.Script.Trigger,
): 'created' | 'exists' | 'declined' {
  const ui = SpreadsheetApp.getUi();
  const props = documentProperties();
  let outcome = installOwnTrigger(props, handler, create);
  if (outcome.status === 'held-by-other') {
    const owner = ownerLabel(outcome.owner);
    const answer = ui.alert(
      what,
      `${what}は${owner}がすでに設定しています（${owner}の権限で実行されます）。同じ処理が二重に動かないよう、ここでは設定していません。` +
        `解除や変更は${owner}が［${MENU_TITLE}］メニューから行えます。\n\n` +
        `${owner}がこのスプレッドシートを使わなくなった場合に限り、「はい」で設定をあなたに引き継げます（${owner}の設定はそれ以後何もしません）。引き継ぎますか？`,
      ui.ButtonSet.YES_NO,
    );
    if (answer !== ui.Button.YES) return 'declined';
    outcome = installOwnTrigger(props, handler, create, true);
  }
  return outcome.status === 'created' ? 'created' : 'exists';
}

function removeTrigger(what: string, handler: string): void {
  const outcome = removeOwnTrigger(documentProperties(), handler);
  const message =
    outcome.status === 'removed'
      ? `${what}を解除しました。`
      : outcome.status === 'held-by-other'
        ? `${what}は${ownerLabel(outcome.owner)}が設定したもので、解除できるのは${ownerLabel(outcome.owner)}だけです。` +
          `${ownerLabel(outcome.owner)}に［${MENU_TITLE}］→［${what}を解除］を選んでもらってください。`
        : `${what}は設定されていません。`;
  SpreadsheetApp.getUi().alert(message);
}

export function installDailyRefresh(): void {
  withMenuErrors('毎日の自動更新', () => {
    const outcome = installTrigger('毎日の自動更新', DAILY_HANDLER, () =>
      ScriptApp.newTrigger(DAILY_HANDLER).timeBased().everyDays(1).atHour(DAILY_HOUR).inTimezone(TOKYO).create(),
    );
    if (outcome === 'declined') return;
    SpreadsheetApp.getUi().alert(
      outcome === 'created'
        ? '毎日の自動更新を設定しました。毎朝5時ごろ、支援期間と引継ぎ予定を更新します。' +
            '「設定」タブの「通知メール送信先」に宛先を入れると、新しい引継ぎ対象をメールで知らせます。'
        : '毎日の自動更新はすでに設定されています（毎朝5時ごろ、支援期間と引継ぎ予定を更新します）。',
    );
  });
}

export function removeDailyRefresh(): void {
  withMenuErrors('毎日の自動更新', () => removeTrigger('毎日の自動更新', DAILY_HANDLER));
}

/**
 * Runs a menu item: a problem with the book (or no document lock or store) is told as it is, in
 * Japanese; anything else is logged for the developer (as `logName`) and told as unexpected.
 */
function withMenuErrors(title: string, work: () => void, logName = title): void {
  try {
    work();
  } catch (e) {
    const ui = SpreadsheetApp.getUi();
    if (e instanceof UnusableBookError || e instanceof CommandUsageError) ui.alert(title, e.message, ui.ButtonSet.OK);
    else {
      logError(logName, e);
      ui.alert(title, unexpectedMessage(e), ui.ButtonSet.OK);
    }
  }
}

/** What a daily run did (for the log and the tests). */
export interface DailyOutcome {
  ran: string[];
  skipped: string[];
  failed: string[];
  digest: string;
  /** The spreadsheet's time zone when it is not Asia/Tokyo (also logged and noted in the digest). */
  timeZone: string | null;
  /** What the 未提出のお知らせ did (see sendReminders). */
  reminders?: string;
  /** What the 月末確認 did (src/gas/monthEnd.ts). */
  monthEnd?: string;
}

/**
 * A trigger run's start: the document lock, or null when the trigger that fired is not the recorded
 * one (a duplicate another editor made). Without a document lock or store the run fails with the
 * Japanese message, logged, so Apps Script's failure notice tells whoever installed the trigger.
 */
function triggerLock(handler: string, e: unknown): GoogleAppsScript.Lock.Lock | null {
  try {
    if (isRecordedRun(documentProperties(), handler, e)) return documentLock();
  } catch (err) {
    if (!(err instanceof UnusableBookError)) {
      logError(handler, err);
      throw triggerFailure(handler === DAILY_HANDLER ? '毎日の自動更新' : 'フォーム自動取り込み', ['開始の準備']);
    }
    console.error(`[teichaku] ${handler}: ${err.message}`);
    throw err;
  }
  console.warn(`[teichaku] ${handler} skipped: another editor's trigger is the recorded one (this one is a duplicate)`);
  return null;
}

/** What ends a failed trigger run: Apps Script mails it to whoever installed the trigger, so Japanese. */
function triggerFailure(trigger: string, stopped: readonly string[]): Error {
  return new Error(
    `${trigger}で「${stopped.join('」「')}」が途中で止まりました。台帳を開き、［${MENU_TITLE}］メニューから同じ処理を実行して` +
      '表示される内容を確かめてください（詳しい記録は Apps Script の実行ログにあります）。',
  );
}

/** The spreadsheet's time zone when it is not Tokyo's, else null; a trigger run logs the notice. */
function otherTimeZone(ss: Spreadsheet): string | null {
  const zone = ss.getSpreadsheetTimeZone();
  if (zone === TOKYO) return null;
  console.warn(`[teichaku] ${timeZoneNotice(zone)}`);
  return zone;
}

/**
 * Runs periods and handovers under the document lock, then mails newly flagged cases.
 * No UI here: a time-driven trigger has none. A failure is logged and rethrown at the end so
 * Apps Script's failure notice reaches whoever installed the trigger.
 */
export function dailyRefresh(e?: unknown): DailyOutcome | undefined {
  const lock = triggerLock(DAILY_HANDLER, e);
  if (!lock) return undefined;
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    console.warn('[teichaku] dailyRefresh skipped: another run holds the document lock');
    return undefined;
  }
  const outcome: DailyOutcome = { ran: [], skipped: [], failed: [], digest: 'not-run', timeZone: null };
  try {
    const ss = SpreadsheetApp.getActive();
    outcome.timeZone = otherTimeZone(ss);
    const notice = outcome.timeZone && timeZoneNotice(outcome.timeZone);
    const book = new SheetsWorkbook(ss);
    const today = todayInTokyo();
    const ctx: CommandContext = { book, today, options: {}, progress: () => undefined };
    let handovers: CommandResult | null = null;
    for (const name of DAILY_COMMANDS) {
      try {
        const result = runCommand(name, ctx);
        outcome.ran.push(name);
        if (name === 'handovers') handovers = result;
      } catch (err) {
        if (err instanceof CommandUsageError) {
          outcome.skipped.push(name);
          console.warn(`[teichaku] dailyRefresh: ${name} skipped: ${err.message}`);
        } else {
          outcome.failed.push(name);
          logError(name, err);
        }
      }
    }
    if (handovers) {
      try {
        outcome.digest = sendDigest(ss, book, handovers, today, notice);
      } catch (err) {
        outcome.failed.push('digest');
        outcome.digest = 'failed';
        logError('digest', err);
      }
    }
    try {
      outcome.reminders = sendReminders(book, today);
    } catch (err) {
      outcome.failed.push('reminders');
      logError('reminders', err);
    }
    try {
      outcome.monthEnd = sendMonthEndMails(book, documentProperties(), today);
    } catch (err) {
      outcome.failed.push('monthEnd');
      logError('monthEnd', err);
    }
  } finally {
    lock.releaseLock();
  }
  if (outcome.failed.length > 0) {
    const what = outcome.failed.map((n) =>
      n === 'digest'
        ? '通知メール'
        : n === 'reminders'
          ? '未提出のお知らせメール'
          : n === 'monthEnd'
            ? '月末確認メール'
            : (findCommand(n)?.title ?? n),
    );
    throw triggerFailure('毎日の自動更新', what);
  }
  return outcome;
}

/**
 * Mails the cases flagged since the last digest; returns what it did. Recipients go in batches of
 * 50 with the quota asked per batch (src/gas/mail.ts): when the quota covers nobody, the list stays
 * unsent for tomorrow; when it covers some, they get it, the rest are logged as held back.
 */
function sendDigest(
  ss: Spreadsheet,
  book: SheetsWorkbook,
  handovers: CommandResult,
  today: CalendarDate,
  notice: string | null,
): string {
  const recipients = validRecipients(readSettings(book).digestTo);
  if (recipients.length === 0) return 'no-recipients';
  const current = flaggedFromDetails(handovers.details);
  if (current === null) return 'no-flag-list';
  const props = documentProperties();
  const stored = props.getProperties();
  const plan = planDigest(decodeFlagged(stored), current);
  if (!plan.changed) return 'unchanged';
  let result = 'stored';
  if (plan.newly.length > 0) {
    const mail = digestMail(plan.newly, current.length, today, ss.getUrl());
    const body = notice ? `${mail.body}\n\n※${notice}` : mail.body;
    const sent = sendToMany(recipients, { subject: mail.subject, body });
    if (sent.sent.length === 0) {
      console.warn('[teichaku] digest not sent: daily mail quota used up');
      return 'no-quota';
    }
    result = 'sent';
    if (sent.heldBack.length > 0) {
      result = 'partial';
      console.warn(
        `[teichaku] digest sent to ${sent.sent.length} recipients; ${sent.heldBack.length} held back by the daily mail quota`,
      );
    }
  }
  const next = encodeFlagged(current);
  props.setProperties(next, false);
  staleKeys(stored, next).forEach((k) => props.deleteProperty(k));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Form intake (installable onFormSubmit trigger)

export function installFormIntake(): void {
  withMenuErrors('フォーム自動取り込み', () => {
    const outcome = installTrigger('フォーム自動取り込み', FORM_HANDLER, () =>
      ScriptApp.newTrigger(FORM_HANDLER).forSpreadsheet(SpreadsheetApp.getActive()).onFormSubmit().create(),
    );
    if (outcome === 'declined') return;
    SpreadsheetApp.getUi().alert(
      outcome === 'created'
        ? 'フォーム自動取り込みを設定しました。フォームの回答が届くたびに台帳・活動報告へ取り込みます。'
        : 'フォーム自動取り込みはすでに設定されています。',
    );
  });
}

export function removeFormIntake(): void {
  withMenuErrors('フォーム自動取り込み', () => removeTrigger('フォーム自動取り込み', FORM_HANDLER));
}

/**
 * Runs intake when a form response arrives. Submissions can arrive together (or twice): the lock
 * serialises them and intake skips rows it already took. If the lock does not come within 30 s the
 * response stays in the form tab for the next run.
 */
export function onFormSubmitIntake(e?: unknown): void {
  const lock = triggerLock(FORM_HANDLER, e);
  if (!lock) return;
  try {
    lock.waitLock(LOCK_WAIT_MS);
  } catch {
    console.warn('[teichaku] intake skipped: another run holds the document lock');
    return;
  }
  try {
    const ss = SpreadsheetApp.getActive();
    otherTimeZone(ss);
    const book = new SheetsWorkbook(ss);
    runCommand('intake', {
      book,
      today: todayInTokyo(),
      options: { responseTabs: productResponseTabs(ss, book) },
      progress: () => undefined,
    });
  } catch (err) {
    if (err instanceof CommandUsageError) {
      console.warn(`[teichaku] intake skipped: ${err.message}`);
      return;
    }
    logError('intake', err);
    throw triggerFailure('フォーム自動取り込み', [findCommand('intake')?.title ?? 'intake']);
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

/**
 * A problem with the book becomes its message in the sidebar. Anything else is logged for the
 * developer (the error, no cell contents) and told in Japanese: the page never shows a raw error.
 */
function sidebarMessage(what: string, e: unknown): string {
  if (e instanceof UnusableBookError || e instanceof CommandUsageError) return e.message;
  logError(what, e);
  return (
    '予期しないエラーのため表示できませんでした（スプレッドシートは何も変更していません）。' +
    'もう一度ボタンを押して表示してください。繰り返し起きる場合は、管理者に Apps Script の実行ログを確かめてもらってください。'
  );
}

/** The explanation of the ledger row the cursor is on. */
export function sidebarCase(): SidebarCaseReply {
  let selection: SidebarSelection = { sheet: '', row: 0 };
  try {
    selection = sidebarSelection();
    if (selection.sheet !== TAB.ledger) {
      return { ok: false, selection, message: `「${TAB.ledger}」タブで、説明を見たいケースの行を選んでください。` };
    }
    const view = readBookView(new SheetsWorkbook(SpreadsheetApp.getActive()), todayInTokyo());
    const row = rowAt(view, selection.row);
    if (!row) {
      return {
        ok: false,
        selection,
        message: `${selection.row}行目はケースの行ではありません。見出しより下の、ケースIDのある行を選んでください。`,
      };
    }
    return { ok: true, selection, name: caseName(view, row), explanation: explainCase(view, row) };
  } catch (e) {
    return { ok: false, selection, message: sidebarMessage('sidebarCase', e) };
  }
}

export function sidebarTodo(): SidebarTodoReply {
  try {
    const today = todayInTokyo();
    const view = readBookView(new SheetsWorkbook(SpreadsheetApp.getActive()), today);
    return { ok: true, list: todoList(view, { y: today.y, m: today.m }) };
  } catch (e) {
    return { ok: false, message: sidebarMessage('sidebarTodo', e) };
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
    if (index < 0) {
      const message = `ケースID「${caseId}」は「${TAB.ledger}」にありません。一覧を開いたあとに台帳が変わったときは、「更新」を押してください。`;
      return { ok: false, message };
    }
    const row = table.headerRow + 1 + index;
    const sheet = ss.getSheetByName(TAB.ledger)!;
    ss.setActiveSheet(sheet);
    // https://developers.google.com/apps-script/reference/spreadsheet/range#activate()
    sheet.getRange(row, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
    sheet.getRange(row, col + 1).activateAsCurrentCell();
    return { ok: true, row };
  } catch (e) {
    return { ok: false, message: sidebarMessage('sidebarSelectCase', e) };
  }
}

// ---------------------------------------------------------------------------------------------
// Forms the product makes, 提出状況, and the 未提出のお知らせ (issue 11)

export function menuStatus(): void {
  runMenu('status');
}
export function menuActivityForm(): void {
  makeFormMenu('activity');
}
export function menuCaseForm(): void {
  makeFormMenu('case');
}

/** Asks for the fiscal year (default: the current one). Null when the user cancels or types something else. */
function askFiscalYear(ui: Ui, title: string, today: CalendarDate): string | null {
  const fallback = String(fiscalYearOf(today));
  const response = ui.prompt(
    title,
    `対象の年度を西暦4桁で入力してください（例: 令和7年度なら 2025。空欄のままOKで ${fallback}）。`,
    ui.ButtonSet.OK_CANCEL,
  );
  if (response.getSelectedButton() !== ui.Button.OK) return null;
  const text = response.getResponseText().normalize('NFKC').trim().replace(/年度$/, '');
  if (text === '') return fallback;
  if (!/^\d{4}$/.test(text)) {
    ui.alert(
      `「${response.getResponseText()}」は年度として読めません。「2025」の形で入力して、もう一度実行してください。`,
    );
    return null;
  }
  return text;
}

/** The IDs of the forms the product made, as 設定 records them. */
function recordedFormIds(values: ReturnType<SheetsWorkbook['readSheet']>): string[] {
  const block = readFormBlock(values);
  return (['activity', 'case'] as const)
    .map((k) => (block?.forms[k] ? formIdOf(block.forms[k]!.editUrl) : null))
    .filter((id): id is string => id !== null);
}

/** The response tabs of the forms the product made: known by the form each tab is linked to. */
function productResponseTabs(ss: Spreadsheet, book: SheetsWorkbook): string[] {
  return responseTabsOf(ss, recordedFormIds(book.readSheet(TAB.settings)));
}

const FORM_TITLES: Readonly<Record<FormKind, string>> = {
  activity: '報告フォームを作成',
  case: 'ケース報告フォームを作成',
};

/**
 * Makes the form (or brings the one 設定 records up to date: the same form, its choices from 設定's
 * centers, its answers kept), links it to this spreadsheet, and records its links in 設定.
 */
function makeFormMenu(kind: FormKind): void {
  const title = FORM_TITLES[kind];
  const ui = SpreadsheetApp.getUi();
  const ss = SpreadsheetApp.getActive();
  // Under the document lock; a failure is told as withMenuErrors says.
  withMenuErrors(title, () => underDocumentLock(ui, () => formMenuWork(kind, title, ui, ss)));
}

function formMenuWork(kind: FormKind, title: string, ui: Ui, ss: Spreadsheet): void {
  const book = new SheetsWorkbook(ss);
  const values = book.readSheet(TAB.settings);
  if (!values)
    throw new UnusableBookError(`「${TAB.settings}」タブがありません。先にメニュー「初期設定」を実行してください。`);
  const settings = parseSettings(values);
  const block = readFormBlock(values);
  const recorded = block?.forms[kind] ? formIdOf(block.forms[kind]!.editUrl) : null;
  const spec =
    kind === 'activity'
      ? activityFormSpec(settings.centers, settings.reportDeadlineDay)
      : caseFormSpec(settings.centers);
  const made = makeOrUpdateForm(ss.getId(), spec, recorded, kind === 'activity' ? CENTER_QUESTION : null);
  writeFormBlock(
    book,
    values,
    kind,
    { publishedUrl: made.publishedUrl, editUrl: made.editUrl },
    kind === 'activity' ? made.prefilled : null,
  );
  const where = `回答用のリンク${kind === 'activity' ? 'とセンターごとの記入済みリンク' : ''}は「${TAB.settings}」タブの右側「フォーム（自動）」にあります。`;
  ui.alert(
    title,
    made.created
      ? `「${spec.title}」フォームを作り、このスプレッドシートにつなぎました（回答は新しいタブに入ります）。${where}\n回答用: ${made.publishedUrl}\n\n届いた回答は「フォーム回答を取り込む」で取り込めます。［フォーム自動取り込みを設定］をすると届くたびに取り込みます。`
      : `「${spec.title}」フォームを「${TAB.settings}」のセンター一覧（${settings.centers.length}件）に合わせて更新しました。これまでの回答はそのまま残っています。${where}`,
    ui.ButtonSet.OK,
  );
}

/** Document property holding which center-months were reminded: {"<center>": ["2025-04", …]}. */
const REMINDED_PROPERTY = 'teichaku.reminded';

function readReminded(props: GoogleAppsScript.Properties.Properties): Set<string> {
  const sent = new Set<string>();
  try {
    const stored = JSON.parse(props.getProperty(REMINDED_PROPERTY) ?? '{}') as Record<string, string[]>;
    for (const [center, months] of Object.entries(stored)) for (const m of months) sent.add(`${center}|${m}`);
  } catch {
    // an unreadable record is an empty one: at worst a center is reminded once more
  }
  return sent;
}

function writeReminded(props: GoogleAppsScript.Properties.Properties, keys: readonly string[]): void {
  const byCenter: Record<string, string[]> = {};
  for (const k of keys) {
    const i = k.lastIndexOf('|');
    (byCenter[k.slice(0, i)] ??= []).push(k.slice(i + 1));
  }
  props.setProperty(REMINDED_PROPERTY, JSON.stringify(byCenter));
}

/**
 * Mails each center whose 活動報告 is overdue, once per center and month, through the batched,
 * quota-checked sender (src/gas/mail.ts). A center the quota does not reach waits for tomorrow.
 */
function sendReminders(book: SheetsWorkbook, today: CalendarDate): string {
  const props = documentProperties();
  const sent = readReminded(props);
  const plan = planReminders(book, today, sent);
  if (plan.reason) return plan.reason;
  if (plan.noAddress.length)
    console.warn(`[teichaku] reminders: no address in 設定 for ${plan.noAddress.length} center(s)`);
  let mailed = 0;
  let held = 0;
  try {
    for (const mail of plan.mails) {
      const out = sendToMany(mail.to, { subject: mail.subject, body: mail.body });
      if (out.sent.length === 0) {
        held++;
        continue;
      }
      mailed++;
      mail.keys.forEach((k) => sent.add(k));
    }
  } finally {
    // Kept even when a later mail fails (MailApp throws): the centers already mailed are never mailed twice.
    if (mailed) writeReminded(props, currentKeys([...sent], today));
  }
  if (held) console.warn(`[teichaku] reminders: ${held} center(s) held back by the daily mail quota`);
  return held ? `sent ${mailed}, held ${held}` : `sent ${mailed}`;
}

// ---------------------------------------------------------------------------------------------
// 支援レポートを作成: asks the month, then makes the Docs and fills the 支援レポート tab (src/gas/docs.ts)

export function menuReport(): void {
  const title = REPORT_COMMAND.title;
  const ui = SpreadsheetApp.getUi();
  const ss = SpreadsheetApp.getActive();
  const today = todayInTokyo();
  const month = askMonth(ui, title, today);
  if (month === null) return;
  const work = (): void =>
    underDocumentLock(ui, () => {
      ss.toast(`${title}を実行しています…`, MENU_TITLE);
      const result = reportInSheets(
        new SheetsWorkbook(ss),
        documentProperties(),
        ss.getName(),
        today,
        parseYearMonth(month)!,
      );
      const notices = result.notices;
      ui.alert(
        title,
        notices.length ? `${result.summary}\n\n${notices.map((n) => `・${n}`).join('\n')}` : result.summary,
        ui.ButtonSet.OK,
      );
    });
  withMenuErrors(title, work, REPORT_COMMAND.name);
}
