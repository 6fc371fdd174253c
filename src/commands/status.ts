// 提出状況を作成 (CLI: teichaku status <book> [--fy 年度]): per center and month of the fiscal year,
// whether a valid 活動報告 came in, was corrected, or is missing (before or after its deadline).
// Reads 設定 and 活動報告 once; writes the generated tab 提出状況 and 活動報告's status column.

import { fiscalYearLabel, formatSlash, formatYearMonth, type CalendarDate } from '../domain/calendar';
import { TAB } from '../domain/schema';
import type { Settings } from '../domain/settings';
import {
  STATE_LABEL,
  fiscalYearMonths,
  submissionGrid,
  submissionInput,
  submissionText,
  type MonthSubmission,
} from '../domain/submissions';
import type { Cell, SheetContent } from '../workbook/port';
import { activityNotices, sessionActivity, sessionActivityStatus } from './shared/activity';
import { titleRow, writeGeneratedTab } from './shared/generated';
import { sessionSettings } from './shared/ledger';
import { FISCAL_YEAR, optionValue } from './shared/options';
import { sessionOf } from './shared/session';
import type { CommandContext, CommandDef, CommandResult } from './types';

const STATES = ['submitted', 'corrected', 'overdue', 'missing'] as const;

/** The total rows, one per state: how many centers are in it each month (blank: a month not ended). */
function totalRows(grid: readonly (readonly MonthSubmission[])[], months: number): Cell[][] {
  return STATES.map((st, i) => [
    null,
    i === 0 ? `合計\u3000${STATE_LABEL[st]}` : STATE_LABEL[st],
    ...Array.from({ length: months }, (_, j) => {
      const column = grid.map((row) => row[j]);
      return column.every((s) => s.state === 'notEnded') ? null : column.filter((s) => s.state === st).length;
    }),
  ]);
}

export function submissionStatusSheet(
  grid: readonly (readonly MonthSubmission[])[],
  settings: Settings,
  fy: number,
  today: CalendarDate,
): SheetContent {
  const months = fiscalYearMonths(fy);
  const values: Cell[][] = [titleRow(`提出状況（${fiscalYearLabel(fy)}の活動報告）`, today)];
  values.push([
    `基準日 ${formatSlash(today)}。提出期限は対象月の翌月${settings.reportDeadlineDay}日（設定タブ）。「提出」「差し替え」は有効な報告があること、「期限超過」は期限までに有効な報告がないこと、「未提出」は期限前で有効な報告がまだないことを示します。エラーの報告は提出に数えません。空欄はまだ終わっていない月です。`,
  ]);
  values.push([]);
  const headerRow = values.length;
  values.push(['No.', 'センター名', ...months.map(formatYearMonth)]);
  settings.centers.forEach((center, i) => values.push([i + 1, center, ...grid[i].map(submissionText)]));
  // One row per state, a count in each month: a row of texts such as 提出16・差し替え0・… made the
  // month columns three times as wide as their other cells.
  const totals = totalRows(grid, months.length);
  const totalRow = values.length;
  values.push(...totals);
  return {
    values,
    boldRows: [0, headerRow, ...totals.map((_, i) => totalRow + i)],
    frozenRows: headerRow + 1,
    asText: true,
  };
}

export function runStatus(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const fy = optionValue(FISCAL_YEAR, ctx);
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const activity = sessionActivity(session);
  const notices = [...settings.problems];
  const wroteTabs: string[] = [];
  if (activity) {
    notices.push(...activityNotices(activity));
    if (sessionActivityStatus(session, activity)) wroteTabs.push(TAB.activity);
  } else {
    notices.push(
      `「${TAB.activity}」タブがまだないため、どのセンターも報告なしとして表示しました。フォームの回答を取り込むと「${TAB.activity}」タブができます。`,
    );
  }
  const grid = submissionGrid(
    activity ? submissionInput(activity, settings.centers) : { valid: [], effective: [], invalid: [] },
    settings.centers.length,
    fiscalYearMonths(fy),
    today,
    settings.reportDeadlineDay,
  );
  const result = writeGeneratedTab(book, TAB.submissionStatus, submissionStatusSheet(grid, settings, fy, today));
  wroteTabs.push(result.name);
  if (result.notice) notices.push(result.notice);
  const cells = grid.flat();
  const count = (st: string): number => cells.filter((c) => c.state === st).length;
  return {
    command: 'status',
    summary: `提出状況（${fiscalYearLabel(fy)}）: 提出${count('submitted')}・差し替え${count('corrected')}・期限超過${count('overdue')}・未提出${count('missing')}（センター×月）。`,
    notices,
    wroteTabs,
    details: {
      fiscalYear: fy,
      submitted: count('submitted'),
      corrected: count('corrected'),
      overdue: count('overdue'),
      missing: count('missing'),
    },
  };
}

export const status: CommandDef = {
  name: 'status',
  title: '提出状況を作成',
  help: '活動報告の提出状況（年度、センター×月）を提出状況タブに作成',
  options: [FISCAL_YEAR],
  needsTabs: [TAB.activity],
  reads: sessionActivity,
  run: runStatus,
};
