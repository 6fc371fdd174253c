// What every command gets and returns, whichever platform runs it (Sheets menu, CLI, tests).

import type { CalendarDate } from '../domain/calendar';
import type { WorkbookPort } from '../workbook/port';

export interface CommandOptions {
  /** --month YYYY-MM (monthly, contacts) */
  readonly month?: string;
  /** --fy YYYY (retention) */
  readonly fy?: string;
  /** Response tabs of the forms the product made (Sheets: found by the form each tab is linked to). */
  readonly responseTabs?: readonly string[];
}

export interface CommandContext {
  readonly book: WorkbookPort;
  /** Today in Asia/Tokyo (or --today). */
  readonly today: CalendarDate;
  readonly options: CommandOptions;
  /** Progress for long work: a toast in Sheets, a line on stderr in the CLI. */
  progress(message: string): void;
}

export interface CommandResult {
  readonly command: string;
  /** One Japanese line for the user (toast / CLI summary). */
  readonly summary: string;
  /** Things the user must know (e.g. a tab created under another name). */
  readonly notices: readonly string[];
  /** Tabs the command wrote. */
  readonly wroteTabs: readonly string[];
  /** Machine-readable details for --json. */
  readonly details?: unknown;
}

/** The book cannot be used as it is (no ledger tab, no header row…): exit 2 / an alert, nothing written. */
export class UnusableBookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableBookError';
  }
}

/** A command or option that cannot run here (e.g. not implemented yet, a bad --month). */
export class CommandUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandUsageError';
  }
}

export interface CommandDef {
  /** CLI name */
  readonly name: string;
  /** Menu label (Japanese) */
  readonly title: string;
  /** Tabs that must exist for `all` to run it (any one of them suffices when `anyOf`). */
  readonly needsTabs: readonly string[];
  /** When present, decides instead of needsTabs whether `all` runs it: a reason to skip, or null. */
  readonly applies?: (book: WorkbookPort) => string | null;
  readonly run?: (ctx: CommandContext) => CommandResult;
}
