// npm run demo: builds a fictional sample ledger (300 cases, messy like a real office's sheet),
// runs every command on it and saves out/demo.xlsx to open in Excel, LibreOffice or Google Sheets.

import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { formatIso, tokyoDateAt } from '../src/domain/calendar';
import { runAll } from '../src/commands/run';
import { generateSampleBook } from '../src/demo/sample';
import { XlsxWorkbook } from '../src/xlsx/xlsxWorkbook';

async function demo(): Promise<void> {
  const today = tokyoDateAt(Date.now());
  const book = XlsxWorkbook.create();
  const sample = generateSampleBook(book, { cases: 300, seed: 20240401, today, messy: true, activityYears: 2 });
  const result = runAll({
    book,
    today,
    options: {},
    progress: (message) => process.stderr.write(`  ${message}\n`),
  });
  const outDir = path.resolve(__dirname, '..', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'demo.xlsx');
  await book.save(file);

  const lines = [
    `サンプル台帳を作成しました: ${file}`,
    `今日 = ${formatIso(today)}（日本時間）`,
    `ケース ${sample.cases}件（利用前 ${sample.status.waiting}・利用中 ${sample.status.active}・終了 ${sample.status.ended}）、` +
      `支援記録 ${sample.contactRows}行、フォーム回答 ${sample.formRows}行`,
    `わざと誤りを入れた行: ${sample.plantedProblems.map((p) => `${p.row}行目「${p.column}」`).join('、')}`,
    `タブ: ${book.sheetNames().join('・')}`,
    '',
    '各処理の結果:',
    ...result.summary.split('\n').map((l) => `  ${l}`),
    ...result.notices.map((n) => `  注意: ${n}`),
    '',
    '氏名・会社名などはすべて架空です。',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

demo().catch((e: unknown) => {
  process.stderr.write(`デモの作成に失敗しました: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
