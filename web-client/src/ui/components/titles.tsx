import type { Chat } from '../../protocol/types';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';

/** A chat's title: a group's name, or the other person's displayName in a direct chat. */
export function useChatTitle(chat: Pick<Chat, 'type' | 'name' | 'members'>): string {
  const client = useClient();
  if (chat.type === 'group') return chat.name ?? t('list.group');
  const me = client.me?.id;
  const other = chat.members.find((m) => m.userId !== me)?.userId;
  return personName(client.people.users.value, other);
}

/** A person's name as shown: "Former colleague" once erased, "…" while not yet known. */
export function personName(people: Record<string, { displayName: string; erased?: boolean }>, id: string | undefined): string {
  if (!id) return '…';
  const u = people[id];
  if (!u) return '…';
  return u.erased ? t('notice.formerColleague') : u.displayName;
}
