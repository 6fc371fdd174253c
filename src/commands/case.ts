// ケースの詳細を表示 (CLI: teichaku case <book> <ケースID>; Sheets: the sidebar on the row the cursor is
// on): one case's dates with the rule behind each, days left, the flag's reasons, what to do next,
// this month's support and the validator's findings. Reads the book once and writes nothing.

import { formatSlash, type CalendarDate, type YearMonth } from '../domain/calendar';
import { monthlyCompliance, type MonthlyStatus } from '../domain/contacts';
import {
  explainDates,
  explainDaysLeft,
  explainFlag,
  explainMonth,
  monthLabel,
  nextSteps,
  problemLines,
  STEP_STATUS_LABEL,
  type CaseExplanation,
} from '../domain/explain';
import { TAB } from '../domain/schema';
import type { WorkbookPort } from '../workbook/port';
import { caseName, findCaseRow, readBookView, readCaseRows, rowAt, type BookView } from './shared/bookView';
import type { OwnedRow } from './shared/ledger';
import { RunSession } from './shared/session';
import { CommandUsageError, type ViewDef } from './types';

export const caseView: ViewDef = {
  name: 'case',
  title: 'ケースの詳細を表示',
  help: 'ケース1件の日付と計算のきまり・残日数・フラグの理由・次にすること・今月の支援・検証結果を表示（teichaku case <台帳.xlsx> <ケースID>）',
  takesCaseId: true,
  sidebar: 'case',
  show(ctx) {
    if (!ctx.caseId) throw new CommandUsageError('ケースIDを指定してください。例: teichaku case 台帳.xlsx C-0001');
    const view = readBookView(ctx.book, ctx.today, ctx.session);
    const explanation = explainCase(view, findCaseRow(view, ctx.caseId));
    return { lines: caseText(explanation), json: { command: 'case', ...explanation } };
  },
};

function statusFor(view: BookView, row: OwnedRow, month: YearMonth): MonthlyStatus | null {
  if (!view.contacts || !row.record || !row.dates) return null;
  const report = monthlyCompliance([row.record], view.contacts, month, { reportsToPerson: view.reportsToPerson });
  return report.statuses[0] ?? null;
}

function thisMonth(today: CalendarDate): YearMonth {
  return { y: today.y, m: today.m };
}

/** The explanation of one case as of `today`. */
export function explainCase(view: BookView, row: OwnedRow): CaseExplanation {
  const record = row.record!;
  const { today, settings } = view;
  const problems = view.check.problems.filter((p) => p.row === row.rowNumber);
  const notes: string[] = [];
  const base = {
    caseId: record.caseId,
    rowNumber: row.rowNumber,
    office: record.office,
    center: record.center,
    today: formatSlash(today),
    problems: problemLines(problems),
  };
  if (!row.dates) {
    notes.push('入力に誤りがあるため、支援期間と引継ぎフラグを計算できません。下の検証結果を直してください。');
    return {
      ...base,
      computed: false,
      dates: [],
      daysLeft: null,
      flag: { text: '', kind: null, renewal: false, reasons: [] },
      steps: [],
      month: null,
      notes,
    };
  }
  const dates = row.dates;
  const facts = { plannedEnd: dates.plannedEnd, shareDeadline: dates.shareDeadline, record };
  const flag = row.flag
    ? explainFlag(row.flag, facts, settings)
    : {
        text: '',
        kind: null,
        renewal: false,
        reasons: [
          '情報共有日・要継続支援・引継ぎ状況・支給決定終了日・離職日・再就職日のどれかが読めないため、フラグを付けていません。下の検証結果を直してください。',
        ],
      };
  const month = thisMonth(today);
  const status = statusFor(view, row, month);
  if (view.contactNote) notes.push(view.contactNote);
  else if (!status)
    notes.push(`${monthLabel(month)}は利用期間（利用開始日〜支援終了予定日）の外のため、今月の支援は対象外です。`);
  return {
    ...base,
    computed: true,
    dates: explainDates(record),
    daysLeft: { value: dates.daysLeft, text: explainDaysLeft(dates.daysLeft, dates.plannedEnd, today) },
    flag,
    steps: row.flag ? nextSteps(record, row.flag, facts, settings) : [],
    month: status ? explainMonth(status, month) : null,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// The sidebar

/** Which tab and row the cursor is on (row 0 when there is none). */
export interface SidebarSelection {
  readonly sheet: string;
  readonly row: number;
}

export type SidebarCaseReply =
  | { ok: true; selection: SidebarSelection; name: string | null; explanation: CaseExplanation }
  | { ok: false; selection: SidebarSelection; message: string };

/** The explanation of the ledger row the cursor is on, or why there is none. */
export function caseAtSelection(
  book: WorkbookPort,
  today: CalendarDate,
  selection: SidebarSelection,
): SidebarCaseReply {
  if (selection.sheet !== TAB.ledger) {
    return { ok: false, selection, message: `「${TAB.ledger}」タブで、説明を見たいケースの行を選んでください。` };
  }
  const view = readBookView(book, today);
  const row = rowAt(view, selection.row);
  if (!row) {
    return {
      ok: false,
      selection,
      message: `${selection.row}行目はケースの行ではありません。見出しより下の、ケースIDのある行を選んでください。`,
    };
  }
  return { ok: true, selection, name: caseName(view, row), explanation: explainCase(view, row) };
}

/** Where a ケースID is on ケース台帳 (1-based row, and its ケースID column), read as the views read it. */
export function locateCase(
  book: WorkbookPort,
  today: CalendarDate,
  caseId: string,
): { ok: true; row: number; col: number } | { ok: false; message: string } {
  const view = readCaseRows(new RunSession(book, today));
  try {
    const row = findCaseRow(view, caseId);
    return { ok: true, row: row.rowNumber, col: view.ledger.table.columns.caseId! + 1 };
  } catch (e) {
    if (!(e instanceof CommandUsageError)) throw e;
    const message = `ケースID「${caseId}」は「${TAB.ledger}」にありません。一覧を開いたあとに台帳が変わったときは、「更新」を押してください。`;
    return { ok: false, message };
  }
}

// ---------------------------------------------------------------------------------------------
// Terminal text

export function caseText(e: CaseExplanation): string[] {
  const lines = [
    `ケースID ${e.caseId}（${TAB.ledger} ${e.rowNumber}行目）${e.office} / ${e.center ?? '担当センター未設定'}`,
  ];
  lines.push(`今日: ${e.today}`);
  if (e.dates.length) {
    lines.push('', '日付:');
    for (const d of e.dates) lines.push(`  ${d.label} ${d.value} — ${d.rule}`);
  }
  if (e.daysLeft) lines.push(`残日数: ${e.daysLeft.value}日 — ${e.daysLeft.text}`);
  if (e.computed) {
    lines.push('', `引継ぎフラグ: ${e.flag.text || 'なし'}`);
    for (const r of e.flag.reasons) lines.push(`  ${r}`);
  }
  if (e.steps.length) {
    lines.push('', '次にすること:');
    for (const st of e.steps) lines.push(`  [${STEP_STATUS_LABEL[st.status]}] ${st.label}: ${st.text}`);
  }
  if (e.month) lines.push('', `今月の支援: ${e.month.text}`);
  lines.push('', e.problems.length ? `検証結果（${e.problems.length}件）:` : '検証結果: 問題はありません。');
  for (const p of e.problems)
    lines.push(`  ${p.label} 「${p.column}」${p.value ? `（値: ${p.value}）` : ''}: ${p.message}`);
  for (const n of e.notes) lines.push(`注意: ${n}`);
  return lines;
}
