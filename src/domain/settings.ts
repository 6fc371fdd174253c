// The 設定 tab: the center list and the flag windows, as a user can edit them.

import type { Cell } from './cell';
import {
  CENTER_EMAIL_HEADER,
  CENTER_LIST_HEADER,
  DEFAULT_CENTERS,
  SETTINGS,
  SETTINGS_HEADER,
  type SettingKey,
} from './schema';
import { normalizeCenter, normalizeKey } from './text';
import { monthEndSettingsBlock } from './monthEnd';
import { cellText, isBlankCell } from './table';

export interface Settings {
  readonly centers: readonly string[];
  readonly planWindowDays: number;
  readonly shareWarnDays: number;
  readonly lookBackDays: number;
  readonly grantWarnDays: number;
  readonly formTab: string;
  readonly digestTo: readonly string[];
  /** 活動報告 is due on this day of the month after the month it reports (1–31, clamped to the month's end). */
  readonly reportDeadlineDay: number;
  /** 未提出のお知らせメール is 「する」: the daily run mails centers whose report is overdue. */
  readonly reminders: boolean;
  /** Each center's addresses (the center list's メールアドレス column), by position in `centers`. */
  readonly centerEmails: readonly (readonly string[])[];
  /** 支援体制構築の指針（策定日）: '' while blank (an office-wide measure of the 減算 rule). */
  readonly supportPolicyDate: string;
  /** 支援体制構築の責任者: '' while blank. */
  readonly supportManager: string;
  /** Problems found while reading 設定 (a bad number, an empty center list) — defaults were used. */
  readonly problems: readonly string[];
}

export const DEFAULT_SETTINGS: Settings = {
  centers: [...DEFAULT_CENTERS],
  planWindowDays: 180,
  shareWarnDays: 30,
  lookBackDays: 90,
  grantWarnDays: 60,
  formTab: 'フォームの回答 1',
  digestTo: [],
  reportDeadlineDay: 10,
  reminders: false,
  centerEmails: [],
  supportPolicyDate: '',
  supportManager: '',
  problems: [],
};

function splitAddresses(text: string): string[] {
  return text
    .split(/[,、，;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Reads the 設定 tab's values; a missing tab (null) gives the defaults. */
export function parseSettings(values: readonly (readonly Cell[])[] | null): Settings {
  if (!values) return DEFAULT_SETTINGS;
  const problems: string[] = [];
  const byLabel = new Map(SETTINGS.map((s) => [normalizeKey(s.label), s]));
  const found: Partial<Record<SettingKey, Cell>> = {};
  let centerCol = -1;
  let centerRow = -1;
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    for (let c = 0; c < row.length; c++) {
      const text = typeof row[c] === 'string' ? normalizeKey(row[c] as string) : '';
      if (!text) continue;
      const def = byLabel.get(text);
      if (def && found[def.key] === undefined) found[def.key] = row[c + 1] ?? null;
      if (centerCol < 0 && text === normalizeKey(CENTER_LIST_HEADER)) {
        centerCol = c;
        centerRow = r;
      }
    }
  }
  const centers: string[] = [];
  const centerEmails: string[][] = [];
  if (centerCol >= 0) {
    const seen = new Set<string>();
    const emailCol = values[centerRow].findIndex(
      (c) => typeof c === 'string' && normalizeKey(c) === normalizeKey(CENTER_EMAIL_HEADER),
    );
    for (let r = centerRow + 1; r < values.length; r++) {
      const cell = values[r][centerCol];
      if (isBlankCell(cell)) break;
      const name = cellText(cell).trim();
      const norm = normalizeCenter(name);
      if (seen.has(norm)) {
        problems.push(`設定タブ ${r + 1}行目: センター名「${name}」が重複しています。重複行を削除してください。`);
        continue;
      }
      seen.add(norm);
      centers.push(name);
      centerEmails.push(emailCol < 0 ? [] : splitAddresses(cellText(values[r][emailCol] ?? null)));
    }
  }
  if (centers.length === 0) {
    problems.push(
      '設定タブにセンター名の一覧がありません。既定の16センターを使いました。「初期設定」を実行するか、「センター名」見出しの下に一覧を入力してください。',
    );
  }

  const num = (key: SettingKey, fallback: number): number => {
    const v = found[key];
    if (v === undefined || isBlankCell(v)) return fallback;
    const n = typeof v === 'number' ? v : Number(normalizeKey(cellText(v)));
    if (!Number.isInteger(n) || n < 0 || n > 3650) {
      const label = SETTINGS.find((s) => s.key === key)?.label ?? key;
      problems.push(
        `設定タブ「${label}」の値「${cellText(v)}」は0以上の整数ではありません。既定値${fallback}を使いました。`,
      );
      return fallback;
    }
    return n;
  };
  const text = (key: SettingKey, fallback: string): string => {
    const v = found[key];
    return v === undefined || isBlankCell(v) ? fallback : cellText(v).trim();
  };
  const digest = text('digestTo', '');
  let deadlineDay = num('reportDeadlineDay', DEFAULT_SETTINGS.reportDeadlineDay);
  if (deadlineDay < 1 || deadlineDay > 31) {
    const label = SETTINGS.find((s) => s.key === 'reportDeadlineDay')!.label;
    problems.push(`設定タブ「${label}」の値「${deadlineDay}」は1〜31の日ではありません。既定値10を使いました。`);
    deadlineDay = DEFAULT_SETTINGS.reportDeadlineDay;
  }
  return {
    centers: centers.length ? centers : DEFAULT_SETTINGS.centers,
    planWindowDays: num('planWindowDays', DEFAULT_SETTINGS.planWindowDays),
    shareWarnDays: num('shareWarnDays', DEFAULT_SETTINGS.shareWarnDays),
    lookBackDays: num('lookBackDays', DEFAULT_SETTINGS.lookBackDays),
    grantWarnDays: num('grantWarnDays', DEFAULT_SETTINGS.grantWarnDays),
    formTab: text('formTab', DEFAULT_SETTINGS.formTab),
    digestTo: splitAddresses(digest),
    reportDeadlineDay: deadlineDay,
    reminders: /^(する|はい|on|yes|true|1)$/i.test(normalizeKey(text('reminders', ''))),
    centerEmails: centers.length ? centerEmails : [],
    supportPolicyDate: text('supportPolicyDate', ''),
    supportManager: text('supportManager', ''),
    problems,
  };
}

/** The 設定 tab setup writes: settings at the top, the center list below. */
export function defaultSettingsSheet(): Cell[][] {
  const rows: Cell[][] = [[...SETTINGS_HEADER]];
  for (const s of SETTINGS) rows.push([s.label, s.default === '' ? null : s.default, s.note]);
  rows.push([null, null, null]);
  rows.push(['No.', CENTER_LIST_HEADER, '（この一覧の順に集計します。追加・並べ替えできます）']);
  DEFAULT_CENTERS.forEach((name, i) => rows.push([i + 1, name, null]));
  // 月末確認 and the 担当者 → メールアドレス table, at the right (columns E–G): see domain/monthEnd.ts.
  monthEndSettingsBlock().forEach((cells, i) => rows[i].push(null, ...cells));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Office-wide duties of the 支援体制構築未実施減算 (docs/rules.md 引継ぎと情報共有): besides sharing each
// 要継続支援 client's information 3 months before the end, the office must have a written 指針 and a named
// 責任者; with any one measure missing the 10% deduction applies whatever the sharing dates.

/** The labels of the office duties still blank in 設定 (empty when both are filled). */
export function missingOfficeDuties(settings: Pick<Settings, 'supportPolicyDate' | 'supportManager'>): string[] {
  const label = (key: SettingKey): string => SETTINGS.find((s) => s.key === key)!.label;
  const out: string[] = [];
  if (!settings.supportPolicyDate.trim()) out.push(label('supportPolicyDate'));
  if (!settings.supportManager.trim()) out.push(label('supportManager'));
  return out;
}

/**
 * The warning to show while an office duty is blank and some case is 要継続支援 該当, or null.
 * `needsSupport` are the canonical 要継続支援 values of the ledger's cases.
 */
export function officeDutyWarning(
  settings: Pick<Settings, 'supportPolicyDate' | 'supportManager'>,
  needsSupport: readonly (string | null | undefined)[],
): string | null {
  const missing = missingOfficeDuties(settings);
  if (missing.length === 0) return null;
  const n = needsSupport.filter((v) => v === '該当').length;
  if (n === 0) return null;
  return (
    `設定タブの${missing.map((m) => `「${m}」`).join('と')}が空です。要継続支援「該当」の利用者が${n}人いるため、情報共有の日付にかかわらず、支援体制構築未実施減算（所定単位数の10%）がかかります。` +
    `事業所の支援体制構築の指針を定めてその策定日を、責任者を決めてその氏名を、設定タブの「値」列に入力してください（その行がなければ「項目」列に同じ名前で行を追加します）。`
  );
}
