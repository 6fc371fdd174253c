// What the sidebars (issue 13) need from Apps Script, added to the emulator's globals: HtmlService's
// HtmlOutput, Ui.showSidebar, and the user's selection — the current cell and active range of each tab,
// moved by the user (selectCell, test side) or by the script (setActiveSheet, Range.activate,
// Range.activateAsCurrentCell). Wired into AppsScriptEmulator.globals() by one line.

import type { AppsScriptEmulator, EmuSheet } from './emulator';

export interface Selection {
  /** The active range. */
  readonly row: number;
  readonly col: number;
  readonly numRows: number;
  readonly numCols: number;
  /** The current cell (inside the active range). */
  readonly currentRow: number;
  readonly currentCol: number;
}

export interface SidebarState {
  /** Sidebars shown, oldest first. */
  readonly sidebars: { title: string; content: string }[];
  /** Selection per tab; a tab never selected has A1 (as a new tab in Sheets). */
  readonly selections: Map<EmuSheet, Selection>;
}

const states = new WeakMap<AppsScriptEmulator, SidebarState>();

export function sidebarState(emu: AppsScriptEmulator): SidebarState {
  let s = states.get(emu);
  if (!s) {
    s = { sidebars: [], selections: new Map() };
    states.set(emu, s);
  }
  return s;
}

const A1: Selection = { row: 1, col: 1, numRows: 1, numCols: 1, currentRow: 1, currentCol: 1 };

function selectionOf(emu: AppsScriptEmulator, sheet: EmuSheet): Selection {
  return sidebarState(emu).selections.get(sheet) ?? A1;
}

/** Test side: the user clicks a cell of a tab (the tab becomes active). */
export function selectCell(emu: AppsScriptEmulator, sheetName: string, row: number, col = 1): void {
  const sheet = emu.sheet(sheetName);
  emu.activeSheet = sheet;
  sidebarState(emu).selections.set(sheet, { row, col, numRows: 1, numCols: 1, currentRow: row, currentCol: col });
}

/** Test side: the active tab and its selection. */
export function currentSelection(emu: AppsScriptEmulator): { sheet: string; selection: Selection } | null {
  const sheet = emu.activeSheet;
  return sheet ? { sheet: sheet.name, selection: selectionOf(emu, sheet) } : null;
}

class HtmlOutput {
  private title = '';
  constructor(
    private readonly emu: AppsScriptEmulator,
    private content: string,
  ) {}
  // https://developers.google.com/apps-script/reference/html/html-output
  setTitle(title: unknown) {
    this.emu.call('HtmlOutput.setTitle');
    if (typeof title !== 'string') throw this.emu.error('Invalid argument: title');
    this.title = title;
    return this;
  }
  getTitle() {
    this.emu.call('HtmlOutput.getTitle');
    return this.title;
  }
  setContent(content: string) {
    this.emu.call('HtmlOutput.setContent');
    this.content = String(content);
    return this;
  }
  getContent() {
    this.emu.call('HtmlOutput.getContent');
    return this.content;
  }
  /** Test side. */
  snapshot() {
    return { title: this.title, content: this.content };
  }
}

interface RangeLike {
  readonly emu: AppsScriptEmulator;
  readonly sheet: EmuSheet;
  readonly row: number;
  readonly col: number;
  readonly nr: number;
  readonly nc: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctor = new (...args: any[]) => any;

/**
 * Adds HtmlService and the selection methods to the emulator's services. `parts` are the emulator's
 * own Ui object, Spreadsheet object and Sheet/Range classes, so ranges returned here are real ones.
 */
export function withSidebarServices<G extends Record<string, unknown>>(
  emu: AppsScriptEmulator,
  globals: G,
  parts: { ui: Record<string, unknown>; spreadsheet: object; SheetApi: Ctor; RangeApi: Ctor },
): G & { HtmlService: unknown } {
  const { ui, spreadsheet, SheetApi, RangeApi } = parts;
  const range = (sheet: EmuSheet, r: number, c: number, nr: number, nc: number) =>
    new RangeApi(emu, sheet, r, c, nr, nc);

  // https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)
  ui.showSidebar = (userInterface: unknown) => {
    emu.call('Ui.showSidebar');
    if (!(userInterface instanceof HtmlOutput)) throw emu.error('Invalid argument: userInterface');
    sidebarState(emu).sidebars.push(userInterface.snapshot());
  };

  const ss = spreadsheet as Record<string, unknown>;
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getCurrentCell()
  ss.getCurrentCell = () => {
    emu.call('Spreadsheet.getCurrentCell');
    const sheet = emu.activeSheet;
    if (!sheet) return null;
    const s = selectionOf(emu, sheet);
    return range(sheet, s.currentRow, s.currentCol, 1, 1);
  };
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getActiveRange()
  ss.getActiveRange = () => {
    emu.call('Spreadsheet.getActiveRange');
    const sheet = emu.activeSheet;
    if (!sheet) return null;
    const s = selectionOf(emu, sheet);
    return range(sheet, s.row, s.col, s.numRows, s.numCols);
  };
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#setActiveSheet(Sheet)
  ss.setActiveSheet = (sheet: unknown) => {
    emu.call('Spreadsheet.setActiveSheet');
    if (!(sheet instanceof SheetApi)) throw emu.error('Invalid argument: sheet');
    const model = (sheet as { model: EmuSheet }).model;
    if (!emu.sheets.includes(model)) throw emu.error('Sheet not found.');
    emu.activeSheet = model;
    return sheet;
  };

  // On the class, once: each range reaches its own emulator (several emulators may live in one test file).
  const proto = RangeApi.prototype as Record<string, unknown>;
  if (!proto.activate) addRangeSelection(proto);

  const HtmlService = {
    // https://developers.google.com/apps-script/reference/html/html-service#createHtmlOutput(String)
    createHtmlOutput(html?: unknown) {
      emu.call('HtmlService.createHtmlOutput');
      if (html !== undefined && typeof html !== 'string') throw emu.error('Invalid argument: html');
      return new HtmlOutput(emu, html ?? '');
    },
  };
  return { ...globals, HtmlService };
}

function addRangeSelection(proto: Record<string, unknown>): void {
  // https://developers.google.com/apps-script/reference/spreadsheet/range#activate()
  proto.activate = function (this: RangeLike) {
    const { emu, sheet } = this;
    emu.call('Range.activate');
    emu.activeSheet = sheet;
    sidebarState(emu).selections.set(sheet, {
      row: this.row,
      col: this.col,
      numRows: this.nr,
      numCols: this.nc,
      currentRow: this.row,
      currentCol: this.col,
    });
    return this;
  };
  // https://developers.google.com/apps-script/reference/spreadsheet/range#activateAsCurrentCell()
  // A cell inside the active range keeps that range; any other cell becomes the whole selection.
  proto.activateAsCurrentCell = function (this: RangeLike) {
    const { emu, sheet } = this;
    emu.call('Range.activateAsCurrentCell');
    if (this.nr !== 1 || this.nc !== 1) throw emu.error('The range must be a single cell.');
    const s = selectionOf(emu, sheet);
    const inside =
      emu.activeSheet === sheet &&
      this.row >= s.row &&
      this.row < s.row + s.numRows &&
      this.col >= s.col &&
      this.col < s.col + s.numCols;
    emu.activeSheet = sheet;
    sidebarState(emu).selections.set(
      sheet,
      inside
        ? { ...s, currentRow: this.row, currentCol: this.col }
        : { row: this.row, col: this.col, numRows: 1, numCols: 1, currentRow: this.row, currentCol: this.col },
    );
    return this;
  };
}
