// Names the menu and the triggers share with src/entrypoints.ts and the tests. Kept out of the
// entry file because every export of that file becomes a top-level Apps Script function.

export const MENU_TITLE = '定着支援';
export const BUSY_MESSAGE = '他の処理が実行中です。しばらくしてからもう一度実行してください。';
/**
 * LockService.getDocumentLock() and PropertiesService.getDocumentProperties() return null when the
 * script is neither bound to a document nor an add-on in one (reference: LockService, PropertiesService).
 */
export const NO_DOCUMENT_MESSAGE =
  'このスクリプトがスプレッドシートに結び付いていないため、実行できません（文書のロックと文書のプロパティが使えません）。' +
  'ケース台帳のスプレッドシートを開き、メニュー［定着支援］から実行してください。';
/** How long a run waits for another run to finish. */
export const LOCK_WAIT_MS = 30000;
export const TOKYO = 'Asia/Tokyo';

/** Handler names of the installable triggers (exported functions of src/entrypoints.ts). */
export const DAILY_HANDLER = 'dailyRefresh';
export const FORM_HANDLER = 'onFormSubmitIntake';
/** The hour (Asia/Tokyo) the daily refresh runs at. */
export const DAILY_HOUR = 5;
/** What the daily refresh runs, in order. */
export const DAILY_COMMANDS: readonly string[] = ['periods', 'handovers'];
/** Commands that ask which month (YYYY-MM) to work on. */
export const MONTH_COMMANDS: readonly string[] = ['monthly', 'contacts'];

/** The top-level function behind a command's menu item: setup → menuSetup. */
export function menuFunctionName(command: string): string {
  return `menu${command.charAt(0).toUpperCase()}${command.slice(1)}`;
}

/** Menu items after the commands: [label, function]; null is a separator. */
export const TRIGGER_ITEMS: readonly ([string, string] | null)[] = [
  null,
  ['ケースの詳細を表示', 'showCaseSidebar'],
  ['今月のやること', 'showTodoSidebar'],
  // 支援レポート drafts as Google Docs (src/gas/docs.ts)
  ['支援レポートを作成', 'menuReport'],
  null,
  ['毎日の自動更新を設定', 'installDailyRefresh'],
  ['毎日の自動更新を解除', 'removeDailyRefresh'],
  null,
  ['フォーム自動取り込みを設定', 'installFormIntake'],
  ['フォーム自動取り込みを解除', 'removeFormIntake'],
  null,
  ['報告フォームを作成', 'menuActivityForm'],
  ['ケース報告フォームを作成', 'menuCaseForm'],
];
