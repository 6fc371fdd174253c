// What the views (ケースの詳細, 今月のやること, the sidebars) read: ケース台帳, 設定 and 支援記録, once,
// with every row's owned values computed as the commands compute them. Nothing is written.

import type { CalendarDate } from '../../domain/calendar';
import { missingContactColumns, readContactLog, type ContactEntry, type ReportToPerson } from '../../domain/contacts';
import { CONTACT_COLUMNS, TAB } from '../../domain/schema';
import type { Settings } from '../../domain/settings';
import { cellText, locateTable } from '../../domain/table';
import { nearest, normalizeKey } from '../../domain/text';
import type { LedgerCheck } from '../../domain/validate';
import type { WorkbookPort } from '../../workbook/port';
import { CommandUsageError } from '../types';
import type { FollowUps } from './followUps';
import {
  ledgerFollowUps,
  sessionCheck,
  sessionLedger,
  sessionRows,
  sessionSettings,
  type Ledger,
  type OwnedRow,
} from './ledger';
import { readReportsToPerson } from './reportRead';
import { RunSession } from './session';

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
  /** 支援レポート tab rows shared with 本人 (none when the tab is missing). */
  readonly reportsToPerson?: readonly ReportToPerson[];
}

/** The ledger part of a view: enough to find a case (the sidebar's row selection). */
export function readCaseRows(s: RunSession): Pick<BookView, 'ledger' | 'settings' | 'check' | 'rows' | 'today'> {
  return {
    ledger: sessionLedger(s),
    settings: sessionSettings(s),
    check: sessionCheck(s),
    rows: sessionRows(s),
    today: s.today,
  };
}

export function readBookView(book: WorkbookPort, today: CalendarDate, session = new RunSession(book, today)): BookView {
  const { ledger, settings, check, rows } = readCaseRows(session);
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
  const followUps = ledgerFollowUps(session);
  const reportsToPerson = readReportsToPerson(book);
  return { ledger, settings, check, rows, contacts, contactNote, today, followUps, reportsToPerson };
}

/** The ledger row of a ケースID (the first one when duplicated); a clear message when there is none. */
export function findCaseRow(view: Pick<BookView, 'rows'>, caseId: string): OwnedRow {
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
