import { describe, expect, it } from 'vitest';
import { pieces } from '../src/ui/components/rich-text';
import { matchCandidates, mentionQuery } from '../src/ui/components/mentions';
import { layoutRange } from '../src/ui/components/virtual-range';
import { codePoints } from '../src/app/actions';

describe('pieces', () => {
  it('makes http(s) and www links, without the punctuation after them', () => {
    expect(pieces('See https://example.org/rota. Or www.acme.test!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/rota', href: 'https://example.org/rota' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'www.acme.test', href: 'https://www.acme.test' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('never turns markup or other schemes into anything but text', () => {
    const p = pieces('<img src=x onerror=alert(1)> javascript:alert(1)');
    expect(p).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)> javascript:alert(1)' }]);
  });

  it('marks @mentions of members by their full names', () => {
    expect(pieces('Thanks @Sam Carter and @Sam', ['Sam Carter', 'Sam'])).toEqual([
      { kind: 'text', text: 'Thanks ' },
      { kind: 'mention', text: '@Sam Carter' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Sam' },
    ]);
  });
});

describe('mentions', () => {
  it('finds the @word before the caret', () => {
    expect(mentionQuery('hi @sa', 6)).toBe('sa');
    expect(mentionQuery('hi @', 4)).toBe('');
    expect(mentionQuery('mail@example', 12)).toBeNull();
    expect(mentionQuery('hi @sam carter', 14)).toBeNull();
  });

  it('matches the start of any word, ignoring case and accents', () => {
    const people = [{ id: '1', name: 'Zoë Müller' }, { id: '2', name: 'Sam Carter' }];
    expect(matchCandidates('mu', people).map((c) => c.id)).toEqual(['1']);
    expect(matchCandidates('ZOE', people).map((c) => c.id)).toEqual(['1']);
    expect(matchCandidates('car', people).map((c) => c.id)).toEqual(['2']);
  });
});

describe('layoutRange', () => {
  it('renders only what overlaps the window, with the space of the rest before and after', () => {
    const sizes = Array.from({ length: 10_000 }, () => 50);
    const r = layoutRange(sizes, 100_000, 101_000);
    expect(r).toEqual({ start: 2000, end: 2020, before: 100_000, after: 399_000 });
  });
});

describe('codePoints', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePoints('👍👍')).toBe(2);
    expect(codePoints('é')).toBe(1);
  });
});
