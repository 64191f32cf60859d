import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../src/admin/csv';
import { applyBatch, batches, plan, readImport } from '../src/admin/import-plan';

describe('csv', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside fields, CRLF and a BOM', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n';
    expect(parseCsv(text)).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere'], ['last', '']]);
  });

  it('writes what it reads', () => {
    const rows = [['username', 'displayName'], ['ann', 'Ann, "the boss"'], [' padded ', 'line\nbreak']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('keeps a last row without a line break', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
  });
});

describe('import plan', () => {
  const file = readImport('username,displayName,title,department,roles,password\n'
    + 'ann,Ann,,,,\nbad name,Bad,,,,\nbob,Bob,,,,secret-password-1\ncy,Cy,,,,\n');

  it('joins the dry run to the rows and batches only the good ones, mapping answers back', () => {
    const planned = plan(file, [
      { row: 1, status: 'created' }, { row: 2, status: 'error', error: 'username: 2-64 characters' },
      { row: 3, status: 'created' }, { row: 4, status: 'created' },
    ]);
    expect(planned.map((p) => p.status)).toEqual(['ready', 'error', 'ready', 'ready']);
    expect(planned[1].reason).toBe('username: 2-64 characters');
    expect(planned[2].hasPassword).toBe(true);

    const sent = batches(file, planned, 2);
    expect(sent.map((b) => b.rows)).toEqual([[1, 3], [4]]);
    expect(parseCsv(sent[0].csv)).toEqual([file.header, file.rows[0], file.rows[2]]);

    let after = applyBatch(planned, sent[0], [{ row: 1, status: 'created', userId: 'u1' }, { row: 2, status: 'error', error: 'this username is taken' }]);
    after = applyBatch(after, sent[1], [{ row: 1, status: 'created', userId: 'u4' }]);
    expect(after.map((p) => [p.status, p.userId ?? p.reason])).toEqual([
      ['created', 'u1'], ['error', 'username: 2-64 characters'], ['error', 'this username is taken'], ['created', 'u4'],
    ]);
  });
});
