// 就労確認 (docs/rules.md 就労定着率): whether a person whose service had ended was still employed on a
// fiscal year's last day. The office finds out (a call, the employer, the ナカポツ center) and records it;
// a row dated on or after that day answers it. Until then the rate counts the person as employed and
// says so (a forecast, not a fact).

import { compareDates, formatSlash, isCalendarDate, type CalendarDate } from './calendar';
import { canonicalEnum } from './caseRecord';
import { parseDateCell } from './dates';
import { caseIdFault, knownCases } from './followUpTab';
import type { Problem } from './problem';
import { EMPLOYMENT_CHECK_COLUMNS, EMPLOYMENT_STATES, type EmploymentCheckKey } from './schema';
import { cellText, dataRows, type HeaderedTable } from './table';
import { nearest, normalizeKey } from './text';

export interface EmploymentCheck {
  readonly rowNumber: number;
  readonly caseId: string;
  readonly caseKey: string;
  /** 確認日 */
  readonly checkDate: CalendarDate;
  /** 就労状況 就労中 */
  readonly employed: boolean;
  /** 確認方法 ('' when blank) */
  readonly method: string;
}

export interface EmploymentCheckLog {
  /** Valid rows by normalised ケースID, earliest 確認日 first. */
  readonly byCase: ReadonlyMap<string, readonly EmploymentCheck[]>;
  readonly problems: readonly Problem[];
}

export const EMPTY_CHECK_LOG: EmploymentCheckLog = { byCase: new Map(), problems: [] };

const NOT_USED = 'この行は定着率に使っていません。';

export function readEmploymentChecks(
  table: HeaderedTable<EmploymentCheckKey>,
  knownCaseIds: readonly string[],
): EmploymentCheckLog {
  const known = knownCases(knownCaseIds);
  const headerOf = (key: EmploymentCheckKey): string => {
    const c = table.columns[key];
    const h = c === undefined ? null : table.header[c];
    return typeof h === 'string' && h.trim() ? h.trim() : EMPLOYMENT_CHECK_COLUMNS.find((d) => d.key === key)!.header;
  };
  const byCase = new Map<string, EmploymentCheck[]>();
  const problems: Problem[] = [];
  for (const row of dataRows(table)) {
    const caseId = cellText(row.get('caseId')).normalize('NFKC').trim();
    const report = (key: EmploymentCheckKey, message: string): void => {
      const v = row.get(key);
      problems.push({
        severity: 'error',
        sheet: table.sheet,
        row: row.rowNumber,
        column: headerOf(key),
        value: isCalendarDate(v) ? formatSlash(v) : cellText(v).trim(),
        caseId,
        message,
      });
    };
    let bad = false;
    const caseKey = normalizeKey(caseId);
    const idFault = caseIdFault(caseId, known);
    if (idFault) {
      report('caseId', `${idFault}${NOT_USED}`);
      bad = true;
    }
    const d = parseDateCell(row.get('checkDate'));
    if (d.kind === 'empty') {
      report('checkDate', `確認日が空です。就労しているかを確かめた日を入力してください。${NOT_USED}`);
      bad = true;
    } else if (d.kind === 'invalid') {
      report('checkDate', `${d.message}${NOT_USED}`);
      bad = true;
    }
    const stateText = cellText(row.get('state')).trim();
    const state = canonicalEnum(stateText, EMPLOYMENT_STATES);
    if (state === null) {
      const near = stateText ? nearest(stateText, EMPLOYMENT_STATES) : null;
      report(
        'state',
        `${stateText ? `「${stateText}」は選択肢にありません。${near ? `「${near}」のことなら、そのとおりに直してください。` : ''}` : '就労状況が空です。'}${EMPLOYMENT_STATES.join('／')}から選んでください。${NOT_USED}`,
      );
      bad = true;
    }
    if (bad || d.kind !== 'date' || state === null) continue;
    const check: EmploymentCheck = {
      rowNumber: row.rowNumber,
      caseId,
      caseKey,
      checkDate: d.date,
      employed: state === '就労中',
      method: cellText(row.get('method')).trim(),
    };
    const list = byCase.get(caseKey);
    if (list) list.push(check);
    else byCase.set(caseKey, [check]);
  }
  for (const list of byCase.values()) list.sort((a, b) => compareDates(a.checkDate, b.checkDate));
  return { byCase, problems };
}

/** The check that answers "employed on `day`?": the earliest one dated on or after it, or null. */
export function checkFor(log: EmploymentCheckLog, caseId: string, day: CalendarDate): EmploymentCheck | null {
  return (log.byCase.get(normalizeKey(caseId)) ?? []).find((c) => compareDates(c.checkDate, day) >= 0) ?? null;
}
