// A 支援レポート template in Word (.docx) filled with docxtemplater: the office edits its own form in
// Word and types placeholders ({氏名}, {#支援記録}…{/支援記録}); Word may split a placeholder over
// several runs (spell-check marks, formatting), which docxtemplater joins. A template is checked once,
// before any file is written: a malformed or unknown placeholder is told in Japanese with its name.

import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { CONTACT_TAGS, LOOP_TAGS, VALUE_TAGS, type ReportData } from '../domain/report';

/** A template that cannot be used: the message names the placeholder and the fix, in Japanese. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const KNOWN_HINT =
  `使える差し込み項目: ${VALUE_TAGS.map((t) => `{${t}}`).join(' ')}、` +
  `繰り返し ${LOOP_TAGS.map((t) => `{#${t}}…{/${t}}`).join(' ')}（中で ${CONTACT_TAGS.map((t) => `{${t}}`).join(' ')}）`;

interface XtError {
  readonly properties?: {
    readonly id?: string;
    readonly xtag?: string;
    readonly errors?: readonly XtError[];
    readonly explanation?: string;
  };
  readonly message?: string;
}

/** One Japanese line for one of docxtemplater's template errors (its ids are documented per error). */
function describe(e: XtError): string {
  const id = e.properties?.id ?? '';
  const tag = e.properties?.xtag ?? '';
  switch (id) {
    case 'unclosed_tag':
      return `「{${tag}」の「}」がありません。差し込み項目は {氏名} のように { と } で囲んでください。`;
    case 'unopened_tag':
      return `「${tag}}」の「{」がありません。差し込み項目は {氏名} のように { と } で囲んでください。`;
    case 'duplicate_open_tag':
      return `「${tag}」で「{」が二重になっています。{ を1つにしてください。`;
    case 'duplicate_close_tag':
      return `「${tag}」で「}」が二重になっています。} を1つにしてください。`;
    case 'unclosed_loop':
      return `繰り返し {#${tag}} に対応する {/${tag}} がありません。繰り返す範囲の最後に {/${tag}} を入れてください。`;
    case 'unopened_loop':
      return `{/${tag}} に対応する {#${tag}} がありません。繰り返す範囲の最初に {#${tag}} を入れてください。`;
    case 'closing_tag_does_not_match_opening_tag':
      return `繰り返しの開始と終了が対応していません（「${tag}」）。{#支援記録}…{/支援記録} のように同じ名前で閉じてください。`;
    default:
      return `差し込み項目「${tag || '?'}」を読めません（${id || e.message || 'template error'}）。`;
  }
}

function structureProblems(parts: readonly DxtPart[], loop: string | null, out: string[]): void {
  for (const p of parts) {
    if (p.type !== 'placeholder') continue;
    const name = (p.value ?? '').trim();
    if (p.module === 'loop') {
      if (!(LOOP_TAGS as readonly string[]).includes(name)) {
        out.push(
          `繰り返し「{#${name}}」は使えません（${LOOP_TAGS.map((t) => `{#${t}}`).join('・')} のどれかにしてください）。`,
        );
      }
      structureProblems(p.subparsed ?? [], name, out);
      continue;
    }
    if (p.module) {
      out.push(`「{${p.raw ?? name}}」の形の差し込みは使えません。{氏名} のように項目名だけを書いてください。`);
      continue;
    }
    const values: readonly string[] = VALUE_TAGS;
    const inLoop: readonly string[] = loop ? CONTACT_TAGS : [];
    if (values.includes(name) || inLoop.includes(name)) continue;
    if ((CONTACT_TAGS as readonly string[]).includes(name)) {
      out.push(`「{${name}}」は繰り返し {#支援記録}…{/支援記録} の中でだけ使えます。`);
    } else if ((LOOP_TAGS as readonly string[]).includes(name)) {
      out.push(`「{${name}}」は繰り返しの名前です。{#${name}}…{/${name}} の形で使ってください。`);
    } else {
      out.push(`「{${name}}」という差し込み項目はありません。`);
    }
  }
}

interface DxtPart {
  readonly type: string;
  readonly value?: string;
  readonly raw?: string;
  readonly module?: string;
  readonly subparsed?: readonly DxtPart[];
}

/**
 * Collects each templated part's parsed placeholders through the module hook docxtemplater calls
 * with `inspect.postparsed` (what its own InspectModule uses; that one needs lodash, which
 * docxtemplater does not depend on).
 */
function tagCollector(): { module: unknown; parts(): DxtPart[] } {
  const byFile = new Map<string, readonly DxtPart[]>();
  let file = '';
  const module = {
    name: 'TeichakuTagCollector',
    set(obj: { inspect?: { filePath?: string; postparsed?: readonly DxtPart[] } }): void {
      if (obj.inspect?.filePath) file = obj.inspect.filePath;
      if (obj.inspect?.postparsed) byFile.set(file, obj.inspect.postparsed);
    },
  };
  return { module, parts: () => [...byFile.values()].flat() };
}

const FIXED_ENTRY_DATE = new Date(2000, 0, 1);

function load(bytes: Uint8Array, modules: unknown[] = []): Docxtemplater {
  const zip = new PizZip(bytes);
  return new Docxtemplater(zip, {
    paragraphLoop: true,
    linebreaks: true,
    // An empty 氏名 or 内容 is an empty cell, not the word "undefined".
    nullGetter: () => '',
    // Problems are told in Japanese by compileTemplate, not logged in English.
    errorLogging: false,
    modules: modules as never[],
  });
}

/**
 * Checks a template and returns a renderer. Throws TemplateError naming every bad placeholder
 * (`label` names the file in the message).
 */
export function compileTemplate(bytes: Uint8Array, label: string): (data: ReportData) => Buffer {
  const collector = tagCollector();
  try {
    load(bytes, [collector.module]);
  } catch (e) {
    const err = e as XtError;
    const list = err.properties?.errors?.length ? err.properties.errors : [err];
    if (!err.properties?.id && !err.properties?.errors) {
      throw new TemplateError(
        `テンプレート「${label}」を Word ファイル（.docx）として読めません。Word で「Word 文書（*.docx）」として保存し直してください。`,
      );
    }
    throw new TemplateError(
      `テンプレート「${label}」の差し込み項目に誤りがあります（ファイルはまだ作っていません）:\n` +
        list.map((x) => `・${describe(x)}`).join('\n') +
        `\n${KNOWN_HINT}`,
    );
  }
  const problems: string[] = [];
  structureProblems(collector.parts(), null, problems);
  if (problems.length) {
    throw new TemplateError(
      `テンプレート「${label}」の差し込み項目に誤りがあります（ファイルはまだ作っていません）:\n` +
        [...new Set(problems)].map((p) => `・${p}`).join('\n') +
        `\n${KNOWN_HINT}`,
    );
  }
  return (data) => {
    const doc = load(bytes);
    doc.render(data);
    const zip = doc.getZip();
    // The same data gives the same bytes (zip entries otherwise carry the time of writing), so a
    // draft written by a run whose book was not saved is recognised as ours by the next run.
    for (const entry of Object.values(zip.files) as { date: Date }[]) entry.date = FIXED_ENTRY_DATE;
    return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
  };
}
