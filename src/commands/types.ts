// What every command gets and returns, whichever platform runs it (Sheets menu, trigger, CLI,
// tests); the shape of a registry definition; and the small services the trigger tasks use, which
// src/gas implements (mail, document properties, the document lock).

import type { CalendarDate, YearMonth } from '../domain/calendar';
import type { DraftFacts, FoundDraft, ReportData } from '../domain/report';
import type { WorkbookPort } from '../workbook/port';
import type { CommandOption } from './shared/options';
import type { RunSession } from './shared/session';

export interface CommandOptions {
  /** The target month, canonical (2024-03): --month, or the menu's prompt. */
  readonly month?: string;
  /** The fiscal year, canonical (2025): --fy, or the menu's prompt. */
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
  /**
   * The response tabs of the forms the product made, when the platform can tell (Sheets: by the form
   * each tab is linked to). Asked only by the commands that read responses, when options give none.
   */
  linkedResponseTabs?(): readonly string[];
  /**
   * What this run has read and computed, shared by every command of one run (`all`, the daily
   * trigger). Left out, a command starts its own.
   */
  readonly session?: RunSession;
  /**
   * Where documents drafted from the book go (CLI: .docx files from a Word template; Sheets: Google
   * Docs). Given by platforms that can write them; asked only by commands with `writesDrafts`.
   */
  readonly drafts?: Drafts;
}

/** What a written draft is, for the tab. */
export interface WrittenDraft extends FoundDraft {
  /** What ファイル shows: a file name, a Doc's URL. */
  readonly link: string;
}

/** Where the drafts go: a folder of .docx files (CLI) or of Google Docs (Sheets). */
export interface DraftWriter extends DraftFacts {
  /** Where the drafts are, for the summary. */
  readonly where: string;
  /** Writes one draft; `previous` is the draft it replaces (kept until retire). */
  write(fileName: string, data: ReportData, previous: FoundDraft | null): WrittenDraft;
  /** After the tab records the new drafts: other drafts of the names written may go (Docs: to the trash). */
  retire?(written: readonly { readonly fileName: string; readonly ref: string }[]): void;
}

/** A platform's place for drafted documents. */
export interface Drafts {
  /**
   * The writer for one month's drafts, after checking the template (a CommandUsageError when it
   * cannot be used), with what the user must know (e.g. a template made for them).
   */
  forMonth(month: YearMonth): { readonly writer: DraftWriter; readonly notices: readonly string[] };
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

/** A command or option that cannot run here (an unknown command, a month nobody can read…). */
export class CommandUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandUsageError';
  }
}

// ---------------------------------------------------------------------------------------------
// Registry definitions

interface Definition {
  /** CLI name; the menu's function is menu<Name>. */
  readonly name: string;
  /** Menu label (Japanese). */
  readonly title: string;
  /** The CLI's --help line. */
  readonly help: string;
  /** Options it reads (the menu asks for each before running; the CLI takes their flags). */
  readonly options?: readonly CommandOption[];
}

/** A command: reads the book, writes what it owns. Menu item, CLI command, part of `all`. */
export interface CommandDef extends Definition {
  /** Tabs that must exist for `all` to run it. */
  readonly needsTabs: readonly string[];
  /** When present, decides instead of needsTabs whether `all` runs it: a reason to skip, or null. */
  readonly applies?: (ctx: CommandContext) => string | null;
  /** Left out of `all` (setup: it creates what the others read). */
  readonly notInAll?: boolean;
  /** Run by the daily trigger (in registry order, on one session). */
  readonly daily?: boolean;
  /** Left out of the Sheets menu. */
  readonly noMenu?: boolean;
  /** Drafts documents through `ctx.drafts` (the CLI takes --template and --dir for them). */
  readonly writesDrafts?: boolean;
  /**
   * Reads, through the run's session, the tabs `run` will read. `all` calls it for every command
   * still to run before the first of them writes, so that no read waits for a write (in Apps Script,
   * a round trip each). A tab that cannot be used is left for `run` to report.
   */
  readonly reads?: (session: RunSession) => void;
  run(ctx: CommandContext): CommandResult;
}

export interface ViewContext extends CommandContext {
  /** The ケースID after the book (views with takesCaseId). */
  readonly caseId?: string;
}

export interface ViewResult {
  readonly lines: readonly string[];
  readonly json: unknown;
}

/** A view: reads the book and writes nothing. CLI: printed; Sheets: its menu item opens a sidebar. */
export interface ViewDef extends Definition {
  /** The view takes a ケースID after the book. */
  readonly takesCaseId: boolean;
  /** The sidebar its menu item opens (src/sidebar/page.ts). */
  readonly sidebar: 'case' | 'todo';
  show(ctx: ViewContext): ViewResult;
}

// ---------------------------------------------------------------------------------------------
// Trigger tasks and the services they use

export interface MailMessage {
  readonly subject: string;
  readonly body: string;
}

export interface MailOutcome {
  /** Recipients the message went to. */
  readonly sent: readonly string[];
  /** Recipients the day's quota did not cover (or the failed batch, see `error`): nothing was sent to them. */
  readonly heldBack: readonly string[];
  /**
   * Set when a batch failed after an earlier one went out: `sent` is who was reached, the rest are
   * in `heldBack`. A send that reaches nobody throws instead.
   */
  readonly error?: unknown;
}

export interface MailSender {
  send(to: readonly string[], message: MailMessage): MailOutcome;
}

/** The document's key/value store (Sheets: document properties): shared by every editor. */
export interface PropertyStore {
  get(key: string): string | null;
  all(): Record<string, string>;
  set(key: string, value: string): void;
  /** Sets several keys, leaving the others. */
  setAll(values: Readonly<Record<string, string>>): void;
  delete(key: string): void;
}

/** The document lock: one run at a time per spreadsheet. */
export interface DocumentLock {
  tryLock(ms: number): boolean;
  /** Throws when the lock does not come in time. */
  waitLock(ms: number): void;
  release(): void;
}

export interface TaskServices {
  readonly mail: MailSender;
  readonly properties: PropertyStore;
  /** Where the spreadsheet is (for mails), when known. */
  readonly url: string | null;
  /** A note to add to mails (e.g. the spreadsheet's time zone is not Tokyo's), or null. */
  readonly notice: string | null;
  /** Logs a line for the developer (no personal data). */
  log(message: string): void;
}

/** Work of the daily trigger after its commands: mails. */
export interface TaskDef {
  readonly name: string;
  /** How a failure is named to the trigger's owner (Japanese). */
  readonly title: string;
  /** What it did (a short code for the log and the tests). `results` holds the daily commands' results. */
  run(ctx: CommandContext, services: TaskServices, results: ReadonlyMap<string, CommandResult>): string;
}
