import { useComputed } from '@preact/signals';
import { useState } from 'preact/hooks';
import { linkTo, navigate, route } from '../../app/router';
import type { ChatListEntry } from '../../protocol/types';
import { t } from '../../i18n/i18n';
import { listTime } from '../../i18n/format';
import { previewKind, tickOf } from '../../state/messages';
import { useClient } from '../context';
import { Avatar } from '../components/avatar';
import { Icon } from '../components/icons';
import { Ticks } from '../components/ticks';
import { useChatTitle } from '../components/titles';
import { SignOutButton } from '../components/sign-out';
import '../styles/chat-list.css';

/** The chat list: most recent first, with previews, times, unread counts, ticks and moons; filtered by name. */
export function ChatList() {
  const client = useClient();
  const [filter, setFilter] = useState('');
  const me = client.me;
  const sorted = client.chats.sorted.value;
  const people = client.people.users.value;
  const titleOf = (c: ChatListEntry) => chatTitle(c, me?.id, people);
  const q = filter.trim().toLocaleLowerCase();
  const shown = q ? sorted.filter((c) => titleOf(c).toLocaleLowerCase().includes(q)) : sorted;

  return (
    <div class="chat-list">
      <header class="topbar">
        <h1 tabIndex={-1}>{t('nav.chats')}</h1>
        <button type="button" class="icon-btn" aria-label={t('nav.newChat')} title={t('nav.newChat')}
          onClick={() => navigate({ name: 'new' })}>
          <Icon name="plus" />
        </button>
        {me && (me.roles.includes('admin') || me.roles.includes('compliance')) && (
          <a class="icon-btn" aria-label={t('nav.admin')} title={t('nav.admin')} {...linkTo({ name: 'admin', section: 'home' })}>
            <Icon name="shield" />
          </a>
        )}
        <a class="icon-btn" aria-label={t('nav.settings')} title={t('nav.settings')} {...linkTo({ name: 'settings' })}>
          <Icon name="gear" />
        </a>
        <SignOutButton class="icon-btn" label={t('nav.signOut')}>
          <Icon name="logout" />
        </SignOutButton>
      </header>
      <div class="list-filter">
        <label for="chat-filter" class="visually-hidden">{t('list.filter')}</label>
        <input id="chat-filter" class="input" type="search" placeholder={t('list.filter')} value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      {shown.length === 0 ? (
        <p class="list-empty">{q ? t('list.noMatch', { q: filter.trim() }) : t('list.empty')}</p>
      ) : (
        <ul class="chats" aria-label={t('nav.chats')}>
          {shown.map((c) => (
            <ChatRow key={c.id} entry={c} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** A group's name, or the other person's name in a direct chat. */
export function chatTitle(c: { type: string; name?: string; members: { userId: string }[] }, me: string | undefined,
  people: Record<string, { displayName: string }>): string {
  if (c.type === 'group') return c.name ?? t('list.group');
  const other = c.members.find((m) => m.userId !== me)?.userId;
  return (other && people[other]?.displayName) || '…';
}

function ChatRow({ entry }: { entry: ChatListEntry }) {
  const client = useClient();
  const me = client.me?.id;
  const title = useChatTitle(entry);
  const active = route.value.name === 'chat' && route.value.chatId === entry.id;
  const other = entry.type === 'direct' ? entry.members.find((m) => m.userId !== me)?.userId : undefined;
  const presence = other ? client.presence.get(other) : undefined;
  const offDuty = presence?.status === 'off_duty';
  const last = entry.lastMessage;
  const mine = last && last.senderId === me;
  const tick = useComputed(() => {
    if (!last || !mine || !me) return null;
    return tickOf(last.seq, me, entry.members.map((m) => m.userId), client.chats.cursors.value[entry.id] ?? {});
  }).value;
  const sender = last && entry.type === 'group' && !mine ? client.people.get(last.senderId)?.displayName : undefined;
  const preview = last ? previewText(last) : t('list.noMessages');
  const unread = entry.unread;

  return (
    <li>
      <a class={`chat-row${active ? ' active' : ''}${unread ? ' has-unread' : ''}`} aria-current={active ? 'page' : undefined}
        {...linkTo({ name: 'chat', chatId: entry.id })}>
        <Avatar id={entry.type === 'group' ? entry.id : other ?? entry.id} name={title} group={entry.type === 'group'}
          offDuty={offDuty} online={presence?.status === 'online'} />
        <span class="chat-row-body">
          <span class="chat-row-top">
            <span class="chat-row-title">{title}</span>
            {offDuty && <span class="visually-hidden">, {t('list.offDuty')}</span>}
            {last && <span class="chat-row-time">{listTime(last.at)}</span>}
          </span>
          <span class="chat-row-bottom">
            <span class="chat-row-preview">
              {tick && <Ticks tick={tick} />}
              {mine && <span class="visually-hidden">{t('list.you')}: </span>}
              {sender && <span class="chat-row-sender">{sender}: </span>}
              {preview}
            </span>
            {unread > 0 && (
              <span class="badge" role="status" aria-label={t('list.unread', { count: unread })}>
                {unread > 999 ? '999+' : unread}
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}

function previewText(last: NonNullable<ChatListEntry['lastMessage']>): string {
  switch (previewKind(last)) {
    case 'deleted':
      return t('list.deleted');
    case 'expired':
      return t('list.expired');
    case 'erased':
      return t('list.erased');
    case 'unreadable':
      return t('list.unreadable');
    case 'image':
      return last.text ? `📷 ${last.text}` : `📷 ${t('list.picture')}`;
    case 'voice':
      return `🎤 ${t('list.voice')}`;
    default:
      return last.text ?? '';
  }
}
