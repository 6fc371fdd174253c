// Loads the REAL built bundle (dist/Code.js, built by scripts/build.mjs) into a node:vm context
// whose globals are the emulated Apps Script services — the way Apps Script itself runs the file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { AppsScriptEmulator } from './emulator';

export const ROOT = join(__dirname, '..', '..');

export interface Bundle {
  readonly dir: string;
  readonly code: string;
  readonly files: string[];
  readonly script: vm.Script;
}

const built = new Map<string, Bundle>();

/**
 * Builds with scripts/build.mjs into a fresh temporary directory (test files run in parallel, so
 * they never share dist/). `entry` builds a test variant of the entry file.
 */
export function buildBundle(entry?: string): Bundle {
  const key = entry ?? '';
  const cached = built.get(key);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-gas-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const args = [join(ROOT, 'scripts', 'build.mjs'), '--outdir', dir];
  if (entry) args.push('--entry', entry);
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
  const code = readFileSync(join(dir, 'Code.js'), 'utf8');
  const bundle = { dir, code, files: readdirSync(dir).sort(), script: new vm.Script(code, { filename: 'Code.js' }) };
  built.set(key, bundle);
  return bundle;
}

export interface Loaded {
  readonly emu: AppsScriptEmulator;
  readonly ctx: vm.Context;
  /** Calls a top-level function of the bundle, as Apps Script calls a menu item or trigger. */
  run(fn: string, ...args: unknown[]): unknown;
  /**
   * Fires every installable trigger of `handler`, whoever made it, as Apps Script does: each runs
   * as its owner (no UI) with the event naming it; `event` adds fields (a form response…). Returns
   * each run's result (or the error it threw); user and mode are restored afterwards.
   */
  fire(handler: string, event?: Record<string, unknown>): { owner: string; result?: unknown; error?: unknown }[];
}

/** 2024-06-10 09:00 in Tokyo: the fixed "now" of the bundle's clock unless a test picks another. */
export const DEFAULT_NOW = Date.UTC(2024, 5, 10, 0, 0, 0);

export function load(emu: AppsScriptEmulator, options: { now?: number; bundle?: Bundle } = {}): Loaded {
  const ctx = vm.createContext({ ...emu.globals() });
  // Dates and errors the services hand to the script come from the script's own realm, as in Apps Script.
  emu.realm = { Date: vm.runInContext('Date', ctx), Error: vm.runInContext('Error', ctx) };
  const now = options.now ?? DEFAULT_NOW;
  vm.runInContext(`Date.now = function () { return ${now}; };`, ctx);
  (options.bundle ?? buildBundle()).script.runInContext(ctx);
  return {
    emu,
    ctx,
    run(fn: string, ...args: unknown[]): unknown {
      const f = (ctx as Record<string, unknown>)[fn];
      if (typeof f !== 'function') throw new Error(`the bundle has no top-level function ${fn}`);
      return (f as (...a: unknown[]) => unknown)(...args);
    },
    fire(handler, event = {}) {
      const { user, mode } = emu;
      try {
        return emu.triggers
          .filter((t) => t.handler === handler)
          .map((t) => {
            emu.user = t.owner;
            emu.mode = 'trigger';
            try {
              return { owner: t.owner, result: this.run(handler, { ...emu.triggerEvent(t), ...event }) };
            } catch (error) {
              return { owner: t.owner, error };
            }
          });
      } finally {
        emu.user = user;
        emu.mode = mode;
      }
    },
  };
}
