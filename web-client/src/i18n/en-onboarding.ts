import type { Message } from './message';

/** English texts of getting in: sign-in codes, a new organisation, shared devices. */
export const enOnboarding = {
  'signIn.code': 'I have a sign-in code',
  'code.title': 'Sign in with a code',
  'code.intro': 'Type the code from your sign-in card and choose a password of at least 10 characters.',
  'code.code': 'Sign-in code',
  'code.password': 'New password',
  'code.submit': 'Set password and sign in',
  'code.wrong': 'That code does not work. It may have expired or been replaced; ask for a new card.',
  'code.back': 'Back to sign in',
} satisfies Record<string, Message>;
