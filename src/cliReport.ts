// The CLI's side of `teichaku report <book> --month YYYY-MM [--template form.docx] [--dir folder]`:
// the drafts are .docx files in a folder (default: 支援レポート_YYYY-MM beside the book), made from
// the office's Word template (default: the one shipped in templates/). The template is checked before
// any file is written; a file is written only when the plan says nobody has touched its draft.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { YearMonth } from './domain/calendar';
import { reportFolderName, type ReportData } from './domain/report';
import { compileTemplate, TemplateError } from './docx/reportDocx';
import { CommandUsageError, type DraftWriter, type Drafts } from './commands/types';

export const DOCX = '.docx';
/** The default template, shipped with the package (package.json `files` must include templates/). */
export const DEFAULT_TEMPLATE = ['templates', '支援レポート.docx'];

/** The shipped template: beside src/ or dist/ or .cache/ (whichever runs this), in the package root. */
export function defaultTemplatePath(): string {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, ...DEFAULT_TEMPLATE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', ...DEFAULT_TEMPLATE);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A folder of .docx drafts; the stamp is the file's sha-256 when we wrote it. */
export function docxFolderWriter(dir: string, render: (data: ReportData) => Buffer): DraftWriter {
  const rendered = new Map<string, Buffer>();
  const renderOnce = (fileName: string, data: ReportData): Buffer => {
    let bytes = rendered.get(fileName);
    if (!bytes) {
      bytes = render(data);
      rendered.set(fileName, bytes);
    }
    return bytes;
  };
  const found = (name: string): { ref: string; stamp: string } | null => {
    const full = path.join(dir, name);
    if (!existsSync(full) || !statSync(full).isFile()) return null;
    return { ref: name, stamp: sha256(readFileSync(full)) };
  };
  return {
    where: dir,
    replacesUnrecorded: false,
    recorded: (row) => (row.file ? found(path.basename(row.file)) : null),
    unrecorded: (fileName) => found(fileName + DOCX),
    wouldBe: (fileName, data) => sha256(renderOnce(fileName, data)),
    write(fileName, data) {
      const bytes = renderOnce(fileName, data);
      mkdirSync(dir, { recursive: true });
      const name = fileName + DOCX;
      try {
        writeFileSync(path.join(dir, name), bytes);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new CommandUsageError(
          `「${path.join(dir, name)}」に保存できませんでした（${code}）。Word で開いていれば閉じてから、もう一度実行してください。`,
        );
      }
      return { ref: name, stamp: sha256(bytes), link: name };
    },
  };
}

export interface ReportCliOptions {
  readonly bookPath: string;
  readonly template?: string;
  readonly dir?: string;
}

/**
 * The CLI's place for drafts (--template, --dir): the template is checked here, before the book is
 * read; each month's drafts go to their folder (default: beside the book).
 */
export function cliDrafts(opts: ReportCliOptions): Drafts {
  const templatePath = opts.template ?? defaultTemplatePath();
  if (!existsSync(templatePath) || !statSync(templatePath).isFile())
    throw new CommandUsageError(
      `テンプレート「${templatePath}」が見つかりません。--template に Word の様式（.docx）のパスを指定してください。`,
    );
  if (!/\.docx$/i.test(templatePath))
    throw new CommandUsageError(
      `テンプレート「${templatePath}」は .docx ではありません。Word で「Word 文書（*.docx）」として保存したものを指定してください。`,
    );
  let render: (data: ReportData) => Buffer;
  try {
    render = compileTemplate(readFileSync(templatePath), path.basename(templatePath));
  } catch (e) {
    if (e instanceof TemplateError) throw new CommandUsageError(e.message);
    throw e;
  }
  const folderFor = (month: YearMonth): string =>
    opts.dir ?? path.join(path.dirname(path.resolve(opts.bookPath)), reportFolderName(month));
  if (opts.dir !== undefined && existsSync(opts.dir) && !statSync(opts.dir).isDirectory())
    throw new CommandUsageError(`--dir「${opts.dir}」はフォルダではありません。保存先のフォルダを指定してください。`);
  return {
    forMonth(month) {
      const dir = folderFor(month);
      if (existsSync(dir) && !statSync(dir).isDirectory())
        throw new CommandUsageError(`「${dir}」はフォルダではありません。--dir に保存先のフォルダを指定してください。`);
      return { writer: docxFolderWriter(dir, render), notices: [] };
    },
  };
}
