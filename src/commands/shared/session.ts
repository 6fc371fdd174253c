// One run's reads and computations, shared by every command of the run: `all` and the daily trigger
// read 設定, ケース台帳 and 活動報告 once, check the ledger once, and compute and write the owned
// columns once, whatever number of commands use them. A command run on its own gets its own session.

import type { CalendarDate } from '../../domain/calendar';
import type { WorkbookPort } from '../../workbook/port';
import type { CommandContext } from '../types';

export class RunSession {
  private readonly memo = new Map<string, unknown>();

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
  }
}

/** The run's session, or a new one for a command run on its own. */
export function sessionOf(ctx: CommandContext): RunSession {
  return ctx.session ?? new RunSession(ctx.book, ctx.today);
}
