import type { Message } from './message';
import type { enOnboarding } from './en-onboarding';

/** German texts of getting in (same keys as en-onboarding.ts). */
export const deOnboarding: Record<keyof typeof enOnboarding, Message> = {
  'signIn.code': 'Ich habe einen Anmeldecode',
  'code.title': 'Mit Code anmelden',
  'code.intro': 'Geben Sie den Code von Ihrer Anmeldekarte ein und wählen Sie ein Passwort mit mindestens 10 Zeichen.',
  'code.code': 'Anmeldecode',
  'code.password': 'Neues Passwort',
  'code.submit': 'Passwort festlegen und anmelden',
  'code.wrong': 'Dieser Code funktioniert nicht. Vielleicht ist er abgelaufen oder wurde ersetzt. Bitten Sie um eine neue Karte.',
  'code.back': 'Zurück zur Anmeldung',
};
