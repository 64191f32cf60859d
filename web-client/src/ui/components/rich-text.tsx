import type { ComponentChildren } from 'preact';

/** Web links in a message: http(s) addresses and www. names, up to the first space or closing punctuation. */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING = /[.,:;!?)\]}'"]+$/;

export interface Piece {
  kind: 'text' | 'link' | 'mention';
  text: string;
  href?: string;
}

/**
 * Splits a message's text into plain text, links and @mentions. The text is never parsed as HTML: every piece
 * is rendered as text, and only http(s) links become anchors.
 */
export function pieces(text: string, mentionNames: readonly string[] = []): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let url = match[0];
    const trail = url.match(TRAILING)?.[0] ?? '';
    if (trail) url = url.slice(0, -trail.length);
    const start = match.index ?? 0;
    if (start > last) out.push(...mentions(text.slice(last, start), mentionNames));
    const href = url.toLowerCase().startsWith('www.') ? `https://${url}` : url;
    out.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) out.push(...mentions(text.slice(last), mentionNames));
  return out;
}

function mentions(text: string, names: readonly string[]): Piece[] {
  if (!names.length) return [{ kind: 'text', text }];
  const sorted = [...names].sort((a, b) => b.length - a.length).map((n) => `@${n}`);
  const out: Piece[] = [];
  let rest = text;
  for (;;) {
    let best = -1;
    let found = '';
    for (const n of sorted) {
      const i = rest.indexOf(n);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
        found = n;
      }
    }
    if (best < 0) break;
    if (best > 0) out.push({ kind: 'text', text: rest.slice(0, best) });
    out.push({ kind: 'mention', text: found });
    rest = rest.slice(best + found.length);
  }
  if (rest) out.push({ kind: 'text', text: rest });
  return out;
}

export function RichText({ text, mentionNames }: { text: string; mentionNames?: readonly string[] }): ComponentChildren {
  return pieces(text, mentionNames).map((p, i) =>
    p.kind === 'link' ? (
      <a key={i} href={p.href} target="_blank" rel="noopener noreferrer">{p.text}</a>
    ) : p.kind === 'mention' ? (
      <strong key={i} class="mention">{p.text}</strong>
    ) : (
      p.text
    ),
  );
}
