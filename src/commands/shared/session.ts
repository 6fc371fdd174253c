// One run's reads and computations, shared by every command of the run: `all` and the daily trigger
// read 設定, ケース台帳 and 活動報告 once, check the ledger once, and compute and write the owned
// columns once, whatever number of commands use them. A command run on its own gets its own session.
// A run starts with the workbook's survey (startRun): every tab's size and A1, and ケース台帳's rules
// and protections, read before the first write, so later steps of the run need not read them.

import type { CalendarDate } from '../../domain/calendar';
import { OWNED_PROTECTION, TAB } from '../../domain/schema';
import type { Cell, SurveyNeeds, WorkbookPort } from '../../workbook/port';
import type { CommandContext } from '../types';

export class RunSession {
  private readonly memo = new Map<string, unknown>();
  /** How many times the session forgot what it read (see forget). */
  private forgotten = 0;

  constructor(
    readonly book: WorkbookPort,
    readonly today: CalendarDate,
  ) {}

  /** The value under `key`, computed the first time it is asked for in this run. */
  once<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  /** Replaces what is kept under `key` (a step that changed what it describes). */
  keep<T>(key: string, value: T): T {
    this.memo.set(key, value);
    return value;
  }

  /** Forgets everything: a command changed the tabs the others read (intake adds rows). */
  forget(): void {
    this.memo.clear();
    this.forgotten++;
  }

  /** Changes each time the session forgets: what was read before is to be read again. */
  get generation(): number {
    return this.forgotten;
  }
}

/** A tab's values, read once per run (null: no such tab), for tabs no shared reader parses. */
export function sessionTab(s: RunSession, name: string): Cell[][] | null {
  return s.once(`tab:${name}`, () => s.book.readSheet(name));
}

/**
 * What a run surveys besides every tab: the conditional rules and protections of ケース台帳, which
 * writing the owned columns replaces and keeps (shared/ledger.ts refreshLedger, ensureOwnedColumns).
 */
export const RUN_SURVEY: SurveyNeeds = {
  conditionalRules: [TAB.ledger],
  protections: [{ sheet: TAB.ledger, description: OWNED_PROTECTION }],
};

/**
 * Starts a run: the workbook's survey (its read phase, before any write) and the run's session.
 * A context that already has a session is in a run already and is returned as it is.
 */
export function startRun(ctx: CommandContext): CommandContext & { session: RunSession } {
  if (ctx.session) return ctx as CommandContext & { session: RunSession };
  ctx.book.survey(RUN_SURVEY);
  return { ...ctx, session: new RunSession(ctx.book, ctx.today) };
}

/** The run's session, or, for a command run on its own, a new run's (see startRun). */
export function sessionOf(ctx: CommandContext): RunSession {
  return startRun(ctx).session;
}
