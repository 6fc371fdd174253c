// teichaku <command> <book.xlsx>: the same commands as the Sheets menu, on a local Excel file.
// Exit codes: 0 done (even when rows have problems: they are in the book), 2 the command cannot run
// (usage, unreadable file, unusable ledger), 1 an unexpected failure. Never a stack trace unless asked.

import { existsSync, statSync } from 'node:fs';
import { formatIso, parseIso, tokyoDateAt, type CalendarDate } from './domain/calendar';
import { COMMANDS, findCommand, findView, VIEWS } from './commands/registry';
import { runAll, runCommand } from './commands/run';
import { canonicalOption, type CommandOption } from './commands/shared/options';
import { CommandUsageError, UnusableBookError, type CommandContext, type CommandResult } from './commands/types';
import { XlsxWorkbook } from './xlsx/xlsxWorkbook';
import { intakeFolder, writeTemplate } from './cliSubmissions';
// report: 支援レポート drafts, and todo --by-staff (month-end lists by 担当者)
import { cliDrafts } from './cliReport';
import { staffTodoView } from './commands/monthEnd';
import { BookRefusal, checkFileSize, damagedMessage, inspectBook } from './xlsx/inspect';
import {
  FileRefusal,
  readWithStamp,
  realTarget,
  refuseIfOpenElsewhere,
  refuseIfReadOnly,
  removeStaleTemps,
  RunLock,
  saveAtomically,
  type FileStamp,
} from './xlsx/safeFile';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Milliseconds since the epoch (tests fix it). */
  now(): number;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
  now: () => Date.now(),
};

/** A problem the user can fix: exit 2 with this Japanese message. */
class CliError extends Error {}

interface Args {
  command: string;
  book: string;
  out?: string;
  today?: CalendarDate;
  /** The commands' options (--month, --fy…), canonical. */
  options: { month?: string; fy?: string };
  json: boolean;
  caseId?: string;
  /** intake --from DIR; template --center NAME / --book FILE; template's kind (activity|cases). */
  from?: string;
  center?: string;
  centersFrom?: string;
  kind?: string;
  /** report --template FILE / --dir DIR; todo --by-staff */
  template?: string;
  dir?: string;
  byStaff?: boolean;
}

/** Every option of the registry's commands and views, once per flag, with who takes it. */
function registryOptions(): { option: CommandOption; users: string[] }[] {
  const byFlag = new Map<string, { option: CommandOption; users: string[] }>();
  for (const def of [...COMMANDS, ...VIEWS]) {
    for (const option of def.options ?? []) {
      const entry = byFlag.get(option.flag) ?? { option, users: [] };
      entry.users.push(def.name);
      byFlag.set(option.flag, entry);
    }
  }
  return [...byFlag.values()];
}

export function helpText(): string {
  const width = Math.max(...[...COMMANDS, ...VIEWS].map((c) => c.name.length), 'all'.length);
  const takes = (def: { options?: readonly CommandOption[] }): string =>
    def.options?.length ? `（${def.options.map((o) => o.flag).join('・')}）` : '';
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.title} — ${c.help}${takes(c)}`);
  const options = registryOptions().map(({ option, users }) => {
    const head = `  ${option.flag} ${option.placeholder}`.padEnd(23);
    return `${head}${option.help}（${users.join(', ')}）`;
  });
  return [
    'teichaku — 就労定着支援のケース台帳（Excel .xlsx）を検証・期間計算・引継ぎ管理・集計します',
    '',
    '使い方:',
    '  teichaku <コマンド> <台帳.xlsx> [オプション]',
    '',
    'コマンド:',
    ...lines,
    `  ${'all'.padEnd(width)}  すべて実行 — 入力タブがそろっている処理を上から順に実行（${COMMANDS.filter(
      (c) => c.notInAll,
    )
      .map((c) => c.name)
      .join('・')} は含みません）`,
    ...VIEWS.map((v) => `  ${v.name.padEnd(width)}  ${v.title}（台帳は変更しません） — ${v.help}`),
    '  teichaku todo <台帳.xlsx> --by-staff  担当者ごとに、今月の対面・支援レポート（本人と共有）・企業訪問がまだのケースID',
    '  teichaku template activity|cases <出力.xlsx> [--center 名前] [--book 台帳.xlsx] [--fy 年度]  提出用の様式を作成',
    '  teichaku intake <台帳.xlsx> --from <フォルダ>  フォルダの提出ファイル（.xlsx）を取り込む（取り込み履歴タブ）',
    '',
    'オプション:',
    '  --out <出力.xlsx>     結果を別のファイルに保存（省略時は台帳ファイルを上書き）',
    '  --today YYYY-MM-DD    この日を「今日」として計算（省略時は日本時間の今日）',
    ...options,
    '  --json                結果を JSON 1件として標準出力に出す',
    '  -h, --help            このヘルプを表示',
    '',
    '例:',
    '  teichaku setup 台帳.xlsx',
    '  teichaku all 台帳.xlsx --today 2026-04-01',
    '  teichaku monthly 台帳.xlsx --month 2026-03 --out 月次.xlsx',
    '  teichaku retention 台帳.xlsx --fy 令和7年度',
    '',
    '終了コード: 0 完了（台帳の行に誤りがあっても 0。内容は検証結果タブに書かれます）、',
    '            2 実行できない（使い方の誤り・ファイルが開けない・台帳の形が違う）、1 予期しないエラー',
  ].join('\n');
}

const BASE_OPTIONS = ['--out', '--today', '--from', '--center', '--book', '--template', '--dir'];

function parseArgs(argv: readonly string[]): Args | 'help' {
  const known = registryOptions();
  const valueOptions = new Set([...BASE_OPTIONS, ...known.map((k) => k.option.flag)]);
  const positional: string[] = [];
  const values: Record<string, string> = {};
  let json = false;
  let byStaff = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--by-staff') {
      byStaff = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (!valueOptions.has(name))
        throw new CliError(`「${arg}」というオプションはありません。teichaku --help で使い方を確認してください。`);
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '')
        throw new CliError(`${name} の後に値を指定してください（teichaku --help を参照）。`);
      values[name] = value;
      continue;
    }
    positional.push(arg);
  }
  if (positional.length === 0) return 'help';
  // template's first argument is the kind of form; its file is the one written.
  const [command, kind, ...rest] = positional;
  const [book, ...afterBook] = command === 'template' ? rest : [kind, ...rest];
  const caseId = findView(command)?.takesCaseId ? afterBook.shift() : undefined;
  const extra = afterBook;
  if (command !== 'all' && command !== 'template' && !findCommand(command) && !findView(command)) {
    const names = [...COMMANDS.map((c) => c.name), 'all', 'template', ...VIEWS.map((v) => v.name)].join(', ');
    throw new CliError(`「${command}」というコマンドはありません。使えるコマンド: ${names}`);
  }
  if (!book) throw new CliError(`台帳ファイル（.xlsx）を指定してください。例: teichaku ${command} 台帳.xlsx`);
  if (extra.length)
    throw new CliError(`余分な引数があります: ${extra.join(' ')}（ファイル名に空白があるときは "" で囲んでください）`);

  const args: Args = { command, book, json, out: values['--out'], caseId, from: values['--from'], options: {} };
  if (findView(command) && args.out) throw new CliError(`${command} は台帳を変更しないため、--out は使えません。`);
  if (command === 'template') Object.assign(args, { kind, center: values['--center'], centersFrom: values['--book'] });
  Object.assign(args, { template: values['--template'], dir: values['--dir'], byStaff });
  const drafting = COMMANDS.filter((c) => c.writesDrafts).map((c) => c.name);
  if ((args.template !== undefined || args.dir !== undefined) && !drafting.includes(command))
    throw new CliError(
      `--template と --dir は ${drafting.join('、')} だけで使えます（例: teichaku ${drafting[0]} 台帳.xlsx --month 2026-10）。`,
    );
  if (byStaff && command !== 'todo')
    throw new CliError('--by-staff は todo だけで使えます（例: teichaku todo 台帳.xlsx --by-staff）。');
  if (args.from !== undefined && command !== 'intake')
    throw new CliError('--from は intake だけで使えます（例: teichaku intake 台帳.xlsx --from 提出フォルダ）。');
  if (values['--today'] !== undefined) {
    const today = parseIso(values['--today']);
    if (!today)
      throw new CliError(`--today は YYYY-MM-DD の形の実在する日付で指定してください（値: ${values['--today']}）。`);
    args.today = today;
  }
  // The same parser as the menu's prompt: what a person types there is accepted here.
  for (const { option } of known) {
    const text = values[option.flag];
    if (text === undefined) continue;
    try {
      args.options[option.key] = canonicalOption(option, text, `${option.flag}: `) ?? undefined;
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  return args;
}

async function openBook(args: Args): Promise<{ book: XlsxWorkbook; stamp?: FileStamp }> {
  if (!existsSync(args.book)) {
    if (args.command === 'setup') return { book: XlsxWorkbook.create() };
    throw new CliError(
      `ファイル「${args.book}」が見つかりません。パスを確認してください。新しい台帳を作るときは teichaku setup ${args.book} を実行してください。`,
    );
  }
  if (statSync(args.book).isDirectory())
    throw new CliError(`「${args.book}」はフォルダです。台帳の .xlsx ファイルを指定してください。`);
  // What the file is and how big, before anything heavy (refusals say what to do).
  checkFileSize(args.book, statSync(args.book).size);
  const { data, stamp } = readWithStamp(args.book);
  inspectBook(args.book, data);
  try {
    return { book: await XlsxWorkbook.fromBuffer(data), stamp };
  } catch {
    // It looked like an .xlsx but its parts do not read: the library's own words would not help the user.
    throw new CliError(damagedMessage(args.book));
  }
}

function describeResult(result: CommandResult): string[] {
  const lines = result.summary.split('\n');
  for (const n of result.notices) lines.push(`注意: ${n}`);
  return lines;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let json = argv.includes('--json');
  let lock: RunLock | undefined;
  const fail = (code: number, message: string): number => {
    io.stderr(message);
    if (json) io.stdout(JSON.stringify({ error: message, exitCode: code }));
    return code;
  };
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      if (argv.length === 0) {
        io.stderr(helpText());
        return 2;
      }
      io.stdout(helpText());
      return 0;
    }
    json = args.json;
    if (args.command === 'template') {
      const today = args.today ?? tokyoDateAt(io.now());
      const line = await writeTemplate(args.kind ?? '', args.book, today, {
        center: args.center,
        book: args.centersFrom,
        fy: args.options.fy === undefined ? undefined : Number(args.options.fy),
      });
      if (json) io.stdout(JSON.stringify({ command: 'template', summary: line, savedTo: args.book }));
      else io.stdout(line);
      return 0;
    }
    const target = args.out ?? args.book;
    const view = findView(args.command);
    if (!view) {
      // One run at a time per book, and refusals before any work rather than at the save.
      lock = RunLock.acquire(target);
      removeStaleTemps(target);
      refuseIfOpenElsewhere(target);
      refuseIfReadOnly(target);
    }
    const { book, stamp } = await openBook(args);
    if (view && args.byStaff) {
      const shown = staffTodoView(book, args.today ?? tokyoDateAt(io.now()), args.options.month);
      io.stdout(json ? JSON.stringify(shown.json) : shown.lines.join('\n'));
      return 0;
    }
    if (view) {
      const today = args.today ?? tokyoDateAt(io.now());
      const shown = view.show({ book, today, options: args.options, progress: () => undefined, caseId: args.caseId });
      io.stdout(json ? JSON.stringify(shown.json) : shown.lines.join('\n'));
      return 0;
    }
    const today = args.today ?? tokyoDateAt(io.now());
    const ctx: CommandContext = {
      book,
      today,
      options: args.options,
      progress: (message) => io.stderr(message),
      drafts: findCommand(args.command)?.writesDrafts
        ? cliDrafts({ bookPath: args.book, template: args.template, dir: args.dir })
        : undefined,
    };
    io.stderr(`${args.book} を処理しています（今日 = ${formatIso(today)}）…`);
    const result =
      args.command === 'all'
        ? runAll(ctx)
        : args.from !== undefined
          ? await intakeFolder(ctx, args.from, [args.book, target], io.now())
          : runCommand(args.command, ctx);
    const sameFile = stamp !== undefined && realTarget(target) === realTarget(args.book);
    saveAtomically(target, await book.toBuffer(), { expect: sameFile ? stamp : undefined });
    if (json) {
      io.stdout(JSON.stringify({ ...result, savedTo: target }));
    } else {
      for (const line of describeResult(result)) io.stdout(line);
      io.stderr(`保存しました: ${target}`);
    }
    return 0;
  } catch (e) {
    if (
      e instanceof CliError ||
      e instanceof UnusableBookError ||
      e instanceof CommandUsageError ||
      e instanceof BookRefusal ||
      e instanceof FileRefusal
    )
      return fail(2, e.message);
    // A library's own words (English, URLs) never reach the user; TEICHAKU_DEBUG shows them.
    if (process.env.TEICHAKU_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack);
    return fail(
      1,
      `予期しないエラーが発生しました。台帳は変更していません。TEICHAKU_DEBUG=1 を付けて実行すると詳細が表示されます。`,
    );
  } finally {
    lock?.release();
  }
}

/** Launched by bin/teichaku.js through scripts/run.js, which puts this file's path in argv[1]. */
function isEntry(): boolean {
  const entry = process.argv[1] ?? '';
  return require.main === module || /[\\/]src[\\/]cli\.ts$/.test(entry);
}

if (isEntry()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
