// 今月のやること (CLI: teichaku todo <book> [--month]; Sheets: the sidebar): every to-do of the month —
// handover and sharing deadlines, 支給決定 renewals, the month's missing face-to-face support or
// report — most urgent first. Reads the book once and writes nothing.

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
import { officeDutyWarning } from '../domain/settings';
import { TAB } from '../domain/schema';
import { monthLastDay, monthlyCompliance } from '../domain/contacts';
import {
  compareTodos,
  dueText,
  explainMonth,
  monthLabel,
  todoLabel,
  type TodoItem,
  type TodoKind,
} from '../domain/explain';
import type { WorkbookPort } from '../workbook/port';
import { readBookView, type BookView } from './shared/bookView';
import type { OwnedRow } from './shared/ledger';
import { optionValue, THIS_MONTH } from './shared/options';
import type { ViewDef } from './types';

export const todoView: ViewDef = {
  name: 'todo',
  title: '今月のやること',
  help: '対面・支援レポートが足りないケース、情報共有期限・支給決定の更新・引継ぎの準備を急ぐ順に表示（--month）',
  takesCaseId: false,
  sidebar: 'todo',
  options: [THIS_MONTH],
  show(ctx) {
    const month = optionValue(THIS_MONTH, ctx);
    const list = todoList(readBookView(ctx.book, ctx.today, ctx.session), month);
    return { lines: todoText(list), json: { command: 'todo', ...list } };
  },
};

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
      { reportsToPerson: view.reportsToPerson },
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

export type SidebarTodoReply = { ok: true; list: TodoList } | { ok: false; message: string };

/** This month's list, for the sidebar. */
export function todoForSidebar(book: WorkbookPort, today: CalendarDate): SidebarTodoReply {
  return { ok: true, list: todoList(readBookView(book, today), { y: today.y, m: today.m }) };
}

// ---------------------------------------------------------------------------------------------
// Terminal text

export function todoText(t: TodoList): string[] {
  const lines = [`今月のやること（${t.monthLabel}、${t.today}時点）: ${t.items.length}件`];
  for (const i of t.items) lines.push(`  ${i.due}  ${i.caseId}  ${i.label}: ${i.text}`);
  if (t.items.length === 0) lines.push('  やることはありません。');
  for (const n of t.notes) lines.push(`注意: ${n}`);
  return lines;
}
