// 月次の支援状況を確認 (CLI: teichaku contacts <book> --month 対象月; the menu asks): reads ケース台帳 and 支援記録 once,
// judges every case in service that month and rebuilds the 支援状況_YYYY-MM tab. Never changes a user's cell.
// See docs/rules.md#月次の支援と報酬.

import { formatSlash, formatYearMonth, type CalendarDate, type YearMonth } from '../domain/calendar';
import {
  missingContactColumns,
  monthFirstDay,
  monthLastDay,
  monthlyCompliance,
  readContactLog,
  type MonthlyStatus,
} from '../domain/contacts';
import { SEVERITY_LABEL, type Problem } from '../domain/problem';
import { REPORT_TAB } from '../domain/report';
import { CONTACT_COLUMNS, TAB } from '../domain/schema';
import { locateTable } from '../domain/table';
import type { Cell, SheetContent } from '../workbook/port';
import { titleRow, writeGeneratedTab } from './shared/generated';
import { sessionCheck, sessionSettings } from './shared/ledger';
import { LAST_MONTH, optionValue } from './shared/options';
import { blockedCaseProblems, noticeLines, PROBLEM_HEADER } from './shared/problems';
import { readReportsToPerson } from './shared/reportRead';
import { sessionOf, sessionTab, type RunSession } from './shared/session';
import { UnusableBookError, type CommandContext, type CommandDef, type CommandResult } from './types';

export const SUPPORT_STATUS_HEADER = [
  'ケースID',
  '事業所名',
  '対面（本人）',
  '企業連絡',
  '職場訪問',
  '支援レポート共有（本人）',
  '加算',
  '判定',
] as const;
const WIDTH = Math.max(PROBLEM_HEADER.length, SUPPORT_STATUS_HEADER.length);
const MISSING_BG = '#f4cccc';
const WARNING_BG = '#fff2cc';

export function supportStatusTabName(month: YearMonth): string {
  return `${TAB.supportStatusPrefix}${formatYearMonth(month)}`;
}

export function runContacts(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const month = optionValue(LAST_MONTH, ctx);
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const check = sessionCheck(session);

  const values = sessionTab(session, TAB.contacts);
  if (values === null) {
    throw new UnusableBookError(
      `「${TAB.contacts}」タブがありません。メニュー「初期設定」（CLI: teichaku setup）で作成し、支援の記録を入力してください。`,
    );
  }
  const table = locateTable(TAB.contacts, values, CONTACT_COLUMNS, 'caseId');
  if (!table) {
    throw new UnusableBookError(
      `「${TAB.contacts}」タブの1〜10行目に見出し「ケースID」の行が見つかりません。見出し行に「ケースID」列を作ってください。`,
    );
  }
  const missing = missingContactColumns(table);
  if (missing.length) {
    throw new UnusableBookError(
      `「${TAB.contacts}」タブに次の列がありません: ${missing.join('、')}。見出し行に追加してください（「初期設定」で作った表の見出しと同じ名前にします）。`,
    );
  }

  const log = readContactLog(
    table,
    check.cases.map((c) => c.caseId),
    today,
  );
  const usable = check.cases.filter((c) => !check.cannotCompute(c.rowNumber));
  // A row of the 支援レポート tab shared with 本人 counts like a 支援記録 row (see docs/rules.md).
  const report = monthlyCompliance(usable, log.entries, month, {
    reportsToPerson: readReportsToPerson(book, sessionTab(session, REPORT_TAB)),
  });
  const blocked = blockedCaseProblems(
    check.cases.filter((c) => check.cannotCompute(c.rowNumber)),
    'この月の支援状況に含めていません',
  );
  const problems = [...blocked, ...report.problems, ...log.problems];

  const content = buildSheet(month, report.statuses, problems, today);
  const tab = writeGeneratedTab(book, supportStatusTabName(month), content);

  const short = report.statuses.filter((s) => s.missing.length > 0).length;
  const ok = report.statuses.length - short;
  const label = `${month.y}年${month.m}月`;
  let summary =
    report.statuses.length === 0
      ? `支援状況 ${label}: この月に利用期間がかかるケースはありません。`
      : `支援状況 ${label}: ${report.statuses.length}件中 OK ${ok}件・不足あり ${short}件。詳しくは「${tab.name}」タブを見てください。`;
  const badRows = new Set(log.problems.filter((p) => p.severity === 'error').map((p) => p.row)).size;
  if (badRows) summary += `支援記録に集計できない行が${badRows}行あります。`;

  const notices = [...settings.problems, ...(tab.notice ? [tab.notice] : []), ...noticeLines(problems, tab.name)];
  return {
    command: 'contacts',
    summary,
    notices,
    wroteTabs: [tab.name],
    details: {
      month: formatYearMonth(month),
      cases: report.statuses.length,
      ok,
      short,
      statuses: report.statuses.map((s) => ({
        caseId: s.caseId,
        office: s.office,
        faceToFace: s.faceToFace,
        employerContacts: s.employerContacts,
        employerVisits: s.employerVisits,
        reportsShared: s.reportsShared,
        reportsToPerson: s.reportsToPerson,
        additions: s.additions,
        verdict: s.verdict,
      })),
      problems,
    },
  };
}

function buildSheet(
  month: YearMonth,
  statuses: readonly MonthlyStatus[],
  problems: readonly Problem[],
  today: CalendarDate,
): SheetContent {
  const pad = (row: Cell[]): Cell[] => [...row, ...new Array<Cell>(Math.max(0, WIDTH - row.length)).fill(null)];
  const values: Cell[][] = [];
  const backgrounds: (string | null)[][] = [];
  const boldRows: number[] = [];
  const push = (row: Cell[], bg: string | null = null, bgCol = -1): void => {
    values.push(pad(row));
    backgrounds.push(new Array<string | null>(WIDTH).fill(null).map((_, c) => (c === bgCol ? bg : null)));
  };

  push(titleRow(`支援状況 ${month.y}年${month.m}月`, today));
  push([
    `対象: ${formatSlash(monthFirstDay(month))}〜${formatSlash(monthLastDay(month))}に利用期間（利用開始日、空欄なら利用開始可能日 〜 支援終了予定日）がかかるケース。` +
      '判定: 本人との対面（職場訪問・家庭訪問・事業所での面談・医療機関同行・喫茶店などで面談）1回以上と、本人への支援レポートの共有（相手「本人」で支援レポート共有「はい」）が必要です（企業だけへの共有は数えません）。職場訪問のない月は警告です（電話・メールは訪問に数えません）。' +
      '加算: 初期加算は利用開始の月（前利用事業所区分「自法人」の就労移行支援からの利用は一体的運営とみなして対象外）、地域連携会議実施加算は方法「地域連携会議」の月（月1回・年度4回まで）。',
  ]);
  push([]);
  boldRows.push(values.length);
  push([...SUPPORT_STATUS_HEADER]);
  for (const s of statuses) {
    const bg = s.missing.length ? MISSING_BG : s.warnings.length ? WARNING_BG : null;
    push(
      [
        s.caseId,
        s.office,
        s.faceToFace,
        s.employerContacts,
        s.employerVisits,
        s.reportsToPerson > 0 ? 'はい' : 'いいえ',
        s.additions.join('・') || null,
        s.verdict,
      ],
      bg,
      SUPPORT_STATUS_HEADER.length - 1,
    );
  }
  if (statuses.length === 0)
    push([null, null, null, null, null, null, null, 'この月に利用期間がかかるケースはありません。']);

  push([]);
  boldRows.push(values.length);
  push([problems.length ? `支援記録・台帳の問題（${problems.length}件）` : '支援記録・台帳の問題: ありません']);
  if (problems.length) {
    boldRows.push(values.length);
    push([...PROBLEM_HEADER]);
    for (const p of problems) {
      push([p.sheet, p.row || null, p.caseId, p.column, p.value, SEVERITY_LABEL[p.severity], p.message]);
    }
  }
  return {
    values,
    backgrounds,
    boldRows,
    asText: true,
  };
}

/** What runContacts reads: the ledger's check, 連絡記録 and 支援レポート. */
function readsOfContacts(session: RunSession): void {
  sessionCheck(session);
  sessionTab(session, TAB.contacts);
  sessionTab(session, REPORT_TAB);
}

export const contacts: CommandDef = {
  name: 'contacts',
  title: '月次の支援状況を確認',
  help: '支援記録から月ごとの対面支援・企業連絡・支援レポートの実施状況を確認',
  options: [LAST_MONTH],
  needsTabs: [TAB.ledger, TAB.contacts],
  reads: readsOfContacts,
  run: runContacts,
};
