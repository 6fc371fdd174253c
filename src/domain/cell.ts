// The value of one spreadsheet cell, as every part of the product sees it.

import type { CalendarDate } from './calendar';

/** A normalised cell: text, number, boolean, calendar date (Asia/Tokyo) or empty. */
export type Cell = string | number | boolean | CalendarDate | null;
