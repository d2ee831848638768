/**
 * RFC 4180 CSV that stays inert in a spreadsheet. Diagnostics are text from remote mail
 * servers, i.e. attacker-controlled: a cell starting with = + - @ (or tab/CR, which some
 * spreadsheets skip before looking for a formula) gets a leading single quote so it is shown,
 * not evaluated (OWASP "CSV injection"); a cell with a comma, quote or line break is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | undefined | null;

export function csvCell(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  // Numbers and booleans are ours; only text can carry a formula (and -1 must stay a number).
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** Columns of an export: a header and how to read the cell from a row. */
export type CsvColumns<T> = readonly (readonly [header: string, cell: (row: T) => CsvValue])[];

export function csvHeader<T>(columns: CsvColumns<T>): string {
  return csvRow(columns.map(([header]) => header));
}

export function csvLine<T>(columns: CsvColumns<T>, row: T): string {
  return csvRow(columns.map(([, cell]) => cell(row)));
}
