import { parseCsv, toCsv } from './csv';

/** The columns of an import file, as protocol.md names them. */
export const IMPORT_HEADER = ['username', 'displayName', 'title', 'department', 'roles', 'password'];
/** Rows sent per request while importing: small enough for a smooth progress bar, big enough to be quick. */
export const BATCH_ROWS = 100;

/** What the server answered for one row (`row` counts from 1 after the header). */
export interface RowResult {
  row: number;
  status: 'created' | 'error';
  userId?: string;
  error?: string;
}

/** A row of the file as the dry-run table shows it. */
export interface PlannedRow {
  row: number;
  username: string;
  displayName: string;
  hasPassword: boolean;
  status: 'ready' | 'error' | 'created';
  reason?: string;
  userId?: string;
}

export interface ImportFile {
  header: string[];
  rows: string[][];
}

/** Reads the file for the table; the server's dry run says which rows are good. */
export function readImport(text: string): ImportFile {
  const [header = [], ...rows] = parseCsv(text);
  return { header, rows };
}

/** The dry run's answers joined to the file's rows. */
export function plan(file: ImportFile, results: RowResult[]): PlannedRow[] {
  const byRow = new Map(results.map((r) => [r.row, r]));
  return file.rows.map((fields, i) => {
    const result = byRow.get(i + 1);
    return {
      row: i + 1,
      username: (fields[0] ?? '').trim(),
      displayName: (fields[1] ?? '').trim(),
      hasPassword: (fields[5] ?? '') !== '',
      status: result?.status === 'created' ? 'ready' : 'error',
      reason: result?.status === 'created' ? undefined : result?.error ?? '',
    };
  });
}

/** One request of the import: a CSV of good rows, and which row of the file each of its rows is. */
export interface Batch {
  csv: string;
  rows: number[];
}

/** The good rows in batches, each a CSV with the header, so each answer maps back to the file's rows. */
export function batches(file: ImportFile, planned: PlannedRow[], size = BATCH_ROWS): Batch[] {
  const good = planned.filter((p) => p.status === 'ready').map((p) => p.row);
  const out: Batch[] = [];
  for (let i = 0; i < good.length; i += size) {
    const rows = good.slice(i, i + size);
    out.push({ csv: toCsv([file.header, ...rows.map((r) => file.rows[r - 1])]), rows });
  }
  return out;
}

/** A batch's answers put onto the planned rows (the answer's `row` is the row within the batch). */
export function applyBatch(planned: PlannedRow[], batch: Batch, results: RowResult[]): PlannedRow[] {
  const next = planned.slice();
  for (const r of results) {
    const fileRow = batch.rows[r.row - 1];
    if (fileRow === undefined) continue;
    const p = next[fileRow - 1];
    next[fileRow - 1] = r.status === 'created'
      ? { ...p, status: 'created', userId: r.userId, reason: undefined }
      : { ...p, status: 'error', reason: r.error ?? '' };
  }
  return next;
}

/** A file to start from: the header and one example row. */
export function template(): string {
  return toCsv([IMPORT_HEADER, ['jo.bloggs', 'Jo Bloggs', 'Cleaner', 'Facilities', 'member', '']]);
}
