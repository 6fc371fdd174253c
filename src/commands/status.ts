// 提出状況を作成 (CLI: teichaku status <book> [--fy YYYY]): per center and month of the fiscal year,
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
import { titleRow, writeGeneratedTab } from './generated';
import { readSettings } from './ledger';
import { fiscalYearOption } from './retention';
import { activityNotices, readActivity, writeActivityStatus } from './summary';
import type { CommandContext, CommandResult } from './types';

const STATES = ['submitted', 'corrected', 'overdue', 'missing'] as const;

/** The total row's cell for one month: how many centers are in each state. */
function totalText(column: readonly MonthSubmission[]): string {
  if (column.every((s) => s.state === 'notEnded')) return '';
  return STATES.map((st) => `${STATE_LABEL[st]}${column.filter((s) => s.state === st).length}`).join('・');
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
  const totalRow = values.length;
  values.push([null, '合計', ...months.map((_, j) => totalText(grid.map((row) => row[j])))]);
  return { values, boldRows: [0, headerRow, totalRow], frozenRows: headerRow + 1, asText: true };
}

export function runStatus(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const fy = fiscalYearOption(ctx);
  const settings = readSettings(book);
  const activity = readActivity(book, settings, today);
  const notices = [...settings.problems];
  const wroteTabs: string[] = [];
  if (activity) {
    notices.push(...activityNotices(activity));
    if (writeActivityStatus(book, activity)) wroteTabs.push(TAB.activity);
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
