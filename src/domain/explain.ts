// The case explanation and the month's to-do list in words: every figure here comes from
// the domain functions the commands use (periods, flags, contacts, validate) and the steps they
// expose; this file only puts them into Japanese sentences. Pure: no port, no global.

import { addDays, compareDates, formatSlash, type CalendarDate, type YearMonth } from './calendar';
import type { CaseRecord } from './caseRecord';
import { type Flag, type FlagKind, type FlagWindows } from './flags';
import { MISSING_FACE_TO_FACE, MISSING_REPORT, WARN_NO_EMPLOYER, type MonthlyStatus } from './contacts';
import type { PeriodEndSteps } from './calendar';
import { plannedEnd, shareDeadlineSteps, supportPeriodSteps } from './periods';
import { SEVERITY_LABEL, type Problem, type Severity } from './problem';

const s = formatSlash;

/** One computed date and the rule that gave it. */
export interface DateLine {
  readonly label: string;
  readonly value: string;
  readonly rule: string;
}

export type StepStatus = 'done' | 'due' | 'overdue' | 'later' | 'none';

export const STEP_STATUS_LABEL: Record<StepStatus, string> = {
  done: '済',
  due: '要対応',
  overdue: '期限超過',
  later: '予定',
  none: '対象外',
};

export interface StepLine {
  readonly label: string;
  readonly status: StepStatus;
  /** The date the step is about (yyyy/mm/dd), when there is one. */
  readonly date: string | null;
  readonly text: string;
}

export interface MonthLine {
  /** 2024年6月 */
  readonly label: string;
  readonly faceToFace: number;
  readonly employerContacts: number;
  readonly reportsShared: number;
  /** 対面（本人）, 支援レポート: required and missing. */
  readonly missing: readonly string[];
  /** 企業: an effort duty, a warning. */
  readonly warnings: readonly string[];
  readonly text: string;
}

export interface ProblemLine {
  readonly severity: Severity;
  readonly label: string;
  readonly column: string;
  readonly value: string;
  readonly message: string;
}

export interface FlagLine {
  /** 引継ぎフラグ（自動）'s text ('' when none). */
  readonly text: string;
  readonly kind: FlagKind | null;
  readonly renewal: boolean;
  readonly reasons: readonly string[];
}

export interface CaseExplanation {
  readonly caseId: string;
  readonly rowNumber: number;
  readonly office: string;
  readonly center: string | null;
  readonly today: string;
  /** False when an input error keeps the dates from being computed. */
  readonly computed: boolean;
  readonly dates: readonly DateLine[];
  readonly daysLeft: { readonly value: number; readonly text: string } | null;
  readonly flag: FlagLine;
  readonly steps: readonly StepLine[];
  /** This month's contacts; null when the case is not in service this month or the log is missing. */
  readonly month: MonthLine | null;
  readonly problems: readonly ProblemLine[];
  /** Things the user should know about the explanation itself (e.g. no 支援記録 tab). */
  readonly notes: readonly string[];
}

/** How far away a date is, in words: あと3日 / 今日 / 5日超過. */
export function dueText(days: number): string {
  if (days === 0) return '今日が期限';
  return days > 0 ? `あと${days}日` : `${-days}日超過`;
}

function periodRule(startLabel: string, start: CalendarDate, months: string, steps: PeriodEndSteps): string {
  const { target, correspondingDay } = steps;
  if (correspondingDay) {
    return `${startLabel} ${s(start)} から${months}後の応当日 ${s(correspondingDay)} の前日（民法143条）`;
  }
  return `${startLabel} ${s(start)} から${months}後の${target.y}年${target.m}月には${start.d}日がないため、その月の末日（民法143条）`;
}

/** The computed dates of a case, each with its rule (from supportPeriodSteps and shareDeadlineSteps). */
export function explainDates(record: CaseRecord): DateLine[] {
  const hire = record.dates.hireDate;
  if (!hire) return [];
  const restart = record.dates.restartDate ?? null;
  const steps = supportPeriodSteps(hire, restart);
  const startLabel = steps.startFrom === 'restartDate' ? '起算日（復職等）' : '就職日';
  const { period } = steps;
  const end = plannedEnd(period, record.dates.endDate);
  const share = shareDeadlineSteps(end);
  const lines: DateLine[] = [
    {
      label: '起算日',
      value: s(steps.start),
      rule:
        steps.startFrom === 'restartDate'
          ? '起算日（復職等）の値（復職・時間延長の場合は復職した日。6か月はその日を1日目として数えます）'
          : '就職日（起算日（復職等）が空のため。就職日を1日目と数えます）',
    },
    { label: '6月到達日', value: s(period.sixMonthDay), rule: periodRule(startLabel, steps.start, '6か月', steps.six) },
    {
      label: '利用開始可能日',
      value: s(period.firstEligibleDay),
      rule: `6月到達日 ${s(period.sixMonthDay)} の翌日（それまでは送り出した事業所が支援します）`,
    },
    {
      label: '最終利用可能日',
      value: s(period.lastEligibleDay),
      rule: `${periodRule(startLabel, steps.start, '3年6か月', steps.last)}。開始が遅れても延びません`,
    },
    {
      label: '支援終了予定日',
      value: s(end),
      rule: record.dates.endDate
        ? '利用終了日の値'
        : `利用終了日が空のため、最終利用可能日 ${s(period.lastEligibleDay)}`,
    },
    {
      label: '情報共有期限',
      value: s(share.deadline),
      rule: share.clamped
        ? `支援終了予定日の翌日 ${s(share.dayAfterEnd)} の3か月前の${share.threeMonthsBefore.y}年${share.threeMonthsBefore.m}月には${share.dayAfterEnd.d}日がないため、その月の末日 ${s(share.threeMonthsBefore)} とし、その前日（終了の3か月前までに共有）`
        : `支援終了予定日の翌日 ${s(share.dayAfterEnd)} の3か月前 ${s(share.threeMonthsBefore)} の前日（終了の3か月前までに共有）`,
    },
  ];
  return lines;
}

/** 残日数 in words. */
export function explainDaysLeft(daysLeft: number, end: CalendarDate, today: CalendarDate): string {
  if (daysLeft > 0) return `今日 ${s(today)} から支援終了予定日 ${s(end)} まで${daysLeft}日`;
  if (daysLeft === 0) return `今日 ${s(today)} が支援終了予定日です`;
  return `支援終了予定日 ${s(end)} を${-daysLeft}日過ぎています`;
}

export interface FlagFacts {
  readonly plannedEnd: CalendarDate;
  readonly shareDeadline: CalendarDate;
  readonly record: CaseRecord;
}

/** Why the flag says what it says (from computeFlag's basis). */
export function explainFlag(flag: Flag, facts: FlagFacts, windows: FlagWindows): FlagLine {
  const { basis } = flag;
  const { record } = facts;
  const needs = record.enums.needsSupport ?? '未入力';
  const state = record.enums.handoverState ?? '未入力';
  const reasons: string[] = [];
  switch (flag.kind) {
    case 'endedNotHandedOver':
      reasons.push(
        `支援終了予定日 ${s(facts.plannedEnd)} を${-basis.daysToEnd}日過ぎていますが、引継ぎ状況が「${state}」で、済・不要になっていません（終了後${windows.lookBackDays}日まで表示します）。`,
      );
      break;
    case 'shareOverdue':
      reasons.push(
        basis.sharedLate && record.dates.sharedDate
          ? `情報共有日 ${s(record.dates.sharedDate)} に共有していますが、情報共有期限 ${s(facts.shareDeadline)} より後です（要継続支援: ${needs}）。減算を避けるには終了の3か月前までの共有が必要で、期限後の共有では満たせません（支援体制構築未実施減算の対象）。`
          : `情報共有期限 ${s(facts.shareDeadline)} を${-basis.daysToShare}日過ぎていますが、情報共有日が空です（要継続支援: ${needs}）。終了の3か月前までに関係機関と共有しないと、支援体制構築未実施減算の対象になります。`,
      );
      break;
    case 'shareSoon':
      reasons.push(
        `情報共有期限 ${s(facts.shareDeadline)} まで${dueText(basis.daysToShare)}で（期限の${windows.shareWarnDays}日前から表示）、情報共有日がまだ空です（要継続支援: ${needs}）。`,
      );
      break;
    case 'endSoon':
      reasons.push(
        `支援終了予定日 ${s(facts.plannedEnd)} まで${dueText(basis.daysToEnd)}です（終了の${windows.planWindowDays}日前から表示）。引継ぎ状況: ${state}。`,
      );
      break;
    case 'handedOver':
      reasons.push(`引継ぎ状況が「${state}」のため、引継ぎは済んでいます。`);
      break;
    case null:
      if (flag.renewal) break; // the renewal reason below is the whole story
      reasons.push(
        `どの通知期間にも入っていません（終了の${windows.planWindowDays}日前・情報共有期限の${windows.shareWarnDays}日前・支給決定終了の${windows.grantWarnDays}日前から表示。日数は設定タブで変えられます）。`,
      );
      break;
  }
  if (flag.renewal && record.dates.grantEnd && basis.daysToGrantEnd !== null) {
    const when =
      basis.daysToGrantEnd >= 0 ? `まで${dueText(basis.daysToGrantEnd)}` : `を${-basis.daysToGrantEnd}日過ぎています`;
    reasons.push(
      `支給決定終了日 ${s(record.dates.grantEnd)} ${when}（${windows.grantWarnDays}日前から表示）。支援はその後も続くため、支給決定の更新が必要です（更新済みなら、新しい受給者証の日付を台帳に入力してください）。`,
    );
  }
  return { text: flag.text, kind: flag.rank, renewal: flag.renewal, reasons };
}

/** The next steps of a case with their dates: 同意取得, 情報共有, 支給決定の更新, 引継ぎ. */
export function nextSteps(record: CaseRecord, flag: Flag, facts: FlagFacts, windows: FlagWindows): StepLine[] {
  const d = record.dates;
  const { basis } = flag;
  const ended = basis.daysToEnd < 0;
  const notNeeded = record.enums.needsSupport === '非該当';
  const center = record.center ?? '担当センター';
  const deadline = s(facts.shareDeadline);
  const steps: StepLine[] = [];

  if (d.consentDate) {
    steps.push({ label: '同意取得', status: 'done', date: s(d.consentDate), text: `同意取得日 ${s(d.consentDate)}` });
  } else if (notNeeded) {
    steps.push({
      label: '同意取得',
      status: 'none',
      date: null,
      text: '要継続支援が非該当のため、情報共有の同意は不要です',
    });
  } else if (ended) {
    steps.push({ label: '同意取得', status: 'none', date: null, text: '支援は終了しています（同意取得日は空です）' });
  } else {
    steps.push({
      label: '同意取得',
      // Due only once the sharing itself is due (within the 設定 window); earlier it is planned, not pressing.
      status: basis.daysToShare < 0 ? 'overdue' : basis.inShareWindow ? 'due' : 'later',
      date: deadline,
      text: `情報共有の前に、本人の同意を得て同意取得日を入力してください（情報共有期限 ${deadline}、${dueText(basis.daysToShare)}）`,
    });
  }

  if (d.sharedDate && basis.sharedLate) {
    steps.push({
      label: '情報共有',
      status: 'overdue',
      date: s(d.sharedDate),
      text: `情報共有日 ${s(d.sharedDate)} は情報共有期限 ${deadline} より後です（期限後の共有は減算を避けられません）`,
    });
  } else if (d.sharedDate) {
    const who = record.sharedWith?.length ? `（共有先: ${record.sharedWith.join('・')}）` : '';
    steps.push({
      label: '情報共有',
      status: 'done',
      date: s(d.sharedDate),
      text: `情報共有日 ${s(d.sharedDate)}${who}`,
    });
  } else if (notNeeded) {
    steps.push({ label: '情報共有', status: 'none', date: null, text: '要継続支援が非該当のため不要です' });
  } else if (ended) {
    steps.push({ label: '情報共有', status: 'none', date: null, text: '支援は終了しています（情報共有日は空です）' });
  } else {
    steps.push({
      label: '情報共有',
      status: basis.daysToShare < 0 ? 'overdue' : basis.inShareWindow ? 'due' : 'later',
      date: deadline,
      text: `情報共有期限 ${deadline} までに、${center}など関係機関と情報を共有し、情報共有日を入力してください（${dueText(basis.daysToShare)}）`,
    });
  }

  const grantEnd = d.grantEnd;
  if (!grantEnd) {
    steps.push({
      label: '支給決定の更新',
      status: ended ? 'none' : 'due',
      date: null,
      text: ended ? '支援は終了しています' : '支給決定終了日が空です。受給者証の支給決定の終了日を入力してください',
    });
  } else if (flag.renewal) {
    steps.push({
      label: '支給決定の更新',
      status: basis.daysToGrantEnd !== null && basis.daysToGrantEnd < 0 ? 'overdue' : 'due',
      date: s(grantEnd),
      text: `支給決定終了日 ${s(grantEnd)} までに市区町村へ更新を申請し、新しい受給者証の日付を入力してください（${dueText(basis.daysToGrantEnd ?? 0)}）`,
    });
  } else if (ended || compareDates(grantEnd, facts.plannedEnd) >= 0) {
    steps.push({
      label: '支給決定の更新',
      status: 'none',
      date: s(grantEnd),
      text: ended ? '支援は終了しています' : `支給決定終了日 ${s(grantEnd)} は支援終了予定日まで有効で、更新は不要です`,
    });
  } else {
    const from = addDays(grantEnd, -windows.grantWarnDays);
    steps.push({
      label: '支給決定の更新',
      status: 'later',
      date: s(grantEnd),
      text: `支給決定終了日 ${s(grantEnd)}。${s(from)}（${windows.grantWarnDays}日前）ごろから更新の準備をしてください`,
    });
  }

  if (basis.handoverDone) {
    steps.push({
      label: '引継ぎ',
      status: 'done',
      date: null,
      text: `引継ぎ状況: ${record.enums.handoverState}`,
    });
  } else if (basis.inPlanWindow || ended) {
    steps.push({
      label: '引継ぎ',
      status: ended ? 'overdue' : 'due',
      date: s(facts.plannedEnd),
      text: `支援終了予定日 ${s(facts.plannedEnd)} までに${center}または企業への引継ぎを調整し、引継ぎ状況を「済」（不要なら「不要」）にしてください（${dueText(basis.daysToEnd)}）`,
    });
  } else {
    const from = addDays(facts.plannedEnd, -windows.planWindowDays);
    steps.push({
      label: '引継ぎ',
      status: 'later',
      date: s(facts.plannedEnd),
      text: `支援終了予定日 ${s(facts.plannedEnd)}。${s(from)}（終了の${windows.planWindowDays}日前）から引継ぎの計画を始めます`,
    });
  }
  return steps;
}

export function monthLabel(month: YearMonth): string {
  return `${month.y}年${month.m}月`;
}

const MISSING_WORDS: Record<string, string> = {
  [MISSING_FACE_TO_FACE]: '本人との対面支援',
  [MISSING_REPORT]: '本人への支援レポートの共有',
  [WARN_NO_EMPLOYER]: '職場訪問（努力義務）',
};

/** This month's contacts of one case, from monthlyCompliance's status. */
export function explainMonth(status: MonthlyStatus, month: YearMonth): MonthLine {
  const missing = status.missing.map((m) => MISSING_WORDS[m] ?? m);
  const warnings = status.warnings.map((m) => MISSING_WORDS[m] ?? m);
  const counts = `対面（本人）${status.faceToFace}回・職場訪問${status.employerVisits}回・企業への連絡${status.employerContacts}回・本人への支援レポート共有${status.reportsToPerson}件`;
  const verdict = missing.length
    ? `まだ足りないもの: ${missing.join('、')}`
    : '必要な対面支援と本人への支援レポートの共有はそろっています';
  const additions = status.additions.length ? `。加算: ${status.additions.join('・')}` : '';
  const warn = warnings.length ? `。警告: ${warnings.join('、')}がありません` : '';
  return {
    label: monthLabel(month),
    faceToFace: status.faceToFace,
    employerContacts: status.employerContacts,
    reportsShared: status.reportsShared,
    missing,
    warnings,
    text: `${monthLabel(month)}: ${counts}。${verdict}${warn}${additions}。`,
  };
}

export function problemLines(problems: readonly Problem[]): ProblemLine[] {
  return problems.map((p) => ({
    severity: p.severity,
    label: SEVERITY_LABEL[p.severity],
    column: p.column,
    value: p.value,
    message: p.message,
  }));
}

// ---------------------------------------------------------------------------------------------
// 今月のやること

export type TodoKind =
  'endedNotHandedOver' | 'shareOverdue' | 'shareSoon' | 'renewal' | 'monthly' | 'employmentCheck' | 'endSoon';

/** Tie order when two to-dos fall due on the same day: the more urgent kind first. */
export const TODO_ORDER: readonly TodoKind[] = [
  'endedNotHandedOver',
  'shareOverdue',
  'shareSoon',
  'renewal',
  'monthly',
  'employmentCheck',
  'endSoon',
];

export interface TodoItem {
  readonly caseId: string;
  readonly rowNumber: number;
  readonly kind: TodoKind;
  readonly label: string;
  /** yyyy/mm/dd */
  readonly due: string;
  readonly dueInDays: number;
  readonly text: string;
}

export function todoLabel(kind: TodoKind, windows: FlagWindows): string {
  switch (kind) {
    case 'endedNotHandedOver':
      return '引継ぎ未了（支援終了後）';
    case 'shareOverdue':
      return '情報共有（期限超過）';
    case 'shareSoon':
      return '情報共有';
    case 'renewal':
      return '支給決定の更新';
    case 'monthly':
      return '今月の支援';
    case 'employmentCheck':
      return '就労確認（定着率）';
    case 'endSoon':
      return `引継ぎの準備（終了まで${windows.planWindowDays}日以内）`;
  }
}

/** Most urgent first: the earliest due date (overdue ones are the earliest), then the kind, then ケースID. */
export function compareTodos(a: TodoItem, b: TodoItem): number {
  return (
    a.dueInDays - b.dueInDays ||
    TODO_ORDER.indexOf(a.kind) - TODO_ORDER.indexOf(b.kind) ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) ||
    a.rowNumber - b.rowNumber
  );
}
