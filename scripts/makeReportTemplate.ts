// Builds the default 支援レポート template (templates/支援レポート.docx) with the `docx` library: A4,
// the fields offices' report forms carry (対象月, 氏名, 事業所, 当月の支援目標, 就労・生活状況, 支援内容と
//結果, 今後の支援計画, 作成者, 本人確認欄, 共有日・共有先), the month's contacts as a table row that
// repeats ({#支援記録} … {/支援記録}). Fonts are named by family only (nothing embedded): Word on
// Windows and Mac has 游明朝; elsewhere the viewer substitutes its own Japanese font.
// Run: node scripts/run.js scripts/makeReportTemplate.ts (the output is committed).

import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  VerticalAlign,
} from 'docx';

const FONT = '游明朝';
const HEADING_FONT = '游ゴシック';
/** A4 in twentieths of a point (210 × 297 mm), margins 20 mm. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const LABEL_FILL = 'E7EEF5';

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: border, bottom: border, left: border, right: border };

function text(value: string, opts: { bold?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: value, bold: opts.bold, size: opts.size })] });
}

function cell(
  content: string | Paragraph[],
  width: number,
  opts: { label?: boolean; span?: number; height?: boolean } = {},
): TableCell {
  const children = typeof content === 'string' ? [text(content, { bold: opts.label })] : content;
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    columnSpan: opts.span,
    borders,
    verticalAlign: VerticalAlign.CENTER,
    shading: opts.label ? { fill: LABEL_FILL } : undefined,
  });
}

function table(rows: TableRow[], widths: number[]): Table {
  return new Table({ rows, width: { size: CONTENT_WIDTH, type: WidthType.DXA }, columnWidths: widths });
}

function heading(value: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 80 },
    children: [new TextRun({ text: value, bold: true, font: HEADING_FONT, size: 24 })],
  });
}

/** A box staff write in (empty lines inside a one-cell table). */
function box(lines: number): Table {
  const paragraphs = Array.from({ length: lines }, () => text(''));
  return table([new TableRow({ children: [cell(paragraphs, CONTENT_WIDTH)] })], [CONTENT_WIDTH]);
}

const quarter = CONTENT_WIDTH / 4;

const header = table(
  [
    new TableRow({
      children: [
        cell('対象月', quarter, { label: true }),
        cell('{対象月}', quarter),
        cell('作成日', quarter, { label: true }),
        cell('{作成日}', quarter),
      ],
    }),
    new TableRow({
      children: [
        cell('氏名', quarter, { label: true }),
        cell('{氏名}　様', quarter),
        cell('ケースID', quarter, { label: true }),
        cell('{ケースID}', quarter),
      ],
    }),
    new TableRow({
      children: [
        cell('事業所', quarter, { label: true }),
        cell('{事業所名}', quarter),
        cell('作成者', quarter, { label: true }),
        cell('{担当者}', quarter),
      ],
    }),
  ],
  [quarter, quarter, quarter, quarter],
);

const contactWidths = [1500, 1300, 1700, CONTENT_WIDTH - 4500];
const contacts = table(
  [
    new TableRow({
      tableHeader: true,
      children: ['日付', '相手', '方法', '内容'].map((h, i) => cell(h, contactWidths[i], { label: true })),
    }),
    // docxtemplater repeats the whole row when a loop opens in its first cell and closes in its last.
    new TableRow({
      children: [
        cell('{#支援記録}{日付}', contactWidths[0]),
        cell('{相手}', contactWidths[1]),
        cell('{方法}', contactWidths[2]),
        cell('{内容}{/支援記録}', contactWidths[3]),
      ],
    }),
  ],
  contactWidths,
);

const confirmation = table(
  [
    new TableRow({
      children: [
        cell(
          [
            text('上記の内容について説明を受け、確認しました。'),
            text(''),
            text('確認日　　　　年　　月　　日　　　本人署名　＿＿＿＿＿＿＿＿＿＿＿＿'),
          ],
          CONTENT_WIDTH,
        ),
      ],
    }),
  ],
  [CONTENT_WIDTH],
);

const sharing = table(
  [
    new TableRow({
      children: [cell('共有日', quarter, { label: true }), cell('　　　　年　　月　　日', quarter * 3, { span: 3 })],
    }),
    new TableRow({
      children: [
        cell('共有先', quarter, { label: true }),
        cell('□本人　□企業　□ナカポツ　□相談支援　□その他（　　　　　　）', quarter * 3, { span: 3 }),
      ],
    }),
  ],
  [quarter, quarter, quarter, quarter],
);

const doc = new Document({
  creator: 'teichaku-sheets',
  title: '支援レポート',
  styles: {
    default: {
      document: { run: { font: { ascii: FONT, eastAsia: FONT, hAnsi: FONT, cs: FONT }, size: 21 } },
    },
  },
  sections: [
    {
      properties: {
        page: {
          size: { width: PAGE.width, height: PAGE.height },
          margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
        },
      },
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [new TextRun({ text: '支援レポート（就労定着支援）', bold: true, size: 32, font: HEADING_FONT })],
        }),
        header,
        heading('当月の支援目標'),
        box(3),
        heading('就労・生活状況'),
        box(4),
        heading('支援内容と結果'),
        contacts,
        text('（結果・所見）'),
        box(3),
        heading('今後の支援計画'),
        box(3),
        heading('本人確認欄'),
        confirmation,
        heading('共有日・共有先'),
        sharing,
      ],
    },
  ],
});

async function main(): Promise<void> {
  const out = path.join(__dirname, '..', 'templates', '支援レポート.docx');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, await Packer.toBuffer(doc));
  process.stdout.write(`${out}\n`);
}

void main();
