import type { Message } from './message';
import { enAdmin } from './en-admin';

/** German texts of the admin area (same keys as en-admin.ts). */
export const deAdmin: Record<keyof typeof enAdmin, Message> = {
  ...enAdmin,
  'admin.title': 'Verwaltung',
};
