// teichaku template activity|cases: a submission workbook for a center (or an office) that replies in
// Excel, filled in without help: a bold title and a short instruction block, then the bold headers intake reads
// (活動報告, or ケース台帳 without 氏名) with widths that show them, dropdowns and whole-number checks
// with a Japanese input message, an example in each header's note, and the cells still to fill
// shaded until filled (a blank is not a 0). The activity form holds the 12 months of the fiscal
// year already. It prints on A4 a page wide with the header on every page. The choices sit on a
// hidden sheet 選択肢. What comes back is taken by `teichaku intake <book> --from <DIR>`
// (src/commands/folderIntake.ts), which reads the header wherever it is in the first 10 rows.

import { matchCenter } from '../domain/activity';
import {
  addMonthsToYearMonth,
  fiscalYearLabel,
  fiscalYearOf,
  formatYearMonth,
  type CalendarDate,
} from '../domain/calendar';
import {
  ACTIVITY_COLUMNS,
  CASE_REPORT_COLUMNS,
  CASE_REPORT_PRIVACY,
  DATE_FORMAT,
  TAB,
  type ColumnDef,
} from '../domain/schema';
import { MAX_MONTHLY_COUNT } from '../domain/activity';
import { columnLetter } from '../domain/table';
import { nearest, normalizeCenter } from '../domain/text';
import { CommandUsageError } from '../commands/types';
import { A4_PORTRAIT_PX, breakLines, headerColumnWidth, textUnits } from '../commands/shared/generated';
import type { Cell, ConditionalRule } from '../workbook/port';
import { XlsxWorkbook, type ValidationModel } from './xlsxWorkbook';

export type TemplateKind = 'activity' | 'cases';

/** Rows under the header that carry the dropdowns and checks. */
export const TEMPLATE_ROWS = 200;
/** The header's row: under the title (row 1), the instructions (rows 2–4) and an empty row. */
export const TEMPLATE_HEADER_ROW = 6;
const CHOICES = '選択肢';
/** The shade of a cell still to fill (light yellow). */
export const TO_FILL = '#fff2cc';

const NOTES: Readonly<Record<string, string>> = {
  center: 'プルダウンから選びます。例: あかね園',
  month: '1か月につき1行。年度の12か月が入っています。例: 2025-04',
  caseMeetings: '0以上の整数。なかった月は 0。例: 12',
  networkMeetings: '0以上の整数。なかった月は 0。例: 2',
  trainings: '0以上の整数。なかった月は 0。例: 1',
  trainingTopics: '研修会の内容（自由記述）。例: 職場定着支援研修（オンライン）',
  submitter: '提出した人の名前。空欄ならファイル名が提出者になります。例: 山田',
  caseId: `例: A-0001。${CASE_REPORT_PRIVACY}`,
  office: '例: さくら就労定着支援事業所',
  hireDate: '例: 2024/04/01',
};

/** The instruction block (rows 2–4): short, so that it never widens the printed page. */
function instructions(kind: TemplateKind): string[] {
  return kind === 'activity'
    ? [
        '黄色の欄が未記入です。センターと各月の件数を入力してください（件数は0以上の整数）。',
        'なかった月は 0 と入力します。空欄のままの月は「未提出」として扱い、0件とは数えません。',
        '見出しの行と列の並びは変えないでください。見出しのメモに記入例があります。',
      ]
    : [
        '1ケース1行で入力します。ケースIDを入れると、必須の欄が埋まるまで黄色で示します。',
        `氏名・受給者証番号は書かず、ケースIDだけでケースを示してください。`,
        '日付は 2024/04/01 の形で入力します。見出しの行と列の並びは変えないでください。',
      ];
}

/** The 12 months of a fiscal year, April first. */
function fiscalYearMonths(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => formatYearMonth(addMonthsToYearMonth({ y: fy, m: 4 }, i)));
}

function checkCenter(center: string, centers: readonly string[]): string {
  const i = matchCenter(center, centers);
  if (i >= 0) return centers[i];
  const near = nearest(center, centers, normalizeCenter);
  throw new CommandUsageError(
    `--center「${center}」はセンター一覧にありません。${near ? `「${near}」のことでしょうか。` : ''}一覧: ${centers.join('、')}`,
  );
}

/** Pixels a template column needs for its bold header (and a date or 2025-04). */
export function templateWidth(d: ColumnDef): number {
  if (d.key === 'trainingTopics') return 320;
  return Math.max(headerColumnWidth(d.header, d.kind === 'date', true), d.kind === 'month' ? 80 : 0);
}

/**
 * Builds the workbook; throws CommandUsageError for an unknown --center. `fy` is the fiscal year
 * whose months the activity form lists (default: today's).
 */
export async function templateWorkbook(
  kind: TemplateKind,
  centers: readonly string[],
  today: CalendarDate,
  center?: string,
  fy: number = fiscalYearOf(today),
): Promise<Buffer> {
  const chosen = center === undefined ? undefined : checkCenter(center, centers);
  const book = XlsxWorkbook.create();
  const sheet = kind === 'activity' ? TAB.activity : TAB.ledger;
  const defs: readonly ColumnDef[] =
    kind === 'activity' ? ACTIVITY_COLUMNS.filter((c) => c.key !== 'submittedAt') : CASE_REPORT_COLUMNS;
  book.createSheet(sheet);
  book.createSheet(CHOICES);
  const months = fiscalYearMonths(fy);

  // The choices, one list per column of 選択肢: centers first, then each list column's values.
  const lists: { key: string; values: readonly string[] }[] = [{ key: 'center', values: centers }];
  if (kind === 'activity') lists.push({ key: 'month', values: months });
  for (const d of defs) if (d.kind === 'enum' && d.values) lists.push({ key: d.key, values: d.values });
  const height = Math.max(...lists.map((l) => l.values.length));
  const choiceRows: Cell[][] = Array.from({ length: height }, (_, r) => lists.map((l) => l.values[r] ?? null));
  book.writeRange(CHOICES, 1, 1, choiceRows, { asText: true });

  // Title and instructions: each line within the table's width, so the page is not shrunk for them.
  const widths = defs.map(templateWidth);
  const tableWidth = widths.reduce((sum, w) => sum + w, 0);
  const maxUnits = Math.floor((tableWidth - 8) / 7);
  const title =
    kind === 'activity'
      ? `活動報告 提出様式（${fiscalYearLabel(fy)}・${months[0]}〜${months[11]}）${chosen ? `\u3000${chosen}` : ''}`
      : 'ケース報告 提出様式';
  const lines = instructions(kind).flatMap((l) => (textUnits(l) > maxUnits ? breakLines(l, maxUnits) : [l]));
  const top: Cell[][] = [[title], ...lines.slice(0, TEMPLATE_HEADER_ROW - 3).map((l) => [l])];
  book.writeRange(sheet, 1, 1, top, { asText: true });

  const header = defs.map((d) => d.header);
  const notes = defs.map((d) => NOTES[d.key] ?? (d.kind === 'date' ? `日付。例: 2024/04/01` : ''));
  if (kind === 'cases') notes[0] = NOTES.caseId;
  const headerRow = TEMPLATE_HEADER_ROW;
  const first = headerRow + 1;
  book.writeRange(sheet, headerRow, 1, [header], { asText: true, notes: [notes], minColumnWidths: widths });
  book.setBold(sheet, { row: 1, col: 1, numRows: 1, numCols: 1 });
  book.setBold(sheet, { row: headerRow, col: 1, numRows: 1, numCols: defs.length });
  book.freezeRows(sheet, headerRow);
  const col = (key: string) => defs.findIndex((d) => d.key === key);
  if (kind === 'activity') {
    // The year's months, and the center when chosen: only the counts are left to fill.
    const rows = months.map((m) => {
      const line: Cell[] = defs.map(() => null);
      line[col('month')] = m;
      if (chosen) line[col('center')] = chosen;
      return line;
    });
    book.writeRange(sheet, first, 1, rows, { asText: true });
  }
  const formats = defs.map((d) => (d.kind === 'date' ? DATE_FORMAT : d.kind === 'count' ? '0' : '@'));
  book.setColumnFormats(sheet, { row: first, col: 1, numRows: TEMPLATE_ROWS, numCols: defs.length }, formats);

  // Blank ≠ 0: a cell still to fill is shaded until something is typed in it (0 included).
  const shade: ConditionalRule[] = [];
  const last = first + TEMPLATE_ROWS - 1;
  if (kind === 'activity') {
    const toFill = defs.flatMap((d, c) => (d.kind === 'count' || (d.key === 'center' && !chosen) ? [c] : []));
    for (const c of toFill)
      shade.push({
        area: { row: first, col: c + 1, numRows: 12, numCols: 1 },
        formula: `=ISBLANK(${columnLetter(c + 1)}${first})`,
        background: TO_FILL,
      });
  } else {
    const id = columnLetter(col('caseId') + 1);
    defs.forEach((d, c) => {
      if (!d.required || d.key === 'caseId') return;
      shade.push({
        area: { row: first, col: c + 1, numRows: TEMPLATE_ROWS, numCols: 1 },
        formula: `=AND($${id}${first}<>"",ISBLANK(${columnLetter(c + 1)}${first}))`,
        background: TO_FILL,
      });
    });
  }
  book.setOwnConditionalRules(sheet, shade);

  const model: Record<string, ValidationModel> = {};
  const area = (c: number): string => `${columnLetter(c + 1)}${first}:${columnLetter(c + 1)}${last}`;
  defs.forEach((d, c) => {
    const list = lists.findIndex((l) => l.key === d.key);
    if (list >= 0) {
      const letter = columnLetter(list + 1);
      model[area(c)] = {
        type: 'list',
        allowBlank: true,
        formulae: [`'${CHOICES}'!$${letter}$1:$${letter}$${lists[list].values.length}`],
        showErrorMessage: true,
        // The month may also be typed; the rest must come from the list.
        errorStyle: d.key === 'month' ? 'warning' : 'stop',
        errorTitle: d.header,
        error: d.key === 'month' ? '「2025-04」の形で入力してください。' : '一覧から選んでください。',
        showInputMessage: true,
        promptTitle: d.header,
        prompt: d.key === 'month' ? '「2025-04」の形。1か月につき1行です。' : '一覧から選んでください。',
      };
    } else if (d.kind === 'count') {
      model[area(c)] = {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [0, MAX_MONTHLY_COUNT],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: d.header,
        error: `0以上${MAX_MONTHLY_COUNT}以下の整数で入力してください。なかった月は 0 です。`,
        showInputMessage: true,
        promptTitle: d.header,
        prompt: '0以上の整数で入力します。なかった月は 0（空欄は未提出の扱いです）。',
      };
    } else if (d.kind === 'date') {
      model[area(c)] = {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1989, 0, 8)), new Date(Date.UTC(2099, 11, 31))],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: d.header,
        error: '日付（例: 2024/04/01）で入力してください。',
        showInputMessage: true,
        promptTitle: d.header,
        prompt: '日付を 2024/04/01 の形で入力します。',
      };
    }
  });
  book.setPrintLayout(sheet, { landscape: tableWidth > A4_PORTRAIT_PX, repeatRows: headerRow });
  book.addValidations(sheet, model);
  book.hideSheet(CHOICES);
  return book.toBuffer();
}
