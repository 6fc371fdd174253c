// A fiscal year (年度, April to March) as a user types it: 2025, 2025年度, 令和7年度, 令和7, R7,
// 令和元年度. 令和 N年度 is the fiscal year starting in April of 2018 + N (令和元年 = 2019).

/** Earliest and latest fiscal years accepted (the service began in April 2018). */
export const MIN_FISCAL_YEAR = 2018;
export const MAX_FISCAL_YEAR = 2100;

/** The fiscal year's first calendar year, or null when the text is not a fiscal year we accept. */
export function parseFiscalYear(text: string): number | null {
  const t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/年度$|年$/, '');
  let fy: number | null = null;
  const western = /^(\d{4})$/.exec(t);
  if (western) fy = Number(western[1]);
  const reiwa = /^(?:令和|R)(元|\d{1,2})$/i.exec(t);
  if (reiwa) fy = 2018 + (reiwa[1] === '元' ? 1 : Number(reiwa[1]));
  if (fy === null || fy < MIN_FISCAL_YEAR || fy > MAX_FISCAL_YEAR) return null;
  return fy;
}
