// The two forms the product makes (menus 報告フォームを作成 / ケース報告フォームを作成): their questions,
// derived from the workbook contract so that every answer lands under a header intake reads.
// Platform-neutral: src/gas/forms.ts turns a FormSpec into FormApp calls.

import { MAX_MONTHLY_COUNT } from './activity';
import { ACTIVITY_COLUMNS, CASE_REPORT_COLUMNS, CASE_REPORT_PRIVACY } from './schema';

export type FormKind = 'activity' | 'case';
export type QuestionKind = 'list' | 'text' | 'paragraph' | 'date' | 'checkbox';

export interface Question {
  /** Equal to the header intake reads (docs/rules.md 台帳の列). */
  readonly title: string;
  readonly kind: QuestionKind;
  readonly required: boolean;
  readonly helpText: string;
  /** For list and checkbox questions. */
  readonly choices?: readonly string[];
  /** A text answer must match this whole pattern (Forms' 回答の検証). */
  readonly pattern?: { readonly regex: string; readonly message: string };
}

export interface FormSpec {
  readonly kind: FormKind;
  readonly title: string;
  readonly description: string;
  readonly questions: readonly Question[];
}

/** 対象年月 as intake always reads it. */
export const MONTH_PATTERN = '[0-9]{4}-(0[1-9]|1[0-2])';
/** A whole number ≥ 0 with at most as many digits as a monthly count may have. */
export const COUNT_PATTERN = `[0-9]{1,${String(MAX_MONTHLY_COUNT).length}}`;

export function activityFormSpec(centers: readonly string[], deadlineDay: number): FormSpec {
  const header = (key: string): string => ACTIVITY_COLUMNS.find((c) => c.key === key)!.header;
  const count = (key: string, help: string): Question => ({
    title: header(key),
    kind: 'text',
    required: true,
    helpText: `${help}（0以上の整数。なければ 0）`,
    pattern: { regex: COUNT_PATTERN, message: `0以上${MAX_MONTHLY_COUNT}以下の整数を半角で入力してください。` },
  });
  return {
    kind: 'activity',
    title: '活動報告',
    description: `センターごとの毎月の活動報告です。対象月の翌月${deadlineDay}日までに提出してください。同じ月をもう一度送ると、新しい回答が前の回答を置き換えます。`,
    questions: [
      { title: header('center'), kind: 'list', required: true, helpText: '報告するセンター', choices: centers },
      {
        title: header('month'),
        kind: 'text',
        required: true,
        helpText: '報告する月を「2025-04」の形で（半角）',
        pattern: { regex: MONTH_PATTERN, message: '「2025-04」の形（西暦4桁-月2桁）で入力してください。' },
      },
      count('caseMeetings', '個別支援会議の件数'),
      count('networkMeetings', 'ネットワーク会議等の件数'),
      count('trainings', '研修会等の件数'),
      { title: header('trainingTopics'), kind: 'paragraph', required: false, helpText: '研修会の内容（任意）' },
      { title: header('submitter'), kind: 'text', required: true, helpText: '提出する人の名前' },
    ],
  };
}

export function caseFormSpec(centers: readonly string[]): FormSpec {
  return {
    kind: 'case',
    title: 'ケース報告',
    description: `事業所から担当センターへのケースの報告です。${CASE_REPORT_PRIVACY}`,
    questions: CASE_REPORT_COLUMNS.map((c): Question => {
      const base = { title: c.header, required: c.required === true, helpText: c.help ?? '' };
      if (c.key === 'caseId') return { ...base, kind: 'text', helpText: 'ケースID（氏名は書かないでください）' };
      if (c.key === 'center') return { ...base, kind: 'list', choices: centers };
      if (c.key === 'remarks')
        return { ...base, kind: 'paragraph', helpText: '氏名など個人が分かることは書かないでください' };
      if (c.kind === 'date') return { ...base, kind: 'date' };
      if (c.kind === 'enum') return { ...base, kind: 'list', choices: c.values ?? [] };
      if (c.kind === 'multiEnum') return { ...base, kind: 'checkbox', choices: c.values ?? [] };
      return { ...base, kind: 'text' };
    }),
  };
}

/** The question whose answer a prefilled link per center chooses. */
export const CENTER_QUESTION = ACTIVITY_COLUMNS.find((c) => c.key === 'center')!.header;
