// The forms the product makes, through FormApp: a FormSpec (src/domain/forms.ts) becomes a form
// linked to this spreadsheet; made again, the same form is brought up to date (questions found by
// title, choices replaced), never a second one, and its answers stay where they are.
// Reference: https://developers.google.com/apps-script/reference/forms/form,
// …/forms/list-item, …/forms/text-item, …/forms/text-validation-builder, …/forms/form-response.

import type { FormMaker, MadeForm } from '../commands/forms';
import type { FormSpec, Question } from '../domain/forms';

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

/** The form recorded in 設定, or null when there is none (or it was deleted). */
function openRecorded(id: string | null): Form | null {
  if (!id) return null;
  try {
    return FormApp.openById(id);
  } catch {
    return null;
  }
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

export function makeOrUpdateForm(
  spreadsheetId: string,
  spec: FormSpec,
  recordedId: string | null,
  prefillQuestion: string | null,
): MadeForm {
  const existing = openRecorded(recordedId);
  const form = existing ?? FormApp.create(spec.title);
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
  return {
    id: form.getId(),
    publishedUrl: form.getPublishedUrl(),
    editUrl: form.getEditUrl(),
    created: existing === null,
    prefilled,
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

/** FormApp as the form menus' FormMaker, linking forms to `spreadsheetId`. */
export function formAppMaker(spreadsheetId: string): FormMaker {
  return { make: (spec, recordedId, prefill) => makeOrUpdateForm(spreadsheetId, spec, recordedId, prefill) };
}

export type { MadeForm };
