import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import decodeQR from 'qr/decode.js';
import { encode } from 'uqr';
import { QUIET, qrPath } from '../src/ui/cards/qr';
import { sheetsOf } from '../src/ui/cards/sheets';
import { CardSheet, type PrintedCard } from '../src/ui/cards/card-sheet';

/** The path drawn as a scanner's camera would see it: black modules on white, `scale` pixels each. */
function picture(d: string, size: number, scale = 4) {
  const side = (size + 2 * QUIET) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-?\d+z/g)) {
    for (let px = (Number(x) + QUIET) * scale; px < (Number(x) + Number(w) + QUIET) * scale; px++) {
      for (let py = (Number(y) + QUIET) * scale; py < (Number(y) + 1 + QUIET) * scale; py++) {
        data.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
      }
    }
  }
  return { width: side, height: side, data };
}

const card = (i: number): PrintedCard => ({
  userId: `u${i}`, displayName: `Cleaner ${i}`, username: `cleaner${i}`, code: 'ABCDEFGHJKMN', expiresAt: '2026-12-08T14:05:00Z',
});

describe('the QR code of a card', () => {
  it('reads back as the full address of the code page with the code', () => {
    for (const url of ['http://127.0.0.1:8080/code/ABCDEFGHJKMN', 'https://chat.riverside-care.example.org/code/23456789WXYZ']) {
      const qr = qrPath(url);
      expect(decodeQR(picture(qr.d, qr.size))).toBe(url);
    }
  });

  it('is a small version for an address of this length, its side 17 + 4 × version modules', () => {
    const qr = qrPath('https://chat.riverside-care.example.org/code/23456789WXYZ');
    expect(qr.version).toBe(4);
    expect(qr.size).toBe(17 + 4 * qr.version);
    expect(qrPath('http://127.0.0.1:8080/code/ABCDEFGHJKMN').version).toBe(3);
  });

  it('draws exactly the dark modules of the matrix', () => {
    const url = 'http://127.0.0.1:8080/code/ABCDEFGHJKMN';
    const matrix = encode(url, { ecc: 'M', border: 0 }).data;
    const { d } = qrPath(url);
    let dark = 0;
    for (const [, , , w] of d.matchAll(/M(\d+) (\d+)h(\d+)/g)) dark += Number(w);
    expect(dark).toBe(matrix.flat().filter(Boolean).length);
  });
});

describe('the sheets', () => {
  it('hold eight cards each, the last one what is left', () => {
    expect(sheetsOf([]).length).toBe(0);
    expect(sheetsOf(Array.from({ length: 8 }, (_, i) => i)).map((s) => s.length)).toEqual([8]);
    expect(sheetsOf(Array.from({ length: 19 }, (_, i) => i)).map((s) => s.length)).toEqual([8, 8, 3]);
    expect(sheetsOf(Array.from({ length: 19 }, (_, i) => i))[2]).toEqual([16, 17, 18]);
  });

  it('render standalone: a section per sheet, each card with its name, grouped code, date and QR code', () => {
    const root = document.createElement('div');
    document.body.append(root);
    render(<CardSheet orgName="Riverside Care" orgSlug="riverside" cards={Array.from({ length: 9 }, (_, i) => card(i + 1))} />, root);
    const sheets = root.querySelectorAll('section.card-sheet');
    expect(sheets.length).toBe(2);
    expect(sheets[0].querySelectorAll('.sign-in-card').length).toBe(8);
    expect(sheets[1].querySelectorAll('.sign-in-card').length).toBe(1);
    const first = sheets[0].querySelector('.sign-in-card')!;
    expect(first.textContent).toContain('Cleaner 1');
    expect(first.textContent).toContain('Username: cleaner1');
    expect(first.textContent).toContain('Organisation: riverside');
    expect(first.textContent).toContain('ABCD EFGH JKMN');
    expect(first.textContent).toMatch(/Valid until [^S]*December[^S]*2026/);
    expect(first.textContent).toContain(`open ${location.origin.replace(/^https:\/\//, '')}/code and type it`);
    expect(first.querySelector('svg[role="img"] path')?.getAttribute('d')).toMatch(/^M\d/);
    expect(root.querySelector('.card-sheet-actions button')?.textContent).toBe('Print cards');
    render(null, root);
    root.remove();
  });
});
