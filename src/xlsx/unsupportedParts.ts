// What an .xlsx holds that exceljs would silently drop on save (charts, pivot tables, macros…).
// The CLI uses it to refuse to overwrite such a book in place: the product never loses a user's work.
// Only the zip's central directory (the list of part names) is read; nothing is decompressed.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

/** Part names inside a zip file, or [] when the directory cannot be read (then nothing is claimed). */
export function zipEntryNames(data: Buffer): string[] {
  const min = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL_SIGNATURE) return names;
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    names.push(data.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

const UNSUPPORTED: readonly (readonly [RegExp, string])[] = [
  [/^xl\/charts\//, 'グラフ'],
  [/^xl\/chartsheets\//, 'グラフシート'],
  [/^xl\/pivotTables\//, 'ピボットテーブル'],
  [/^xl\/slicers\//, 'スライサー'],
  [/^xl\/timelines\//, 'タイムライン'],
  [/^xl\/vbaProject\.bin$/, 'マクロ'],
  [/^xl\/ctrlProps\//, 'フォームコントロール'],
  [/^xl\/activeX\//, 'ActiveX コントロール'],
];

/** Japanese names of the kinds of content in the book that saving with exceljs would lose. */
export function unsupportedContent(data: Buffer): string[] {
  const found = new Set<string>();
  for (const name of zipEntryNames(data)) {
    for (const [pattern, label] of UNSUPPORTED) if (pattern.test(name)) found.add(label);
  }
  return [...found];
}
