/** Which items of a list of heights overlap the window [from, to), and the space before and after them. */
export function layoutRange(sizes: readonly number[], from: number, to: number): { start: number; end: number; before: number; after: number } {
  let offset = 0;
  let start = 0;
  while (start < sizes.length && offset + sizes[start] <= from) {
    offset += sizes[start];
    start++;
  }
  const before = offset;
  let end = start;
  while (end < sizes.length && offset < to) {
    offset += sizes[end];
    end++;
  }
  let after = 0;
  for (let i = end; i < sizes.length; i++) after += sizes[i];
  return { start, end, before, after };
}
