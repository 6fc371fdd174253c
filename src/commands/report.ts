// 支援レポートを作成 (CLI: teichaku report <book> --month YYYY-MM): one draft per case in service that
// month, filled from ケース台帳 and the month's 支援記録, and one row per case and month in the
// 支援レポート tab, where staff then fill 共有日 and 共有先. Read → plan → apply: the tabs are read
// once, the domain decides which drafts may be (re)written, a DraftWriter (a .docx folder for the CLI,
// Google Docs in Sheets) writes them, and the tab gets its rows last. A draft someone changed, or whose
// row has a 共有日, is never rewritten; the product never writes 共有日 or 共有先.

import { formatYearMonth, type CalendarDate, type YearMonth } from '../domain/calendar';
import { parseMonthOption, previousMonth } from '../domain/contacts';
import { describeProblem, type Problem } from '../domain/problem';
import {
  casesInService,
  keptLines,
  locateReportTable,
  monthTitle,
  OWNED_REPORT_KEYS,
  planDrafts,
  readReportTab,
  REPORT_COLUMNS,
  REPORT_TAB,
  reportData,
  SHARE_PARTIES,
  type ReportKey,
  type ReportRow,
} from '../domain/report';
import { DATE_FORMAT } from '../domain/schema';
import { isBlankRow, type HeaderedTable } from '../domain/table';
import type { Cell, WorkbookPort } from '../workbook/port';
import { CommandUsageError, type CommandDef, type CommandResult, type DraftWriter, type WrittenDraft } from './types';
import { LAST_MONTH } from './shared/options';
import { readForReport, type ReportRead } from './shared/reportRead';

export { readForReport, type ReportRead };

export type { DraftWriter, WrittenDraft };

export interface ReportInput {
  readonly book: WorkbookPort;
  readonly today: CalendarDate;
  readonly month: YearMonth;
  /** The writer for the month (it may depend on the month: its folder). */
  readonly writer: DraftWriter;
}

/** --month (or the prompt's answer), or last month by default; a bad value stops before anything is read. */
export function reportMonth(raw: string | undefined, today: CalendarDate): YearMonth {
  if (raw === undefined || raw.trim() === '') return previousMonth(today);
  const month = parseMonthOption(raw);
  if (!month)
    throw new CommandUsageError(
      `対象月「${raw}」を読めません。「2026-10」のように西暦4桁と月（YYYY-MM）で指定してください。`,
    );
  return month;
}

const PREPARED_ROWS = 1000;
const SHARE_CHOICES = [...SHARE_PARTIES, '本人、企業', '本人、企業、相談支援', '本人、企業、ナカポツ'];

/** Creates the tab (or fills a blank one) with its header, the 共有先 dropdown and date formats. */
function prepareTab(book: WorkbookPort, exists: boolean): HeaderedTable<ReportKey> {
  if (!exists) book.createSheet(REPORT_TAB);
  const header = REPORT_COLUMNS.map((c) => c.header);
  book.writeRange(REPORT_TAB, 1, 1, [header], {
    columnFormats: header.map(() => '@'),
    minColumnWidths: REPORT_COLUMNS.map((c) => (c.key === 'file' ? 320 : c.key === 'stamp' ? 140 : 100)),
  });
  const body = { row: 2, numRows: PREPARED_ROWS - 1, numCols: 1 };
  const colOf = (key: ReportKey): number => REPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
  book.setListValidations(REPORT_TAB, [
    {
      area: { ...body, col: colOf('sharedWith') },
      values: SHARE_CHOICES,
      // Several parties are typed 「本人、企業」: a value outside the list is warned about, not refused.
      allowInvalid: true,
      helpText: `${SHARE_PARTIES.join('／')}から選んでください。複数なら「本人、企業」のように「、」で区切って入力します。`,
    },
  ]);
  book.setColumnFormats(REPORT_TAB, { ...body, col: colOf('created') }, [DATE_FORMAT]);
  book.setColumnFormats(REPORT_TAB, { ...body, col: colOf('sharedDate') }, [DATE_FORMAT]);
  book.setColumnFormats(REPORT_TAB, { ...body, col: colOf('month') }, ['@']);
  book.freezeRows(REPORT_TAB, 1);
  return locateReportTable([header])!;
}

interface RowWrite {
  readonly row: ReportRow | null;
  readonly caseId: string;
  readonly written: WrittenDraft;
}

/** Contiguous runs of 0-based columns: [[start, end], …]. */
function runs(cols: readonly number[]): [number, number][] {
  const sorted = [...cols].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

/**
 * Writes the rows: new ones in one block below the last row (staff columns left blank); an updated
 * row gets its stamp first, then its ファイル and 作成日 — so a run cut off between the two leaves a
 * stamp that names the new draft, which the next run recognises as ours and completes.
 */
function writeRows(
  book: WorkbookPort,
  table: HeaderedTable<ReportKey>,
  month: YearMonth,
  today: CalendarDate,
  writes: readonly RowWrite[],
): void {
  const colOf = (key: ReportKey): number => table.columns[key]!;
  const width = Math.max(...OWNED_REPORT_KEYS.map(colOf)) + 1;
  const value = (w: RowWrite, key: ReportKey): Cell => {
    switch (key) {
      case 'caseId':
        return w.caseId;
      case 'month':
        return formatYearMonth(month);
      case 'file':
        return w.written.link;
      case 'created':
        return today;
      case 'stamp':
        return w.written.stamp;
      default:
        return null;
    }
  };
  const formats = (from: number, to: number): (string | null)[] =>
    Array.from({ length: to - from + 1 }, (_, i) => {
      const c = from + i;
      return c === colOf('created') ? DATE_FORMAT : c === colOf('month') ? '@' : null;
    });

  for (const w of writes.filter((x) => x.row)) {
    const rowNumber = w.row!.rowNumber;
    book.writeRange(REPORT_TAB, rowNumber, colOf('stamp') + 1, [[w.written.stamp]], { asText: true });
    const rest = (['file', 'created'] as const).map(colOf);
    for (const [from, to] of runs(rest)) {
      const cells: Cell[] = [];
      for (let c = from; c <= to; c++) {
        const key = REPORT_COLUMNS.find((d) => table.columns[d.key] === c)!.key;
        cells.push(value(w, key));
      }
      book.writeRange(REPORT_TAB, rowNumber, from + 1, [cells], { asText: true, columnFormats: formats(from, to) });
    }
  }

  const added = writes.filter((x) => !x.row);
  if (added.length) {
    let last = table.rows.length;
    while (last > 0 && isBlankRow(table.rows[last - 1], table.width)) last--;
    const start = table.headerRow + last + 1;
    const keyAt = new Map(OWNED_REPORT_KEYS.map((k) => [colOf(k), k]));
    const block = added.map((w) =>
      Array.from({ length: width }, (_, c) => (keyAt.has(c) ? value(w, keyAt.get(c)!) : null)),
    );
    book.writeRange(REPORT_TAB, start, 1, block, { asText: true, columnFormats: formats(0, width - 1) });
  }
}

export function runReport(
  input: ReportInput,
  read: ReportRead = readForReport(input.book, input.today),
): CommandResult {
  const { book, today, month, writer } = input;
  const existing = read.tab.table ? readReportTab(read.tab.table) : null;
  const targets = casesInService(read.cases, month).map((item) => ({
    item,
    data: reportData(item, read.contacts, month, today),
  }));
  const plan = planDrafts(targets, existing?.rows ?? [], month, writer);

  // The drafts first: a row is written only for a draft that exists.
  const writes: RowWrite[] = [];
  const fresh: { fileName: string; ref: string }[] = [];
  for (const p of plan) {
    const d = p.decision;
    if (d.kind === 'adopt')
      writes.push({ row: p.row, caseId: p.item.c.caseId, written: { ...d.found, link: d.found.ref } });
    if (d.kind !== 'create' && d.kind !== 'regenerate') continue;
    const previous = d.kind === 'regenerate' ? d.previous : null;
    const written = writer.write(p.fileName, p.data, previous);
    writes.push({ row: p.row, caseId: p.item.c.caseId, written });
    fresh.push({ fileName: p.fileName, ref: written.ref });
  }

  let table = read.tab.table;
  if (writes.length && !table) table = prepareTab(book, read.tab.values !== null);
  if (table && writes.length) writeRows(book, table, month, today, writes);
  if (fresh.length) writer.retire?.(fresh);

  const created = plan.filter((p) => p.decision.kind === 'create').length;
  const redone = plan.filter((p) => p.decision.kind === 'regenerate').length;
  const kept = plan.length - created - redone - plan.filter((p) => p.decision.kind === 'adopt').length;
  const label = monthTitle(month);
  const summary =
    plan.length === 0
      ? `支援レポート ${label}: この月に利用期間がかかるケースはありません（何も作っていません）。`
      : `支援レポート ${label}: ${plan.length}件中 新規 ${created}件・作り直し ${redone}件${kept ? `・そのまま ${kept}件` : ''}。保存先: ${writer.where}。共有したら「${REPORT_TAB}」タブに共有日と共有先（本人を含めて）を入力してください。`;
  const problems: Problem[] = existing ? [...existing.problems] : [];
  return {
    command: report.name,
    summary,
    notices: [...keptLines(plan), ...read.notices, ...problems.slice(0, 10).map(describeProblem)],
    wroteTabs: writes.length ? [REPORT_TAB] : [],
    details: {
      month: formatYearMonth(month),
      where: writer.where,
      drafts: plan.map((p) => ({ caseId: p.item.c.caseId, file: p.fileName, action: p.decision.kind })),
    },
  };
}

export const report: CommandDef = {
  name: 'report',
  title: '支援レポートを作成',
  help: '利用期間がかかるケースごとに、その月の支援記録から支援レポートの下書き（Word）を作成し、支援レポートタブに記録。--template 様式.docx で様式、--dir で保存先を指定',
  options: [LAST_MONTH],
  needsTabs: [],
  // Drafts are made on request, for the month asked: never by `all`.
  notInAll: true,
  writesDrafts: true,
  run(ctx) {
    const month = reportMonth(ctx.options.month, ctx.today);
    if (!ctx.drafts)
      throw new CommandUsageError(
        '支援レポートの下書きは、スプレッドシートのメニューか teichaku report で作成してください。',
      );
    const read = readForReport(ctx.book, ctx.today);
    const { writer, notices } = ctx.drafts.forMonth(month);
    ctx.progress(`支援レポート ${formatYearMonth(month)} を ${writer.where} に作成しています…`);
    const result = runReport({ book: ctx.book, today: ctx.today, month, writer }, read);
    return notices.length ? { ...result, notices: [...notices, ...result.notices] } : result;
  },
};
