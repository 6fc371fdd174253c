// The read-only views of issue 13: one case explained (ケースの詳細 / `teichaku case`) and the month's
// to-do list (今月のやること / `teichaku todo`). They read ケース台帳, 設定 and 支援記録 once, compute with
// the same functions the commands use (computeOwnedRows, checkLedger, monthlyCompliance) and write nothing.

import {
  daysBetween,
  fiscalYearLabel,
  fiscalYearOf,
  formatSlash,
  formatYearMonth,
  type CalendarDate,
  type YearMonth,
} from '../domain/calendar';
import { retentionByOffice } from '../domain/retention';
import {
  missingContactColumns,
  monthLastDay,
  monthlyCompliance,
  readContactLog,
  type ContactEntry,
  type MonthlyStatus,
} from '../domain/contacts';
import {
  compareTodos,
  dueText,
  explainDates,
  explainDaysLeft,
  explainFlag,
  explainMonth,
  monthLabel,
  nextSteps,
  problemLines,
  STEP_STATUS_LABEL,
  todoLabel,
  type CaseExplanation,
  type TodoItem,
  type TodoKind,
} from '../domain/explain';
import { CONTACT_COLUMNS, TAB } from '../domain/schema';
import { officeDutyWarning, type Settings } from '../domain/settings';
import { cellText, locateTable } from '../domain/table';
import { nearest, normalizeKey } from '../domain/text';
import { checkLedger, type LedgerCheck } from '../domain/validate';
import type { WorkbookPort } from '../workbook/port';
import { readLedger, readSettings, type Ledger } from './ledger';
import { computeOwnedRows, type OwnedRow } from './periods';
import { readFollowUps, type FollowUps } from './followUps';
import { CommandUsageError } from './types';

/** Everything the views need, read once. */
export interface BookView {
  readonly ledger: Ledger;
  readonly settings: Settings;
  readonly check: LedgerCheck;
  readonly rows: readonly OwnedRow[];
  /** Valid 支援記録 rows; null when the tab is missing or lacks a needed column (see contactNote). */
  readonly contacts: readonly ContactEntry[] | null;
  readonly contactNote: string | null;
  readonly today: CalendarDate;
  /** 離職・再就職 and 就労確認 (empty logs when the tabs are missing). */
  readonly followUps?: FollowUps;
}

export function readBookView(book: WorkbookPort, today: CalendarDate): BookView {
  const settings = readSettings(book);
  const ledger = readLedger(book);
  const check = checkLedger(ledger.table, settings, today);
  const followUps = readFollowUps(
    book,
    check.cases.map((c) => c.caseId),
  );
  const rows = computeOwnedRows(ledger, check, settings, today, followUps.jobChanges);
  let contacts: ContactEntry[] | null = null;
  let contactNote: string | null = null;
  const values = book.readSheet(TAB.contacts);
  const table = values ? locateTable(TAB.contacts, values, CONTACT_COLUMNS, 'caseId') : null;
  if (!values)
    contactNote = `「${TAB.contacts}」タブがないため、今月の支援（対面・支援レポート・企業）は確かめていません。`;
  else if (!table)
    contactNote = `「${TAB.contacts}」タブに見出し「ケースID」の行がないため、今月の支援は確かめていません。`;
  else {
    const missing = missingContactColumns(table);
    if (missing.length) {
      contactNote = `「${TAB.contacts}」タブに ${missing.join('、')} の列がないため、今月の支援は確かめていません。`;
    } else {
      const log = readContactLog(
        table,
        check.cases.map((c) => c.caseId),
        today,
      );
      contacts = [...log.entries];
      const bad = new Set(log.problems.filter((p) => p.severity === 'error').map((p) => p.row)).size;
      if (bad)
        contactNote = `「${TAB.contacts}」に数えられない行が${bad}行あります（「月次の支援状況を確認」で一覧になります）。`;
    }
  }
  return { ledger, settings, check, rows, contacts, contactNote, today, followUps };
}

/** The ledger row of a ケースID (the first one when duplicated); a clear message when there is none. */
export function findCaseRow(view: BookView, caseId: string): OwnedRow {
  const key = normalizeKey(caseId);
  const row = view.rows.find((r) => r.record && normalizeKey(r.record.caseId) === key);
  if (row) return row;
  const ids = view.rows.flatMap((r) => (r.record?.caseId ? [r.record.caseId] : []));
  const near = nearest(caseId, ids);
  throw new CommandUsageError(
    `ケースID「${caseId}」は「${TAB.ledger}」にありません。${near ? `「${near}」のことではありませんか。` : ''}ケース台帳のケースID列の値を指定してください。`,
  );
}

/** The ledger row at a sheet row number, or null (a blank row, the header, outside the table). */
export function rowAt(view: BookView, rowNumber: number): OwnedRow | null {
  return view.rows.find((r) => r.rowNumber === rowNumber && r.record) ?? null;
}

/** The 氏名 cell of a row: for the sidebar only (the user sees that row already), never for lists or logs. */
export function caseName(view: BookView, row: OwnedRow): string | null {
  const col = view.ledger.table.columns.name;
  if (col === undefined) return null;
  const text = cellText(view.ledger.table.rows[row.rowNumber - view.ledger.table.headerRow - 1]?.[col] ?? null).trim();
  return text || null;
}

function statusFor(view: BookView, row: OwnedRow, month: YearMonth): MonthlyStatus | null {
  if (!view.contacts || !row.record || !row.dates) return null;
  const report = monthlyCompliance([row.record], view.contacts, month);
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

/**
 * The people to confirm after the last 3/31: counted in this fiscal year's 定着率, their service ended before
 * its reference day, nothing says they left and no 就労確認 answers the day.
 */
export function employmentChecksToDo(
  view: BookView,
): { rowNumber: number; serviceEnd: CalendarDate; referenceDay: CalendarDate; fy: number }[] {
  const fy = fiscalYearOf(view.today);
  const cases = view.check.cases
    .filter((c) => !view.check.cannotCompute(c.rowNumber))
    .map((c) => ({ ...c, endReason: c.enums.endReason ?? null }));
  const report = retentionByOffice(cases, fy, view.today, view.followUps ?? {});
  return report.offices.flatMap((o) =>
    o.persons
      .filter((p) => p.unconfirmed)
      .map((p) => ({ rowNumber: p.rowNumber, serviceEnd: p.window.end, referenceDay: report.period.to, fy })),
  );
}

export interface TodoList {
  /** YYYY-MM */
  readonly month: string;
  readonly monthLabel: string;
  readonly today: string;
  readonly items: readonly TodoItem[];
  /** Rows whose dates cannot be computed: named so none is skipped silently. */
  readonly blocked: readonly { readonly caseId: string; readonly rowNumber: number }[];
  readonly notes: readonly string[];
}

/** 今月のやること: every to-do of the month, most urgent first, by ケースID. */
export function todoList(view: BookView, month: YearMonth): TodoList {
  const { today, settings } = view;
  const items: TodoItem[] = [];
  const push = (row: OwnedRow, kind: TodoKind, due: CalendarDate, text: string): void => {
    const days = daysBetween(today, due);
    items.push({
      caseId: row.record!.caseId || `（ケースID未入力: ${row.rowNumber}行目）`,
      rowNumber: row.rowNumber,
      kind,
      label: todoLabel(kind, settings),
      due: formatSlash(due),
      dueInDays: days,
      text: `${text}（${dueText(days)}）`,
    });
  };

  const computed = view.rows.filter((r) => r.record && r.dates);
  for (const row of computed) {
    const { flag, dates } = row;
    if (!flag || !dates) continue;
    switch (flag.kind) {
      case 'endedNotHandedOver':
        push(
          row,
          'endedNotHandedOver',
          dates.plannedEnd,
          `支援終了予定日 ${formatSlash(dates.plannedEnd)} を過ぎています。引継ぎを済ませ、引継ぎ状況を更新`,
        );
        break;
      case 'shareOverdue':
        push(
          row,
          'shareOverdue',
          dates.shareDeadline,
          flag.basis.sharedLate && row.record!.dates.sharedDate
            ? `情報共有日 ${formatSlash(row.record!.dates.sharedDate)} は情報共有期限 ${formatSlash(dates.shareDeadline)} より後です。支援体制構築未実施減算の対象として報酬の請求を確認`
            : `情報共有期限 ${formatSlash(dates.shareDeadline)} を過ぎています。同意を得て関係機関と共有`,
        );
        break;
      case 'shareSoon':
        push(
          row,
          'shareSoon',
          dates.shareDeadline,
          `情報共有期限 ${formatSlash(dates.shareDeadline)} までに同意を得て関係機関と共有`,
        );
        break;
      case 'endSoon':
        // A handover already 済/不要 has nothing left to arrange.
        if (flag.basis.handoverDone) break;
        push(
          row,
          'endSoon',
          dates.plannedEnd,
          `支援終了予定日 ${formatSlash(dates.plannedEnd)} に向けて引継ぎ先と調整`,
        );
        break;
    }
    // The flag names only the most urgent thing; a handover inside the plan window is still to prepare.
    if (
      flag.kind !== 'endSoon' &&
      flag.kind !== 'endedNotHandedOver' &&
      flag.basis.inPlanWindow &&
      !flag.basis.handoverDone
    ) {
      push(row, 'endSoon', dates.plannedEnd, `支援終了予定日 ${formatSlash(dates.plannedEnd)} に向けて引継ぎ先と調整`);
    }
    if (flag.renewal && row.record!.dates.grantEnd) {
      const g = row.record!.dates.grantEnd;
      push(row, 'renewal', g, `支給決定終了日 ${formatSlash(g)} までに更新を申請`);
    }
  }

  const notes: string[] = [];
  const duty = officeDutyWarning(
    settings,
    view.rows.map((r) => r.record?.enums.needsSupport),
  );
  if (duty) notes.push(duty);
  if (view.contacts) {
    const report = monthlyCompliance(
      computed.map((r) => r.record!),
      view.contacts,
      month,
    );
    const byRow = new Map(computed.map((r) => [r.rowNumber, r]));
    for (const st of report.statuses) {
      if (st.missing.length === 0) continue;
      const row = byRow.get(st.rowNumber)!;
      const line = explainMonth(st, month);
      push(row, 'monthly', monthLastDay(month), `${monthLabel(month)}の${line.missing.join('・')}がまだです`);
    }
  }
  if (view.contactNote) notes.push(view.contactNote);
  for (const c of employmentChecksToDo(view)) {
    const row = view.rows.find((r) => r.rowNumber === c.rowNumber);
    if (!row?.record) continue;
    push(
      row,
      'employmentCheck',
      c.referenceDay,
      `支援終了（${formatSlash(c.serviceEnd)}）後、基準日 ${formatSlash(c.referenceDay)} に就労していたかを確認し「${TAB.employmentChecks}」タブに記録（${fiscalYearLabel(c.fy)}の定着率の算定に使います）`,
    );
  }
  items.sort(compareTodos);

  const blocked = view.rows
    .filter((r) => r.record && !r.dates)
    .map((r) => ({ caseId: r.record!.caseId || `（ケースID未入力: ${r.rowNumber}行目）`, rowNumber: r.rowNumber }));
  if (blocked.length) {
    notes.push(
      `入力に誤りがあり期限を計算できないケースが${blocked.length}件あります（${blocked
        .slice(0, 5)
        .map((b) => b.caseId)
        .join('、')}${blocked.length > 5 ? ' ほか' : ''}）。「検証結果（自動）」列を見て直してください。`,
    );
  }
  notes.push(
    `期限は${formatSlash(today)}時点、設定タブの日数（終了前${settings.planWindowDays}日・情報共有期限の${settings.shareWarnDays}日前・支給決定終了の${settings.grantWarnDays}日前・終了後${settings.lookBackDays}日まで）で選んでいます。`,
  );
  return {
    month: formatYearMonth(month),
    monthLabel: monthLabel(month),
    today: formatSlash(today),
    items,
    blocked,
    notes: [...settings.problems, ...notes],
  };
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

export function todoText(t: TodoList): string[] {
  const lines = [`今月のやること（${t.monthLabel}、${t.today}時点）: ${t.items.length}件`];
  for (const i of t.items) lines.push(`  ${i.due}  ${i.caseId}  ${i.label}: ${i.text}`);
  if (t.items.length === 0) lines.push('  やることはありません。');
  for (const n of t.notes) lines.push(`注意: ${n}`);
  return lines;
}
