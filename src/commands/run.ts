// Running commands by name, and `all`: the same code behind the Sheets menu and the CLI.

import { hasTab } from './generated';
import { COMMANDS, findCommand } from './registry';
import { CommandUsageError, type CommandContext, type CommandResult } from './types';

export function runCommand(name: string, ctx: CommandContext): CommandResult {
  const def = findCommand(name);
  if (!def)
    throw new CommandUsageError(`「${name}」というコマンドはありません。teichaku --help で一覧を確認してください。`);
  if (!def.run) throw new CommandUsageError(`「${def.title}」（${def.name}）はまだ実装されていません。`);
  return def.run(ctx);
}

/** Runs, in order, every implemented command whose input tabs exist (setup excluded); skips the rest with a note. */
export function runAll(ctx: CommandContext): CommandResult {
  const results: CommandResult[] = [];
  const skipped: string[] = [];
  for (const def of COMMANDS) {
    if (def.name === 'setup') continue;
    if (!def.run) {
      skipped.push(`${def.title}（未実装）`);
      continue;
    }
    if (def.applies) {
      const reason = def.applies(ctx.book);
      if (reason) {
        skipped.push(`${def.title}（${reason}）`);
        continue;
      }
    } else {
      const missing = def.needsTabs.filter((t) => !hasTab(ctx.book, t));
      if (missing.length) {
        skipped.push(`${def.title}（${missing.map((t) => `「${t}」`).join('・')}がありません）`);
        continue;
      }
    }
    ctx.progress(`${def.title}…`);
    results.push(def.run(ctx));
  }
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
