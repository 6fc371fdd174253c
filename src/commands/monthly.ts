// 月次集計を作成: one month (default: last month; the menu asks, CLI --month) per center — new cases, ended
// cases, handovers (情報共有), sharing deadlines that fell in the month, and the month's 活動報告.

import type { ActivityReport } from '../domain/activity';
import { formatSlash, formatYearMonth, type CalendarDate, type YearMonth } from '../domain/calendar';
import { TAB } from '../domain/schema';
import { monthlyCaseCounts, reportFor, type CaseFacts } from '../domain/summaries';
import type { Cell, SheetContent } from '../workbook/port';
import {
  activityNotices,
  activityOrLedger,
  monthLabel,
  sessionActivity,
  readsOfTallies,
  sessionActivityStatus,
} from './shared/activity';
import { hasTab, titleRow, writeGeneratedTab } from './shared/generated';
import { ledgerFacts, sessionSettings } from './shared/ledger';
import { LAST_MONTH, optionValue } from './shared/options';
import { sessionOf } from './shared/session';
import { UnusableBookError, type CommandContext, type CommandDef, type CommandResult } from './types';

const CASE_HEADERS = ['新規', '終了', '情報共有の実施', '共有期限', 'うち期限を過ぎて未共有'];
const ACTIVITY_HEADERS = ['個別支援会議', 'ネットワーク会議', '研修会', '活動報告'];

export function monthlySheet(
  month: YearMonth,
  centers: readonly string[],
  facts: readonly CaseFacts[] | null,
  activity: readonly ActivityReport[] | null,
  today: CalendarDate,
): SheetContent {
  const values: Cell[][] = [titleRow(`月次集計 ${monthLabel(month)}`, today)];
  const notes: string[] = [];
  if (facts)
    notes.push(
      '新規=利用開始日（空欄なら利用開始可能日）が当月、終了=支援終了予定日が当月で経過済み、情報共有の実施=情報共有日が当月（引継ぎに向けた関係機関との情報共有）、共有期限=情報共有期限が当月。',
    );
  else notes.push(`${TAB.ledger}タブがないため、ケースの列は空欄です。`);
  if (!activity) notes.push(`${TAB.activity}タブがないため、活動の列は空欄です。`);
  values.push([notes.join(' ')]);
  values.push([]);
  const headerRow = values.length;
  values.push(['No.', 'センター名', ...CASE_HEADERS, ...ACTIVITY_HEADERS]);
  const indices = centers.map((_, i) => i);
  if (facts?.some((f) => f.centerIndex < 0)) indices.push(-1);
  const totals = new Array<number>(CASE_HEADERS.length + ACTIVITY_HEADERS.length - 1).fill(0);
  let reported = 0;
  for (const i of indices) {
    const row: Cell[] = [i < 0 ? null : i + 1, i < 0 ? '（担当センター未設定・不明）' : centers[i]];
    const nums: (number | null)[] = [];
    if (facts) {
      const c = monthlyCaseCounts(facts, i, month, today);
      nums.push(c.started, c.ended, c.shared, c.deadlines, c.deadlinesMissed);
    } else nums.push(null, null, null, null, null);
    const report = activity && i >= 0 ? reportFor(activity, i, month) : null;
    if (activity && i >= 0) nums.push(report?.caseMeetings ?? 0, report?.networkMeetings ?? 0, report?.trainings ?? 0);
    else nums.push(null, null, null);
    nums.forEach((n, j) => (totals[j] += n ?? 0));
    if (report) reported++;
    row.push(...nums, activity && i >= 0 ? (report ? '提出済' : '未提出') : null);
    values.push(row);
  }
  values.push([
    null,
    '合計',
    ...totals.map((n, j) => ((j < CASE_HEADERS.length ? facts : activity) ? n : null)),
    activity ? `${reported}/${centers.length}センター提出` : null,
  ]);
  return {
    values,
    boldRows: [0, headerRow, values.length - 1],
    frozenRows: headerRow + 1,
    asText: true,
  };
}

export function runMonthly(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const month = optionValue(LAST_MONTH, ctx);
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const hasLedger = hasTab(book, TAB.ledger);
  const hasActivity = hasTab(book, TAB.activity);
  if (!hasLedger && !hasActivity) {
    throw new UnusableBookError(
      `「${TAB.ledger}」タブも「${TAB.activity}」タブもないため、月次集計を作れません。「初期設定」を実行するか、フォーム回答を取り込んでください。`,
    );
  }
  const notices: string[] = [...settings.problems];
  const wroteTabs: string[] = [];
  const activity = hasActivity ? sessionActivity(session) : null;
  const ledger = hasLedger ? ledgerFacts(session) : null;
  if (activity) {
    if (sessionActivityStatus(session, activity)) wroteTabs.push(TAB.activity);
    notices.push(...activityNotices(activity));
  }
  if (ledger?.leftOut)
    notices.push(
      `${TAB.ledger}の${ledger.leftOut}件は日付を計算できないため集計していません。「台帳を検証」で確認してください。`,
    );
  const content = monthlySheet(
    month,
    settings.centers,
    ledger?.facts ?? null,
    activity?.resolution.effective ?? null,
    today,
  );
  const result = writeGeneratedTab(book, `${TAB.monthlyPrefix}${formatYearMonth(month)}`, content);
  wroteTabs.push(result.name);
  if (result.notice) notices.push(result.notice);
  return {
    command: 'monthly',
    summary: `月次集計: ${monthLabel(month)}の集計を「${result.name}」タブに作成しました（基準日 ${formatSlash(today)}）。`,
    notices,
    wroteTabs,
    details: { month: formatYearMonth(month), tab: result.name },
  };
}

export const monthly: CommandDef = {
  name: 'monthly',
  title: '月次集計を作成',
  help: '対象月の月次集計_YYYY-MM タブを作成',
  options: [LAST_MONTH],
  needsTabs: [TAB.ledger, TAB.activity],
  applies: activityOrLedger,
  reads: readsOfTallies,
  run: runMonthly,
};
