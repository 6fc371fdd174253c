// Reading a tab by its headers: users put titles above the header, reorder columns, rename them
// within the known aliases and add their own columns. Everything downstream sees named fields.

import type { Cell } from './cell';
import type { ColumnDef } from './schema';
import { nearest, normalizeKey } from './text';

export interface HeaderedTable<K extends string> {
  readonly sheet: string;
  /** 1-based sheet row of the header. */
  readonly headerRow: number;
  /** 0-based column index of each known column found (absent keys are missing columns). */
  readonly columns: Partial<Record<K, number>>;
  /** The header row as the sheet holds it. */
  readonly header: readonly Cell[];
  /** Data rows under the header (blank rows included, so indices map to sheet rows). */
  readonly rows: readonly (readonly Cell[])[];
  /** Width of the table (header length, padded). */
  readonly width: number;
}

export interface DataRow<K extends string> {
  /** Sheet row number as the user sees it. */
  readonly rowNumber: number;
  readonly cells: readonly Cell[];
  get(key: K): Cell;
}

export function headerText(cell: Cell): string {
  return typeof cell === 'string' ? normalizeKey(cell) : '';
}

/** Lookup of normalised header text (header and aliases) → column key. */
export function headerLookup<K extends string>(defs: readonly ColumnDef<K>[]): Map<string, K> {
  const map = new Map<string, K>();
  for (const def of defs) {
    map.set(normalizeKey(def.header), def.key);
    for (const a of def.aliases) map.set(normalizeKey(a), def.key);
  }
  return map;
}

/**
 * Finds the header row: the first row within the first `scanRows` that holds the `anchor` column
 * (e.g. ケースID) — or, with no anchor, the first row holding at least `minMatches` known headers.
 * Returns null when there is none.
 */
export function locateTable<K extends string>(
  sheet: string,
  values: readonly (readonly Cell[])[],
  defs: readonly ColumnDef<K>[],
  anchor: K | null,
  scanRows = 10,
  minMatches = 2,
): HeaderedTable<K> | null {
  const lookup = headerLookup(defs);
  const limit = Math.min(scanRows, values.length);
  for (let r = 0; r < limit; r++) {
    const row = values[r];
    const columns: Partial<Record<K, number>> = {};
    let matches = 0;
    for (let c = 0; c < row.length; c++) {
      const key = lookup.get(headerText(row[c]));
      if (key !== undefined && columns[key] === undefined) {
        columns[key] = c;
        matches++;
      }
    }
    const found = anchor ? columns[anchor] !== undefined : matches >= minMatches;
    if (found) {
      let width = row.length;
      while (width > 0 && (row[width - 1] === null || row[width - 1] === '')) width--;
      return { sheet, headerRow: r + 1, columns, header: row, rows: values.slice(r + 1), width };
    }
  }
  return null;
}

/** Named access to a table's data rows; blank rows are skipped. */
export function dataRows<K extends string>(table: HeaderedTable<K>): DataRow<K>[] {
  const out: DataRow<K>[] = [];
  const cols = table.columns;
  for (let i = 0; i < table.rows.length; i++) {
    const cells = table.rows[i];
    if (isBlankRow(cells, table.width)) continue;
    out.push({
      rowNumber: table.headerRow + 1 + i,
      cells,
      get(key: K): Cell {
        const c = cols[key];
        return c === undefined ? null : (cells[c] ?? null);
      },
    });
  }
  return out;
}

export function isBlankCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isBlankRow(cells: readonly Cell[], width: number): boolean {
  const n = Math.min(width, cells.length);
  for (let c = 0; c < n; c++) if (!isBlankCell(cells[c])) return false;
  return true;
}

/** 1-based column number → letters (1 → A, 27 → AA). */
export function columnLetter(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Text of a cell for messages. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return `${cell.y}/${cell.m}/${cell.d}`;
  return String(cell);
}

/** A known column whose header appears more than once in the header row (header or alias). */
export interface DuplicateHeader {
  readonly header: string;
  /** 0-based columns, left to right. */
  readonly columns: readonly number[];
}

/** Known columns named twice in the header row: reading either would be a guess. */
export function duplicateHeaders<K extends string>(
  table: HeaderedTable<K>,
  defs: readonly ColumnDef<K>[],
): DuplicateHeader[] {
  const lookup = headerLookup(defs);
  const seen = new Map<K, number[]>();
  table.header.forEach((cell, c) => {
    const key = lookup.get(headerText(cell));
    if (key === undefined) return;
    const list = seen.get(key) ?? [];
    list.push(c);
    seen.set(key, list);
  });
  const out: DuplicateHeader[] = [];
  for (const [key, columns] of seen) {
    if (columns.length < 2) continue;
    out.push({ header: defs.find((d) => d.key === key)!.header, columns });
  }
  return out;
}

/** A required column the header row lacks, with the header nearest to its name that no known column took. */
export interface MissingColumn {
  readonly header: string;
  readonly nearest: string | null;
}

export function missingRequiredColumns<K extends string>(
  table: HeaderedTable<K>,
  defs: readonly ColumnDef<K>[],
): MissingColumn[] {
  const lookup = headerLookup(defs);
  const unknown = table.header
    .filter((c): c is string => typeof c === 'string' && c.trim() !== '' && lookup.get(headerText(c)) === undefined)
    .map((c) => c.trim());
  return defs
    .filter((d) => d.required && table.columns[d.key] === undefined)
    .map((d) => ({ header: d.header, nearest: nearest(d.header, unknown) }));
}
