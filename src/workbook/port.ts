// The workbook port: everything a command may do to a spreadsheet, in whole-range batch operations.
// Adapters: src/gas (Google Sheets via Apps Script), src/xlsx (exceljs), src/memory (tests, benchmark).
// Each method maps to a fixed, small number of spreadsheet service calls whatever the number of rows,
// so no command's service-call count grows with the ledger.

import type { Cell } from '../domain/cell';

export type { Cell };

/** A rectangle, 1-based like the sheet the user sees. */
export interface Area {
  readonly row: number;
  readonly col: number;
  readonly numRows: number;
  readonly numCols: number;
}

export interface WriteOptions {
  /** One number format per column (e.g. 'yyyy/mm/dd', '0', '0.0%', '@'); null leaves it. */
  readonly columnFormats?: readonly (string | null)[];
  /** Background per cell ('#rrggbb' or null for none); only ever applied to cells the product owns. */
  readonly backgrounds?: readonly (readonly (string | null)[])[];
  /** Note per cell ('' clears); only ever applied to cells the product owns. */
  readonly notes?: readonly (readonly string[])[];
  /** Write every string as literal text, never as a formula (form responses). */
  readonly asText?: boolean;
  /**
   * Pixels each written column needs to show its header and values (null: no need), for columns the
   * product creates or owns. Set only on a column still at its default width: a width the user set
   * is kept. The Sheets adapter leaves it out: Sheets' default width (100 px) already shows a date,
   * where Excel's and LibreOffice's (64 px) show `###`.
   */
  readonly minColumnWidths?: readonly (number | null)[];
}

export interface ListValidation {
  readonly area: Area;
  readonly values: readonly string[];
  /** Warn instead of reject: existing data is never made invalid by the product. */
  readonly allowInvalid: boolean;
  readonly helpText?: string;
}

/** A conditional format rule of ours: a custom formula written for the top-left cell of `area`. */
export interface ConditionalRule {
  readonly area: Area;
  /** e.g. `=$AD3="共有期限超過"`; adapters tag it so they can tell ours from a user's rules. */
  readonly formula: string;
  readonly background?: string;
  readonly fontColor?: string;
  readonly bold?: boolean;
}

export type ChartKind = 'column' | 'line' | 'bar';

export interface ChartSpec {
  readonly kind: ChartKind;
  readonly title: string;
  /** Header row + data rows: first column the categories, the others the series. */
  readonly data: Area;
  /** Where the chart's top-left corner sits. */
  readonly anchor: { readonly row: number; readonly col: number };
}

/** How a tab prints: always A4, fit to one page wide, any number of pages tall. */
export interface PrintLayout {
  readonly landscape: boolean;
  /** Rows 1..repeatRows repeat at the top of every printed page (title + header). 0: none. */
  readonly repeatRows: number;
}

export interface SheetContent {
  readonly values: readonly (readonly Cell[])[];
  readonly columnFormats?: readonly (string | null)[];
  readonly backgrounds?: readonly (readonly (string | null)[])[];
  readonly boldRows?: readonly number[];
  /** Rows to freeze; left out, the tab's frozen rows stay as they are. */
  readonly frozenRows?: number;
  /** Pixels per column; null leaves a column as it is (a new tab's columns are 100 px). */
  readonly columnWidths?: readonly (number | null)[];
  /**
   * Charts of the tab. Give `[]` for a tab that carries charts only sometimes: when this is left
   * out, the tab never carries ours, and the charts there are not looked at.
   */
  readonly charts?: readonly ChartSpec[];
  /** Write strings as literal text (generated tabs that quote user values). */
  readonly asText?: boolean;
  /**
   * Number format per cell, over `columnFormats` where not null (counts as '#,##0'); rows may be
   * short or missing. writeGeneratedTab derives it from the values when the caller leaves it out.
   */
  readonly cellFormats?: readonly (readonly (string | null)[] | undefined)[];
  /** Horizontal alignment per cell (headers over numbers: 'right'); null leaves a cell on automatic. */
  readonly alignments?: readonly (readonly (HorizontalAlignment | null)[] | undefined)[];
  readonly print?: PrintLayout;
}

export type HorizontalAlignment = 'left' | 'center' | 'right';

export interface TopLeft {
  readonly value: Cell;
  /** No cell of the tab holds a value. */
  readonly empty: boolean;
}

/** What a run will change besides values, for `survey` to read along with every tab's size and A1. */
export interface SurveyNeeds {
  /** Tabs whose own conditional rules the run will replace (setOwnConditionalRules). */
  readonly conditionalRules?: readonly string[];
  /** Tabs whose owned areas the run will protect, with the description that marks ours (protectOwnedAreas). */
  readonly protections?: readonly { readonly sheet: string; readonly description: string }[];
}

export interface WorkbookPort {
  /**
   * The run's read phase, before its first write: every tab, its A1 and size, the charts of our
   * generated tabs, and what `needs` names, in one go, so that no later read of these has to wait
   * for pending writes (in Apps Script each such read is a round trip). Whatever a run has not
   * surveyed is still read when asked, so calling it is never required for correct results. A
   * no-op where reads cost nothing (memory, xlsx); calling it again reads only what is still unknown.
   */
  survey(needs?: SurveyNeeds): void;
  /** Tab names, in the order the book shows them. */
  sheetNames(): string[];
  /** The whole used range of a tab, row 0 = sheet row 1; ragged rows are padded with null. */
  readSheet(name: string): Cell[][] | null;
  /**
   * A1 of a tab and whether the tab holds no value at all, or null when there is no such tab.
   * For telling a generated tab (marked in A1) from a user's without reading the whole tab; an
   * adapter without it is asked readSheet instead.
   */
  readA1?(name: string): TopLeft | null;
  /** Creates an empty tab at the end. Throws if the name exists. */
  createSheet(name: string): void;
  /** Writes a rectangle of values (and, optionally, formats/colours/notes) in one batch. */
  writeRange(
    sheet: string,
    row: number,
    col: number,
    values: readonly (readonly Cell[])[],
    options?: WriteOptions,
  ): void;
  /**
   * Replaces the whole content of a tab the product owns. Everything on it goes first, as Sheets'
   * Sheet.clear() does: values, formats, colours, conditional format rules and dropdowns (and charts,
   * see SheetContent.charts). A user's rules or dropdowns on a generated tab are therefore not kept
   * (an adapter keeping them would have to read and restore them); notes may stay or go (the Sheets
   * reference leaves it open). The tab's title row says it is rebuilt on each run.
   */
  replaceSheet(name: string, content: SheetContent): void;
  /** Sets list (dropdown) validation on areas. */
  setListValidations(sheet: string, rules: readonly ListValidation[]): void;
  /** Replaces the product's own conditional format rules on a tab; a user's rules are kept. */
  setOwnConditionalRules(sheet: string, rules: readonly ConditionalRule[]): void;
  /** Sets number formats for whole column areas (e.g. date columns). */
  setColumnFormats(sheet: string, area: Area, formats: readonly string[]): void;
  freezeRows(sheet: string, rows: number): void;
  setPrintLayout?(sheet: string, layout: PrintLayout): void;
  /**
   * Keeps exactly one warning-only protection of the product's over each area (told apart from a
   * user's by `description`): an edit there is warned about, not refused. A user's protections are
   * never touched. Adapters without such protections (exceljs) leave the method out.
   */
  protectOwnedAreas?(sheet: string, areas: readonly Area[], description: string): void;
}
