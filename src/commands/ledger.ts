// Shared steps of the commands that work on ケース台帳: read it once, find its columns, make sure
// the owned columns exist, and write owned columns back in as few batch calls as possible.

import {
  DATE_FORMAT,
  LEDGER_COLUMNS,
  OWNED_COLUMNS,
  OWNED_PROTECTION,
  TAB,
  type LedgerKey,
  type OwnedKey,
} from '../domain/schema';
import { parseSettings, type Settings } from '../domain/settings';
import {
  columnLetter,
  duplicateHeaders,
  isBlankCell,
  locateTable,
  missingRequiredColumns,
  type HeaderedTable,
} from '../domain/table';
import type { Cell, WorkbookPort, WriteOptions } from '../workbook/port';
import { headerColumnWidth } from './generated';
import { UnusableBookError } from './types';

export type LedgerColumnKey = LedgerKey | OwnedKey;
export const ALL_LEDGER_COLUMNS = [...LEDGER_COLUMNS, ...OWNED_COLUMNS];

export interface Ledger {
  readonly table: HeaderedTable<LedgerColumnKey>;
  /** Number of sheet rows below the header that the table spans (blank rows included). */
  readonly rowCount: number;
}

export function readSettings(book: WorkbookPort): Settings {
  return parseSettings(book.readSheet(TAB.settings));
}

/**
 * Reads ケース台帳 or explains, in Japanese, why it cannot be used. A missing required column or a known
 * column named twice stops the command before anything is written (setup passes `requireColumns: false`).
 */
export function readLedger(book: WorkbookPort, options: { requireColumns?: boolean } = {}): Ledger {
  const values = book.readSheet(TAB.ledger);
  if (values === null) {
    throw new UnusableBookError(
      `「${TAB.ledger}」タブがありません。メニュー「初期設定」（CLI: teichaku setup）で作成するか、台帳のタブ名を「${TAB.ledger}」にしてください。`,
    );
  }
  const table = locateTable(TAB.ledger, values, ALL_LEDGER_COLUMNS, 'caseId');
  if (!table) {
    throw new UnusableBookError(
      `「${TAB.ledger}」タブの1〜10行目に見出し「ケースID」（または「管理番号」）の行が見つかりません。見出し行に「ケースID」列を作ってください。`,
    );
  }
  if (options.requireColumns !== false) {
    const problem = ledgerHeaderProblem(table);
    if (problem) throw new UnusableBookError(problem);
  }
  return { table, rowCount: table.rows.length };
}

/** Why the header row cannot be read safely (a required column missing, a column named twice), or null. */
export function ledgerHeaderProblem(table: HeaderedTable<LedgerColumnKey>): string | null {
  const where = `「${TAB.ledger}」タブの見出し行（${table.headerRow}行目）`;
  const stop = 'このままでは日付の計算や引継ぎの判定ができないため、何も書き込まずに止めました。';
  const missing = missingRequiredColumns(table, ALL_LEDGER_COLUMNS);
  if (missing.length) {
    const parts = missing.map((m) =>
      m.nearest
        ? `必須の列「${m.header}」がありません。「${m.nearest}」を「${m.header}」にしますか`
        : `必須の列「${m.header}」がありません`,
    );
    return `${where}: ${parts.join('。')}。${stop}見出しを直してから、もう一度実行してください。`;
  }
  const dup = duplicateHeaders(table, ALL_LEDGER_COLUMNS);
  if (dup.length) {
    const parts = dup.map(
      (d) =>
        `「${d.header}」の列が${d.columns.length}つあります（${d.columns.map((c) => `${columnLetter(c + 1)}列`).join('・')}）`,
    );
    return `${where}: ${parts.join('。')}。どの列を使えばよいか決められないため、何も書き込まずに止めました。使わない列の見出しを別の名前にするか、列を削除してから、もう一度実行してください。`;
  }
  return null;
}

/**
 * Adds the owned columns that are missing, at the right of the header, in one write.
 * Returns the ledger with the complete column map.
 */
export function ensureOwnedColumns(book: WorkbookPort, ledger: Ledger): Ledger {
  const complete = addOwnedColumns(book, ledger);
  protectOwnedColumns(book, complete);
  return complete;
}

/**
 * A warning-only protection over each run of side-by-side owned columns (header and rows), so a
 * colleague typing there is warned that the tool rewrites them. Kept in place every run.
 */
const WHOLE_COLUMN = 10_000_000;

export function protectOwnedColumns(book: WorkbookPort, ledger: Ledger): void {
  if (!book.protectOwnedAreas) return;
  const { table } = ledger;
  const cols = OWNED_COLUMNS.map((c) => table.columns[c.key])
    .filter((c): c is number => c !== undefined)
    .sort((a, b) => a - b);
  const areas = [];
  for (let i = 0; i < cols.length;) {
    let j = i + 1;
    while (j < cols.length && cols[j] === cols[j - 1] + 1) j++;
    // Down to the last row of the tab (the adapter cuts the area to it), so new rows are covered too.
    areas.push({ row: table.headerRow, col: cols[i] + 1, numRows: WHOLE_COLUMN, numCols: j - i });
    i = j;
  }
  book.protectOwnedAreas(TAB.ledger, areas, OWNED_PROTECTION);
}

function addOwnedColumns(book: WorkbookPort, ledger: Ledger): Ledger {
  const { table } = ledger;
  const missing = OWNED_COLUMNS.filter((c) => table.columns[c.key] === undefined);
  if (missing.length === 0) return ledger;
  // Right of everything in use: a user's column with data but no header must not be overwritten.
  const start = Math.max(table.width, usedWidth(table.rows));
  book.writeRange(TAB.ledger, table.headerRow, start + 1, [missing.map((c) => c.header)], {
    minColumnWidths: missing.map((c) => headerColumnWidth(c.header, c.kind === 'date')),
  });
  const columns = { ...table.columns };
  missing.forEach((c, i) => (columns[c.key] = start + i));
  const header = [...table.header];
  while (header.length < start) header.push(null);
  missing.forEach((c, i) => (header[start + i] = c.header));
  return { ...ledger, table: { ...table, columns, header, width: start + missing.length } };
}

function usedWidth(rows: readonly (readonly Cell[])[]): number {
  let width = 0;
  for (const row of rows) {
    for (let c = row.length - 1; c >= width; c--) {
      if (!isBlankCell(row[c])) {
        width = c + 1;
        break;
      }
    }
  }
  return width;
}

const OWNED_FORMATS = Object.fromEntries(
  OWNED_COLUMNS.map((c) => [c.key, c.kind === 'date' ? DATE_FORMAT : c.kind === 'count' ? '0' : '@']),
) as Record<OwnedKey, string>;

const OWNED_WIDTHS = Object.fromEntries(
  OWNED_COLUMNS.map((c) => [c.key, headerColumnWidth(c.header, c.kind === 'date')]),
) as Record<OwnedKey, number>;

export interface OwnedColumnWrite {
  readonly key: OwnedKey;
  /** One value per table row (blank rows included), top to bottom. */
  readonly values: readonly Cell[];
  readonly format?: string;
  readonly backgrounds?: readonly (string | null)[];
}

/**
 * Writes owned columns. Columns that sit side by side are written as one rectangle,
 * so the call count stays constant whatever the number of rows.
 */
export function writeOwnedColumns(book: WorkbookPort, ledger: Ledger, writes: readonly OwnedColumnWrite[]): void {
  const { table, rowCount } = ledger;
  if (rowCount === 0 || writes.length === 0) return;
  const placed = writes
    .map((w) => {
      const col = table.columns[w.key];
      if (col === undefined) throw new Error(`owned column ${w.key} is missing; call ensureOwnedColumns first`);
      return { ...w, col };
    })
    .sort((a, b) => a.col - b.col);
  let i = 0;
  while (i < placed.length) {
    let j = i + 1;
    while (j < placed.length && placed[j].col === placed[j - 1].col + 1) j++;
    const run = placed.slice(i, j);
    const values: Cell[][] = [];
    const anyBg = run.some((w) => w.backgrounds);
    const backgrounds: (string | null)[][] = [];
    for (let r = 0; r < rowCount; r++) {
      values.push(run.map((w) => w.values[r] ?? null));
      if (anyBg) backgrounds.push(run.map((w) => w.backgrounds?.[r] ?? null));
    }
    const options: WriteOptions = {
      // Every owned column carries its format (text '@' for flags and results): the adapter then sets
      // formats instead of first reading which ones the cells have.
      columnFormats: run.map((w) => w.format ?? OWNED_FORMATS[w.key]),
      backgrounds: anyBg ? backgrounds : undefined,
      // Owned columns of a book from before widths were set get theirs on the next run.
      minColumnWidths: run.map((w) => OWNED_WIDTHS[w.key]),
    };
    book.writeRange(TAB.ledger, table.headerRow + 1, run[0].col + 1, values, options);
    i = j;
  }
}
