import type { Message } from './message';

/** English texts of the admin area. */
export const enAdmin = {
  'admin.title': 'Admin',
} satisfies Record<string, Message>;
