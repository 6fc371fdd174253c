// Handover flags (docs/rules.md 引継ぎと情報共有): the single most urgent thing to do about a case,
// early enough to act, plus the 支給決定 renewal warning.
//
// Flags, most urgent first (the windows come from 設定; the defaults give the texts below):
//   終了・引継ぎ未了   支援終了予定日 has passed (at most 終了後の確認期間 days ago) and 引継ぎ状況 is not 済/不要
//   共有期限超過       情報共有期限 has passed, no 情報共有日, 要継続支援 not 非該当, the end not yet passed;
//                     or 情報共有日 is after 情報共有期限 (shared late is still late: the 支援体制構築未実施減算
//                     needs the sharing 3 months or more before the end), as long as the case is shown at all
//                     (until 終了後の確認期間 days after the end)
//   共有期限まで30日    情報共有期限 within 共有期限の事前通知 days (today included), same conditions
//   終了まで180日      支援終了予定日 within 終了前の計画期間 days (today included)
//   引継ぎ済           引継ぎ状況 済 or 不要 (a status, not an action)
//
// Renewal: the contract's owned columns are fixed (docs/rules.md 台帳の列), so the renewal warning is part of
// the flag text rather than a column of its own. When 支給決定終了日 is within 支給決定更新の通知 days
// or already past (a lapsed grant, or a ledger still holding the old grant: either way the 支給決定 must
// be renewed or the ledger updated, and that is more urgent, not less) while the case is active and the
// grant ends before the support does, the text
// gets `・支給決定更新` appended (e.g. `終了まで180日・支給決定更新`), or is `支給決定更新` alone when
// no other flag applies. Every flag text therefore *starts with* its primary label, which is what
// the colouring rules and `parseFlag` match on.

import { compareDates, daysBetween, type CalendarDate } from './calendar';
import { isEmployed, type EmploymentStatus } from './jobChange';

export type FlagKind = 'endedNotHandedOver' | 'shareOverdue' | 'shareSoon' | 'endSoon' | 'renewal' | 'handedOver';

/** Urgency order: the list sorts by this, the first that applies wins. `renewal` ranks only when alone. */
export const FLAG_URGENCY: readonly FlagKind[] = [
  'endedNotHandedOver',
  'shareOverdue',
  'shareSoon',
  'endSoon',
  'renewal',
  'handedOver',
];

/** Kinds that ask someone to act (the 引継ぎ予定 list and the digest carry these; 引継ぎ済 is a status). */
export const ACTION_KINDS: readonly FlagKind[] = [
  'endedNotHandedOver',
  'shareOverdue',
  'shareSoon',
  'endSoon',
  'renewal',
];

export const RENEWAL_LABEL = '支給決定更新';
/** Joins the renewal warning to a primary flag. */
export const FLAG_JOINER = '・';

export interface FlagWindows {
  /** 終了前の計画期間（日）, default 180 */
  readonly planWindowDays: number;
  /** 共有期限の事前通知（日）, default 30 */
  readonly shareWarnDays: number;
  /** 終了後の確認期間（日）, default 90 */
  readonly lookBackDays: number;
  /** 支給決定更新の通知（日）, default 60 */
  readonly grantWarnDays: number;
}

export const DEFAULT_WINDOWS: FlagWindows = {
  planWindowDays: 180,
  shareWarnDays: 30,
  lookBackDays: 90,
  grantWarnDays: 60,
};

/** The label users see for a kind; windowed labels name the configured number of days. */
export function flagLabel(kind: FlagKind, windows: FlagWindows): string {
  switch (kind) {
    case 'endedNotHandedOver':
      return '終了・引継ぎ未了';
    case 'shareOverdue':
      return '共有期限超過';
    case 'shareSoon':
      return `共有期限まで${windows.shareWarnDays}日`;
    case 'endSoon':
      return `終了まで${windows.planWindowDays}日`;
    case 'renewal':
      return RENEWAL_LABEL;
    case 'handedOver':
      return '引継ぎ済';
  }
}

/**
 * A fixed prefix each kind's text starts with, whatever the windows. The colouring rules
 * (src/commands/ledgerRules.ts) find these texts in the flag cell; none is a prefix of another.
 */
export const FLAG_PREFIX: Readonly<Record<FlagKind, string>> = {
  endedNotHandedOver: '終了・引継ぎ未了',
  shareOverdue: '共有期限超過',
  shareSoon: '共有期限まで',
  endSoon: '終了まで',
  renewal: RENEWAL_LABEL,
  handedOver: '引継ぎ済',
};

export interface FlagInput {
  /** 支援終了予定日 */
  readonly plannedEnd: CalendarDate;
  /** 情報共有期限 */
  readonly shareDeadline: CalendarDate;
  /** 最終利用可能日 (the cap) */
  readonly lastEligibleDay: CalendarDate;
  /** 情報共有日 */
  readonly sharedDate?: CalendarDate | null;
  /** 要継続支援 (canonical: 該当/非該当/未判定) */
  readonly needsSupport?: string | null;
  /** 引継ぎ状況 (canonical: 未着手/調整中/済/不要) */
  readonly handoverState?: string | null;
  /** 支給決定終了日 */
  readonly grantEnd?: CalendarDate | null;
  /** The job-change rule's reading of 離職日/再就職日 (absent = employed). */
  readonly employment?: EmploymentStatus;
}

export interface Flag {
  /** The primary flag, null when none applies. */
  readonly kind: Exclude<FlagKind, 'renewal'> | null;
  /** 支給決定 renewal due. */
  readonly renewal: boolean;
  /** The text for 引継ぎフラグ（自動）: '' when nothing applies. */
  readonly text: string;
  /** The kind the case ranks by (an acting primary, else renewal, else 引継ぎ済), null when blank. */
  readonly rank: FlagKind | null;
  /** The date the flag is about (the end, the sharing deadline or the grant end), for ordering. */
  readonly due: CalendarDate | null;
  /** What the decision rested on, for explaining it in words (src/domain/explain.ts). */
  readonly basis: FlagBasis;
}

export interface FlagBasis {
  /** Days from today to 支援終了予定日 (negative once it has passed). */
  readonly daysToEnd: number;
  /** Days from today to 情報共有期限 (negative once it has passed). */
  readonly daysToShare: number;
  /** Sharing is still asked for: the end not passed, no 情報共有日, 要継続支援 not 非該当. */
  readonly shareApplies: boolean;
  /** 情報共有日 is after 情報共有期限 (要継続支援 not 非該当): the deadline was missed although the sharing happened. */
  readonly sharedLate: boolean;
  /** 引継ぎ状況 is 済 or 不要. */
  readonly handoverDone: boolean;
  /** The end has not passed and is within 終了前の計画期間. */
  readonly inPlanWindow: boolean;
  /** 情報共有期限 is within 共有期限の事前通知 (or passed). */
  readonly inShareWindow: boolean;
  /** Days from today to 支給決定終了日 (null when it is empty). */
  readonly daysToGrantEnd: number | null;
}

const isDone = (state: string | null | undefined): boolean => state === '済' || state === '不要';

/** The flag for one case on `today`. Pure: every date already computed, every enum canonical. */
export function computeFlag(input: FlagInput, windows: FlagWindows, today: CalendarDate): Flag {
  const toEnd = daysBetween(today, input.plannedEnd);
  const toShare = daysBetween(today, input.shareDeadline);
  const ended = toEnd < 0;
  const shareApplies = !ended && !input.sharedDate && input.needsSupport !== '非該当';
  const inPlanWindow = !ended && toEnd <= windows.planWindowDays;
  const inShareWindow = toShare <= windows.shareWarnDays;
  const sharedLate =
    !!input.sharedDate && compareDates(input.sharedDate, input.shareDeadline) > 0 && input.needsSupport !== '非該当';

  let kind: Flag['kind'] = null;
  let due: CalendarDate | null = null;
  if (ended && !isDone(input.handoverState) && -toEnd <= windows.lookBackDays) {
    kind = 'endedNotHandedOver';
    due = input.plannedEnd;
  } else if ((shareApplies && toShare < 0) || (sharedLate && -toEnd <= windows.lookBackDays)) {
    kind = 'shareOverdue';
    due = input.shareDeadline;
  } else if (shareApplies && inShareWindow) {
    kind = 'shareSoon';
    due = input.shareDeadline;
  } else if (inPlanWindow) {
    kind = 'endSoon';
    due = input.plannedEnd;
  } else if (isDone(input.handoverState)) {
    kind = 'handedOver';
    due = input.plannedEnd;
  }

  const renewal = renewalDue(input, windows, today);
  const parts: string[] = [];
  if (kind) parts.push(flagLabel(kind, windows));
  if (renewal) parts.push(RENEWAL_LABEL);
  // A handed-over case still ranks as an action when its grant needs renewing.
  const primaryActs = kind !== null && kind !== 'handedOver';
  const rank: FlagKind | null = primaryActs ? kind : renewal ? 'renewal' : kind;
  if (!primaryActs && renewal) due = input.grantEnd ?? null;
  const basis: FlagBasis = {
    daysToEnd: toEnd,
    daysToShare: toShare,
    shareApplies,
    sharedLate,
    handoverDone: isDone(input.handoverState),
    inPlanWindow,
    inShareWindow,
    daysToGrantEnd: input.grantEnd ? daysBetween(today, input.grantEnd) : null,
  };
  return { kind, renewal, text: parts.join(FLAG_JOINER), rank, due, basis };
}

/**
 * 支給決定 renewal: the grant ends within the window (up to today + window, a lapsed grant included) while the case is active —
 * support not yet ended, still employed by the job-change rule — and the grant ends before the support
 * does (a grant ending on the last day of the support needs no renewal).
 */
export function renewalDue(input: FlagInput, windows: FlagWindows, today: CalendarDate): boolean {
  const grantEnd = input.grantEnd;
  if (!grantEnd) return false;
  if (compareDates(today, input.plannedEnd) > 0) return false;
  if (input.employment && !isEmployed(input.employment)) return false;
  const supportEnd =
    compareDates(input.plannedEnd, input.lastEligibleDay) < 0 ? input.plannedEnd : input.lastEligibleDay;
  if (compareDates(grantEnd, supportEnd) >= 0) return false;
  const days = daysBetween(today, grantEnd);
  return days <= windows.grantWarnDays;
}

/** Reads a flag text back into its kinds (for the digest or colouring); null kinds when blank/unknown. */
export function parseFlag(text: string): { kind: FlagKind | null; renewal: boolean } {
  const t = text.trim();
  if (!t) return { kind: null, renewal: false };
  for (const kind of FLAG_URGENCY) {
    if (t.startsWith(FLAG_PREFIX[kind])) {
      return kind === 'renewal' ? { kind: null, renewal: true } : { kind, renewal: t.endsWith(RENEWAL_LABEL) };
    }
  }
  return { kind: null, renewal: false };
}

/** Whether a flag asks for action (listed in 引継ぎ予定 and the digest). */
export function isActionFlag(flag: Flag): boolean {
  return flag.rank !== null && flag.rank !== 'handedOver';
}

/** List order: urgency, then the date the flag is about (earliest first), then `tieBreak` (e.g. ケースID). */
export function compareFlags(a: Flag, b: Flag): number {
  const ra = a.rank === null ? FLAG_URGENCY.length : FLAG_URGENCY.indexOf(a.rank);
  const rb = b.rank === null ? FLAG_URGENCY.length : FLAG_URGENCY.indexOf(b.rank);
  if (ra !== rb) return ra - rb;
  if (a.due && b.due) return compareDates(a.due, b.due);
  return a.due ? -1 : b.due ? 1 : 0;
}
