#!/usr/bin/env node
// The installed `teichaku` command. It only loads the prebuilt CLI (lib/cli.js, made by
// `npm run build` and by `npm pack`): nothing is compiled or written at launch.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'lib', 'cli.js');
if (!fs.existsSync(built)) {
  process.stderr.write('teichaku: lib/cli.js がありません。作業フォルダでは先に npm run build を実行してください。\n');
  process.exit(1);
}
warnIfStale();
require(built)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`予期しないエラーが発生しました: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );

/** In a source checkout (an installed package has no src/), say when src/ changed after the build. */
function warnIfStale() {
  const src = path.join(root, 'src');
  if (!fs.existsSync(src)) return;
  const builtAt = fs.statSync(built).mtimeMs;
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > builtAt;
    });
  if (newer(src)) {
    process.stderr.write('teichaku: src/ が lib/cli.js より新しくなっています。npm run build で作り直してください。\n');
  }
}
