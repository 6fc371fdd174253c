// teichaku template activity|cases: a submission workbook for a center (or an office) that replies in
// Excel. One sheet with the headers intake reads (活動報告, or ケース台帳 without 氏名), dropdowns and
// whole-number checks, an example in each header's note; the choices sit on a hidden sheet 選択肢.
// What comes back is taken by `teichaku intake <book> --from <DIR>` (src/commands/folderIntake.ts).

import { matchCenter } from '../domain/activity';
import { addMonthsToYearMonth, fiscalYearOf, formatYearMonth, type CalendarDate } from '../domain/calendar';
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
import type { Cell } from '../workbook/port';
import { XlsxWorkbook, type ValidationModel } from './xlsxWorkbook';

export type TemplateKind = 'activity' | 'cases';

/** Rows under the header that carry the dropdowns and checks. */
export const TEMPLATE_ROWS = 200;
const CHOICES = '選択肢';

const NOTES: Readonly<Record<string, string>> = {
  center: 'プルダウンから選びます。例: あかね園',
  month: '1か月につき1行。プルダウンから選ぶか「2025-04」の形で入力します。例: 2025-04',
  caseMeetings: '0以上の整数。なければ 0。例: 12',
  networkMeetings: '0以上の整数。なければ 0。例: 2',
  trainings: '0以上の整数。なければ 0。例: 1',
  trainingTopics: '研修会の内容（自由記述）。例: 職場定着支援研修（オンライン）',
  submitter: '提出した人の名前。空欄ならファイル名が提出者になります。例: 山田',
  caseId: `例: A-0001。${CASE_REPORT_PRIVACY}`,
  office: '例: さくら就労定着支援事業所',
  hireDate: '例: 2024/04/01',
};

/** The fiscal year of today and the one before: the months a report is usually for. */
function recentMonths(today: CalendarDate): string[] {
  const start = { y: fiscalYearOf(today) - 1, m: 4 };
  return Array.from({ length: 24 }, (_, i) => formatYearMonth(addMonthsToYearMonth(start, i)));
}

function checkCenter(center: string, centers: readonly string[]): string {
  const i = matchCenter(center, centers);
  if (i >= 0) return centers[i];
  const near = nearest(center, centers, normalizeCenter);
  throw new CommandUsageError(
    `--center「${center}」はセンター一覧にありません。${near ? `「${near}」のことでしょうか。` : ''}一覧: ${centers.join('、')}`,
  );
}

/** Builds the workbook; throws CommandUsageError for an unknown --center. */
export async function templateWorkbook(
  kind: TemplateKind,
  centers: readonly string[],
  today: CalendarDate,
  center?: string,
): Promise<Buffer> {
  const chosen = center === undefined ? undefined : checkCenter(center, centers);
  const book = XlsxWorkbook.create();
  const sheet = kind === 'activity' ? TAB.activity : TAB.ledger;
  const defs: readonly ColumnDef[] =
    kind === 'activity' ? ACTIVITY_COLUMNS.filter((c) => c.key !== 'submittedAt') : CASE_REPORT_COLUMNS;
  book.createSheet(sheet);
  book.createSheet(CHOICES);

  // The choices, one list per column of 選択肢: centers first, then each list column's values.
  const lists: { key: string; values: readonly string[] }[] = [{ key: 'center', values: centers }];
  if (kind === 'activity') lists.push({ key: 'month', values: recentMonths(today) });
  for (const d of defs) if (d.kind === 'enum' && d.values) lists.push({ key: d.key, values: d.values });
  const height = Math.max(...lists.map((l) => l.values.length));
  const choiceRows: Cell[][] = Array.from({ length: height }, (_, r) => lists.map((l) => l.values[r] ?? null));
  book.writeRange(CHOICES, 1, 1, choiceRows, { asText: true });

  const header = defs.map((d) => d.header);
  const notes = defs.map((d) => NOTES[d.key] ?? (d.kind === 'date' ? `日付。例: 2024/04/01` : ''));
  if (kind === 'cases') notes[0] = NOTES.caseId;
  book.writeRange(sheet, 1, 1, [header], { asText: true, notes: [notes] });
  book.freezeRows(sheet, 1);
  const centerCol = defs.findIndex((d) => d.key === 'center');
  if (chosen) {
    // Preselected: the center already chosen in a year's worth of rows.
    book.writeRange(
      sheet,
      2,
      centerCol + 1,
      Array.from({ length: 12 }, () => [chosen]),
      { asText: true },
    );
  }
  const formats = defs.map((d) => (d.kind === 'date' ? DATE_FORMAT : d.kind === 'count' ? '0' : '@'));
  book.setColumnFormats(sheet, { row: 2, col: 1, numRows: TEMPLATE_ROWS, numCols: defs.length }, formats);

  const model: Record<string, ValidationModel> = {};
  const area = (c: number): string => `${columnLetter(c + 1)}2:${columnLetter(c + 1)}${TEMPLATE_ROWS + 1}`;
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
        error: d.key === 'month' ? '「2025-04」の形で入力してください。' : '一覧から選んでください。',
      };
    } else if (d.kind === 'count') {
      model[area(c)] = {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [0, MAX_MONTHLY_COUNT],
        showErrorMessage: true,
        errorStyle: 'stop',
        error: `0以上${MAX_MONTHLY_COUNT}以下の整数で入力してください。`,
      };
    } else if (d.kind === 'date') {
      model[area(c)] = {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1989, 0, 8)), new Date(Date.UTC(2099, 11, 31))],
        showErrorMessage: true,
        errorStyle: 'stop',
        error: '日付（例: 2024/04/01）で入力してください。',
      };
    }
  });
  book.addValidations(sheet, model);
  book.hideSheet(CHOICES);
  return book.toBuffer();
}
