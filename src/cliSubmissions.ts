// The CLI's side of collecting Excel submissions: reading a folder of center workbooks for
// `teichaku intake <book> --from <DIR>` (the files are only read, never written) and writing
// `teichaku template activity|cases <out.xlsx>`. The work is in src/commands/folderIntake.ts and
// src/xlsx/templates.ts; this file is the file-system part. Files are looked at (src/xlsx/inspect.ts)
// before they are loaded, and written the way every save is (src/xlsx/safeFile.ts).

import { createHash } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseSettings } from './domain/settings';
import { TAB } from './domain/schema';
import { readIntakeHistory, runFolderIntake, wasTaken, type SubmittedFile } from './commands/folderIntake';
import { CommandUsageError, type CommandContext, type CommandResult } from './commands/types';
import { templateWorkbook, type TemplateKind } from './xlsx/templates';
import { XlsxWorkbook } from './xlsx/xlsxWorkbook';
import { BookRefusal, damagedMessage, inspectBook } from './xlsx/inspect';
import { removeStaleTemps, RunLock, saveAtomically } from './xlsx/safeFile';
import type { CalendarDate } from './domain/calendar';

/** Reads the .xlsx files of `dir` not taken yet (by content hash) and takes them into ctx.book. */
export async function intakeFolder(
  ctx: CommandContext,
  dir: string,
  /** The book (and where it is saved): never read as a submission, even inside DIR. */
  bookPaths: readonly string[],
  nowMs: number,
): Promise<CommandResult> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CommandUsageError(
      `--from「${dir}」はフォルダではありません。提出ファイル（.xlsx）を置いたフォルダを指定してください。`,
    );
  const history = readIntakeHistory(ctx.book);
  const names = (await fs.readdir(dir))
    .filter((n) => /\.xlsx$/i.test(n) && !n.startsWith('~$') && !n.startsWith('.'))
    .filter((n) => !bookPaths.some((b) => path.resolve(dir, n) === path.resolve(b)))
    .sort();
  const files: SubmittedFile[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const data = await fs.readFile(full);
    const hash = createHash('sha256').update(data).digest('hex');
    const modifiedMs = statSync(full).mtimeMs;
    if (wasTaken(history, hash) || files.some((f) => f.hash === hash)) {
      files.push({ name, hash, modifiedMs, book: null });
      continue;
    }
    try {
      inspectBook(name, data);
      files.push({ name, hash, modifiedMs, book: await XlsxWorkbook.fromBuffer(data) });
    } catch (e) {
      // What the file is (damaged, .xls, encrypted…) in the user's words, never the library's.
      const openError = e instanceof BookRefusal ? e.message : damagedMessage(name);
      files.push({ name, hash, modifiedMs, book: null, openError });
    }
  }
  ctx.progress(`${dir} の ${names.length} ファイルを確認しました。`);
  return runFolderIntake(ctx, files, nowMs);
}

/** Writes a submission workbook; the center list comes from `--book`'s 設定 or the default 16. */
export async function writeTemplate(
  kind: string,
  out: string,
  today: CalendarDate,
  options: { readonly center?: string; readonly book?: string; readonly fy?: number },
): Promise<string> {
  if (kind !== 'activity' && kind !== 'cases')
    throw new CommandUsageError(
      `様式の種類「${kind}」はありません。teichaku template activity <出力.xlsx>（活動報告）か teichaku template cases <出力.xlsx>（ケース報告）を指定してください。`,
    );
  if (existsSync(out))
    throw new CommandUsageError(
      `「${out}」はすでにあります。記入済みの提出ファイルを上書きしないよう、様式は書きません。別の名前を指定してください。`,
    );
  let centers = parseSettings(null).centers;
  if (options.book) {
    const from = options.book;
    if (!existsSync(from) || statSync(from).isDirectory())
      throw new CommandUsageError(
        `--book「${from}」が見つかりません。センターの一覧を読む台帳の .xlsx を指定してください。`,
      );
    const data = await fs.readFile(from);
    inspectBook(from, data);
    const source = await XlsxWorkbook.fromBuffer(data).catch(() => {
      throw new CommandUsageError(`--book ${damagedMessage(from)}`);
    });
    centers = parseSettings(source.readSheet(TAB.settings)).centers;
  }
  const data = await templateWorkbook(kind as TemplateKind, centers, today, options.center, options.fy);
  // Written like every save: a temp beside it, renamed into place only when complete, so a full disk
  // leaves no half-written form that would block the next try; never over a file that appeared meanwhile.
  const lock = RunLock.acquire(out);
  try {
    removeStaleTemps(out);
    saveAtomically(out, data, { createOnly: true });
  } finally {
    lock.release();
  }
  return kind === 'activity'
    ? `活動報告の提出様式を ${out} に書きました（センター${centers.length}件のプルダウン${options.center ? `・「${options.center}」を選択済み` : ''}）。`
    : `ケース報告の提出様式を ${out} に書きました（氏名の列はありません。ケースIDで示します）。`;
}
