// The forms the product makes, through FormApp: a FormSpec (src/domain/forms.ts) becomes a form
// linked to this spreadsheet; made again, the same form is brought up to date (questions found by
// title, choices replaced), never a second one, and its answers stay where they are.
// Reference: https://developers.google.com/apps-script/reference/forms/form,
// …/forms/list-item, …/forms/text-item, …/forms/text-validation-builder, …/forms/form-response.

import type { FormMaker, MadeForm } from '../commands/forms';
import type { FormKind, FormSpec, Question } from '../domain/forms';

type Form = GoogleAppsScript.Forms.Form;
type Item = GoogleAppsScript.Forms.Item;

const ITEM_TYPE: Readonly<Record<Question['kind'], string>> = {
  list: 'LIST',
  text: 'TEXT',
  paragraph: 'PARAGRAPH_TEXT',
  date: 'DATE',
  checkbox: 'CHECKBOX',
};

/**
 * Adds the question and returns it as a generic Item (Form.getItemById): what addListItem… return
 * (ListItem, TextItem, …) have no asListItem… casts, which applyQuestion uses.
 * https://developers.google.com/apps-script/reference/forms/list-item
 */
function addItem(form: Form, q: Question): Item {
  const added =
    q.kind === 'list'
      ? form.addListItem()
      : q.kind === 'text'
        ? form.addTextItem()
        : q.kind === 'paragraph'
          ? form.addParagraphTextItem()
          : q.kind === 'date'
            ? form.addDateItem()
            : form.addCheckboxItem();
  added.setTitle(q.title);
  return form.getItemById(added.getId())!;
}

/** Brings one item to what the question says: help, required, choices, text validation. */
function applyQuestion(item: Item, q: Question): void {
  if (q.kind === 'list') {
    const list = item.asListItem();
    list.setHelpText(q.helpText).setRequired(q.required);
    list.setChoiceValues([...(q.choices ?? [])]);
  } else if (q.kind === 'checkbox') {
    const box = item.asCheckboxItem();
    box.setHelpText(q.helpText).setRequired(q.required);
    box.setChoiceValues([...(q.choices ?? [])]);
  } else if (q.kind === 'text') {
    const text = item.asTextItem();
    text.setHelpText(q.helpText).setRequired(q.required);
    if (q.pattern) {
      const v = FormApp.createTextValidation()
        .setHelpText(q.pattern.message)
        .requireTextMatchesPattern(q.pattern.regex);
      text.setValidation(v.build());
    }
  } else if (q.kind === 'paragraph') {
    item.asParagraphTextItem().setHelpText(q.helpText).setRequired(q.required);
  } else {
    item.asDateItem().setHelpText(q.helpText).setRequired(q.required);
  }
}

/**
 * What FormApp.openById throws for an ID whose form is gone (deleted, or no longer shared with this
 * user): "No item with the given ID could be found, or you do not have permission to access it."
 * (newer runtimes go on "Possibly because you have not edited this item or you do not have permission
 * to access it."). Anything else (a `Service error: …`, a timeout) is taken as a passing failure: the
 * form is not replaced. Apps Script words some errors in the user's language; a translated
 * not-found is then also taken as passing, and the alert tells the user how to have a new form made.
 */
const NOT_FOUND = /No item with the given ID could be found/i;

/** A recorded form could not be opened, and not because it is gone: nothing was changed; try again. */
export class FormUnreachableError extends Error {
  constructor(readonly reason: unknown) {
    super('FormApp.openById failed (not as a missing form)');
    this.name = 'FormUnreachableError';
  }
}

function errorMessage(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e
    ? String((e as { message: unknown }).message)
    : String(e);
}

/** The form of `id`; null when there is no ID or its form is gone; FormUnreachableError otherwise. */
function openForm(id: string | null): Form | null {
  if (!id) return null;
  try {
    return FormApp.openById(id);
  } catch (e) {
    if (NOT_FOUND.test(errorMessage(e))) return null;
    throw new FormUnreachableError(e);
  }
}

/**
 * Document property holding the ID of the form of `kind` this product created and 設定 does not
 * record yet: set right after FormApp.create, deleted once 設定 records the form. A run that stops in
 * between (a failing call half-way through the questions) leaves it, and the next run finishes that
 * form instead of creating another.
 */
export function makingKey(kind: FormKind): string {
  return `teichaku.form.making.${kind}`;
}

type Properties = GoogleAppsScript.Properties.Properties;

/** Where the form being made is kept (see makingKey). */
export interface MakingRecord {
  readonly props: Properties;
  readonly key: string;
}

/**
 * Records the new form's ID. The one stretch where a failure would leave a form nobody can find
 * again (between FormApp.create and this write) is tried twice: a passing service error there is
 * retried once; two in a row leave the form behind (the next run makes another).
 */
function rememberMaking(making: MakingRecord, form: Form): void {
  for (let attempt = 1; ; attempt++) {
    try {
      making.props.setProperty(making.key, form.getId());
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/**
 * A form this product was making when a run stopped: questions it added before their titles were set
 * (blank titles) are removed, so the rerun adds each question once. Only such a form is touched so:
 * nobody else has seen it yet.
 */
function dropUntitled(form: Form): void {
  for (const item of form.getItems()) if (item.getTitle() === '') form.deleteItem(item);
}

/** Whether the form sends its responses to this spreadsheet (getDestinationId throws when it has none). */
function linkedHere(form: Form, spreadsheetId: string): boolean {
  try {
    return form.getDestinationId() === spreadsheetId;
  } catch {
    return false;
  }
}

/** Form.setPublished / supportsAdvancedResponderPermissions: newer than the @types package. */
interface Publishable {
  supportsAdvancedResponderPermissions?: () => boolean;
  setPublished?: (enabled: boolean) => unknown;
}

/**
 * A form a script creates after 2026-06-30 starts unpublished and takes no answers until published
 * (https://developers.google.com/workspace/forms/api/guides/api-changes-to-google-forms); a legacy
 * form has no publish state (supportsAdvancedResponderPermissions false) and takes answers already.
 * Only a form made here is published: one a person closed stays closed.
 */
function publish(form: Form): void {
  const f = form as unknown as Publishable;
  if (f.supportsAdvancedResponderPermissions?.() && f.setPublished) f.setPublished(true);
}

/**
 * The result of makeOrUpdateForm, and what to do once 設定 records the form: forget the form being
 * made (see makingKey).
 */
export interface FormOutcome extends MadeForm {
  readonly settle: () => void;
}

export function makeOrUpdateForm(
  spreadsheetId: string,
  spec: FormSpec,
  recordedId: string | null,
  prefillQuestion: string | null,
  making: MakingRecord | null = null,
): FormOutcome {
  const pending = making ? making.props.getProperty(making.key) : null;
  const existing = openForm(recordedId);
  // No recorded form (or it is gone): a form an earlier run created and did not finish is finished now.
  const resumed = existing || !pending || pending === recordedId ? null : openForm(pending);
  let form: Form;
  if (existing) form = existing;
  else if (resumed) {
    form = resumed;
    dropUntitled(form);
  } else {
    form = FormApp.create(spec.title);
    if (making) rememberMaking(making, form);
  }
  if (!existing) publish(form);
  form.setDescription(spec.description);
  const byTitle = new Map<string, Item>();
  for (const item of form.getItems()) byTitle.set(item.getTitle(), item);
  let prefillItem: Item | null = null;
  for (const q of spec.questions) {
    let item = byTitle.get(q.title) ?? null;
    // A question of another kind under the same title (a person changed it): a new one of ours.
    if (item && String(item.getType()) !== ITEM_TYPE[q.kind]) item = null;
    if (!item) item = addItem(form, q);
    applyQuestion(item, q);
    if (q.title === prefillQuestion) prefillItem = item;
  }
  if (!linkedHere(form, spreadsheetId)) form.setDestination(FormApp.DestinationType.SPREADSHEET, spreadsheetId);
  const question = spec.questions.find((q) => q.title === prefillQuestion);
  const prefilled =
    prefillItem && question
      ? (question.choices ?? []).map((center) => ({
          center,
          url: form
            .createResponse()
            .withItemResponse(prefillItem!.asListItem().createResponse(center))
            .toPrefilledUrl(),
        }))
      : [];
  const madeHere = existing === null;
  return {
    id: form.getId(),
    publishedUrl: form.getPublishedUrl(),
    editUrl: form.getEditUrl(),
    created: madeHere,
    prefilled,
    settle: () => {
      if (making && (pending !== null || madeHere)) making.props.deleteProperty(making.key);
    },
  };
}

/**
 * The tabs the given forms send their responses to: each sheet's form (Sheet.getFormUrl) opened to
 * compare its ID, so a tab is known by its form, whatever it is called.
 */
export function responseTabsOf(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, formIds: readonly string[]): string[] {
  if (formIds.length === 0) return [];
  const tabs: string[] = [];
  for (const sheet of ss.getSheets()) {
    const url = sheet.getFormUrl();
    if (!url) continue;
    try {
      if (formIds.includes(FormApp.openByUrl(url).getId())) tabs.push(sheet.getName());
    } catch {
      // a form this user cannot open is not one of ours
    }
  }
  return tabs;
}

/**
 * FormApp as the form menus' FormMaker for the form of `kind`, linking forms to `spreadsheetId`; the
 * form being made is kept in `props` (see makingKey) until 設定 records it.
 */
export function formAppMaker(spreadsheetId: string, kind: FormKind, props: Properties): FormMaker {
  const making: MakingRecord = { props, key: makingKey(kind) };
  let settle: (() => void) | null = null;
  return {
    make: (spec, recordedId, prefill) => {
      const made = makeOrUpdateForm(spreadsheetId, spec, recordedId, prefill, making);
      settle = made.settle;
      return made;
    },
    recorded: () => settle?.(),
  };
}

export type { MadeForm };
