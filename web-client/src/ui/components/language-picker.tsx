import { chooseLanguage, language, LANGUAGES, t, type Language } from '../../i18n/i18n';

/** Language choice; the browser's language decides until one is chosen here. */
export function LanguagePicker() {
  return (
    <div class="field language-picker">
      <label for="language">{t('settings.language')}</label>
      <select id="language" class="input" value={language.value}
        onChange={(e) => chooseLanguage(e.currentTarget.value as Language)}>
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option value={code} lang={code} key={code}>{name}</option>
        ))}
      </select>
    </div>
  );
}
