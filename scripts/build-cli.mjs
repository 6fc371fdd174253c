// Builds the installable CLI: lib/cli.js, one CommonJS bundle of src/cli.ts for Node 20 with the
// runtime dependencies (exceljs) left as ordinary requires. bin/teichaku.js only requires it, so an
// installed package needs neither esbuild nor TypeScript and never writes anything at launch.
//
// lib/ rather than dist/: clasp pushes every file under dist/ (its rootDir) to Apps Script, and
// scripts/build.mjs empties dist/ on every Apps Script build.
//
//   node scripts/build-cli.mjs [--outfile <file>]
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--outfile');
const given = i >= 0 ? process.argv[i + 1] : undefined;
const outfile = given === undefined ? join(root, 'lib', 'cli.js') : isAbsolute(given) ? given : resolve(given);

const result = await build({
  entryPoints: [join(root, 'src', 'cli.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  write: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'error',
});
const text = result.outputFiles[0].text;

// What the bundle still requires must exist in an installed package: Node's own modules and the
// runtime dependencies (not devDependencies, which `npm install --omit=dev` leaves out).
const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const builtins = new Set(builtinModules);
const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((m) => m.external));
const missing = external
  .map((m) => m.path)
  .filter((p) => {
    if (p.startsWith('node:') || builtins.has(p)) return false;
    const name = p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0];
    return !(name in dependencies);
  });
if (missing.length) {
  throw new Error(`the CLI bundle requires what an installed package lacks: ${[...new Set(missing)].join(', ')}`);
}

// Written beside the target and renamed over it: a launch running during a rebuild sees the old
// file or the new one, never half of one.
mkdirSync(dirname(outfile), { recursive: true });
const tmp = `${outfile}.${process.pid}.tmp`;
try {
  writeFileSync(tmp, text);
  renameSync(tmp, outfile);
} finally {
  rmSync(tmp, { force: true });
}
console.log(`${outfile}: ${Math.round(text.length / 1024)} KiB`);
