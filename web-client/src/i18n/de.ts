import { en, type Catalogue } from './en';

/** German texts (same keys as en.ts). */
export const de: Catalogue = { ...en };
