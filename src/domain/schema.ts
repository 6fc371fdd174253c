// The workbook contract (docs/rules.md 台帳の列): every name a user sees, in one place.
// Code uses the English keys; Japanese is only what the sheet shows.

export const TAB = {
  ledger: 'ケース台帳',
  activity: '活動報告',
  settings: '設定',
  contacts: '支援記録',
  formResponses: 'フォームの回答 1',
  validation: '検証結果',
  handovers: '引継ぎ予定',
  centerSummary: 'センター別集計',
  centerTabPrefix: '集計_',
  prefecture: '県集計',
  monthlyPrefix: '月次集計_',
  intakeErrors: '取り込みエラー',
  supportStatusPrefix: '支援状況_',
  retention: '定着率',
  submissionStatus: '提出状況',
  intakeHistory: '取り込み履歴',
  jobChanges: '離職・再就職',
  employmentChecks: '就労確認',
} as const;

export type ColumnKind = 'text' | 'date' | 'enum' | 'multiEnum' | 'digits' | 'count' | 'month' | 'timestamp';

export interface ColumnDef<K extends string = string> {
  readonly key: K;
  readonly header: string;
  readonly aliases: readonly string[];
  readonly kind: ColumnKind;
  /** Fixed values for enum columns, in the order a dropdown shows them. */
  readonly values?: readonly string[];
  readonly required?: boolean;
  /** What to enter, for users (form help text; docs/rules.md 台帳の列). */
  readonly help?: string;
}

function col<K extends string>(
  key: K,
  header: string,
  kind: ColumnKind = 'text',
  extra: { aliases?: string[]; values?: string[]; required?: boolean; help?: string } = {},
): ColumnDef<K> {
  const def = { key, header, kind, aliases: extra.aliases ?? [], values: extra.values, required: extra.required };
  return extra.help ? { ...def, help: extra.help } : def;
}

/** What 起算日（復職等） means: the 6 months run from the day the person returned to work. */
export const RESTART_HELP =
  '復職・時間延長の場合だけ入力します。復職した日（時間を延長した日）を入れてください。6か月はこの日を1日目として数えます（例: 復職 2024/04/10 → 6月到達日 2024/10/09・利用開始可能日 2024/10/10）。';

export const DISABILITY_TYPES = ['身体', '知的', '精神', '発達', '難病', '高次脳機能', 'その他'] as const;
export const PRIOR_SERVICES = ['就労移行支援', '就労継続支援A型', '就労継続支援B型', '生活介護', '自立訓練'] as const;
export const PRIOR_OFFICE_KINDS = ['自法人', '他法人'] as const;
export const EMPLOYER_KINDS = ['一般企業', '特例子会社', '公的機関', '就労継続支援A型事業所', 'その他'] as const;
export const INELIGIBLE_EMPLOYER_KIND = '就労継続支援A型事業所';
export const PLAN_KINDS = ['計画相談', 'セルフプラン'] as const;
export const END_REASONS = ['期間満了', '離職', '本人希望', '転居', 'その他'] as const;
export const NEEDS_SUPPORT = ['該当', '非該当', '未判定'] as const;
export const HANDOVER_STATES = ['未着手', '調整中', '済', '不要'] as const;
/** 情報共有先: who the handover information was shared with (several allowed, like 障害種別). */
export const SHARE_TARGETS = ['ナカポツセンター', '企業', '相談支援', 'その他'] as const;

/** ケース台帳: the columns users fill in, in the order setup writes them. */
export const LEDGER_COLUMNS = [
  col('caseId', 'ケースID', 'text', { aliases: ['管理番号'], required: true }),
  col('recipientNo', '受給者証番号', 'digits', { aliases: ['受給者番号'] }),
  col('name', '氏名'),
  col('office', '事業所名', 'text', { required: true }),
  col('center', '担当センター', 'text', {
    aliases: ['ナカポツ', '障害者就業・生活支援センター'],
    required: true,
  }),
  col('disability', '障害種別', 'multiEnum', { values: [...DISABILITY_TYPES] }),
  col('priorService', '利用前サービス', 'enum', { values: [...PRIOR_SERVICES] }),
  col('priorOfficeKind', '前利用事業所区分', 'enum', { values: [...PRIOR_OFFICE_KINDS] }),
  col('employer', '就職先'),
  col('employerKind', '就職先区分', 'enum', { values: [...EMPLOYER_KINDS] }),
  col('hireDate', '就職日', 'date', { required: true }),
  col('restartDate', '起算日（復職等）', 'date', { help: RESTART_HELP }),
  col('startDate', '利用開始日', 'date'),
  col('grantStart', '支給決定開始日', 'date'),
  col('grantEnd', '支給決定終了日', 'date'),
  col('planKind', '計画相談', 'enum', { values: [...PLAN_KINDS] }),
  col('separationDate', '離職日', 'date'),
  col('rehireDate', '再就職日', 'date'),
  col('endDate', '利用終了日', 'date'),
  col('endReason', '終了理由', 'enum', { values: [...END_REASONS] }),
  col('needsSupport', '要継続支援', 'enum', { values: [...NEEDS_SUPPORT] }),
  col('consentDate', '同意取得日', 'date'),
  col('sharedDate', '情報共有日', 'date'),
  col('sharedWith', '情報共有先', 'multiEnum', {
    values: [...SHARE_TARGETS],
    help: '情報を共有した相手（複数なら「、」で区切る）',
  }),
  col('handoverState', '引継ぎ状況', 'enum', { values: [...HANDOVER_STATES] }),
  col('staff', '担当者'),
  col('remarks', '備考'),
] as const;

export type LedgerKey = (typeof LEDGER_COLUMNS)[number]['key'];

/**
 * What an office sends a receiving center about a case (ケース報告フォーム, teichaku template cases):
 * the ledger without 氏名 and 受給者証番号 — the case is named by ケースID only (要配慮個人情報, docs/rules.md 台帳の列).
 */
export const CASE_REPORT_COLUMNS = LEDGER_COLUMNS.filter((c) => c.key !== 'name' && c.key !== 'recipientNo');

/** Why the case report asks for ケースID only: the description of the form and the template's note. */
export const CASE_REPORT_PRIVACY =
  '障害の状況は要配慮個人情報です。氏名・受給者証番号は書かず、ケースIDだけでケースを示してください（ケースIDと氏名の対応は事業所の台帳だけに置きます）。';

/** Columns the product owns on ケース台帳: added at the right when missing; the only ones it writes. */
export const OWNED_COLUMNS = [
  col('sixMonthDay', '6月到達日（自動）', 'date'),
  col('firstEligibleDay', '利用開始可能日（自動）', 'date'),
  col('lastEligibleDay', '最終利用可能日（自動）', 'date'),
  col('plannedEnd', '支援終了予定日（自動）', 'date'),
  col('shareDeadline', '情報共有期限（自動）', 'date'),
  col('daysLeft', '残日数（自動）', 'count'),
  col('flag', '引継ぎフラグ（自動）'),
  col('validation', '検証結果（自動）'),
] as const;

export type OwnedKey = (typeof OWNED_COLUMNS)[number]['key'];

/** 活動報告: one row per center per month. */
export const ACTIVITY_COLUMNS = [
  col('center', 'センター名', 'text', { required: true }),
  col('month', '対象年月', 'month', { required: true }),
  col('caseMeetings', '個別支援会議件数', 'count'),
  col('networkMeetings', 'ネットワーク会議件数', 'count'),
  col('trainings', '研修会件数', 'count'),
  col('trainingTopics', '研修会内容'),
  col('submittedAt', '提出日時', 'timestamp'),
  col('submitter', '提出者'),
] as const;

export type ActivityKey = (typeof ACTIVITY_COLUMNS)[number]['key'];

export const CONTACT_PARTIES = ['本人', '企業', '家族', '医療機関', 'ナカポツ', '相談支援', 'その他'] as const;
/** Contact methods (seed 004, Table 13). */
export const CONTACT_METHODS = [
  '電話',
  '職場訪問',
  'メール',
  '家庭訪問',
  'LINEなど',
  '事業所での面談',
  'オンラインフォーム',
  '医療機関同行',
  '他機関との連携',
  'テレビ会議',
  '喫茶店などで面談',
  '地域連携会議',
] as const;
/** The method that meets the monthly employer-visit duty (a call, mail or a meeting elsewhere does not). */
export const EMPLOYER_VISIT_METHOD = '職場訪問';
/** The method recorded for a 地域連携会議 (counted for 地域連携会議実施加算). */
export const REGIONAL_MEETING_METHOD = '地域連携会議';
export const FACE_TO_FACE_METHODS: readonly string[] = [
  '職場訪問',
  '家庭訪問',
  '事業所での面談',
  '医療機関同行',
  '喫茶店などで面談',
];
export const YES_NO = ['はい', 'いいえ'] as const;

/** 支援記録: the contact log. */
export const CONTACT_COLUMNS = [
  col('caseId', 'ケースID', 'text', { aliases: ['管理番号'], required: true }),
  col('date', '日付', 'date', { required: true }),
  col('party', '相手', 'enum', { values: [...CONTACT_PARTIES], required: true }),
  col('method', '方法', 'enum', { values: [...CONTACT_METHODS], required: true }),
  col('reportShared', '支援レポート共有', 'enum', { values: [...YES_NO] }),
  col('content', '内容'),
] as const;

export type ContactKey = (typeof CONTACT_COLUMNS)[number]['key'];

/** 離職・再就職: why a job ended. Only the first 転職（労働条件の改善） re-employed within a month continues the employment. */
export const JOB_CHANGE_REASONS = ['転職（労働条件の改善）', '解雇・雇止め', '自己都合', 'その他'] as const;
export const IMPROVEMENT_CHANGE = '転職（労働条件の改善）';

/** 離職・再就職: one row per job change, several per case. */
export const JOB_CHANGE_COLUMNS = [
  col('caseId', 'ケースID', 'text', { aliases: ['管理番号'], required: true }),
  col('separationDate', '離職日', 'date', { required: true }),
  col('rehireDate', '再就職日', 'date'),
  col('reason', '理由', 'enum', { values: [...JOB_CHANGE_REASONS], required: true }),
] as const;

export type JobChangeKey = (typeof JOB_CHANGE_COLUMNS)[number]['key'];

export const EMPLOYMENT_STATES = ['就労中', '離職'] as const;

/** 就労確認: whether a person whose service ended was still employed on a date (answers a fiscal year's last day). */
export const EMPLOYMENT_CHECK_COLUMNS = [
  col('caseId', 'ケースID', 'text', { aliases: ['管理番号'], required: true }),
  col('checkDate', '確認日', 'date', { required: true }),
  col('state', '就労状況', 'enum', { values: [...EMPLOYMENT_STATES], required: true }),
  col('method', '確認方法'),
] as const;

export type EmploymentCheckKey = (typeof EMPLOYMENT_CHECK_COLUMNS)[number]['key'];

/** The 16 ナカポツ centers of Chiba prefecture, in seed 000's order. */
export const DEFAULT_CENTERS = [
  '千葉障害者キャリアセンター',
  'あかね園',
  '大久保学園',
  'いちされん',
  'はーとふる',
  'ビック・ハート松戸',
  'ビック・ハート柏',
  '就職するなら明朗塾',
  'ふる里学舎',
  'エール',
  '中里',
  'ピア宮敷',
  '山武ブリオ',
  '長生ブリオ',
  '香取就業センター',
  '東総就業センター',
] as const;

/** Settings kept in the 設定 tab: label users see, default value, explanation. */
export const SETTINGS = [
  {
    key: 'planWindowDays',
    label: '終了前の計画期間（日）',
    default: 180,
    note: '支援終了予定日のこの日数前から「終了まで○日」（○はこの値）を表示',
  },
  { key: 'shareWarnDays', label: '共有期限の事前通知（日）', default: 30, note: '情報共有期限のこの日数前から通知' },
  { key: 'lookBackDays', label: '終了後の確認期間（日）', default: 90, note: '支援終了後この日数まで引継ぎ未了を表示' },
  {
    key: 'grantWarnDays',
    label: '支給決定更新の通知（日）',
    default: 60,
    note: '支給決定終了日のこの日数前から更新を通知',
  },
  { key: 'formTab', label: 'フォーム回答タブ', default: 'フォームの回答 1', note: 'Google フォームの回答が入るタブ名' },
  {
    key: 'digestTo',
    label: '通知メール送信先',
    default: '',
    note:
      '毎日の自動更新で新しい引継ぎ対象を送る宛先（カンマ区切り、空欄なら送信しない）。1通に50人までで、51人以上は50人ずつ分けて送る。' +
      '送信できる人数は自動更新を設定した人のアカウントで1日100人（Google Workspace は1,500人）まで。超えた分の宛先にはその回の通知を送らず（誰にも送れなかった日は翌日に送り直す）、実行ログに残す',
  },
  {
    key: 'reportDeadlineDay',
    label: '活動報告の提出期限（翌月の日）',
    default: 10,
    note: '対象月の翌月のこの日までに有効な報告がなければ期限超過（提出状況・県集計の未提出の月数）',
  },
  {
    key: 'reminders',
    label: '未提出のお知らせメール',
    default: '',
    note: '「する」にすると、毎日の自動更新で期限を過ぎた未提出のセンターに記入済みリンク付きのメールを1回だけ送る（宛先はセンター一覧の「メールアドレス」列）',
  },
  {
    key: 'supportPolicyDate',
    label: '支援体制構築の指針（策定日）',
    default: '',
    note: '事業所の「支援体制構築の指針」を定めた日。空欄の間は、要継続支援の利用者がいれば支援体制構築未実施減算（所定単位数の10%）の対象になります',
  },
  {
    key: 'supportManager',
    label: '支援体制構築の責任者',
    default: '',
    note: '支援体制の構築を担う責任者の氏名。空欄の間は、要継続支援の利用者がいれば支援体制構築未実施減算（所定単位数の10%）の対象になります',
  },
] as const;

/** A column of the center list (the row of its センター名 header): each center's address for reminders. */
export const CENTER_EMAIL_HEADER = 'メールアドレス';

export type SettingKey = (typeof SETTINGS)[number]['key'];

export const SETTINGS_HEADER = ['項目', '値', '説明'] as const;
export const CENTER_LIST_HEADER = 'センター名';

/** Description of the warning-only protection over the ledger's （自動） columns (how the product knows it). */
export const OWNED_PROTECTION = '【自動】定着支援ツールが毎回書き直す列です（入力しても次の実行で上書きされます）';

/** Generated tabs carry this in A1, so a user's own tab of the same name is recognised and never overwritten. */
export const GENERATED_MARK = '【自動生成】';

/** Number format for dates shown to users (Sheets has no 和暦 format). */
export const DATE_FORMAT = 'yyyy/mm/dd';
