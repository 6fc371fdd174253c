// Charts of generated tabs as DrawingML parts: one chart part per ChartSpec and a drawing part that
// anchors them, so Excel and LibreOffice draw native charts (bar/column/line) from the tab's cells.
// xlsxWorkbook.ts names them after the tab's part and replaces them on every run.

import { columnLetter } from '../domain/table';
import type { Cell, ChartSpec } from '../workbook/port';
import { escapeXml, NS_REL } from './xml';

/** Size of a chart we draw, in pixels (Sheets' default chart is about this size). */
export const CHART_WIDTH_PX = 560;
export const CHART_HEIGHT_PX = 340;
const EMU_PER_PX = 9525;
/** Series colours (Office's default accents). */
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

// ---- our charts ----

function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

function absRef(sheet: string, row: number, col: number, rows = 1, cols = 1): string {
  const a = `$${columnLetter(col)}$${row}`;
  const b = `$${columnLetter(col + cols - 1)}$${row + rows - 1}`;
  return `${sheetRef(sheet)}!${rows === 1 && cols === 1 ? a : `${a}:${b}`}`;
}

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return `${v.y}/${v.m}/${v.d}`;
  return String(v);
}

function strCache(points: readonly string[]): string {
  return `<c:strCache><c:ptCount val="${points.length}"/>${points
    .map((p, i) => `<c:pt idx="${i}"><c:v>${escapeXml(p)}</c:v></c:pt>`)
    .join('')}</c:strCache>`;
}

function numCache(points: readonly (number | null)[]): string {
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${points.length}"/>${points
    .map((p, i) => (p === null ? '' : `<c:pt idx="${i}"><c:v>${p}</c:v></c:pt>`))
    .join('')}</c:numCache>`;
}

/** A DrawingML chart part for one ChartSpec: first column the categories, each further column a series. */
export function chartXml(sheet: string, spec: ChartSpec, values: readonly (readonly Cell[])[]): string {
  const { row, col, numRows, numCols } = spec.data;
  const at = (r: number, c: number): Cell | undefined => values[r - 1]?.[c - 1];
  const points = numRows - 1;
  const categories = Array.from({ length: points }, (_, i) => cellText(at(row + 1 + i, col)));
  const series: string[] = [];
  for (let s = 1; s < numCols; s++) {
    const c = col + s;
    const nums = Array.from({ length: points }, (_, i) => {
      const v = at(row + 1 + i, c);
      return typeof v === 'number' ? v : null;
    });
    const line = spec.kind === 'line';
    // Colours of their own: a book without a theme part (a new one) would otherwise draw no fill.
    const colour = PALETTE[(s - 1) % PALETTE.length];
    const fill = `<a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>`;
    series.push(
      `<c:ser><c:idx val="${s - 1}"/><c:order val="${s - 1}"/>` +
        `<c:tx><c:strRef><c:f>${escapeXml(absRef(sheet, row, c))}</c:f>${strCache([cellText(at(row, c))])}</c:strRef></c:tx>` +
        (line ? `<c:spPr><a:ln w="28575">${fill}</a:ln></c:spPr>` : `<c:spPr>${fill}</c:spPr>`) +
        (line ? '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' : '<c:invertIfNegative val="0"/>') +
        `<c:cat><c:strRef><c:f>${escapeXml(absRef(sheet, row + 1, col, points))}</c:f>${strCache(categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeXml(absRef(sheet, row + 1, c, points))}</c:f>${numCache(nums)}</c:numRef></c:val>` +
        (line ? '<c:smooth val="0"/>' : '') +
        `</c:ser>`,
    );
  }
  const axes = '<c:axId val="50010001"/><c:axId val="50010002"/>';
  const plot =
    spec.kind === 'line'
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series.join('')}<c:marker val="1"/>${axes}</c:lineChart>`
      : `<c:barChart><c:barDir val="${spec.kind === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.join('')}<c:gapWidth val="80"/>${axes}</c:barChart>`;
  const horizontal = spec.kind === 'bar';
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="ja-JP" sz="1200" b="1"/><a:t>${escapeXml(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`;
  const legend = numCols > 2 ? '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>' : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_REL}">` +
    `<c:roundedCorners val="0"/><c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}` +
    `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'b' : 'l'}"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** A drawing part holding one graphic frame per chart, each anchored at its ChartSpec's cell. */
export function drawingXml(specs: readonly ChartSpec[], chartRelIds: readonly string[]): string {
  const anchors = specs.map((spec, i) => {
    const id = i + 2;
    return (
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${spec.anchor.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>` +
      `<xdr:row>${spec.anchor.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${CHART_WIDTH_PX * EMU_PER_PX}" cy="${CHART_HEIGHT_PX * EMU_PER_PX}"/>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${escapeXml(`teichaku ${spec.title}`)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
      `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="${chartRelIds[i]}"/>` +
      `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchors.join('')}</xdr:wsDr>`
  );
}
