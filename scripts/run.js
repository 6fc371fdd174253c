#!/usr/bin/env node
// Runs a TypeScript entry file of this project: bundles it with esbuild (dependencies stay external)
// into .cache/ and requires it. Used by the CLI launcher, the demo and the benchmark, so they work
// right after `npm ci` with no separate build step.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

function runTs(entry, argv) {
  const root = path.resolve(__dirname, '..');
  const abs = path.resolve(root, entry);
  const outfile = path.join(root, '.cache', path.basename(entry).replace(/\.ts$/, '.js'));
  esbuild.buildSync({
    entryPoints: [abs],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  process.argv = [process.argv[0], abs, ...argv];
  require(outfile);
}

module.exports = { runTs };

if (require.main === module) {
  runTs(process.argv[2], process.argv.slice(3));
}
