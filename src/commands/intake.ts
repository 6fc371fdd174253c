// フォーム回答を取り込む: responses in the form tab (設定「フォーム回答タブ」, default フォームの回答 1)
// become rows of 活動報告 or ケース台帳, checked by the same rules; the rest are listed in 取り込みエラー.
// Safe to run again at any time and from the form-submit trigger (which holds the document lock):
// each response is taken once, see src/domain/intake.ts.

import { checkCaseRow } from '../domain/validate';
import {
  detectResponses,
  planActivityIntake,
  planCaseIntake,
  RESPONSE_STATUS_HEADER,
  type IntakePlan,
} from '../domain/intake';
import { DATE_FORMAT, TAB } from '../domain/schema';
import type { Settings } from '../domain/settings';
import { cellText, dataRows } from '../domain/table';
import type { CalendarDate } from '../domain/calendar';
import type { Cell, WorkbookPort } from '../workbook/port';
import { readTargetActivity } from './shared/activity';
import { hasTab, printable, writeGeneratedTab } from './shared/generated';
import { intakeErrorSheet } from './shared/intakeErrors';
import { readLedger, sessionSettings } from './shared/ledger';
import { sessionOf } from './shared/session';
import { UnusableBookError, type CommandContext, type CommandDef, type CommandResult } from './types';

/** Whether intake has anything to read here: a reason to skip (for `all`), or null. */
export function intakeApplies(ctx: CommandContext): string | null {
  const tab = sessionSettings(sessionOf(ctx)).formTab;
  return hasTab(ctx.book, tab) ? null : `「${tab}」がありません`;
}

/** Whether a tab already shows these values (trailing blanks ignored). */
function sameValues(current: readonly (readonly Cell[])[] | null, wanted: readonly (readonly Cell[])[]): boolean {
  if (!current) return false;
  const trim = (rows: readonly (readonly Cell[])[]): string =>
    JSON.stringify(
      rows
        .map((r) => {
          const out = r.map((c) => (c === '' ? null : c));
          while (out.length && out[out.length - 1] === null) out.pop();
          return out;
        })
        .reduceRight<Cell[][]>((acc, r) => (acc.length === 0 && r.length === 0 ? acc : [r, ...acc]), []),
    );
  return trim(current) === trim(wanted);
}

function planFor(book: WorkbookPort, settings: Settings, today: CalendarDate, tab: string): IntakePlan {
  const values = book.readSheet(tab);
  if (values === null) {
    throw new UnusableBookError(
      `フォーム回答のタブ「${tab}」がありません。フォームの回答先をこのスプレッドシートにするか、設定タブの「フォーム回答タブ」に回答が入るタブ名を書いてください。`,
    );
  }
  const responses = detectResponses(tab, values);
  if (!responses) {
    throw new UnusableBookError(
      `「${tab}」タブの見出しから、活動報告かケース台帳かを判断できません。フォームの質問名を、活動報告なら「センター名」「対象年月」「個別支援会議件数」など、ケース台帳なら「ケースID」「事業所名」「担当センター」「就職日」などにしてください。`,
    );
  }
  const notices = responses.unmapped
    .filter((h) => h !== RESPONSE_STATUS_HEADER)
    .map((h) => `フォームの質問「${h}」は取り込み先の列に対応しないため取り込んでいません。`);
  let plan: IntakePlan;
  if (responses.kind === 'activity') {
    const activity = hasTab(book, TAB.activity) ? readTargetActivity(book, settings) : null;
    plan = planActivityIntake(responses.table, activity, settings.centers, today);
  } else {
    const ledger = readLedger(book);
    const caseIds = dataRows(ledger.table).map((r) => cellText(r.get('caseId')));
    plan = planCaseIntake(
      responses.table,
      { table: ledger.table, caseIds },
      (get, row, sheet) => checkCaseRow(get, row, sheet, settings, today).problems,
      today,
      DATE_FORMAT,
    );
  }
  return { ...plan, notices: [...notices, ...plan.notices] };
}

/**
 * The tabs intake reads: the configured one (when it exists, or when nothing else is given) and the
 * response tabs of the forms the product made (CommandOptions.responseTabs, or found by the platform).
 */
export function responseTabsOf(book: WorkbookPort, settings: Settings, linked: readonly string[] = []): string[] {
  const tabs = linked.filter((t, i) => linked.indexOf(t) === i);
  if (!tabs.includes(settings.formTab) && (tabs.length === 0 || hasTab(book, settings.formTab)))
    tabs.unshift(settings.formTab);
  return tabs;
}

export function runIntake(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const tabs = responseTabsOf(book, settings, ctx.options.responseTabs ?? ctx.linkedResponseTabs?.());
  // One tab after the other: each plan reads the target as the previous one left it.
  const plans: IntakePlan[] = [];
  const wroteTabs: string[] = [];
  for (const tab of tabs) {
    const plan = planFor(book, settings, today, tab);
    plans.push(plan);
    // The header is frozen before anything is written, so a run cut off at any point leaves the new tab
    // empty or frozen, and the rerun (which fills an empty tab as a new one) ends as one clean run does.
    if (plan.createTarget) {
      if (!hasTab(book, plan.target)) book.createSheet(plan.target);
      book.freezeRows(plan.target, 1);
    }
    for (const w of plan.writes)
      book.writeRange(w.sheet, w.row, w.col, w.values, { asText: w.asText, columnFormats: w.columnFormats });
    for (const w of plan.writes) if (!wroteTabs.includes(w.sheet)) wroteTabs.push(w.sheet);
  }
  const plan: IntakePlan =
    plans.length === 1
      ? plans[0]
      : {
          ...plans[0],
          target: [...new Set(plans.map((p) => p.target))].join('・'),
          taken: plans.reduce((n, p) => n + p.taken, 0),
          errors: plans.flatMap((p) => p.errors),
          review: plans.flatMap((p) => p.review),
          notices: plans.flatMap((p) => p.notices),
          writes: plans.flatMap((p) => p.writes),
        };

  const notices = [...settings.problems, ...plan.notices];
  const pending = plan.errors.length + plan.review.length;
  // The error list is rebuilt only when what it would show differs from what it shows: a trigger
  // run that finds nothing new costs one read, no writes. It is created once there is something to list.
  const hasErrorTab = hasTab(book, TAB.intakeErrors);
  const errorSheet = intakeErrorSheet(tabs.join('」「'), plan.errors, plan.review, today);
  if (hasErrorTab ? !sameValues(book.readSheet(TAB.intakeErrors), printable(errorSheet).values) : pending > 0) {
    const result = writeGeneratedTab(book, TAB.intakeErrors, errorSheet);
    wroteTabs.push(result.name);
    if (result.notice) notices.push(result.notice);
  }
  // Intake may have added rows to ケース台帳 or 活動報告: the commands after it in the run read them afresh.
  session.forget();
  const errorRows = new Set(plan.errors.map((p) => `${p.sheet}|${p.row}`)).size;
  const parts = [`${plan.taken}件を${plan.target}に取り込みました`];
  if (errorRows) parts.push(`エラー${errorRows}件`);
  if (plan.review.length) parts.push(`要確認${plan.review.length}件（${TAB.intakeErrors}タブ参照）`);
  return {
    command: 'intake',
    summary: `フォーム回答の取り込み: ${parts.join('・')}。`,
    notices,
    wroteTabs,
    details: { kind: plan.kind, target: plan.target, taken: plan.taken, errors: errorRows, review: plan.review.length },
  };
}

export const intake: CommandDef = {
  name: 'intake',
  title: 'フォーム回答を取り込む',
  help: 'フォームの回答タブを台帳・活動報告に取り込む',
  needsTabs: [TAB.formResponses],
  applies: intakeApplies,
  run: runIntake,
};
