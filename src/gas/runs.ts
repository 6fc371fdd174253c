// The installable triggers' runs: the daily refresh (the registry's daily commands and tasks, on one
// session) and form intake. No UI here: a trigger has none. A failure is logged and ends the run with
// a Japanese message, which Apps Script mails to whoever installed the trigger.

import { findCommand } from '../commands/registry';
import { dailyPartTitle, runCommand, runDaily, type DailyOutcome } from '../commands/run';
import { CommandUsageError, UnusableBookError, type DocumentLock } from '../commands/types';
import { DAILY_HANDLER, FORM_HANDLER, LOCK_WAIT_MS, MENU_TITLE, TOKYO } from './menu';
import {
  documentLock,
  documentProperties,
  logError,
  mailSender,
  productResponseTabs,
  propertyStore,
  timeZoneNotice,
  todayInTokyo,
} from './services';
import { SheetsWorkbook } from './sheetsWorkbook';
import { isRecordedRun } from './triggers';
import { sendMonthEndMails } from './monthEnd';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** What a daily run did: the registry's outcome, and the spreadsheet's time zone when it is not Tokyo's. */
export type DailyRefreshOutcome = DailyOutcome & { timeZone: string | null; monthEnd?: string };

/**
 * A trigger run's start: the document lock, or null when the trigger that fired is not the recorded
 * one (a duplicate another editor made). Without a document lock or store the run fails with the
 * Japanese message, logged, so Apps Script's failure notice tells whoever installed the trigger.
 */
function triggerLock(handler: string, e: unknown): DocumentLock | null {
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
 * The daily refresh: under the document lock, the registry's daily commands (支援期間・引継ぎ予定,
 * the owned columns computed and written once), then its tasks (the digest, the reminders).
 */
export function dailyRefresh(e?: unknown): DailyRefreshOutcome | undefined {
  const lock = triggerLock(DAILY_HANDLER, e);
  if (!lock) return undefined;
  let locked: boolean;
  try {
    locked = lock.tryLock(LOCK_WAIT_MS);
  } catch (err) {
    logError(DAILY_HANDLER, err);
    throw triggerFailure('毎日の自動更新', ['開始の準備']);
  }
  if (!locked) {
    console.warn('[teichaku] dailyRefresh skipped: another run holds the document lock');
    return undefined;
  }
  let outcome: DailyRefreshOutcome;
  try {
    const ss = SpreadsheetApp.getActive();
    const timeZone = otherTimeZone(ss);
    const ctx = { book: new SheetsWorkbook(ss), today: todayInTokyo(), options: {}, progress: () => undefined };
    const services = {
      mail: mailSender,
      properties: propertyStore(),
      url: ss.getUrl(),
      notice: timeZone && timeZoneNotice(timeZone),
      log: (message: string) => console.warn(`[teichaku] ${message}`),
    };
    outcome = { ...runDaily(ctx, services, logError), timeZone };
    try {
      outcome.monthEnd = sendMonthEndMails(ctx.book, documentProperties(), ctx.today);
    } catch (err) {
      outcome.failed.push('monthEnd');
      logError('monthEnd', err);
    }
  } catch (err) {
    // Before or around the commands (the spreadsheet, its time zone, the property store).
    if (err instanceof UnusableBookError) throw err;
    logError(DAILY_HANDLER, err);
    throw triggerFailure('毎日の自動更新', ['開始の準備']);
  } finally {
    release(lock);
  }
  if (outcome.failed.length > 0)
    throw triggerFailure(
      '毎日の自動更新',
      outcome.failed.map((n) => (n === 'monthEnd' ? '月末確認メール' : dailyPartTitle(n))),
    );
  return outcome;
}

/**
 * Runs intake when a form response arrives. Submissions can arrive together (or twice): the lock
 * serialises them and intake skips rows it already took. If the lock does not come within 30 s (or
 * the lock service fails) the response stays in the form tab for the next run, and the run ends with
 * a Japanese message saying so: Apps Script mails it to whoever installed the trigger.
 */
export function onFormSubmitIntake(e?: unknown): void {
  const lock = triggerLock(FORM_HANDLER, e);
  if (!lock) return;
  try {
    lock.waitLock(LOCK_WAIT_MS);
  } catch (err) {
    // The service's own words go to the log only: the message is mailed to a person.
    logError('intake (waiting for the document lock)', err);
    throw intakeWaited();
  }
  try {
    const ss = SpreadsheetApp.getActive();
    otherTimeZone(ss);
    const book = new SheetsWorkbook(ss);
    runCommand('intake', {
      book,
      today: todayInTokyo(),
      options: {},
      progress: () => undefined,
      linkedResponseTabs: () => productResponseTabs(ss, book),
    });
  } catch (err) {
    if (err instanceof CommandUsageError) {
      console.warn(`[teichaku] intake skipped: ${err.message}`);
      return;
    }
    logError('intake', err);
    throw triggerFailure('フォーム自動取り込み', [findCommand('intake')?.title ?? 'intake']);
  } finally {
    release(lock);
  }
}

/** What ends an intake run that could not get the lock: the response waits in its tab, and the owner is told. */
function intakeWaited(): Error {
  return new Error(
    'フォーム自動取り込みで、ほかの処理が終わるのを待てなかったため、今回届いた回答をまだ取り込んでいません。' +
      '回答はフォームの回答タブに残っていて、次の回答が届いたときに一緒に取り込みます。' +
      `すぐに取り込むには、台帳を開き［${MENU_TITLE}］メニューの「${findCommand('intake')?.title ?? 'intake'}」を実行してください。`,
  );
}

/** Gives the lock back; a failure there is only logged (Apps Script releases it when the run ends). */
function release(lock: DocumentLock): void {
  try {
    lock.release();
  } catch (err) {
    logError('releaseLock', err);
  }
}
