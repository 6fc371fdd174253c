#!/usr/bin/env node
// Runs a TypeScript entry file of this project (the demo, the benchmark): bundles it with esbuild
// (dependencies stay external) into .cache/ and requires it, so they work right after `npm ci` with
// no separate build step. The installed CLI does not use this: it ships prebuilt (lib/cli.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

function runTs(entry, argv) {
  const root = path.resolve(__dirname, '..');
  const abs = path.resolve(root, entry);
  const outfile = path.join(root, '.cache', path.basename(entry).replace(/\.ts$/, '.js'));
  const result = esbuild.buildSync({
    entryPoints: [abs],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  // Written beside the target and renamed over it, so a simultaneous run never loads half a file.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, result.outputFiles[0].contents);
    fs.renameSync(tmp, outfile);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  process.argv = [process.argv[0], abs, ...argv];
  require(outfile);
}

module.exports = { runTs };

if (require.main === module) {
  runTs(process.argv[2], process.argv.slice(3));
}
