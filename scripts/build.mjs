// Builds the Apps Script project: dist/Code.js (one IIFE global + generated top-level wrappers)
// and dist/appsscript.json. Nothing else goes into dist/, so clasp pushes exactly these two files.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const GLOBAL = 'Teichaku';

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src/entrypoints.ts')],
  bundle: true,
  format: 'iife',
  globalName: GLOBAL,
  target: 'es2019',
  platform: 'neutral',
  minify: false,
  write: false,
  legalComments: 'none',
  logLevel: 'error',
});
const body = result.outputFiles[0].text;

// Apps Script needs top-level function declarations for menu items and triggers: one wrapper per export.
const names = [...body.matchAll(/^\s{4}(\w+): \(\) => \w+,?$/gm)].map((m) => m[1]);
if (names.length === 0) throw new Error('no exports found in the entry point bundle');
const footer = names.map((n) => `function ${n}(e) { return ${GLOBAL}.${n}(e); }`).join('\n');
writeFileSync(join(dist, 'Code.js'), `${body}\n// Apps Script entry points (generated)\n${footer}\n`);
copyFileSync(join(root, 'appsscript.json'), join(dist, 'appsscript.json'));
JSON.parse(readFileSync(join(dist, 'appsscript.json'), 'utf8'));
console.log(`dist/Code.js: ${names.length} entry points (${names.join(', ')})`);
