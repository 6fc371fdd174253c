// Form intake (docs/rules.md 台帳の列): responses land in the tab Google Forms creates; we recognise from the
// question titles whether they are 活動報告 or ケース台帳 rows, check each with the same rules as the
// tab itself, and plan the writes: valid responses appended to the target tab, a status per response.
//
// "Taken exactly once": the responses tab gets one owned column, 取り込み状態（自動）. A response whose
// status starts with 取り込み済 — or holds anything a person typed there, e.g. 対応済 — is never taken
// again. Responses marked エラー or 要確認 were never appended, so they are checked again on every run:
// a respondent who fixes the answer (Forms allows editing) gets it taken then, once.
// The command appends first and marks second. A run that dies in between leaves rows appended for
// responses still unmarked; the next run recognises each such row (same response: same values in every
// column the response fills, 提出日時/タイムスタンプ included) and marks the response taken, pointing at
// that row, instead of appending it again or calling its ケースID a duplicate. A row already pointed at
// by a taken response is never claimed a second time.

import type { Cell } from './cell';
import {
  ACTIVITY_STATUS_HEADER,
  checkActivityRow,
  resolveActivity,
  type ActivityCheck,
  type ActivityReport,
  type ActivityTab,
} from './activity';
import { formatSlash, formatYearMonth, type CalendarDate } from './calendar';
import { parseDateCell } from './dates';
import type { Problem } from './problem';
import { ACTIVITY_COLUMNS, LEDGER_COLUMNS, TAB, type ActivityKey, type ColumnDef, type LedgerKey } from './schema';
import { cellText, dataRows, headerText, isBlankCell, locateTable, type DataRow, type HeaderedTable } from './table';
import { normalizeKey } from './text';

export const RESPONSE_STATUS_HEADER = '取り込み状態（自動）';
export const RESPONSE_TAKEN = '取り込み済';
export const RESPONSE_ERROR = 'エラー';
export const RESPONSE_REVIEW = '要確認';
export const FORM_TIMESTAMP = 'タイムスタンプ';

export type ResponseKind = 'activity' | 'case';
type Meta = 'timestamp' | 'responseStatus';

const META_COLUMNS: readonly ColumnDef<Meta>[] = [
  { key: 'timestamp', header: FORM_TIMESTAMP, aliases: [], kind: 'timestamp' },
  { key: 'responseStatus', header: RESPONSE_STATUS_HEADER, aliases: [], kind: 'text' },
];

/** The form's own timestamp is the submission time; a collected e-mail address names the submitter. */
const ACTIVITY_RESPONSE_COLUMNS: readonly ColumnDef<ActivityKey | Meta>[] = [
  ...ACTIVITY_COLUMNS.map((c) => (c.key === 'submitter' ? { ...c, aliases: [...c.aliases, 'メールアドレス'] } : c)),
  ...META_COLUMNS,
];
const CASE_RESPONSE_COLUMNS: readonly ColumnDef<LedgerKey | Meta>[] = [...LEDGER_COLUMNS, ...META_COLUMNS];

export type ResponseTable =
  | { readonly kind: 'activity'; readonly table: HeaderedTable<ActivityKey | Meta>; readonly unmapped: string[] }
  | { readonly kind: 'case'; readonly table: HeaderedTable<LedgerKey | Meta>; readonly unmapped: string[] };

function unmappedHeaders<K extends string>(table: HeaderedTable<K>): string[] {
  const used = new Set(Object.values(table.columns) as number[]);
  return table.header
    .map((h, i) => (used.has(i) || headerText(h) === '' ? '' : cellText(h).trim()))
    .filter((h) => h !== '');
}

/**
 * Recognises the responses: a ケースID (管理番号) question means ケース台帳 rows; センター名 and 対象年月
 * mean 活動報告 rows. Null when the headers say neither.
 */
export function detectResponses(sheet: string, values: readonly (readonly Cell[])[]): ResponseTable | null {
  const cases = locateTable(sheet, values, CASE_RESPONSE_COLUMNS, 'caseId');
  if (cases) return { kind: 'case', table: cases, unmapped: unmappedHeaders(cases) };
  const activity = locateTable(sheet, values, ACTIVITY_RESPONSE_COLUMNS, 'center');
  if (activity && activity.columns.month !== undefined)
    return { kind: 'activity', table: activity, unmapped: unmappedHeaders(activity) };
  return null;
}

/** Whether a response still waits to be taken (see the top of this file). */
export function isPending(status: Cell): boolean {
  if (isBlankCell(status)) return true;
  const text = cellText(status).trim();
  return text.startsWith(RESPONSE_ERROR) || text.startsWith(RESPONSE_REVIEW);
}

/** One batch write the command applies, in order. */
export interface PlannedWrite {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly values: Cell[][];
  /** Strings written as text, never as formulas (everything that came from a form). */
  readonly asText: boolean;
  readonly columnFormats?: (string | null)[];
}

export interface IntakePlan {
  readonly kind: ResponseKind;
  readonly target: string;
  /**
   * The target is written from its first row, headers included (活動報告 only): the command creates
   * the tab when it is missing (it may exist empty, left by a run cut off) and freezes the header.
   */
  readonly createTarget: boolean;
  /** Writes to apply in order: target first, then the responses' status column. */
  readonly writes: readonly PlannedWrite[];
  /** Responses taken this run: appended, or found already appended by a run cut off before marking them. */
  readonly taken: number;
  /** Problems of responses that were not taken (for 取り込みエラー). */
  readonly errors: readonly Problem[];
  /** Responses a person must decide on (a ケースID already in the ledger). */
  readonly review: readonly Problem[];
  readonly notices: readonly string[];
}

function todayStamp(today: CalendarDate): string {
  return formatSlash(today);
}

function errorStatus(problems: readonly Problem[]): string {
  const first = problems[0];
  const more = problems.length > 1 ? ` ほか${problems.length - 1}件` : '';
  return `${RESPONSE_ERROR}: 「${first.column}」${first.message}${more}（${TAB.intakeErrors}タブ参照）`;
}

/**
 * The responses tab's status column as it will be after this run: written as one rectangle from the
 * header row (the header included when the column is new), or nothing when no status changes.
 */
function statusWrite<K extends string>(
  table: HeaderedTable<K | Meta>,
  newStatus: ReadonlyMap<number, string>,
): PlannedWrite | null {
  const existingCol = table.columns.responseStatus;
  const col = existingCol ?? table.width;
  let changed = existingCol === undefined && newStatus.size > 0;
  const values: Cell[][] = table.rows.map((cells, i) => {
    const rowNumber = table.headerRow + 1 + i;
    const old = existingCol === undefined ? null : (cells[existingCol] ?? null);
    const next = newStatus.get(rowNumber);
    if (next === undefined) return [old];
    if (cellText(old) !== next) changed = true;
    return [next];
  });
  if (!changed) return null;
  if (existingCol === undefined)
    return {
      sheet: table.sheet,
      row: table.headerRow,
      col: col + 1,
      values: [[RESPONSE_STATUS_HEADER], ...values],
      asText: true,
    };
  return { sheet: table.sheet, row: table.headerRow + 1, col: col + 1, values, asText: true };
}

/**
 * Target rows that taken responses point at (`→ <target> N行目` in their status): those rows belong to
 * a response already, so a pending response never claims them.
 */
function claimedRows<K extends string>(responses: HeaderedTable<K | Meta>, target: string): Set<number> {
  const claimed = new Set<number>();
  const col = responses.columns.responseStatus;
  if (col === undefined) return claimed;
  const pointer = new RegExp(`^${RESPONSE_TAKEN}.*→ ${target} (\\d+)行目`);
  for (const cells of responses.rows) {
    const m = pointer.exec(cellText(cells[col] ?? null).trim());
    if (m) claimed.add(Number(m[1]));
  }
  return claimed;
}

function recoveredNotice(count: number, target: string): string {
  return `前回中断した取り込みで${target}にすでに追加されていた${count}件の回答は、行を追加し直さず取り込み済にしました。`;
}

function pendingRows<K extends string>(table: HeaderedTable<K | Meta>): DataRow<K | Meta>[] {
  const statusCol = table.columns.responseStatus;
  return dataRows(table).filter(
    (row) =>
      isPending(row.get('responseStatus')) &&
      // a row holding only our status (its answers were deleted) is not a response
      row.cells.some((c, i) => i !== statusCol && !isBlankCell(c)),
  );
}

// ---------------------------------------------------------------------------------------------
// 活動報告

const ACTIVITY_HEADERS = [...ACTIVITY_COLUMNS.map((c) => c.header), ACTIVITY_STATUS_HEADER];

/** What an appended row says, as checked: equal for a response and the row it made. */
function reportKey(r: ActivityReport): string {
  return JSON.stringify([
    r.center,
    formatYearMonth(r.month),
    r.caseMeetings,
    r.networkMeetings,
    r.trainings,
    r.topics,
    r.submittedAt,
    r.submitter,
  ]);
}

/**
 * Plans an activity intake. `activity` is 活動報告 as read (null when the tab does not exist yet).
 * Valid responses become rows at the end of 活動報告 (center as 設定 spells it, 対象年月 as YYYY-MM,
 * the form's timestamp as 提出日時); the status column of 活動報告 is recomputed for every row, so an
 * older report for the same center and month becomes 差し替え済 at once.
 */
export function planActivityIntake(
  responses: HeaderedTable<ActivityKey | Meta>,
  activity: ActivityTab | null,
  centers: readonly string[],
  today: CalendarDate,
): IntakePlan {
  const target = TAB.activity;
  const writes: PlannedWrite[] = [];
  const notices: string[] = [];

  // The target's columns: the existing tab's, with missing ones added at its right.
  const header: string[] = activity ? activity.table.header.map((h) => cellText(h)) : [...ACTIVITY_HEADERS];
  let width = activity ? activity.table.width : ACTIVITY_HEADERS.length;
  header.length = width;
  const colOf = new Map<string, number>();
  if (activity) {
    for (const [key, c] of Object.entries(activity.table.columns)) colOf.set(key, c as number);
    const missing = [
      ...ACTIVITY_COLUMNS.map((c) => ({ key: c.key as string, header: c.header })),
      { key: 'status', header: ACTIVITY_STATUS_HEADER },
    ].filter((c) => !colOf.has(c.key));
    if (missing.length) {
      writes.push({
        sheet: target,
        row: activity.table.headerRow,
        col: width + 1,
        values: [missing.map((m) => m.header)],
        asText: true,
      });
      missing.forEach((m, i) => {
        colOf.set(m.key, width + i);
        header[width + i] = m.header;
      });
      width += missing.length;
      notices.push(`${target}タブに列を追加しました: ${missing.map((m) => m.header).join('、')}`);
    }
  } else {
    ACTIVITY_COLUMNS.forEach((c, i) => colOf.set(c.key, i));
    colOf.set('status', ACTIVITY_COLUMNS.length);
  }
  const headerRow = activity ? activity.table.headerRow : 1;
  const firstNewRow = activity ? activity.table.headerRow + activity.table.rows.length + 1 : 2;

  const headerOf = (key: ActivityKey): string => {
    const c = responses.columns[key];
    return c === undefined
      ? (ACTIVITY_COLUMNS.find((d) => d.key === key)?.header ?? key)
      : cellText(responses.header[c]);
  };

  // Rows already in the tab that a pending response may turn out to have made (a run cut off after
  // appending, before marking): by report, in tab order, those pointed at by a taken response left out.
  const claimed = claimedRows(responses, target);
  const appended = new Map<string, number[]>();
  for (const c of activity ? activity.checks : []) {
    if (!c.report || claimed.has(c.rowNumber)) continue;
    const key = reportKey(c.report);
    const list = appended.get(key);
    if (list) list.push(c.rowNumber);
    else appended.set(key, [c.rowNumber]);
  }
  let recovered = 0;

  const responseStatus = new Map<number, string>();
  const errors: Problem[] = [];
  const newChecks: ActivityCheck[] = [];
  const newRows: Cell[][] = [];
  for (const row of pendingRows(responses)) {
    const get = (key: ActivityKey): Cell =>
      key === 'submittedAt' && responses.columns.submittedAt === undefined ? row.get('timestamp') : row.get(key);
    const check = checkActivityRow(get, row.rowNumber, responses.sheet, centers, headerOf);
    if (!check.report) {
      errors.push(...check.problems);
      responseStatus.set(row.rowNumber, errorStatus(check.problems));
      continue;
    }
    const r = check.report;
    const already = appended.get(reportKey(r))?.shift();
    if (already !== undefined) {
      recovered++;
      responseStatus.set(row.rowNumber, `${RESPONSE_TAKEN} ${todayStamp(today)} → ${target} ${already}行目`);
      continue;
    }
    const targetRow = firstNewRow + newRows.length;
    const cells: Cell[] = new Array<Cell>(width).fill(null);
    const put = (key: string, v: Cell): void => {
      const c = colOf.get(key);
      if (c !== undefined) cells[c] = v;
    };
    put('center', r.center);
    put('month', formatYearMonth(r.month));
    put('caseMeetings', r.caseMeetings);
    put('networkMeetings', r.networkMeetings);
    put('trainings', r.trainings);
    put('trainingTopics', r.topics || null);
    put('submittedAt', get('submittedAt'));
    put('submitter', r.submitter || null);
    newRows.push(cells);
    newChecks.push({ rowNumber: targetRow, report: { ...r, rowNumber: targetRow }, problems: [] });
    responseStatus.set(row.rowNumber, `${RESPONSE_TAKEN} ${todayStamp(today)} → ${target} ${targetRow}行目`);
  }

  // Statuses of the whole tab, old rows and new, decided together.
  const oldChecks = activity ? activity.checks : [];
  const resolution = resolveActivity([...oldChecks, ...newChecks]);
  const statusCol = colOf.get('status')!;
  newRows.forEach((cells, i) => (cells[statusCol] = resolution.status.get(firstNewRow + i) ?? null));

  if (!activity) {
    if (newRows.length > 0)
      writes.push({ sheet: target, row: 1, col: 1, values: [[...ACTIVITY_HEADERS], ...newRows], asText: true });
  } else {
    if (newRows.length > 0) writes.push({ sheet: target, row: firstNewRow, col: 1, values: newRows, asText: true });
    const oldStatusCol = activity.table.columns.status;
    const values: Cell[][] = activity.table.rows.map((_, i) => [resolution.status.get(headerRow + 1 + i) ?? null]);
    const changed = activity.table.rows.some(
      (cells, i) =>
        cellText(oldStatusCol === undefined ? null : (cells[oldStatusCol] ?? null)) !== cellText(values[i][0]),
    );
    if (changed && values.length > 0)
      writes.push({ sheet: target, row: headerRow + 1, col: statusCol + 1, values, asText: true });
  }

  const sw = statusWrite(responses, responseStatus);
  if (sw) writes.push(sw);
  if (recovered) notices.push(recoveredNotice(recovered, target));
  return {
    kind: 'activity',
    target,
    createTarget: !activity && newRows.length > 0,
    writes,
    taken: newRows.length + recovered,
    errors,
    review: [],
    notices,
  };
}

// ---------------------------------------------------------------------------------------------
// ケース台帳

/** The validation rules for one case row (validate.ts's checkCaseRow, bound to settings and today). */
export type CaseRowChecker = (get: (key: LedgerKey) => Cell, rowNumber: number, sheet: string) => readonly Problem[];

export interface LedgerTarget {
  /** ケース台帳 as located (owned columns included). */
  readonly table: HeaderedTable<string>;
  /** ケースID values already in the ledger. */
  readonly caseIds: readonly string[];
}

function caseKey(id: Cell): string {
  return normalizeKey(cellText(id));
}

/** A response's ledger row in the ledger's own column order: dates as date cells, text trimmed. */
function ledgerCells(get: (key: LedgerKey) => Cell, table: HeaderedTable<string>, width: number): Cell[] {
  const cells: Cell[] = new Array<Cell>(width).fill(null);
  for (const def of LEDGER_COLUMNS) {
    const c = table.columns[def.key];
    if (c === undefined) continue;
    const v = get(def.key);
    if (isBlankCell(v)) continue;
    if (def.kind === 'date') {
      const d = parseDateCell(v);
      cells[c] = d.kind === 'date' ? d.date : v;
    } else {
      cells[c] = typeof v === 'string' ? v.trim() : v;
    }
  }
  return cells;
}

/** Whether a cell as written reads back as this one (a number may come back as its text, or the reverse). */
function sameCell(written: Cell, read: Cell): boolean {
  if (isBlankCell(written) || isBlankCell(read)) return isBlankCell(written) && isBlankCell(read);
  return cellText(written).trim() === cellText(read).trim();
}

/**
 * Plans a case intake: responses that pass `check` with no error are appended to ケース台帳 in its own
 * column order (dates as date cells, everything else as the respondent typed it, as text).
 * A response whose ケースID is already in the ledger (or earlier in this batch) changes nothing:
 * it is marked 要確認 and listed for a person to decide.
 */
export function planCaseIntake(
  responses: HeaderedTable<LedgerKey | Meta>,
  ledger: LedgerTarget,
  check: CaseRowChecker,
  today: CalendarDate,
  dateFormat: string,
): IntakePlan {
  const target = TAB.ledger;
  const writes: PlannedWrite[] = [];
  const notices: string[] = [];
  const errors: Problem[] = [];
  const review: Problem[] = [];
  const responseStatus = new Map<number, string>();

  const { table } = ledger;
  const width = table.width;
  const firstNewRow = table.headerRow + table.rows.length + 1;
  const known = new Set(ledger.caseIds.map(caseKey).filter((k) => k !== ''));
  const lost = LEDGER_COLUMNS.filter(
    (c) => responses.columns[c.key] !== undefined && table.columns[c.key] === undefined,
  );
  if (lost.length)
    notices.push(
      `${target}タブに次の列がないため、フォームのこの回答は取り込んでいません: ${lost.map((c) => c.header).join('、')}（列を追加すると次回から入ります）`,
    );

  // Ledger rows a pending response may already have made (a run cut off before marking it), by ケースID.
  const claimed = claimedRows(responses, target);
  const byId = new Map<string, DataRow<string>[]>();
  for (const r of dataRows(table)) {
    const key = caseKey(r.get('caseId'));
    if (key === '' || claimed.has(r.rowNumber)) continue;
    const list = byId.get(key);
    if (list) list.push(r);
    else byId.set(key, [r]);
  }
  // The ledger columns a response fills: an appended row equals its response in each of them.
  const carried = LEDGER_COLUMNS.filter((def) => responses.columns[def.key] !== undefined)
    .map((def) => table.columns[def.key])
    .filter((c): c is number => c !== undefined);
  const sameRow = (cells: readonly Cell[], existing: DataRow<string>): boolean =>
    carried.every((c) => sameCell(cells[c], existing.cells[c] ?? null));
  let recovered = 0;

  const newRows: Cell[][] = [];
  for (const row of pendingRows(responses)) {
    const get = (key: LedgerKey): Cell => row.get(key);
    const problems = check(get, row.rowNumber, responses.sheet);
    const bad = problems.filter((p) => p.severity === 'error');
    if (bad.length) {
      errors.push(...bad);
      responseStatus.set(row.rowNumber, errorStatus(bad));
      continue;
    }
    const id = cellText(get('caseId')).trim();
    const cells = ledgerCells(get, table, width);
    const warned = problems.length ? `（警告${problems.length}件: 「台帳を検証」で確認してください）` : '';
    const candidates = byId.get(caseKey(id)) ?? [];
    const match = candidates.findIndex((existing) => sameRow(cells, existing));
    if (match >= 0) {
      const [existing] = candidates.splice(match, 1);
      recovered++;
      responseStatus.set(
        row.rowNumber,
        `${RESPONSE_TAKEN} ${todayStamp(today)} → ${target} ${existing.rowNumber}行目${warned}`,
      );
      continue;
    }
    if (known.has(caseKey(id))) {
      const c = responses.columns.caseId;
      review.push({
        severity: 'warning',
        sheet: responses.sheet,
        row: row.rowNumber,
        column: c === undefined ? 'ケースID' : cellText(responses.header[c]),
        value: id,
        caseId: id,
        message: `ケースID「${id}」は${target}にすでにあるため取り込んでいません。同じケースなら台帳の行を直接直し、この回答の${RESPONSE_STATUS_HEADER}を「対応済」にしてください。別のケースならケースIDを変えてください。`,
      });
      responseStatus.set(row.rowNumber, `${RESPONSE_REVIEW}: ケースID重複（${TAB.intakeErrors}タブ参照）`);
      continue;
    }
    known.add(caseKey(id));
    const targetRow = firstNewRow + newRows.length;
    newRows.push(cells);
    responseStatus.set(row.rowNumber, `${RESPONSE_TAKEN} ${todayStamp(today)} → ${target} ${targetRow}行目${warned}`);
  }

  if (newRows.length) {
    const formats = new Array<string | null>(width).fill(null);
    for (const def of LEDGER_COLUMNS) {
      const c = table.columns[def.key];
      if (c !== undefined && def.kind === 'date') formats[c] = dateFormat;
    }
    writes.push({ sheet: target, row: firstNewRow, col: 1, values: newRows, asText: true, columnFormats: formats });
  }
  const sw = statusWrite(responses, responseStatus);
  if (sw) writes.push(sw);
  if (recovered) notices.push(recoveredNotice(recovered, target));
  return {
    kind: 'case',
    target,
    createTarget: false,
    writes,
    taken: newRows.length + recovered,
    errors,
    review,
    notices,
  };
}
