// SheetsWorkbook against the emulated SpreadsheetApp: values round-trip without a day's shift,
// strings stay text, writes grow the sheet instead of failing, rules and tabs are replaced cleanly,
// and the number of service calls does not grow with the rows.

import { date, type CalendarDate } from '../../src/domain/calendar';
import { DATE_FORMAT } from '../../src/domain/schema';
import { titleRow, writeGeneratedTab } from '../../src/commands/shared/generated';
import { isTaggedFormula, RULE_TAG, SheetsWorkbook, tagFormula } from '../../src/gas/sheetsWorkbook';
import { MemoryWorkbook } from '../../src/memory/memoryWorkbook';
import type { Cell, WorkbookPort } from '../../src/workbook/port';
import { AppsScriptEmulator, AUTOMATIC, serialOf } from './emulator';

let emu: AppsScriptEmulator;
let book: SheetsWorkbook;

function open(): SheetsWorkbook {
  const g = emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } };
  (globalThis as Record<string, unknown>).SpreadsheetApp = g.SpreadsheetApp;
  return new SheetsWorkbook(g.SpreadsheetApp.getActive());
}

beforeEach(() => {
  emu = new AppsScriptEmulator();
  book = open();
  emu.resetCalls();
});

afterAll(() => {
  delete (globalThis as Record<string, unknown>).SpreadsheetApp;
});

test('the machine runs these tests in a time zone far from Tokyo', () => {
  expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(480);
});

describe('reading', () => {
  test('date cells come back as the calendar date they show, even late in the month and on leap days', () => {
    const days = ['2024-02-29', '2023-08-31', '2024-12-31', '2025-01-01', '1999-12-31'];
    emu.sheet('シート1').seed([days.map((d) => ({ date: d }))]);
    const expected = days.map((d) => {
      const [y, m, dd] = d.split('-').map(Number);
      return date(y, m, dd);
    });
    expect(book.readSheet('シート1')).toEqual([expected]);
  });

  test('text, numbers, booleans, formulas and error values are kept; blanks are null; trailing blanks trimmed', () => {
    emu.sheet('シート1').seed([
      [{ text: '0123456789' }, 42, true, { formula: '=A9', value: '#REF!' }, null],
      [null, null, null, null, null],
      ['令和5年4月1日', null, { formula: '=1+1', value: 2 }, null, null],
    ]);
    expect(book.readSheet('シート1')).toEqual([
      ['0123456789', 42, true, '#REF!'],
      [null, null, null, null],
      ['令和5年4月1日', null, 2, null],
    ]);
  });

  test('a missing tab is null and an empty tab is no rows', () => {
    expect(book.readSheet('ない')).toBeNull();
    expect(book.readSheet('シート1')).toEqual([]);
  });

  test('a date-time cell (form timestamp) gives its date in Tokyo', () => {
    // 2024-05-02 23:30 in Tokyo: still May 2 there (it is May 2 14:30 UTC).
    emu.sheet('シート1').update(1, 1, (c) => {
      c.v = serialOf(2024, 5, 2) + 23.5 / 24;
      c.format = 'yyyy/MM/dd H:mm:ss';
    });
    expect(book.readSheet('シート1')).toEqual([[date(2024, 5, 2)]]);
  });
});

describe('writing', () => {
  test('calendar dates are written so Sheets shows the same day and reads it back unchanged', () => {
    const days: CalendarDate[] = [date(2024, 2, 29), date(2027, 9, 30), date(2024, 1, 1)];
    book.writeRange('シート1', 2, 2, [days]);
    const sheet = emu.sheet('シート1');
    expect([2, 3, 4].map((c) => sheet.valueAt(2, c))).toEqual(['2024-02-29', '2027-09-30', '2024-01-01']);
    expect(sheet.get(2, 2).format).toBe(DATE_FORMAT);
    expect(book.readSheet('シート1')?.[1].slice(1)).toEqual(days);
  });

  test('strings are stored as text: formulas, numbers, dates and booleans in strings are not parsed', () => {
    const tricky = [
      '=SUM(A1:A3)',
      '0123456789',
      '2024/04/01',
      'TRUE',
      '+81-3-1234',
      '-5',
      '@mention',
      "'quoted",
      '12%',
    ];
    book.writeRange('シート1', 1, 1, [tricky], { asText: true });
    const sheet = emu.sheet('シート1');
    tricky.forEach((s, i) => {
      expect(sheet.get(1, i + 1).formula).toBeNull();
      expect(sheet.get(1, i + 1).v).toBe(s);
    });
    expect(book.readSheet('シート1')).toEqual([tricky]);
  });

  test.each(['keep', 'parse'] as const)(
    'text stays text however a plain-text cell takes it (emulator: %s), on cells of a tab and of a new one',
    (mode) => {
      emu.plainTextCells = mode;
      const answers = ['=IMPORTXML("http://x.example/","//a")', '+1', '-1+1', '@SUM(A1:A2)', "'quoted", '0123', '山田'];
      emu.sheet('シート1').seed([answers.map((a) => ({ text: a }))], 5); // cells already plain text
      book.writeRange('シート1', 1, 1, [answers], { asText: true });
      book.writeRange('シート1', 5, 1, [answers], { asText: true, columnFormats: answers.map(() => '@') });
      book.replaceSheet('新しいタブ', { values: [answers, [date(2024, 4, 1)]], asText: true });
      for (const [tab, row] of [
        ['シート1', 1],
        ['シート1', 5],
        ['新しいタブ', 1],
      ] as const) {
        const sheet = emu.sheet(tab);
        expect([tab, row, answers.map((_, i) => sheet.get(row, i + 1).formula)]).toEqual([
          tab,
          row,
          answers.map(() => null),
        ]);
        expect([tab, row, answers.map((_, i) => sheet.get(row, i + 1).v)]).toEqual([tab, row, answers]);
      }
    },
  );

  test('the emulator: a plain-text cell that parses turns such answers into formulas (so the test above can fail)', () => {
    emu.plainTextCells = 'parse';
    const range = (
      emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } }
    ).SpreadsheetApp.getActive()
      .getSheetByName('シート1')!
      .getRange(1, 1, 1, 4);
    range.setNumberFormats([['@', '@', '@', '@']]);
    range.setValues([['=IMPORTXML("u","//a")', '+1', '-1+1', '@SUM(A1:A2)']]);
    const sheet = emu.sheet('シート1');
    expect([1, 3, 4].map((c) => sheet.get(1, c).formula)).toEqual(['=IMPORTXML("u","//a")', '=-1+1', '=SUM(A1:A2)']);
    expect(sheet.get(1, 2).v).toBe(1);
  });

  test('the emulator really parses strings like Sheets does (so the test above can fail)', () => {
    const range = (
      emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } }
    ).SpreadsheetApp.getActive()
      .getSheetByName('シート1')!
      .getRange(1, 1, 1, 4);
    range.setValues([['=SUM(A2:A3)', '0123', '2024/04/01', "'=literal"]]);
    const sheet = emu.sheet('シート1');
    expect(sheet.get(1, 1).formula).toBe('=SUM(A2:A3)');
    expect(sheet.get(1, 2).v).toBe(123);
    expect(sheet.valueAt(1, 3)).toBe('2024-04-01');
    expect(sheet.get(1, 4).v).toBe('=literal');
  });

  test('numbers keep the column format; a number over a former text cell goes back to automatic', () => {
    book.writeRange('シート1', 1, 1, [['残り'], [30]], { columnFormats: ['0'] });
    expect(emu.sheet('シート1').get(1, 1).format).toBe('@');
    expect(emu.sheet('シート1').get(2, 1).format).toBe('0');
    book.writeRange('シート1', 1, 1, [[5]]);
    expect(emu.sheet('シート1').get(1, 1).v).toBe(5);
    // Back on Automatic ('' in the model), not on the custom pattern '0.###############'.
    expect(emu.sheet('シート1').get(1, 1).format).toBe('');
  });

  test('a cell on Automatic reads back as 0.###############: rewritten, it stays on Automatic', () => {
    const sheet = emu.sheet('シート1');
    sheet.seed([[1]]);
    book.writeRange('シート1', 1, 1, [[2]]);
    expect(emu.calls.byName['Range.getNumberFormats']).toBe(1);
    expect(sheet.get(1, 1).format).toBe('');
    // A date typed there later is still recognised, as on Automatic.
    const range = (
      emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } }
    ).SpreadsheetApp.getActive()
      .getSheetByName('シート1')!
      .getRange(1, 1);
    range.setValues([['2024/04/01']]);
    expect(sheet.valueAt(1, 1)).toBe('2024-04-01');
  });

  test('the emulator: writing 0.############### sets a custom pattern, General returns to Automatic', () => {
    const range = (
      emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } }
    ).SpreadsheetApp.getActive()
      .getSheetByName('シート1')!
      .getRange(1, 1, 1, 2);
    range.setNumberFormats([[AUTOMATIC, 'General']]);
    const sheet = emu.sheet('シート1');
    expect([sheet.get(1, 1).format, sheet.get(1, 2).format]).toEqual([AUTOMATIC, '']);
    range.setValues([['2024/04/01', '2024/04/01']]);
    expect([sheet.valueAt(1, 1), sheet.valueAt(1, 2)]).toEqual([serialOf(2024, 4, 1), '2024-04-01']);
  });

  test('a number written where a date was is not shown as a date', () => {
    book.writeRange('シート1', 1, 1, [[date(2024, 4, 1)]]);
    book.writeRange('シート1', 1, 1, [[12]]);
    expect(book.readSheet('シート1')).toEqual([[12]]);
  });

  test('null clears a cell; backgrounds and notes apply to the written cells only', () => {
    emu.sheet('シート1').seed([['a', 'b']]);
    book.writeRange('シート1', 1, 2, [[null]], { backgrounds: [['#f4cccc']], notes: [['確認']] });
    const sheet = emu.sheet('シート1');
    expect(sheet.get(1, 1).v).toBe('a');
    expect(sheet.get(1, 2).v).toBe('');
    expect(sheet.get(1, 2).bg).toBe('#f4cccc');
    expect(sheet.get(1, 2).note).toBe('確認');
    book.writeRange('シート1', 1, 2, [['x']], { backgrounds: [[null]], notes: [['']] });
    expect(sheet.get(1, 2).bg).toBeNull();
    expect(sheet.get(1, 2).note).toBe('');
  });

  test('a ragged write is rejected before anything is written', () => {
    expect(() => book.writeRange('シート1', 1, 1, [['a', 'b'], ['c']])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(emu.calls.total).toBe(0);
  });

  test('a write past the last row or column grows the sheet (Sheets rejects such ranges)', () => {
    const sheet = emu.sheet('シート1');
    expect(sheet.maxRows).toBe(1000);
    expect(sheet.maxCols).toBe(26);
    const rows: Cell[][] = [];
    for (let i = 0; i < 1500; i++) rows.push([`r${i}`]);
    book.writeRange('シート1', 2, 30, rows);
    expect(sheet.maxRows).toBe(1501);
    expect(sheet.maxCols).toBe(30);
    expect(sheet.get(1501, 30).v).toBe('r1499');
  });

  test('a new tab smaller than Sheets usually makes: the refused write asks its size, grows it, and is written', () => {
    emu.newSheetSize = [100, 5];
    const values: Cell[][] = [['【自動生成】'], ...Array.from({ length: 300 }, (_, i) => [`K-${i}`, 1, 2, 3, 4, 5, 6])];
    book.replaceSheet('引継ぎ予定', { values, columnWidths: [120, 120, 120, 120, 120, 120, 80] });
    const sheet = emu.sheet('引継ぎ予定');
    expect([sheet.maxRows, sheet.maxCols]).toEqual([301, 7]);
    expect(sheet.get(301, 7).v).toBe(6);
    expect(emu.calls.byName['Sheet.getMaxRows']).toBe(1);
    expect(emu.calls.byName['Sheet.getMaxColumns']).toBe(1);
    // Widths for every column on the grown tab, the 7th too.
    expect(emu.calls.log.filter((n) => n === 'Sheet.setColumnWidths')).toHaveLength(2);
  });

  test('the emulator rejects ranges outside the sheet like Sheets (so the test above can fail)', () => {
    const ss = (
      emu.globals() as { SpreadsheetApp: { getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet } }
    ).SpreadsheetApp.getActive();
    expect(() => ss.getSheetByName('シート1')!.getRange(1, 27, 1, 1)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() =>
      ss
        .getSheetByName('シート1')!
        .getRange(1, 1, 2, 2)
        .setValues([[1, 2]]),
    ).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });

  test('setColumnFormats sends one pattern per column area, not a 999×1 matrix', () => {
    book.setColumnFormats('シート1', { row: 2, col: 3, numRows: 999, numCols: 3 }, [DATE_FORMAT, '0', '0']);
    const sheet = emu.sheet('シート1');
    expect(sheet.get(2, 3).format).toBe(DATE_FORMAT);
    expect(sheet.get(1000, 4).format).toBe('0');
    expect(sheet.get(1000, 5).format).toBe('0');
    expect(sheet.get(1, 3).format).toBe('');
    expect(emu.calls.byName['Range.setNumberFormats']).toBeUndefined();
    expect(emu.calls.byName['Range.setNumberFormat']).toBe(2);
  });
});

describe('tabs', () => {
  test('a write to a tab that is not there says so in Japanese (the menu shows it as the detail)', () => {
    expect(() => book.writeRange('ない', 1, 1, [['a']])).toThrow('「ない」タブが見つかりません');
    expect(() => book.setColumnFormats('ない', { row: 1, col: 1, numRows: 1, numCols: 1 }, ['@'])).toThrow(
      '「ない」タブ',
    );
  });

  test('createSheet adds a tab at the end; a duplicate name is refused', () => {
    book.createSheet('ケース台帳');
    book.createSheet('設定');
    expect(book.sheetNames()).toEqual(['シート1', 'ケース台帳', '設定']);
    expect(() => book.createSheet('設定')).toThrow('A sheet with the name "設定" already exists.');
  });

  test('replaceSheet rebuilds a tab: no leftover values, formats, charts, dropdowns or conditional rules (Sheet.clear)', () => {
    book.replaceSheet('集計', {
      values: [['【自動生成】集計'], ['センター', '件数'], ['あかね園', 3], ['はーとふる', 1], ['=合計', 4]],
      boldRows: [1],
      frozenRows: 2,
      columnWidths: [200, 80],
      backgrounds: [[], ['#cfe2f3', '#cfe2f3']],
      charts: [
        { kind: 'column', title: '件数', data: { row: 2, col: 1, numRows: 3, numCols: 2 }, anchor: { row: 2, col: 4 } },
      ],
    });
    const sheet = emu.sheet('集計');
    // What a user may add on top: a dropdown, a rule of their own, a note.
    sheet.update(
      3,
      1,
      (c) =>
        (c.validation = { type: 'VALUE_IN_LIST', values: ['a'], showDropdown: true, allowInvalid: true, helpText: '' }),
    );
    const userRule = {
      formula: '=$B3>2',
      background: '#000000',
      fontColor: null,
      bold: null,
      ranges: [{ row: 3, col: 2, numRows: 2, numCols: 1 }],
    };
    sheet.rules.push(userRule);
    sheet.update(4, 2, (c) => (c.note = 'old note'));
    expect(sheet.get(5, 1).v).toBe('=合計');
    expect(sheet.get(2, 1).weight).toBe('bold');
    expect(sheet.charts).toHaveLength(1);

    book = open(); // the next run
    book.replaceSheet('集計', { values: [['【自動生成】集計'], ['センター', '件数']], frozenRows: 1, charts: [] });
    expect(sheet.lastRow()).toBe(2);
    expect(sheet.get(2, 1).weight).toBe('normal');
    expect(sheet.get(2, 1).bg).toBeNull();
    expect(sheet.get(5, 1).format).toBe('');
    // Notes: the reference leaves them open (emu.clearKeepsNotes); either way nothing else is left.
    expect(sheet.get(4, 2).note).toBe(emu.clearKeepsNotes ? 'old note' : '');
    expect(sheet.charts).toEqual([]);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.get(3, 1).validation).toBeNull();
    expect(sheet.rules).toEqual([]);
  });

  test('replaceSheet puts charts where asked, over the data asked', () => {
    book.replaceSheet('県集計', {
      values: [['t'], ['年度', '件数'], ['R5', 1], ['R6', 2]],
      charts: [
        { kind: 'line', title: '推移', data: { row: 2, col: 1, numRows: 3, numCols: 2 }, anchor: { row: 6, col: 1 } },
      ],
    });
    expect(emu.sheet('県集計').charts).toEqual([
      expect.objectContaining({
        type: 'LINE',
        title: '推移',
        ranges: [{ row: 2, col: 1, numRows: 3, numCols: 2 }],
        position: { row: 6, col: 1 },
      }),
    ]);
  });
});

describe('generated tabs across an interrupted run', () => {
  const content = { values: [titleRow('引継ぎ予定', date(2024, 6, 10)), ['ケースID'], ['K-1']] };

  test('a run cut off right after creating the tab does not push the next run to another name', () => {
    for (let n = 1; n <= 6; n++) {
      emu = new AppsScriptEmulator();
      book = open();
      emu.resetCalls();
      emu.failAt = n + 3; // past sheetNames (getSheets + getName) and insertSheet's own lookups
      try {
        writeGeneratedTab(book, '引継ぎ予定', content);
      } catch {
        // the injected failure
      }
      emu.failAt = null;
      const again = writeGeneratedTab(open(), '引継ぎ予定', content);
      expect([n, again.name, again.notice]).toEqual([n, '引継ぎ予定', undefined]);
      expect(emu.sheets.map((s) => s.name)).toEqual(['シート1', '引継ぎ予定']);
    }
  });

  test("a user's own tab of that name, with something in it, is still left alone", () => {
    emu.addSheet('引継ぎ予定').seed([['自分用のメモ']]);
    const result = writeGeneratedTab(open(), '引継ぎ予定', content);
    expect(result.name).toBe('引継ぎ予定（自動）');
    expect(emu.sheet('引継ぎ予定').get(1, 1).v).toBe('自分用のメモ');
  });
});

describe('rules', () => {
  test("our conditional rules replace our previous ones; a user's rules stay, first", () => {
    const sheet = emu.sheet('シート1');
    sheet.rules.push({ formula: '=$A1="x"', background: '#000000', fontColor: null, bold: null, ranges: [] });
    const rule = {
      area: { row: 3, col: 1, numRows: 10, numCols: 5 },
      formula: '=$E3="共有期限超過"',
      background: '#f4cccc',
    };
    book.setOwnConditionalRules('シート1', [rule]);
    book.setOwnConditionalRules('シート1', [rule, { ...rule, formula: '=$E3="終了"', bold: true }]);
    expect(sheet.rules.map((r) => r.formula.replace(/teichaku:[0-9a-z]+/, 'teichaku'))).toEqual([
      '=$A1="x"',
      tagFormula('=$E3="共有期限超過"'),
      tagFormula('=$E3="終了"'),
    ]);
    expect(sheet.rules.slice(1).every((r) => isTaggedFormula(r.formula))).toBe(true);
    expect(sheet.rules[1].ranges).toEqual([rule.area]);
    expect(sheet.rules[2].bold).toBe(true);
  });

  test("dropdowns, rules and formats reaching past the sheet are cut to it: a user's tab is not grown for them", () => {
    const past = { row: 900, col: 25, numRows: 500, numCols: 5 };
    book.setListValidations('シート1', [{ area: past, values: ['a'], allowInvalid: true }]);
    book.setOwnConditionalRules('シート1', [{ area: past, formula: '=$Y900="a"' }]);
    book.setColumnFormats('シート1', past, ['0', '0', '0', '0', '0']);
    const sheet = emu.sheet('シート1');
    expect([sheet.maxRows, sheet.maxCols]).toEqual([1000, 26]);
    expect(sheet.get(1000, 26).validation).not.toBeNull();
    expect(sheet.get(1000, 26).format).toBe('0');
    expect(sheet.rules[0].ranges).toEqual([{ row: 900, col: 25, numRows: 101, numCols: 2 }]);
    book.setColumnFormats('シート1', { row: 1001, col: 1, numRows: 5, numCols: 1 }, ['0']);
    expect(sheet.maxRows).toBe(1000);
  });

  test('the tag keeps the formula meaning what it said', () => {
    expect(tagFormula('=$E3="済"')).toBe(`=AND(${RULE_TAG},$E3="済")`);
    expect(RULE_TAG).toBe('N("teichaku")=0');
  });

  test('list validations: one rule per area, warning (not rejecting) when asked', () => {
    book.setListValidations('シート1', [
      {
        area: { row: 2, col: 2, numRows: 999, numCols: 1 },
        values: ['済', '未着手'],
        allowInvalid: true,
        helpText: '選んでください',
      },
    ]);
    const v = emu.sheet('シート1').get(1000, 2).validation;
    expect(v).toEqual({
      type: 'VALUE_IN_LIST',
      values: ['済', '未着手'],
      showDropdown: true,
      allowInvalid: true,
      helpText: '選んでください',
    });
    expect(emu.sheet('シート1').get(1, 2).validation).toBeNull();
    expect(emu.calls.byName['Range.setDataValidation']).toBe(1);
  });
});

describe('service calls do not grow with the rows', () => {
  function callsFor(rows: number): number {
    emu = new AppsScriptEmulator();
    book = open();
    const values: Cell[][] = [];
    for (let i = 0; i < rows; i++)
      values.push([`K-${i}`, date(2024, 4, 1 + (i % 28)), i, i % 2 === 0 ? null : '要確認']);
    emu.resetCalls();
    book.writeRange('シート1', 2, 1, values, {
      columnFormats: [null, DATE_FORMAT, '0', null],
      backgrounds: values.map(() => [null, null, null, '#f4cccc']),
    });
    book.readSheet('シート1');
    book.replaceSheet('検証結果', { values: [['【自動生成】'], ...values], boldRows: [0], frozenRows: 1 });
    return emu.calls.total;
  }

  test('10 rows and 900 rows cost the same calls; 2,000 rows add only what growing the tabs takes', () => {
    const small = callsFor(10);
    expect(callsFor(900)).toBe(small);
    expect(small).toBeLessThan(20);
    const big = callsFor(2000);
    // The user's tab (nothing read yet): the write is refused, its size asked (2), rows added, the
    // write tried again. The new tab: rows added.
    expect(emu.calls.byName['Sheet.insertRowsAfter']).toBe(2);
    expect(big).toBe(small + 5);
  });
});

describe('the same port operations give the same tabs as the memory adapter', () => {
  function script(b: WorkbookPort): void {
    b.createSheet('ケース台帳');
    b.writeRange('ケース台帳', 1, 1, [
      ['ケースID', '就職日', '残日数（自動）'],
      ['K-1', date(2024, 2, 29), 120],
      ['K-2', '令和5年4月1日', null],
    ]);
    b.writeRange('ケース台帳', 2, 3, [[30], ['=1/0']], { columnFormats: ['0'], asText: true });
    b.replaceSheet('引継ぎ予定', {
      values: [['【自動生成】引継ぎ予定'], ['ケースID', '期限'], ['K-1', date(2026, 6, 30)]],
    });
    b.replaceSheet('引継ぎ予定', { values: [['【自動生成】引継ぎ予定'], ['ケースID'], ['K-2']] });
  }

  test('readSheet agrees cell for cell', () => {
    const memory = new MemoryWorkbook();
    memory.createSheet('シート1');
    script(memory);
    script(book);
    for (const name of ['ケース台帳', '引継ぎ予定']) expect(book.readSheet(name)).toEqual(memory.readSheet(name));
    expect(book.sheetNames()).toEqual(memory.sheetNames());
  });
});

describe('reading little: A1 alone, a tab in one call', () => {
  test('readA1: no tab, our marker, an empty tab, a blank A1 above data', () => {
    emu.addSheet('検証結果').seed([['【自動生成】検証結果'], ['行', 'ケースID']]);
    emu.addSheet('空');
    emu.addSheet('メモ').seed([
      [null, null],
      [null, 'B2だけ'],
    ]);
    expect(book.readA1('ない')).toBeNull();
    emu.resetCalls();
    expect(book.readA1('検証結果')).toEqual({ value: '【自動生成】検証結果', empty: false });
    expect(emu.calls.log).toEqual(['Spreadsheet.getSheetByName', 'Sheet.getSheetValues']);
    expect(book.readA1('空')).toEqual({ value: null, empty: true });
    expect(book.readA1('メモ')).toEqual({ value: null, empty: false });
  });

  test('readSheet is one call per tab after the first lookup; a failed read is not taken for an empty tab', () => {
    emu.sheet('シート1').seed([['a', 1]]);
    book.readSheet('シート1');
    emu.resetCalls();
    expect(book.readSheet('シート1')).toEqual([['a', 1]]);
    expect(emu.calls.log).toEqual(['Sheet.getSheetValues']);
    emu.resetCalls();
    emu.failAt = 1;
    expect(() => book.readSheet('シート1')).toThrow('injected failure');
  });
});

describe('survey: the run reads first', () => {
  const ledgerRules = (formula: string) => [
    { area: { row: 2, col: 1, numRows: 3, numCols: 2 }, formula, background: '#f4cccc' },
  ];

  test('after it, A1, sizes, a user rule, our protections and our charts are known: the run is one round trip', () => {
    emu.sheet('シート1').seed([
      ['ケースID', '状況'],
      ['C1', '終了'],
    ]);
    emu.addSheet('集計').seed([['【自動生成】集計']]);
    emu.addSheet('空');
    book.setOwnConditionalRules('シート1', ledgerRules('=$B2="終了"'));
    book.protectOwnedAreas('シート1', [{ row: 1, col: 2, numRows: 2, numCols: 1 }], 'ours');
    book.replaceSheet('集計', {
      values: [['【自動生成】集計'], ['月', '件数'], ['4月', 3]],
      charts: [
        { kind: 'column', title: '件数', data: { row: 2, col: 1, numRows: 2, numCols: 2 }, anchor: { row: 1, col: 4 } },
      ],
    });
    emu.sheet('シート1').rules.push({
      formula: '=$A2="要注意"',
      background: '#000000',
      fontColor: null,
      bold: null,
      ranges: [{ row: 2, col: 1, numRows: 3, numCols: 2 }],
    });
    book = open();
    emu.resetCalls();
    book.survey({ conditionalRules: ['シート1'], protections: [{ sheet: 'シート1', description: 'ours' }] });
    const surveyed = emu.calls.log.length;
    book.survey({ conditionalRules: ['シート1'], protections: [{ sheet: 'シート1', description: 'ours' }] });
    expect(emu.calls.log.length).toBe(surveyed); // nothing new to read
    expect(emu.calls.log).toContain('Sheet.getMaxRows');
    // The run: writes only, then the reads a later step makes, all answered from the survey.
    book.writeRange('シート1', 3, 1, [['C2', '未共有']]);
    book.writeRange('シート1', 1, 40, [['右端の外']]); // past the tab's 26 columns: grown, not asked
    book.setOwnConditionalRules('シート1', ledgerRules('=$B2="未共有"'));
    book.protectOwnedAreas('シート1', [{ row: 1, col: 2, numRows: 3, numCols: 1 }], 'ours');
    book.replaceSheet('集計', { values: [['【自動生成】集計'], ['月', '件数']], charts: [] });
    expect(book.readA1('空')).toEqual({ value: null, empty: true });
    expect(book.readA1('集計')).toEqual({ value: '【自動生成】集計', empty: false });
    expect(book.readA1('ない')).toBeNull();
    expect(book.sheetNames()).toEqual(['シート1', '集計', '空']);
    expect(emu.trips).toEqual([]);
    expect(emu.roundTrips()).toBe(1);
    const sheet = emu.sheet('シート1');
    expect(sheet.rules.map((r) => r.formula)).toEqual(['=$A2="要注意"', tagFormula('=$B2="未共有"')]);
    expect(sheet.get(1, 40).v).toBe('右端の外');
    expect(sheet.protections).toEqual([
      { description: 'ours', area: { row: 1, col: 2, numRows: 3, numCols: 1 }, warningOnly: true },
    ]);
    expect(emu.sheet('集計').charts).toHaveLength(0);
  });

  test('a caller that does not survey reads what it needs when it needs it, with the same result', () => {
    emu.sheet('シート1').seed([['ケースID'], ['C1']]);
    book.setOwnConditionalRules('シート1', ledgerRules('=$A2="C1"'));
    book = open();
    emu.resetCalls();
    book.writeRange('シート1', 3, 1, [['C2']]);
    book.setOwnConditionalRules('シート1', ledgerRules('=$A2="C2"'));
    expect(emu.trips).toEqual(['Sheet.getConditionalFormatRules']);
    expect(emu.sheet('シート1').rules.map((r) => r.formula)).toEqual([tagFormula('=$A2="C2"')]);
  });
});

describe('writing without asking first', () => {
  const tricky = ['=SUM(A1:A3)', '0123', '2024/04/01', 'TRUE', '12%', "'quoted", '+81-3', '1/2'];

  test('a new tab gets its strings as text with no formats call when nothing else needs a format', () => {
    book.replaceSheet('検証結果', { values: [['【自動生成】'], tricky, [1, 2.5, null, true, null, null, null, null]] });
    const sheet = emu.sheet('検証結果');
    expect(emu.calls.byName['Range.setNumberFormats']).toBeUndefined();
    tricky.forEach((s, i) => {
      expect(sheet.get(2, i + 1).formula).toBeNull();
      expect(sheet.get(2, i + 1).v).toBe(s);
    });
    expect(sheet.get(3, 2).v).toBe(2.5);
    expect(book.readSheet('検証結果')?.[1]).toEqual(tricky);
    // Rebuilt (cleared) next run: the same.
    book = open();
    emu.resetCalls();
    book.replaceSheet('検証結果', { values: [['【自動生成】'], tricky] });
    expect(emu.calls.byName['Range.setNumberFormats']).toBeUndefined();
    expect(open().readSheet('検証結果')).toEqual([['【自動生成】', ...new Array(7).fill(null)], tricky]);
  });

  test('with a date in the content, strings are text (quoted when they might parse) and the date shows as a date', () => {
    book.replaceSheet('引継ぎ予定', { values: [['0123', date(2024, 2, 29), '山田']] });
    const sheet = emu.sheet('引継ぎ予定');
    expect(emu.calls.byName['Range.setNumberFormats']).toBe(1);
    expect([sheet.get(1, 1).v, sheet.get(1, 1).format]).toEqual(['0123', '']);
    expect([sheet.get(1, 3).v, sheet.get(1, 3).format]).toEqual(['山田', '@']);
    expect(sheet.valueAt(1, 2)).toBe('2024-02-29');
  });

  test('a write past what was read, inside the tab, asks nothing; a failure there is not retried', () => {
    emu.sheet('シート1').seed([['a']]);
    book.readSheet('シート1');
    emu.resetCalls();
    book.writeRange('シート1', 50, 10, [['x']]);
    expect(emu.calls.log.filter((n) => /getMax/.test(n))).toEqual([]);
    expect(emu.sheet('シート1').get(50, 10).v).toBe('x');
    emu.resetCalls();
    emu.failAt = 1; // the getRange of a write that fits
    expect(() => book.writeRange('シート1', 60, 10, [['y']])).toThrow('injected failure');
    expect(emu.sheet('シート1').get(60, 10).v).toBe('');
  });

  test('a write to a tab made in this run reads no formats', () => {
    book.createSheet('活動報告');
    book.writeRange('活動報告', 1, 1, [['提出日', '件数']]);
    book.writeRange('活動報告', 2, 1, [[date(2024, 5, 1), 3]]);
    expect(emu.calls.byName['Range.getNumberFormats']).toBeUndefined();
    expect(book.readSheet('活動報告')).toEqual([
      ['提出日', '件数'],
      [date(2024, 5, 1), 3],
    ]);
  });
});

describe('layout', () => {
  test('column widths: one call per run of equal widths; a new tab skips the default 100 px', () => {
    book.replaceSheet('集計', { values: [['t', 'u', 'v', 'w', 'x']], columnWidths: [100, 100, 200, 200, 480] });
    expect(emu.calls.log.filter((n) => n === 'Sheet.setColumnWidths')).toHaveLength(2);
    expect(emu.sheet('集計').dump()).toMatchObject({
      columnWidths: [
        [3, 200],
        [4, 200],
        [5, 480],
      ],
    });
  });

  test('the layout is set every run: a write, never a read between writes', () => {
    const content = { values: [['t', 'u', 'v', 'w', 'x']], columnWidths: [100, 100, 200, 200, 480], frozenRows: 1 };
    book.replaceSheet('集計', content);
    const sheet = emu.sheet('集計');
    sheet.columnWidths.set(3, 300); // a user widened column C
    book = open();
    emu.resetCalls();
    book.replaceSheet('集計', content);
    expect(emu.calls.log.filter((n) => /setColumnWidths|setFrozenRows|Metadata/.test(n))).toEqual([
      'Sheet.setFrozenRows',
      'Sheet.setColumnWidths',
      'Sheet.setColumnWidths',
      'Sheet.setColumnWidths',
    ]);
    expect(sheet.columnWidths.get(3)).toBe(200);
    expect(sheet.metadata).toEqual([]);
    expect(emu.roundTrips()).toBe(1);
  });

  test('frozen rows are set when the content says so, and left alone when it does not', () => {
    book.replaceSheet('集計', { values: [['t']], frozenRows: 2 });
    book = open();
    book.replaceSheet('集計', { values: [['t']] });
    expect(emu.sheet('集計').frozenRows).toBe(2);
    book.replaceSheet('集計', { values: [['t']], frozenRows: 0 });
    expect(emu.sheet('集計').frozenRows).toBe(0);
  });
});

describe('our conditional rules', () => {
  const rules = [
    { area: { row: 3, col: 5, numRows: 10, numCols: 1 }, formula: '=$E3="共有期限超過"', background: '#f9cb9c' },
    { area: { row: 3, col: 1, numRows: 10, numCols: 6 }, formula: '=LEFT($F3,3)="エラー"', background: '#fce8e6' },
  ];

  test('whatever order getRanges gives, each rule gets its own area (matched by A1)', () => {
    for (const order of ['given', 'reversed'] as const) {
      emu.rangeListOrder = order;
      const sheet = emu.sheet('シート1');
      book = open();
      book.setOwnConditionalRules('シート1', rules);
      expect([order, sheet.rules.map((r) => r.ranges)]).toEqual([
        order,
        [[{ row: 3, col: 5, numRows: 10, numCols: 1 }], [{ row: 3, col: 1, numRows: 10, numCols: 6 }]],
      ]);
      expect(sheet.rules[0].formula).toContain('共有期限超過');
    }
  });

  test('a rule set is read once and written once, a re-run too (no stamp to compare)', () => {
    book.setOwnConditionalRules('シート1', rules);
    book = open();
    emu.resetCalls();
    book.setOwnConditionalRules('シート1', rules);
    expect(emu.calls.byName['Sheet.getConditionalFormatRules']).toBe(1);
    expect(emu.calls.byName['Sheet.setConditionalFormatRules']).toBe(1);
    expect(emu.sheet('シート1').rules).toHaveLength(2);
  });

  test('rules tagged by an older version are taken as ours and replaced', () => {
    const sheet = emu.sheet('シート1');
    // As older versions wrote them: the tag stamped with a fingerprint of the rule set.
    const older = '=AND(N("teichaku:1x2y3z")=0,$E3="古い")';
    expect(older).not.toContain(RULE_TAG);
    sheet.rules.push({ formula: older, background: null, fontColor: null, bold: null, ranges: [] });
    book.setOwnConditionalRules('シート1', rules);
    expect(sheet.rules).toHaveLength(2);
    expect(sheet.rules.every((r) => isTaggedFormula(r.formula) && !r.formula.includes('古い'))).toBe(true);
  });
});
