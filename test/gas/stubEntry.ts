// A test variant of the entry file: the same entry points, with `handovers` and `monthly` replaced
// by stubs that report what they were given, so the digest and the month prompt can be tested
// whether or not those commands exist yet. Built by the tests with scripts/build.mjs --entry.

import { COMMANDS } from '../../src/commands/registry';
import type { CommandContext, CommandDef, CommandResult } from '../../src/commands/types';

interface StubGlobals {
  __flagged?: unknown;
  __seen?: { command: string; today: unknown; options: unknown }[];
}

function stub(command: string) {
  return (ctx: CommandContext): CommandResult => {
    const g = globalThis as StubGlobals;
    (g.__seen ??= []).push({ command, today: ctx.today, options: ctx.options });
    ctx.progress(`${command}: 途中経過`);
    return {
      command,
      summary: `${command}: 完了`,
      notices: [],
      wroteTabs: [],
      details: command === 'handovers' ? { flagged: g.__flagged ?? [] } : {},
    };
  };
}

for (const name of ['handovers', 'monthly']) {
  (COMMANDS.find((c) => c.name === name) as { run?: CommandDef['run'] }).run = stub(name);
}

export * from '../../src/entrypoints';
