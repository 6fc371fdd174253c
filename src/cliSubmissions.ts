// The CLI's side of collecting Excel submissions: reading a folder of center workbooks for
// `teichaku intake <book> --from <DIR>` (the files are only read, never written) and writing
// `teichaku template activity|cases <out.xlsx>`. The work is in src/commands/folderIntake.ts and
// src/xlsx/templates.ts; this file is the file-system part.

import { createHash } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseSettings } from './domain/settings';
import { TAB } from './domain/schema';
import { readIntakeHistory, runFolderIntake, wasTaken, type SubmittedFile } from './commands/folderIntake';
import { CommandUsageError, type CommandContext, type CommandResult } from './commands/types';
import { templateWorkbook, type TemplateKind } from './xlsx/templates';
import { XlsxWorkbook } from './xlsx/xlsxWorkbook';
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
      files.push({ name, hash, modifiedMs, book: await XlsxWorkbook.fromBuffer(data) });
    } catch (e) {
      const detail = e instanceof Error && e.message ? `（${e.message.split('\n')[0]}）` : '';
      files.push({
        name,
        hash,
        modifiedMs,
        book: null,
        openError: `Excel ファイル（.xlsx）として開けません${detail}。Excel で開けるか確かめ、「.xlsx 形式」で保存し直して置き直してください。`,
      });
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
    const source = await XlsxWorkbook.load(options.book).catch(() => {
      throw new CommandUsageError(`--book「${options.book}」を .xlsx として開けません。`);
    });
    centers = parseSettings(source.readSheet(TAB.settings)).centers;
  }
  const data = await templateWorkbook(kind as TemplateKind, centers, today, options.center, options.fy);
  await fs.writeFile(out, data);
  return kind === 'activity'
    ? `活動報告の提出様式を ${out} に書きました（センター${centers.length}件のプルダウン${options.center ? `・「${options.center}」を選択済み` : ''}）。`
    : `ケース報告の提出様式を ${out} に書きました（氏名の列はありません。ケースIDで示します）。`;
}
