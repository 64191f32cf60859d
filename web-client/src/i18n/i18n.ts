import { computed, signal } from '@preact/signals';
import { en, type Catalogue, type Key } from './en';
import { de } from './de';

/** The languages shipped; the browser's choice decides until the person picks one in Settings. */
export const LANGUAGES = { en: 'English', de: 'Deutsch' } as const;
export type Language = keyof typeof LANGUAGES;

const CATALOGUES: Record<Language, Catalogue> = { en, de };
/** Where the language chosen in Settings is kept (it outlives sign-outs, also on a shared device). */
export const LANGUAGE_KEY = 'chatpro.language';

function initialLanguage(): Language {
  const chosen = typeof localStorage !== 'undefined' ? localStorage.getItem(LANGUAGE_KEY) : null;
  if (chosen && chosen in LANGUAGES) return chosen as Language;
  const preferred = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base as Language;
  }
  return 'en';
}

export const language = signal<Language>(initialLanguage());

/** The locale for dates and numbers: the browser's own when it speaks the chosen language (en-GB, de-AT). */
export const locale = computed(() => {
  const lang = language.value;
  const preferred = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === lang) ?? lang;
});

export function chooseLanguage(lang: Language): void {
  language.value = lang;
  localStorage.setItem(LANGUAGE_KEY, lang);
  document.documentElement.lang = lang;
}

type Params = Record<string, string | number>;

/**
 * A text of the catalogue in the current language, with `{name}` placeholders filled. A plural text chooses its form
 * by `count` with the language's plural rules.
 */
export function t(key: Key, params: Params = {}): string {
  const entry = CATALOGUES[language.value][key] ?? en[key];
  let text: string;
  if (typeof entry === 'string') {
    text = entry;
  } else {
    const count = Number(params.count ?? 0);
    const form = new Intl.PluralRules(locale.value).select(count) as keyof typeof entry;
    text = entry[form] ?? entry.other;
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export type { Key };
