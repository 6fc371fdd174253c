// The rooms are kept by lint (eslint.config.mjs): a command file imports no other command file, a
// shared module no command, the domain nothing outside the domain. The rule is shown to fire on
// the imports it forbids and not on those it allows, and `eslint src` passes. ESLint runs in a
// child process (its configuration is loaded as an ES module, which Jest's sandbox cannot).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

const FORBIDDEN: [string, string][] = [
  ['src/commands/newCommand.ts', "import { runPeriods } from './periods';\nexport const x = runPeriods;\n"],
  ['src/commands/newCommand.ts', "import { caseView } from './case';\nexport const x = caseView;\n"],
  ['src/commands/newCommand.ts', "import { COMMANDS } from './registry';\nexport const x = COMMANDS;\n"],
  ['src/commands/shared/newShared.ts', "import { runPeriods } from '../periods';\nexport const x = runPeriods;\n"],
  ['src/domain/newRule.ts', "import type { Cell } from '../workbook/port';\nexport type X = Cell;\n"],
];
const ALLOWED: [string, string][] = [
  ['src/commands/newCommand.ts', "import { refreshLedger } from './shared/ledger';\nexport const x = refreshLedger;\n"],
  ['src/commands/newCommand.ts', "import type { CommandDef } from './types';\nexport type X = CommandDef;\n"],
  ['src/commands/newCommand.ts', "import { TAB } from '../domain/schema';\nexport const x = TAB;\n"],
  ['src/commands/shared/newShared.ts', "import type { Cell } from '../../workbook/port';\nexport type X = Cell;\n"],
  ['src/commands/registry.ts', "import { periods } from './periods';\nexport const x = periods;\n"],
  ['src/domain/newRule.ts', "import type { Cell } from './cell';\nexport type X = Cell;\n"],
];

interface Linted {
  snippets: string[][];
  src: string[];
}

let linted: Linted;

beforeAll(() => {
  const script = `
    import { ESLint } from 'eslint';
    const [snippets] = JSON.parse(process.argv[1]);
    const eslint = new ESLint();
    const out = { snippets: [], src: [] };
    for (const [file, code] of snippets) {
      const [r] = await eslint.lintText(code, { filePath: file });
      out.snippets.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
    }
    for (const r of await eslint.lintFiles(['src']))
      for (const m of r.messages) if (m.severity === 2) out.src.push(r.filePath + ':' + m.line + ' ' + m.message);
    process.stdout.write(JSON.stringify(out));
  `;
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify([[...FORBIDDEN, ...ALLOWED]])],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  linted = JSON.parse(output) as Linted;
}, 180_000);

test.each(FORBIDDEN.map(([file, code], i) => [file, code.split('\n')[0], i] as const))(
  '%s may not: %s',
  (_file, _code, i) => {
    expect(linted.snippets[i]).toHaveLength(1);
  },
);

test.each(ALLOWED.map(([file, code], i) => [file, code.split('\n')[0], FORBIDDEN.length + i] as const))(
  '%s may: %s',
  (_file, _code, i) => {
    expect(linted.snippets[i]).toEqual([]);
  },
);

test('eslint src passes', () => {
  expect(linted.src).toEqual([]);
});
