// 定着率を計算 (CLI: teichaku retention <book> [--fy 年度]; the menu asks for the fiscal year): reads
// ケース台帳 once, computes each office's 就労定着率 for the fiscal year and rebuilds the 定着率 tab — the
// figures, then every person counted by ケースID so an office can check them. Never changes a user's
// cell. See docs/rules.md#就労定着率.

import { compareDates, fiscalYearLabel, fiscalYearOf, formatSlash, type CalendarDate } from '../domain/calendar';
import { SEVERITY_LABEL, type Problem } from '../domain/problem';
import { retentionByOffice, retentionForecast, type OfficeForecast, type RetentionReport } from '../domain/retention';
import { TAB } from '../domain/schema';
import type { Cell, SheetContent } from '../workbook/port';
import { titleRow, writeGeneratedTab } from './shared/generated';
import { ledgerFollowUps, sessionCheck, sessionSettings } from './shared/ledger';
import { FISCAL_YEAR, optionValue } from './shared/options';
import { blockedCaseProblems, noticeLines, PROBLEM_HEADER } from './shared/problems';
import { sessionOf } from './shared/session';
import type { CommandContext, CommandDef, CommandResult } from './types';

export const RETENTION_HEADER = [
  '事業所名',
  '対象者数',
  '就労継続者数',
  '就労定着率',
  '報酬区分',
  '基本報酬（単位）',
  '備考',
  '未確認',
  '未確認が全員離職なら定着率',
  '未確認が全員離職なら報酬区分',
] as const;
export const FORECAST_HEADER = [
  '事業所名',
  '対象者数',
  '就労継続者数',
  '見込みの定着率',
  '報酬区分',
  'あと何人の離職で区分が下がるか',
  '結果を左右するケース',
] as const;
export const PERSON_HEADER = ['事業所名', 'ケースID', '就労継続', '利用期間', '基準日の状況'] as const;

// Two decimals: with one, 1,899 of 2,000 (94.95%) would show as 95.0% beside the 90–95% tier.
export const RATE_FORMAT = '0.00%';
const UNITS_FORMAT = '#,##0';
const WIDTH = RETENTION_HEADER.length;
// Column D holds the rate in both tables (RATE_FORMAT); column I the rate if every unconfirmed person had left.

export function runRetention(ctx: CommandContext): CommandResult {
  const { book, today } = ctx;
  const fy = optionValue(FISCAL_YEAR, ctx);
  const session = sessionOf(ctx);
  const settings = sessionSettings(session);
  const check = sessionCheck(session);
  const usable = check.cases.filter((c) => !check.cannotCompute(c.rowNumber));
  const followUps = ledgerFollowUps(session);
  const inputs = usable.map((c) => ({ ...c, endReason: c.enums.endReason ?? null }));
  const report = retentionByOffice(inputs, fy, today, followUps);
  const forecast = retentionForecast(inputs, fiscalYearOf(today), today, followUps);
  const blocked = blockedCaseProblems(
    check.cases.filter((c) => check.cannotCompute(c.rowNumber)),
    '定着率に含めていません',
  );
  const problems = [...blocked, ...report.problems, ...followUps.problems].sort((a, b) =>
    a.sheet === b.sheet ? a.row - b.row : a.sheet === TAB.ledger ? -1 : 1,
  );
  const provisional = compareDates(report.period.to, today) >= 0;

  const tab = writeGeneratedTab(
    book,
    TAB.retention,
    buildSheet(report, problems, today, provisional, forecast, fiscalYearOf(today)),
  );

  const computed = report.offices.filter((o) => o.rate !== null);
  const label = `${fiscalYearLabel(fy)}（${fy}年度）`;
  // The summary is one line: a few offices by name, the rest in the tab.
  const SHOWN = 5;
  const figures =
    computed
      .slice(0, SHOWN)
      .map((o) => `${o.office} ${percent(o.rate!)}`)
      .join('、') + (computed.length > SHOWN ? `ほか${computed.length - SHOWN}事業所` : '');
  let summary =
    report.offices.length === 0
      ? `就労定着率 ${label}: ケース台帳に事業所名のあるケースがありません。`
      : `就労定着率 ${label}: ${figures || '算定できる事業所はありません'}。詳しくは「${tab.name}」タブを見てください。`;
  const uncomputed = report.offices.length - computed.length;
  if (report.offices.length && uncomputed) summary += `過去3年度の利用者がいない事業所が${uncomputed}か所あります。`;
  const unconfirmed = report.offices.reduce((n, o) => n + o.unconfirmed, 0);
  if (unconfirmed) {
    summary += `基準日に就労していたか未確認の人が${unconfirmed}人います（就労継続として数えています。「${TAB.employmentChecks}」タブに記録してください）。`;
  }

  const notices = [
    ...settings.problems,
    ...(tab.notice ? [tab.notice] : []),
    ...(provisional
      ? [
          `基準日（${formatSlash(report.period.to)}）がまだ来ていないため、就労定着率は今日までの入力にもとづく見込みです。`,
        ]
      : []),
    ...noticeLines(problems, tab.name),
  ];
  return {
    command: 'retention',
    summary,
    notices,
    wroteTabs: [tab.name],
    details: {
      fy,
      from: formatSlash(report.period.from),
      referenceDay: formatSlash(report.period.to),
      provisional,
      offices: report.offices.map((o) => ({
        office: o.office,
        persons: o.persons.length,
        employed: o.employed,
        rate: o.rate,
        tier: o.tier?.label ?? null,
        units: o.tier?.units ?? null,
        note: o.note,
        caseIds: o.persons.map((p) => p.caseId),
        unconfirmed: o.unconfirmed,
        unconfirmedCaseIds: o.persons.filter((p) => p.unconfirmed).map((p) => p.caseId),
        worstRate: o.worstRate,
        worstTier: o.worstTier?.label ?? null,
      })),
      forecast: forecast.map((f) => ({
        office: f.office,
        fy: fiscalYearOf(today) + 1,
        persons: f.persons,
        employed: f.employed,
        rate: f.rate,
        tier: f.tier?.label ?? null,
        marginBeforeDrop: f.marginBeforeDrop,
        deciding: f.deciding.map((d) => ({
          caseId: d.caseId,
          why: d.why,
          rateIfLeft: d.rateIfLeft,
          tierIfLeft: d.tierIfLeft?.label ?? null,
        })),
      })),
      problems,
    },
  };
}

/**
 * A rate cut (not rounded) to 0.01 %, so a figure never shows above its fee tier: 89.996 % is 89.99 %,
 * not 90.00 %. The tab's cells hold the cut value too, so the tab and the summary say the same.
 */
function cutRate(rate: number): number;
function cutRate(rate: number | null): number | null;
function cutRate(rate: number | null): number | null {
  return rate === null ? null : Math.floor(rate * 10000 + 1e-9) / 10000;
}

/** 57.14% (two decimals, cut). */
function percent(rate: number): string {
  return `${(cutRate(rate) * 100).toFixed(2)}%`;
}

function buildSheet(
  report: RetentionReport,
  problems: readonly Problem[],
  today: CalendarDate,
  provisional: boolean,
  forecast: readonly OfficeForecast[],
  currentFy: number,
): SheetContent {
  const { period } = report;
  const fy = period.fy;
  const values: Cell[][] = [];
  const boldRows: number[] = [];
  const push = (row: readonly Cell[], bold = false): void => {
    if (bold) boldRows.push(values.length);
    values.push([...row, ...new Array<Cell>(Math.max(0, WIDTH - row.length)).fill(null)]);
  };

  push(titleRow(`就労定着率 ${fiscalYearLabel(fy)}（${fy}年度）${provisional ? '・見込み' : ''}`, today));
  push([
    `対象者数: ${fy - 3}〜${fy - 1}年度（${formatSlash(period.from)}〜${formatSlash(period.to)}）に利用期間（利用開始日、空欄なら利用開始可能日 〜 支援終了予定日）がかかる人。` +
      `就労継続者数: そのうち基準日 ${formatSlash(period.to)} に就労している人（離職後1か月以内の再就職1回は就労継続、離職は含めません）。` +
      `報酬区分・基本報酬は令和6年度報酬改定の単位数です${fy < 2024 ? `（${fy}年度の実際の単位数は当時の報酬告示によります）` : ''}。`,
  ]);
  push([]);
  push([...RETENTION_HEADER], true);
  for (const o of report.offices) {
    push([
      o.office,
      o.persons.length,
      o.employed,
      cutRate(o.rate),
      o.tier?.label ?? null,
      o.tier?.units ?? null,
      o.note || null,
      o.persons.length ? o.unconfirmed : null,
      o.persons.length ? cutRate(o.worstRate) : null,
      o.persons.length ? (o.worstTier?.label ?? null) : null,
    ]);
  }
  if (report.offices.length === 0)
    push([null, null, null, null, null, null, 'ケース台帳に事業所名のあるケースがありません。']);

  push([]);
  push([`対象者の内訳（事業所ごと・台帳の順）`], true);
  push([...PERSON_HEADER], true);
  let listed = 0;
  for (const o of report.offices) {
    for (const p of o.persons) {
      listed++;
      push([
        o.office,
        p.caseId,
        p.status.employed ? 'はい' : 'いいえ',
        `${formatSlash(p.window.start)}〜${formatSlash(p.window.end)}`,
        p.status.note,
      ]);
    }
  }
  if (listed === 0) push([null, null, null, null, '対象者はいません。']);

  push([]);
  const nextFy = currentFy + 1;
  push(
    [`来年度の見込み: ${fiscalYearLabel(nextFy)}（${nextFy}年度、基準日 ${formatSlash({ y: nextFy, m: 3, d: 31 })}）`],
    true,
  );
  push([
    '今日までの入力で数えた見込みです。「結果を左右するケース」は、基準日に就労しているかがまだわからないケース（支援が基準日より前に終わる、離職後の再就職待ち、離職・再就職の理由が未記録）と、そのケースが離職した場合の定着率・報酬区分です。',
  ]);
  push([...FORECAST_HEADER], true);
  for (const f of forecast) {
    // One deciding case a line: a list in one cell would run past the printed page.
    const deciding = f.deciding.map(
      (d) => `${d.caseId}（${d.why}。離職なら ${percent(d.rateIfLeft)}・${d.tierIfLeft?.label ?? '-'}）`,
    );
    push([
      f.office,
      f.persons,
      f.employed,
      cutRate(f.rate),
      f.tier?.label ?? null,
      f.marginBeforeDrop,
      deciding[0] ?? (f.persons ? 'なし' : null),
    ]);
    for (const line of deciding.slice(1)) push([null, null, null, null, null, null, line]);
  }

  push([]);
  push(
    [problems.length ? `台帳の問題（定着率に含めていない行: ${problems.length}件）` : '台帳の問題: ありません'],
    true,
  );
  if (problems.length) {
    push([...PROBLEM_HEADER], true);
    for (const p of problems) {
      push([p.sheet, p.row || null, p.caseId, p.column, p.value, SEVERITY_LABEL[p.severity], p.message]);
    }
  }

  return {
    values,
    boldRows,
    frozenRows: 4,
    // 就労定着率 as a number shown as a percentage; the other rows of column D hold text, which a format leaves alone.
    columnFormats: [null, null, null, RATE_FORMAT, null, UNITS_FORMAT, null, null, RATE_FORMAT, null],
    asText: true,
  };
}

export const retention: CommandDef = {
  name: 'retention',
  title: '定着率を計算',
  help: '就労定着率（年度）を計算し、定着率タブを作成',
  options: [FISCAL_YEAR],
  needsTabs: [TAB.ledger],
  reads: ledgerFollowUps,
  run: runRetention,
};
