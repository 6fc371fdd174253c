// Form answers stay text through intake, whichever way Sheets treats a plain-text ('@') cell (the
// reference leaves it open: emulator switch plainTextCells). No answer may become a formula.

import { TAB } from '../../src/domain/schema';
import { AppsScriptEmulator } from './emulator';
import { sampleBook } from './fixtures';
import { load } from './harness';

const ANSWERS = ['=IMPORTXML("http://x.example/","//a")', '+1', '-1+1', '@SUM(A1:A2)', "'引用", '0123'];

describe.each(['keep', 'parse'] as const)('plain-text cells: %s', (mode) => {
  test('intake copies risky answers as the text they are, and no cell of ours becomes a formula', () => {
    const emu = new AppsScriptEmulator();
    emu.plainTextCells = mode;
    sampleBook(emu, { form: true });
    const form = emu.sheet(TAB.formResponses);
    const first = form.lastRow() + 1;
    ANSWERS.forEach((answer, i) =>
      form.seed([[{ date: '2024-05-04' }, 'あかね園', `2024-0${(i % 6) + 1}`, 1, 0, 0, { text: answer }]], first + i),
    );
    const formulasBefore = new Set<string>();
    for (const sheet of emu.sheets)
      for (const [k, c] of sheet.cells) if (c.formula !== null) formulasBefore.add(`${sheet.name}!${k}`);
    const app = load(emu);
    app.run('menuSetup');
    app.run('menuIntake');
    const created: string[] = [];
    for (const sheet of emu.sheets)
      for (const [k, c] of sheet.cells)
        if (c.formula !== null && !formulasBefore.has(`${sheet.name}!${k}`))
          created.push(`${sheet.name}!${k} ${c.formula}`);
    expect(created).toEqual([]);
    const activity = emu.sheet(TAB.activity);
    const texts: unknown[] = [];
    for (let r = 1; r <= activity.lastRow(); r++)
      for (let c = 1; c <= activity.lastColumn(); c++) texts.push(activity.get(r, c).v);
    for (const answer of ANSWERS) expect(texts).toContain(answer);
  });
});
