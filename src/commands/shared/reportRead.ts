// What the 支援レポート drafts and the month-end check read: the cases in service, the month's contacts
// with their content, and the 支援レポート tab. Read once; nothing is written here.

import { type CalendarDate } from '../../domain/calendar';
import { missingContactColumns, readContactLog, type ReportToPerson } from '../../domain/contacts';
import {
  locateReportTable,
  REPORT_COLUMNS,
  REPORT_TAB,
  reportsSharedWithPerson,
  type ContactWithContent,
  type ReportCase,
  type ReportKey,
} from '../../domain/report';
import { CONTACT_COLUMNS, TAB } from '../../domain/schema';
import { cellText, isBlankRow, locateTable, type HeaderedTable } from '../../domain/table';
import { checkLedger } from '../../domain/validate';
import type { Cell, WorkbookPort } from '../../workbook/port';
import { readLedger, readSettings } from './ledger';
import { UnusableBookError } from '../types';

/** Everything the plan needs, read once; nothing is written here. */
export interface ReportRead {
  readonly cases: readonly ReportCase[];
  readonly contacts: readonly ContactWithContent[];
  readonly tab: { readonly values: Cell[][] | null; readonly table: HeaderedTable<ReportKey> | null };
  readonly notices: readonly string[];
}

export function readForReport(book: WorkbookPort, today: CalendarDate): ReportRead {
  const settings = readSettings(book);
  const ledger = readLedger(book);
  const check = checkLedger(ledger.table, settings, today);
  const notices: string[] = [...settings.problems];
  const cellOf = (rowNumber: number, key: 'name' | 'staff'): string => {
    const col = ledger.table.columns[key];
    if (col === undefined) return '';
    return cellText(ledger.table.rows[rowNumber - ledger.table.headerRow - 1]?.[col] ?? null).trim();
  };
  const blocked = check.cases.filter((c) => check.cannotCompute(c.rowNumber));
  if (blocked.length) {
    notices.push(
      `台帳のエラーで支援期間を計算できないケースが${blocked.length}件あり、支援レポートを作っていません（${blocked
        .slice(0, 5)
        .map((c) => c.caseId || `${c.rowNumber}行目`)
        .join('、')}${blocked.length > 5 ? ' ほか' : ''}）。「台帳を検証」で直してください。`,
    );
  }
  const cases: ReportCase[] = check.cases
    .filter((c) => !check.cannotCompute(c.rowNumber))
    .map((c) => ({ ...c, name: cellOf(c.rowNumber, 'name'), staff: cellOf(c.rowNumber, 'staff') }));

  let contacts: ContactWithContent[] = [];
  const values = book.readSheet(TAB.contacts);
  const table = values ? locateTable(TAB.contacts, values, CONTACT_COLUMNS, 'caseId') : null;
  const missing = table ? missingContactColumns(table) : [];
  if (!table || missing.length) {
    notices.push(
      !values
        ? `「${TAB.contacts}」タブがないため、支援内容の表は空のまま作りました。`
        : `「${TAB.contacts}」タブの見出し（${missing.length ? missing.join('、') : 'ケースID'}）が見つからないため、支援内容の表は空のまま作りました。`,
    );
  } else {
    const log = readContactLog(
      table,
      check.cases.map((c) => c.caseId),
      today,
    );
    const contentCol = table.columns.content;
    contacts = log.entries.map((e) => ({
      ...e,
      content:
        contentCol === undefined
          ? ''
          : cellText(table.rows[e.rowNumber - table.headerRow - 1]?.[contentCol] ?? null).trim(),
    }));
    const bad = new Set(log.problems.filter((p) => p.severity === 'error').map((p) => p.row)).size;
    if (bad)
      notices.push(
        `「${TAB.contacts}」に読めない行が${bad}行あり、レポートに含めていません（「月次の支援状況を確認」で一覧になります）。`,
      );
  }

  const tabValues = book.readSheet(REPORT_TAB);
  const reportTable = tabValues ? locateReportTable(tabValues) : null;
  if (tabValues && !reportTable && !tabValues.every((r) => isBlankRow(r, r.length))) {
    throw new UnusableBookError(
      `「${REPORT_TAB}」タブの1〜10行目に見出し「ケースID」の行が見つかりません。見出し行（${REPORT_COLUMNS.map((c) => c.header).join('・')}）を戻すか、タブの名前を変えてから実行してください。`,
    );
  }
  if (reportTable) {
    const lacking = REPORT_COLUMNS.filter((c) => reportTable.columns[c.key] === undefined).map((c) => c.header);
    if (lacking.length)
      throw new UnusableBookError(
        `「${REPORT_TAB}」タブに次の列がありません: ${lacking.join('、')}。見出し行に同じ名前で戻してから実行してください（記録済みのレポートを守るために必要です）。`,
      );
  }
  return { cases, contacts, tab: { values: tabValues, table: reportTable }, notices };
}

/**
 * The (ケースID, month) pairs of the 支援レポート tab's rows shared with 本人 (a 共有日 and 共有先 including
 * 本人): they count for the month's 支援レポート like a 支援記録 row. None when the tab is missing.
 */
export function readReportsToPerson(
  book: WorkbookPort,
  values: Cell[][] | null = book.readSheet(REPORT_TAB),
): ReportToPerson[] {
  return [...reportsSharedWithPerson(values)].flatMap((key) => {
    const at = key.lastIndexOf('|');
    const m = /^(\d{4})-(\d{2})$/.exec(key.slice(at + 1));
    return at > 0 && m ? [{ caseId: key.slice(0, at), month: { y: Number(m[1]), m: Number(m[2]) } }] : [];
  });
}
