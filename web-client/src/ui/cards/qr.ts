import { encode } from 'uqr';

/** Modules of light margin around a QR code that scanners need (the standard's quiet zone). */
export const QUIET = 4;

/** A QR code as one SVG path: a run of dark modules in a row is one rectangle. */
export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  /** Dark modules, one unit per module, the top-left module at 0,0. */
  d: string;
}

/**
 * The QR code of a text, made in the browser that prints it (uqr, a small library without dependencies, gives the
 * module matrix; drawing it is ours). Error correction M (15 %): a card in a pocket gets creased and smudged.
 *
 * Why here and not on the server with ZXing: the code exists in clear only in the answer that made it (the server
 * keeps a hash), and the admin's browser is where it is printed, so the code travels nowhere else and no image of
 * it sits in an HTTP cache or log; the browser knows the address people really open (`location.origin`, behind any
 * proxy), which the server would need a setting for; the vector path is sharp at any printer's resolution; and the
 * server gains no image-rendering dependency or work.
 */
export function qrPath(text: string): QrPath {
  const qr = encode(text, { ecc: 'M', border: 0 });
  let d = '';
  qr.data.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < row.length && row[x + 1]) x++;
      d += `M${start} ${y}h${x - start + 1}v1h${start - x - 1}z`;
    }
  });
  return { size: qr.size, version: qr.version, d };
}
