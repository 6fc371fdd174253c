// 引継ぎ予定を更新: refreshes the owned columns (the same computation as 支援期間を計算, so the flag
// always rests on today's dates) and rebuilds the generated tab 引継ぎ予定 — the cases that need
// someone to act, grouped by 担当センター in the 設定 order, most urgent first, then by date.
// Cases are named by ケースID only, never by 氏名: the list is printed and mailed about.
// See docs/rules.md#引継ぎと情報共有.
//
// What is listed: every case whose flag asks for action — 終了・引継ぎ未了, 共有期限超過,
// 共有期限まで30日, 終了まで180日, or 支給決定更新 (alone or joined to another flag). 引継ぎ済 is a
// status, not an action: those cases keep their flag on the ledger but are only counted here.

import { formatSlash, type CalendarDate } from '../domain/calendar';
import { compareFlags, FLAG_URGENCY, flagLabel, isActionFlag, type FlagKind } from '../domain/flags';
import { DATE_FORMAT, TAB } from '../domain/schema';
import { officeDutyWarning, type Settings } from '../domain/settings';
import { cellText } from '../domain/table';
import type { Cell, SheetContent } from '../workbook/port';
import { titleRow, writeGeneratedTab } from './shared/generated';
import { ledgerFollowUps, refreshLedger, type LedgerRun, type OwnedRow } from './shared/ledger';
import { sessionOf } from './shared/session';
import type { CommandContext, CommandDef, CommandResult } from './types';

export const HANDOVER_HEADER = [
  'ケースID',
  '事業所名',
  '担当センター',
  '支援終了予定日',
  '情報共有期限',
  '残日数',
  '要継続支援',
  '引継ぎ状況',
  'フラグ',
] as const;

/** What `details.flagged` lists (the daily digest reads it): every listed case, in list order. */
export interface FlaggedCase {
  readonly caseId: string;
  readonly flag: string;
}

export interface HandoverEntry {
  readonly row: OwnedRow;
  /** 担当センター as the list shows it: the 設定 name, or the ledger text when it is not in 設定. */
  readonly center: string;
  /** Position of the center in 設定 (unknown centers after them, blank last). */
  readonly centerOrder: number;
}

/** The listed cases in list order: center (設定 order), urgency, date, then ケースID. */
export function handoverEntries(run: LedgerRun): HandoverEntry[] {
  const { rows, settings, ledger } = run;
  const centerCol = ledger.table.columns.center;
  const known = new Map(settings.centers.map((c, i) => [c, i]));
  const entries: HandoverEntry[] = [];
  for (const row of rows) {
    if (!row.record || !row.flag || !isActionFlag(row.flag)) continue;
    const typed =
      centerCol === undefined
        ? ''
        : cellText(ledger.table.rows[row.rowNumber - ledger.table.headerRow - 1]?.[centerCol] ?? null).trim();
    // A center not in 設定 (a validation error) still gets listed, after the known ones; blank last.
    const n = settings.centers.length;
    const center = row.record.center ?? typed;
    const centerOrder = row.record.center !== null ? (known.get(row.record.center) ?? n) : typed ? n : n + 1;
    entries.push({ row, center, centerOrder });
  }
  entries.sort(
    (a, b) =>
      a.centerOrder - b.centerOrder ||
      compareText(a.center, b.center) ||
      compareFlags(a.row.flag!, b.row.flag!) ||
      compareText(a.row.record!.caseId, b.row.record!.caseId) ||
      a.row.rowNumber - b.row.rowNumber,
  );
  return entries;
}

/** Code-point order: the same on every runtime (no locale data). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ケースID as lists show it; a row without one is named by its row number (never by 氏名). */
export function caseLabel(row: OwnedRow): string {
  return row.record?.caseId || `（ケースID未入力: ${row.rowNumber}行目）`;
}

/** Counts by the kind each listed case ranks as, in urgency order. */
function countByRank(entries: readonly HandoverEntry[]): Map<FlagKind, number> {
  const counts = new Map<FlagKind, number>();
  for (const e of entries) {
    const rank = e.row.flag!.rank!;
    counts.set(rank, (counts.get(rank) ?? 0) + 1);
  }
  return counts;
}

function countText(counts: Map<FlagKind, number>, settings: Settings): string {
  return FLAG_URGENCY.filter((k) => counts.get(k))
    .map((k) => `${k === 'renewal' ? '支給決定更新のみ' : flagLabel(k, settings)} ${counts.get(k)}件`)
    .join('、');
}

/** The 引継ぎ予定 tab: title, an explanation line, the header, one row per listed case. */
export function handoverSheet(entries: readonly HandoverEntry[], run: LedgerRun, today: CalendarDate): SheetContent {
  const { settings, rows } = run;
  const counts = countByRank(entries);
  const handedOver = rows.filter((r) => r.flag?.rank === 'handedOver').length;
  const skipped = rows.filter((r) => r.record && !r.dates).length;
  const lines = [
    officeDutyLine(run),
    entries.length
      ? `対象 ${entries.length}件（${countText(counts, settings)}）。担当センターごとに、急ぐ順・期限の早い順。`
      : '対象のケースはありません。',
    `期間: 終了前${settings.planWindowDays}日・共有期限の${settings.shareWarnDays}日前から・終了後${settings.lookBackDays}日まで・支給決定終了の${settings.grantWarnDays}日前から（設定タブで変更できます）。`,
    handedOver ? `引継ぎ済 ${handedOver}件は一覧に載せていません。` : '',
    skipped ? `入力に誤りがあり計算できない行が${skipped}件あります（ケース台帳の「検証結果（自動）」列）。` : '',
  ].filter(Boolean);
  const values: Cell[][] = [titleRow('引継ぎ予定', today), [lines.join(' ')], [...HANDOVER_HEADER]];
  for (const e of entries) {
    const { record, dates, flag } = e.row;
    values.push([
      caseLabel(e.row),
      record!.office,
      e.center,
      dates!.plannedEnd,
      dates!.shareDeadline,
      dates!.daysLeft,
      record!.enums.needsSupport ?? null,
      record!.enums.handoverState ?? null,
      flag!.text,
    ]);
  }
  if (entries.length === 0) values.push(['対象のケースはありません。', null, null, null, null, null, null, null, null]);
  return {
    values,
    columnFormats: [null, null, null, DATE_FORMAT, DATE_FORMAT, '0', null, null, null],
    boldRows: [2],
    frozenRows: 3,
    asText: true,
  };
}

/** The office-duty warning (指針・責任者 blank while a case is 要継続支援 該当), or ''. */
export function officeDutyLine(run: Pick<LedgerRun, 'settings' | 'rows'>): string {
  return (
    officeDutyWarning(
      run.settings,
      run.rows.map((r) => r.record?.enums.needsSupport),
    ) ?? ''
  );
}

export function runHandovers(ctx: CommandContext): CommandResult {
  const run = refreshLedger(sessionOf(ctx));
  const entries = handoverEntries(run);
  const tab = writeGeneratedTab(ctx.book, TAB.handovers, handoverSheet(entries, run, ctx.today));
  const flagged: FlaggedCase[] = entries.map((e) => ({ caseId: caseLabel(e.row), flag: e.row.flag!.text }));
  const counts = countByRank(entries);
  const summary = entries.length
    ? `引継ぎ予定: 対象 ${entries.length}件（${countText(counts, run.settings)}）を「${tab.name}」タブにまとめました（${formatSlash(ctx.today)}時点）。`
    : `引継ぎ予定: 対象のケースはありません（${formatSlash(ctx.today)}時点）。`;
  return {
    command: 'handovers',
    summary,
    notices: [
      ...(officeDutyLine(run) ? [officeDutyLine(run)] : []),
      ...run.settings.problems,
      ...(tab.notice ? [tab.notice] : []),
    ],
    wroteTabs: [TAB.ledger, tab.name],
    details: {
      flagged,
      tab: tab.name,
      counts: Object.fromEntries(counts),
      handedOver: run.rows.filter((r) => r.flag?.rank === 'handedOver').length,
      skippedRows: run.rows.filter((r) => r.record && !r.dates).map((r) => r.rowNumber),
    },
  };
}

export const handovers: CommandDef = {
  name: 'handovers',
  title: '引継ぎ予定を更新',
  help: '引継ぎ対象を判定し、引継ぎフラグ（自動）列と引継ぎ予定タブを更新',
  needsTabs: [TAB.ledger],
  daily: true,
  reads: ledgerFollowUps,
  run: runHandovers,
};
