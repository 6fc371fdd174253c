// The Apps Script side of the services the commands use (src/commands/types.ts): the document lock,
// the document's property store, mail; and what every entry point shares: today in Tokyo, the
// Japanese messages for a failure, the developer's log line.

import { recordedFormIds } from '../commands/forms';
import type { DocumentLock, MailSender, PropertyStore } from '../commands/types';
import { UnusableBookError } from '../commands/types';
import { tokyoDateAt, type CalendarDate } from '../domain/calendar';
import { TAB } from '../domain/schema';
import type { WorkbookPort } from '../workbook/port';
import { responseTabsOf } from './forms';
import { sendToMany } from './mail';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/**
 * LockService.getDocumentLock() and PropertiesService.getDocumentProperties() return null when the
 * script is neither bound to a document nor an add-on in one (reference: LockService, PropertiesService).
 */
export const NO_DOCUMENT_MESSAGE =
  'このスクリプトがスプレッドシートに結び付いていないため、実行できません（文書のロックと文書のプロパティが使えません）。' +
  'ケース台帳のスプレッドシートを開き、メニュー［定着支援］から実行してください。';

export function todayInTokyo(): CalendarDate {
  return tokyoDateAt(Date.now());
}

/** The document's lock; null (no container document, per the reference) becomes a clear message. */
export function documentLock(): DocumentLock {
  const lock = LockService.getDocumentLock();
  if (!lock) throw new UnusableBookError(NO_DOCUMENT_MESSAGE);
  return {
    tryLock: (ms) => lock.tryLock(ms),
    waitLock: (ms) => lock.waitLock(ms),
    release: () => lock.releaseLock(),
  };
}

/** The document's property service; null (no container document) becomes a clear message. */
export function documentProperties(): GoogleAppsScript.Properties.Properties {
  const props = PropertiesService.getDocumentProperties();
  if (!props) throw new UnusableBookError(NO_DOCUMENT_MESSAGE);
  return props;
}

/** The document properties as the commands' PropertyStore. */
export function propertyStore(props = documentProperties()): PropertyStore {
  return {
    get: (key) => props.getProperty(key),
    all: () => props.getProperties(),
    set: (key, value) => void props.setProperty(key, value),
    setAll: (values) => void props.setProperties(values, false),
    delete: (key) => void props.deleteProperty(key),
  };
}

/** MailApp, in batches of at most 50 recipients with the quota asked per batch (src/gas/mail.ts). */
export const mailSender: MailSender = { send: (to, message) => sendToMany(to, message) };

/** The response tabs of the forms the product made: known by the form each tab is linked to. */
export function productResponseTabs(ss: Spreadsheet, book: WorkbookPort): string[] {
  return responseTabsOf(ss, recordedFormIds(book.readSheet(TAB.settings)));
}

export function timeZoneNotice(zone: string): string {
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

export function unexpectedMessage(e: unknown): string {
  const detail = errorText(e).message.slice(0, 200);
  return (
    '予期しないエラーが発生したため、処理を中断しました。入力されたデータは変更していませんが、' +
    '自動計算の列や自動生成のタブが途中までしか更新されていないことがあります。もう一度実行してください。' +
    `繰り返し起きる場合は、次の内容を管理者に伝えてください。\n\n詳細: ${detail}`
  );
}

/** Logs what failed, for the developer: the command and the error, no cell contents. */
export function logError(command: string, e: unknown): void {
  const { name, message, stack } = errorText(e);
  console.error(`[teichaku] ${command} failed: ${name}: ${message}${stack ? `\n${stack}` : ''}`);
}
