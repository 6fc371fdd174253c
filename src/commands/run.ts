// Running commands by name, `all`, and the daily trigger's work: the same code behind the Sheets
// menu, the triggers and the CLI. One run shares one session (startRun: the workbook's survey, then the
// session): 設定 and ケース台帳 are read once and the owned columns computed and written once, however
// many commands of the run use them.

import { hasTab } from './shared/generated';
import { startRun, type RunSession } from './shared/session';
import { COMMANDS, DAILY_TASKS, findCommand } from './registry';
import {
  CommandUsageError,
  UnusableBookError,
  type CommandContext,
  type CommandDef,
  type CommandResult,
  type TaskServices,
} from './types';

export function runCommand(name: string, ctx: CommandContext): CommandResult {
  const def = findCommand(name);
  if (!def)
    throw new CommandUsageError(`「${name}」というコマンドはありません。teichaku --help で一覧を確認してください。`);
  return def.run(startRun(ctx));
}

/** Why `all` does not run a command here (its input tabs are missing…), or null. */
function skipReason(def: CommandDef, ctx: CommandContext): string | null {
  if (def.applies) return def.applies(ctx);
  const missing = def.needsTabs.filter((t) => !hasTab(ctx.book, t));
  return missing.length ? `${missing.map((t) => `「${t}」`).join('・')}がありません` : null;
}

/**
 * What the commands still to run will read, read now, before the first of them writes (see
 * CommandDef.reads). A tab that cannot be used is left for its command to report when it runs.
 */
function readAhead(session: RunSession, defs: readonly CommandDef[]): void {
  for (const def of defs) {
    try {
      def.reads?.(session);
    } catch (err) {
      if (!(err instanceof UnusableBookError || err instanceof CommandUsageError)) throw err;
    }
  }
}

/**
 * Runs, in order, every command of `all` whose input tabs exist (setup excluded); skips the rest
 * with a note. What they read is read before the first of them writes, and again, for the
 * commands after it, when one changed the tabs they read (intake).
 */
export function runAll(ctx: CommandContext): CommandResult {
  const run = startRun(ctx);
  const results: CommandResult[] = [];
  const skipped: string[] = [];
  const defs = COMMANDS.filter((def) => !def.notInAll);
  let readFor: number | null = null;
  defs.forEach((def, i) => {
    const reason = skipReason(def, run);
    if (reason) {
      skipped.push(`${def.title}（${reason}）`);
      return;
    }
    if (def.reads && readFor !== run.session.generation) {
      readAhead(run.session, defs.slice(i));
      readFor = run.session.generation;
    }
    run.progress(`${def.title}…`);
    results.push(def.run(run));
  });
  const lines = results.map((r) => r.summary);
  if (skipped.length) lines.push(`実行しなかった処理: ${skipped.join('、')}`);
  return {
    command: 'all',
    summary: lines.join('\n'),
    // Several commands may say the same thing about the same row: say it once.
    notices: [...new Set(results.flatMap((r) => r.notices))],
    wroteTabs: [...new Set(results.flatMap((r) => r.wroteTabs))],
    details: { results, skipped },
  };
}

/** What a daily run did (for the log and the tests). */
export interface DailyOutcome {
  ran: string[];
  skipped: string[];
  failed: string[];
  /** What each task did, by task name (digest, reminders). */
  [task: string]: unknown;
}

/**
 * The daily trigger's work: every `daily` command on one session, then every task (the mails).
 * A command that cannot run here is skipped; any other failure is recorded (`onError` logs it) and
 * the rest still run. The caller holds the document lock.
 */
export function runDaily(
  ctx: CommandContext,
  services: TaskServices,
  onError: (what: string, e: unknown) => void,
): DailyOutcome {
  const run = startRun(ctx);
  const outcome: DailyOutcome = { ran: [], skipped: [], failed: [] };
  const results = new Map<string, CommandResult>();
  for (const def of COMMANDS.filter((c) => c.daily)) {
    try {
      results.set(def.name, def.run(run));
      outcome.ran.push(def.name);
    } catch (err) {
      if (err instanceof CommandUsageError) {
        outcome.skipped.push(def.name);
        services.log(`dailyRefresh: ${def.name} skipped: ${err.message}`);
      } else {
        outcome.failed.push(def.name);
        onError(def.name, err);
      }
    }
  }
  for (const task of DAILY_TASKS) {
    try {
      outcome[task.name] = task.run(run, services, results);
    } catch (err) {
      outcome.failed.push(task.name);
      outcome[task.name] = 'failed';
      onError(task.name, err);
    }
  }
  return outcome;
}

/** How a failed part of the daily run is named to the trigger's owner. */
export function dailyPartTitle(name: string): string {
  return findCommand(name)?.title ?? DAILY_TASKS.find((t) => t.name === name)?.title ?? name;
}
