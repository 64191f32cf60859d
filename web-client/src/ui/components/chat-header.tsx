import { useEffect } from 'preact/hooks';
import type { ChatListEntry } from '../../protocol/types';
import { linkTo } from '../../app/router';
import { t } from '../../i18n/i18n';
import { past, when } from '../../i18n/format';
import { useClient } from '../context';
import { Avatar } from './avatar';
import { Icon } from './icons';
import { personName, useChatTitle } from './titles';

/** The chat's title, who is typing or the other person's presence, and the way to the group's or person's details. */
export function ChatHeader({ entry, onOpen }: { entry: ChatListEntry; onOpen(kind: 'group' | 'person'): void }) {
  const client = useClient();
  const me = client.me!.id;
  const title = useChatTitle(entry);
  const group = entry.type === 'group';
  const other = group ? undefined : entry.members.find((m) => m.userId !== me)?.userId;
  const presence = other ? client.presence.get(other) : undefined;
  const typing = Object.keys(client.chats.typing.value[entry.id] ?? {}).filter((id) => id !== me);
  const quiet = client.duty.quiet.value;
  const people = client.people.users.value;

  useEffect(() => {
    if (other) void client.presence.fetchOne(other);
  }, [other]);

  const hideLastSeen = client.org.value?.settings.hideLastSeen === true;
  const presenceText = !presence ? ''
    : presence.status === 'off_duty' && presence.offDutyUntil ? t('chat.offDutyUntil', { when: when(presence.offDutyUntil) })
    : presence.status === 'online' ? t('chat.online')
    : presence.lastSeen && !hideLastSeen ? t('chat.lastSeen', { when: past(presence.lastSeen) }) : '';

  return (
    <header class="topbar chat-top">
      <a class="icon-btn only-phone" aria-label={t('nav.backToChats')} {...linkTo({ name: 'list' })}>
        <Icon name="back" />
      </a>
      <Avatar id={group ? entry.id : other ?? entry.id} name={title} group={group} offDuty={presence?.status === 'off_duty'}
        online={presence?.status === 'online'} />
      <div class="chat-title">
        <h2>
          <button type="button" class="title-btn" onClick={() => onOpen(group ? 'group' : 'person')}>{title}</button>
        </h2>
        {typing.length > 0 && !quiet ? (
          <p class="chat-sub chat-typing" role="status">
            {typing.length === 1 ? t('chat.typing', { name: personName(people, typing[0]) }) : t('chat.typingMany')}
          </p>
        ) : group ? (
          <p class="chat-sub">{t('chat.groupMembers', { count: entry.members.length })}</p>
        ) : (
          <p class="chat-sub" role="status">{presenceText}</p>
        )}
      </div>
      {group ? (
        <button type="button" class="icon-btn" aria-label={t('chat.groupInfo')} title={t('chat.groupInfo')} onClick={() => onOpen('group')}>
          <Icon name="info" />
        </button>
      ) : (
        <button type="button" class="icon-btn" aria-label={t('chat.personInfo', { name: title })} title={t('chat.personInfo', { name: title })}
          onClick={() => onOpen('person')}>
          <Icon name="info" />
        </button>
      )}
    </header>
  );
}
