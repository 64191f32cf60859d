/** Cards per A4 sheet: two columns of four, each card 105 × 74.25 mm. */
export const CARDS_PER_SHEET = 8;

/** The cards in sheets of eight, in order; the last sheet holds what is left. */
export function sheetsOf<T>(cards: readonly T[], perSheet = CARDS_PER_SHEET): T[][] {
  const sheets: T[][] = [];
  for (let i = 0; i < cards.length; i += perSheet) sheets.push(cards.slice(i, i + perSheet));
  return sheets;
}
