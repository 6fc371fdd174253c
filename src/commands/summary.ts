// センター別集計を作成: 県集計 (活動報告 by fiscal year: one table per metric, centers down, fiscal years
// across, a 合計 row, as the prefecture's own yearly tables are laid out), センター別集計
// (each center's caseload and the 12-month handover forecast) and one 集計_<センター名> tab per center.
// Reads 設定, 活動報告 and ケース台帳 once each; writes only generated tabs and 活動報告's status column.

import { ACTIVITY_METRICS, type ActivityReport } from '../domain/activity';
import { fiscalYearLabel, formatSlash, formatYearMonth, type CalendarDate } from '../domain/calendar';
import { TAB } from '../domain/schema';
import {
  centerActivityByMonth,
  centerActivityByYear,
  centerCaseSummary,
  flaggedCases,
  forecastMonths,
  prefectureTable,
  type CaseFacts,
} from '../domain/summaries';
import { missingMonthsByYear, submissionInput, type SubmissionInput } from '../domain/submissions';
import type { Cell, ChartSpec, SheetContent } from '../workbook/port';
import {
  activityNotices,
  activityOrLedger,
  monthLabel,
  safeTabName,
  sessionActivity,
  readsOfTallies,
  sessionActivityStatus,
} from './shared/activity';
import { hasTab, titleRow, writeGeneratedTab } from './shared/generated';
import { ledgerFacts, sessionSettings } from './shared/ledger';
import { sessionOf } from './shared/session';
import { UnusableBookError, type CommandContext, type CommandDef, type CommandResult } from './types';

// ---------------------------------------------------------------------------------------------
// 県集計

/** The block under 県集計's metrics: months past their deadline with no valid report (domain/submissions.ts). */
export const MISSING_LABEL = '未提出の月数';

/** The prefecture table: one block per metric, `No. | センター名 | 令和元年度 | …`, a 合計 row, a chart each. */
export function prefectureSheet(
  effective: readonly ActivityReport[],
  centers: readonly string[],
  today: CalendarDate,
  missing?: { readonly input: SubmissionInput; readonly deadlineDay: number },
): SheetContent {
  const table = prefectureTable(effective, centers);
  const values: Cell[][] = [titleRow('県集計（活動報告の年度別集計）', today)];
  const boldRows: number[] = [0];
  const charts: ChartSpec[] = [];
  values.push([
    `${TAB.activity}タブの有効な報告${effective.length}件を集計（差し替え済・エラーの行は含みません）。` +
      (missing
        ? `0件が「0件と報告された」ことを示すのは、下の「${MISSING_LABEL}」が0のセンター・年度だけです（未提出の月の件数は含まれず、0件と区別できません）。`
        : '提出のないセンター・年度は0件です。'),
  ]);
  values.push([]);
  if (table.fiscalYears.length === 0) {
    values.push(['集計できる活動報告がありません。']);
    return { values, boldRows, charts: [], asText: true };
  }
  const years = table.fiscalYears.map(fiscalYearLabel);
  for (const block of table.blocks) {
    boldRows.push(values.length);
    values.push([block.label]);
    const headerRow = values.length;
    boldRows.push(headerRow);
    values.push(['No.', 'センター名', ...years]);
    block.rows.forEach((r, i) => values.push([i + 1, r.center, ...r.values]));
    boldRows.push(values.length);
    values.push([null, '合計', ...block.totals]);
    charts.push({
      // Horizontal bars: the 16 centers' names read across, every one of them labelled.
      kind: 'bar',
      title: `${block.label}（年度別）`,
      data: { row: headerRow + 1, col: 2, numRows: 1 + block.rows.length, numCols: 1 + years.length },
      anchor: { row: headerRow + 1, col: 3 + years.length + 2 },
    });
    values.push([]);
  }
  if (missing) {
    // 未提出の月数: the same layout as the blocks above (no chart: a count of gaps is read, not compared).
    const rows = missingMonthsByYear(missing.input, centers.length, table.fiscalYears, today, missing.deadlineDay);
    boldRows.push(values.length);
    values.push([MISSING_LABEL]);
    boldRows.push(values.length);
    values.push(['No.', 'センター名', ...years]);
    rows.forEach((r, i) => values.push([i + 1, centers[i], ...r]));
    boldRows.push(values.length);
    values.push([null, '合計', ...table.fiscalYears.map((_, j) => rows.reduce((sum, r) => sum + r[j], 0))]);
    values.push([]);
  }
  return {
    values,
    boldRows,
    frozenRows: 1,
    charts,
    asText: true,
  };
}

// ---------------------------------------------------------------------------------------------
// センター別集計

const UNASSIGNED = '（担当センター未設定・不明）';

export function centerSummarySheet(
  facts: readonly CaseFacts[],
  leftOut: number,
  centers: readonly string[],
  today: CalendarDate,
): SheetContent {
  const months = forecastMonths(today);
  const values: Cell[][] = [titleRow('センター別集計（ケース台帳より）', today)];
  const boldRows = [0];
  values.push([
    `基準日 ${formatSlash(today)}。${TAB.ledger}の${facts.length}件を集計${leftOut ? `（就職日などが読めず日付を計算できない${leftOut}件を除く。「台帳を検証」で確認してください）` : ''}。終了予定は支援終了予定日の月で数えます。`,
  ]);
  values.push([]);
  const headerRow = values.length;
  boldRows.push(headerRow);
  values.push([
    'No.',
    'センター名',
    '利用中',
    '今後6か月の終了予定',
    '共有期限超過',
    '終了・引継ぎ未了',
    ...months.map(monthLabel),
  ]);
  const indices = centers.map((_, i) => i);
  if (facts.some((f) => f.centerIndex < 0)) indices.push(-1);
  const totals = new Array<number>(4 + months.length).fill(0);
  for (const i of indices) {
    const s = centerCaseSummary(facts, i, today, months);
    const nums = [s.active, s.endingIn6Months, s.shareOverdue, s.endedNotHandedOver, ...s.forecast];
    nums.forEach((n, j) => (totals[j] += n));
    values.push([i < 0 ? null : i + 1, i < 0 ? UNASSIGNED : centers[i], ...nums]);
  }
  boldRows.push(values.length);
  values.push([null, '合計', ...totals]);
  values.push([]);

  // The forecast across centers, with its chart: what the centers asked for.
  boldRows.push(values.length);
  values.push(['月別の終了予定（全センター）']);
  const forecastHeader = values.length;
  boldRows.push(forecastHeader);
  values.push(['月', '終了予定件数']);
  months.forEach((m, j) => values.push([monthLabel(m), totals[4 + j]]));
  return {
    values,
    boldRows,
    frozenRows: headerRow + 1,
    charts: [
      {
        kind: 'column',
        title: '月別の終了予定（全センター）',
        data: { row: forecastHeader + 1, col: 1, numRows: 1 + months.length, numCols: 2 },
        anchor: { row: forecastHeader + 1, col: 4 },
      },
    ],
    asText: true,
  };
}

// ---------------------------------------------------------------------------------------------
// 集計_<センター名>

export function centerSheet(
  center: string,
  centerIndex: number,
  facts: readonly CaseFacts[] | null,
  activity: readonly ActivityReport[] | null,
  today: CalendarDate,
): SheetContent {
  const values: Cell[][] = [titleRow(`${center}の集計`, today)];
  const boldRows = [0];
  const section = (title: string, header: string[]): number => {
    values.push([]);
    boldRows.push(values.length);
    values.push([title]);
    boldRows.push(values.length);
    values.push(header);
    return values.length - 1;
  };

  if (facts) {
    const months = forecastMonths(today);
    const s = centerCaseSummary(facts, centerIndex, today, months);
    values.push([
      `利用中 ${s.active}件・今後6か月の終了予定 ${s.endingIn6Months}件・共有期限超過 ${s.shareOverdue}件・終了・引継ぎ未了 ${s.endedNotHandedOver}件（基準日 ${formatSlash(today)}）`,
    ]);
    section('月別の終了予定', ['月', '終了予定件数']);
    months.forEach((m, j) => values.push([monthLabel(m), s.forecast[j]]));
    section('要対応のケース（ケースID順）', [
      'ケースID',
      '事業所名',
      '支援終了予定日',
      '情報共有期限',
      '引継ぎフラグ',
      '引継ぎ状況',
    ]);
    const flagged = flaggedCases(facts, centerIndex);
    for (const f of flagged)
      values.push([
        f.caseId,
        f.office,
        formatSlash(f.plannedEnd),
        formatSlash(f.shareDeadline),
        f.flag.text,
        f.handoverState ?? '',
      ]);
    if (flagged.length === 0) values.push(['（該当なし）']);
  } else {
    values.push([`${TAB.ledger}タブがないため、ケースの集計はありません。`]);
  }

  if (activity) {
    section('活動（年度別）', ['年度', ...ACTIVITY_METRICS.map((m) => m.label)]);
    const years = centerActivityByYear(activity, centerIndex);
    for (const y of years)
      values.push([fiscalYearLabel(y.fiscalYear), y.counts.caseMeetings, y.counts.networkMeetings, y.counts.trainings]);
    if (years.length === 0) values.push(['（報告なし）']);
    section('活動（月別）', ['対象年月', ...ACTIVITY_METRICS.map((m) => m.label), '研修会内容', '提出者']);
    const months = centerActivityByMonth(activity, centerIndex);
    for (const r of months)
      values.push([formatYearMonth(r.month), r.caseMeetings, r.networkMeetings, r.trainings, r.topics, r.submitter]);
    if (months.length === 0) values.push(['（報告なし）']);
  } else {
    values.push([]);
    values.push([`${TAB.activity}タブがないため、活動の集計はありません。`]);
  }
  // No chart, frozen row or column widths here: with one tab per center, each costs a call per tab.
  return { values, boldRows, asText: true };
}

export function runSummary(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const hasLedger = hasTab(book, TAB.ledger);
  const hasActivity = hasTab(book, TAB.activity);
  if (!hasLedger && !hasActivity) {
    throw new UnusableBookError(
      `「${TAB.ledger}」タブも「${TAB.activity}」タブもないため、集計できません。「初期設定」を実行するか、フォーム回答を取り込んでください。`,
    );
  }
  const notices: string[] = [...settings.problems];
  const wrote: string[] = [];
  const write = (wanted: string, content: SheetContent): void => {
    const result = writeGeneratedTab(book, wanted, content);
    wrote.push(result.name);
    if (result.notice) notices.push(result.notice);
  };
  const parts: string[] = [];

  const activity = hasActivity ? sessionActivity(session) : null;
  const ledger = hasLedger ? ledgerFacts(session) : null;

  if (activity) {
    if (sessionActivityStatus(session, activity)) wrote.push(TAB.activity);
    notices.push(...activityNotices(activity));
    write(
      TAB.prefecture,
      prefectureSheet(activity.resolution.effective, settings.centers, today, {
        input: submissionInput(activity, settings.centers),
        deadlineDay: settings.reportDeadlineDay,
      }),
    );
    parts.push(
      `活動報告${activity.resolution.effective.length}件（差し替え済${activity.resolution.supersededCount}件・エラー${activity.resolution.errorRows}件を除く）`,
    );
  }
  if (ledger) {
    write(TAB.centerSummary, centerSummarySheet(ledger.facts, ledger.leftOut, settings.centers, today));
    if (ledger.leftOut)
      notices.push(
        `${TAB.ledger}の${ledger.leftOut}件は日付を計算できないため集計していません。「台帳を検証」で確認してください。`,
      );
    parts.push(`ケース${ledger.facts.length}件`);
  }
  settings.centers.forEach((center, i) => {
    write(
      safeTabName(`${TAB.centerTabPrefix}${center}`),
      centerSheet(center, i, ledger?.facts ?? null, activity?.resolution.effective ?? null, today),
    );
  });

  return {
    command: 'summary',
    summary: `センター別集計: ${parts.join('・')}から${wrote.filter((t) => t !== TAB.activity).length}タブを作成しました。`,
    notices,
    wroteTabs: wrote,
    details: {
      activity: activity
        ? {
            effective: activity.resolution.effective.length,
            superseded: activity.resolution.supersededCount,
            errors: activity.resolution.errorRows,
          }
        : null,
      cases: ledger ? { counted: ledger.facts.length, leftOut: ledger.leftOut } : null,
    },
  };
}

export const summary: CommandDef = {
  name: 'summary',
  title: 'センター別集計を作成',
  help: 'センター別集計・集計_<センター名>・県集計タブを作成',
  needsTabs: [TAB.ledger, TAB.activity],
  applies: activityOrLedger,
  reads: readsOfTallies,
  run: runSummary,
};
