// FormApp in the emulator: forms made by the script, the item kinds the product uses (list,
// text, paragraph text, date, checkbox), choices, text validation, the spreadsheet destination and
// the response tab it creates, published and prefilled URLs, and responses submitted by a test as a
// respondent would (rejected when real Forms would reject them). Wired into AppsScriptEmulator.
// Reference: https://developers.google.com/apps-script/reference/forms (pages named per method).

import type { AppsScriptEmulator, EmuSheet } from './emulator';

/**
 * What FormApp.openById / openByUrl throw for a form that is gone or not shared with the user, as
 * reported from real runs: the older wording, and the one newer runtimes use (the alternative run).
 */
const NOT_FOUND =
  process.env.EMU_OPEN === 'alternative' // OPEN_ALTERNATIVE (emulator.ts imports this module)
    ? 'No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.'
    : 'No item with the given ID could be found, or you do not have permission to access it.';

export type ItemKind = 'LIST' | 'TEXT' | 'PARAGRAPH_TEXT' | 'DATE' | 'CHECKBOX';

export interface FormItemModel {
  readonly id: number;
  readonly kind: ItemKind;
  title: string;
  helpText: string;
  required: boolean;
  choices: string[];
  /** A text validation: the answer must match the whole pattern. */
  validation: { pattern: string; helpText: string } | null;
}

export interface FormModel {
  readonly id: string;
  readonly publishedId: string;
  title: string;
  description: string;
  readonly items: FormItemModel[];
  destinationId: string | null;
  /** The response tab setDestination created; its header follows the items. */
  sheet: EmuSheet | null;
  /** Column of each item in the response tab (1-based), in the order they were added. */
  readonly columns: Map<number, number>;
  responses: number;
  /** Whether respondents can open it: a form a script creates starts unpublished (see create). */
  published: boolean;
}

const DAY_MS = 86400000;

export class EmuForms {
  readonly forms: FormModel[] = [];
  private nextItem = 1;
  private nextForm = 1;

  constructor(private readonly emu: AppsScriptEmulator) {}

  find(id: string): FormModel | undefined {
    return this.forms.find((f) => f.id === id);
  }

  /** Sheet.getFormUrl: the form that sends its responses to this sheet, or null. */
  urlFor(sheet: EmuSheet): string | null {
    const form = this.forms.find((f) => f.sheet === sheet);
    return form ? `https://docs.google.com/forms/d/${form.id}/viewform` : null;
  }

  /** The FormApp global. */
  api(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the service objects below are plain objects
    const forms = this;
    const emu = this.emu;
    return {
      // https://developers.google.com/apps-script/reference/forms/item-type
      ItemType: { LIST: 'LIST', TEXT: 'TEXT', PARAGRAPH_TEXT: 'PARAGRAPH_TEXT', DATE: 'DATE', CHECKBOX: 'CHECKBOX' },
      // https://developers.google.com/apps-script/reference/forms/destination-type
      DestinationType: { SPREADSHEET: 'SPREADSHEET' },
      // https://developers.google.com/apps-script/reference/forms/form-app#create(String)
      create(title: string) {
        emu.call('FormApp.create');
        const n = forms.nextForm++;
        const model: FormModel = {
          id: `FORM${n}`,
          publishedId: `1FAIpQLSe${n}`,
          title: String(title),
          description: '',
          items: [],
          destinationId: null,
          sheet: null,
          columns: new Map(),
          responses: 0,
          // Forms created by a script after 2026-06-30 start unpublished and take no answers:
          // https://developers.google.com/workspace/forms/api/guides/api-changes-to-google-forms
          published: false,
        };
        forms.forms.push(model);
        return forms.formApi(model);
      },
      // https://developers.google.com/apps-script/reference/forms/form-app#openById(String)
      openById(id: string) {
        emu.call('FormApp.openById');
        const model = forms.find(String(id));
        if (!model) throw emu.error(NOT_FOUND);
        return forms.formApi(model);
      },
      // https://developers.google.com/apps-script/reference/forms/form-app#openByUrl(String)
      openByUrl(url: string) {
        emu.call('FormApp.openByUrl');
        const model = forms.forms.find(
          (f) => String(url).includes(`/d/${f.id}/`) || String(url).includes(`/e/${f.publishedId}/`),
        );
        if (!model) throw emu.error(NOT_FOUND);
        return forms.formApi(model);
      },
      // https://developers.google.com/apps-script/reference/forms/text-validation-builder
      createTextValidation() {
        emu.call('FormApp.createTextValidation');
        const v = { pattern: '', helpText: '' };
        const builder = {
          requireTextMatchesPattern(p: string) {
            v.pattern = String(p);
            return builder;
          },
          setHelpText(t: string) {
            v.helpText = String(t);
            return builder;
          },
          build() {
            if (!v.pattern) throw emu.error('A text validation needs a rule.');
            return { __validation: { ...v } };
          },
        };
        return builder;
      },
    };
  }

  private formApi(model: FormModel): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the service objects below are plain objects
    const forms = this;
    const emu = this.emu;
    const call = (name: string): void => emu.call(`Form.${name}`);
    const add = (kind: ItemKind) => {
      const item: FormItemModel = {
        id: this.nextItem++,
        kind,
        title: '',
        helpText: '',
        required: false,
        choices: [],
        validation: null,
      };
      model.items.push(item);
      // A question added to a linked form gets its column at the right of the response tab.
      if (model.sheet) this.addColumn(model, item);
      return this.typedApi(model, item);
    };
    const api = {
      getId: () => (call('getId'), model.id),
      getTitle: () => (call('getTitle'), model.title),
      setTitle: (t: string) => (call('setTitle'), (model.title = String(t)), api),
      setDescription: (t: string) => (call('setDescription'), (model.description = String(t)), api),
      getDescription: () => (call('getDescription'), model.description),
      // https://developers.google.com/apps-script/reference/forms/form#getEditUrl()
      getEditUrl: () => (call('getEditUrl'), `https://docs.google.com/forms/d/${model.id}/edit`),
      // https://developers.google.com/apps-script/reference/forms/form#getPublishedUrl()
      getPublishedUrl: () => (
        call('getPublishedUrl'),
        `https://docs.google.com/forms/d/e/${model.publishedId}/viewform`
      ),
      getItems: () => (call('getItems'), model.items.map((i) => forms.itemApi(model, i))),
      // https://developers.google.com/apps-script/reference/forms/form#getItemById(Integer): null when absent
      getItemById: (id: number) => {
        call('getItemById');
        const item = model.items.find((i) => i.id === Number(id));
        return item ? forms.itemApi(model, item) : null;
      },
      addListItem: () => (call('addListItem'), add('LIST')),
      addTextItem: () => (call('addTextItem'), add('TEXT')),
      addParagraphTextItem: () => (call('addParagraphTextItem'), add('PARAGRAPH_TEXT')),
      addDateItem: () => (call('addDateItem'), add('DATE')),
      addCheckboxItem: () => (call('addCheckboxItem'), add('CHECKBOX')),
      // https://developers.google.com/apps-script/reference/forms/form#deleteItem(Item)
      deleteItem: (item: { __item?: FormItemModel }) => {
        call('deleteItem');
        const i = model.items.indexOf(item.__item as FormItemModel);
        if (i < 0) throw emu.error('Invalid argument: item');
        model.items.splice(i, 1);
      },
      // https://developers.google.com/apps-script/reference/forms/form#setDestination(DestinationType,String):
      // responses go to a new tab of the spreadsheet (named by the sheet's locale: フォームの回答 N).
      setDestination: (type: string, id: string) => {
        call('setDestination');
        if (type !== 'SPREADSHEET') throw emu.error('Invalid argument: type');
        if (id !== 'EMULATED') throw emu.error('Invalid argument: id');
        if (model.destinationId === id && model.sheet && emu.sheets.includes(model.sheet)) return api;
        let n = 1;
        while (emu.hasSheet(`フォームの回答 ${n}`)) n++;
        model.destinationId = id;
        model.sheet = emu.addSheet(`フォームの回答 ${n}`, 0);
        model.sheet.frozenRows = 1;
        model.columns.clear();
        model.sheet.seed([['タイムスタンプ']]);
        model.items.forEach((item) => forms.addColumn(model, item));
        return api;
      },
      getDestinationId: () => {
        call('getDestinationId');
        if (!model.destinationId) throw emu.error('This form does not currently have a response destination.');
        return model.destinationId;
      },
      // https://developers.google.com/workspace/forms/api/guides/publish-form (Apps Script: Form.setPublished)
      supportsAdvancedResponderPermissions: () => (call('supportsAdvancedResponderPermissions'), true),
      isPublished: () => (call('isPublished'), model.published),
      setPublished: (enabled: boolean) => (call('setPublished'), (model.published = Boolean(enabled)), api),
      // https://developers.google.com/apps-script/reference/forms/form#createResponse()
      createResponse: () => (call('createResponse'), forms.responseApi(model, [])),
    };
    return api;
  }

  private addColumn(model: FormModel, item: FormItemModel): void {
    const sheet = model.sheet!;
    const col = Math.max(1, sheet.lastColumn()) + 1;
    model.columns.set(item.id, col);
    sheet.seed([[item.title]], 1, col);
  }

  /**
   * A generic Item (Form.getItems, Form.getItemById): title, help text, type and the asXxx casts only;
   * setRequired, choices, validation and createResponse belong to the typed item an asXxx returns.
   * https://developers.google.com/apps-script/reference/forms/item
   */
  private itemApi(model: FormModel, item: FormItemModel): Record<string, unknown> {
    const emu = this.emu;
    const call = (name: string): void => emu.call(`Item.${name}`);
    const typed = this.typedApi(model, item);
    const api: Record<string, unknown> = {
      __item: item,
      getId: () => (call('getId'), item.id),
      getTitle: () => (call('getTitle'), item.title),
      getType: () => (call('getType'), item.kind),
      getHelpText: () => (call('getHelpText'), item.helpText),
      setTitle: (t: string) => (typed.setTitle as (t: string) => unknown)(t) && api,
      setHelpText: (t: string) => (typed.setHelpText as (t: string) => unknown)(t) && api,
    };
    const as = (kind: ItemKind) => () => {
      call(`as${kind}`);
      // https://developers.google.com/apps-script/reference/forms/item#asListItem(): throws for another kind
      if (item.kind !== kind) throw emu.error(`Item is not of type ${kind}.`);
      return typed;
    };
    Object.assign(api, {
      asListItem: as('LIST'),
      asTextItem: as('TEXT'),
      asParagraphTextItem: as('PARAGRAPH_TEXT'),
      asDateItem: as('DATE'),
      asCheckboxItem: as('CHECKBOX'),
    });
    return api;
  }

  /**
   * A typed item (what Form.addListItem… and Item.asListItem… return): ListItem, TextItem, … have no
   * asXxx casts (https://developers.google.com/apps-script/reference/forms/list-item lists its methods).
   */
  private typedApi(model: FormModel, item: FormItemModel): Record<string, unknown> {
    const emu = this.emu;
    const call = (name: string): void => emu.call(`Item.${name}`);
    const api: Record<string, unknown> = {
      __item: item,
      getId: () => (call('getId'), item.id),
      getTitle: () => (call('getTitle'), item.title),
      getType: () => (call('getType'), item.kind),
      setTitle: (t: string) => {
        call('setTitle');
        item.title = String(t);
        // Renaming a question renames its column in the response tab.
        const col = model.columns.get(item.id);
        if (model.sheet && col) model.sheet.seed([[item.title]], 1, col);
        return api;
      },
      setHelpText: (t: string) => (call('setHelpText'), (item.helpText = String(t)), api),
      getHelpText: () => (call('getHelpText'), item.helpText),
      setRequired: (r: boolean) => (call('setRequired'), (item.required = Boolean(r)), api),
      isRequired: () => (call('isRequired'), item.required),
    };
    if (item.kind === 'LIST' || item.kind === 'CHECKBOX') {
      Object.assign(api, {
        // https://developers.google.com/apps-script/reference/forms/list-item#setChoiceValues(String)
        setChoiceValues: (values: unknown[]) => {
          call('setChoiceValues');
          if (!Array.isArray(values) || values.length === 0) throw emu.error('Invalid argument: values');
          item.choices = values.map(String);
          return api;
        },
        getChoices: () => (call('getChoices'), item.choices.map((v) => ({ getValue: () => v }))),
      });
    }
    if (item.kind === 'TEXT') {
      Object.assign(api, {
        // https://developers.google.com/apps-script/reference/forms/text-item#setValidation(TextValidation)
        // (a ParagraphTextItem takes a ParagraphTextValidation instead, not modelled)
        setValidation: (v: { __validation?: { pattern: string; helpText: string } }) => {
          call('setValidation');
          if (!v || !v.__validation) throw emu.error('Invalid argument: validation');
          item.validation = { ...v.__validation };
          return api;
        },
      });
    }
    // https://developers.google.com/apps-script/reference/forms/list-item#createResponse(String): a value
    // that is not one of the choices throws; CheckboxItem.createResponse takes String[], DateItem a Date.
    api.createResponse = (value: unknown) => {
      call('createResponse');
      if (item.kind === 'CHECKBOX' && !Array.isArray(value)) throw emu.error('Invalid argument: responses');
      if (item.kind === 'DATE' && Object.prototype.toString.call(value) !== '[object Date]')
        throw emu.error('Invalid argument: date');
      const answer = Array.isArray(value) ? value.map(String) : String(value);
      if (item.kind === 'LIST' && !item.choices.includes(String(answer)))
        throw emu.error(`Invalid response submitted to item ${item.id}: ${String(answer)}`);
      if (item.kind === 'CHECKBOX' && (answer as string[]).some((a) => !item.choices.includes(a)))
        throw emu.error(`Invalid response submitted to item ${item.id}: ${String(answer)}`);
      return { __answer: { item, answer } };
    };
    return api;
  }

  private responseApi(
    model: FormModel,
    answers: { item: FormItemModel; answer: string | string[] }[],
  ): Record<string, unknown> {
    const emu = this.emu;
    const api = {
      // https://developers.google.com/apps-script/reference/forms/form-response#withItemResponse(ItemResponse)
      withItemResponse: (r: { __answer?: { item: FormItemModel; answer: string | string[] } }) => {
        emu.call('FormResponse.withItemResponse');
        if (!r || !r.__answer) throw emu.error('Invalid argument: response');
        answers.push(r.__answer);
        return api;
      },
      // https://developers.google.com/apps-script/reference/forms/form-response#toPrefilledUrl()
      toPrefilledUrl: () => {
        emu.call('FormResponse.toPrefilledUrl');
        const query = answers
          .map(
            (a) => `entry.${a.item.id}=${encodeURIComponent(Array.isArray(a.answer) ? a.answer.join(',') : a.answer)}`,
          )
          .join('&');
        return `https://docs.google.com/forms/d/e/${model.publishedId}/viewform?usp=pp_url&${query}`;
      },
    };
    return api;
  }

  // --- test side: a respondent (not counted) -----------------------------------------------------

  /**
   * A respondent submits the form: answers by question title. Rejected as the form page would reject
   * it (a required question unanswered, a choice not offered, text not matching its validation).
   * The row lands in the response tab: タイムスタンプ, then each answer in its column, as typed.
   */
  submit(formId: string, answers: Record<string, string | string[]>, at: Date): number {
    const model = this.find(formId);
    if (!model) throw new Error(`no form ${formId}`);
    if (!model.published) throw new Error('このフォームは公開されていないため、回答できません');
    for (const item of model.items) {
      const a = answers[item.title];
      const blank = a === undefined || a === '' || (Array.isArray(a) && a.length === 0);
      if (blank) {
        if (item.required) throw new Error(`「${item.title}」は必須の質問です`);
        continue;
      }
      const values = Array.isArray(a) ? a : [a];
      if ((item.kind === 'LIST' || item.kind === 'CHECKBOX') && values.some((v) => !item.choices.includes(v)))
        throw new Error(`「${item.title}」に選択肢にない回答`);
      if (item.validation && !new RegExp(`^(?:${item.validation.pattern})$`).test(String(a)))
        throw new Error(`「${item.title}」: ${item.validation.helpText}`);
    }
    for (const title of Object.keys(answers))
      if (!model.items.some((i) => i.title === title)) throw new Error(`the form has no question ${title}`);
    const sheet = model.sheet;
    if (!sheet) throw new Error('the form has no destination');
    const row = Math.max(1, sheet.lastRow()) + 1;
    // The timestamp is a date-time cell in the spreadsheet's time zone.
    const serial = (at.getTime() + this.emu.offsetMinutes * 60000) / DAY_MS + 25569;
    sheet.seed([[serial]], row, 1);
    sheet.update(row, 1, (c) => (c.format = 'yyyy/MM/dd H:mm:ss'));
    for (const item of model.items) {
      const a = answers[item.title];
      const col = model.columns.get(item.id);
      if (a === undefined || col === undefined) continue;
      if (item.kind === 'DATE') {
        sheet.seed([[{ date: String(a) }]], row, col);
      } else {
        // A text answer lands as the value it reads as: digits as a number, anything else as text
        // (an answer starting with = stays the text typed, never a formula).
        const text = Array.isArray(a) ? a.join(', ') : a;
        sheet.seed([[/^\d+$/.test(text) ? Number(text) : text]], row, col);
      }
    }
    model.responses++;
    return row;
  }
}
