import { useComputed } from '@preact/signals';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { Chat } from '../../protocol/types';
import { ApiError } from '../../protocol/rest';
import { EDIT_WINDOW_MS } from '../../app/actions';
import { t } from '../../i18n/i18n';
import { dayKey, dayTitle } from '../../i18n/format';
import type { MessageView, TimelineItem } from '../../state/messages';
import { tickOf } from '../../state/messages';
import { timelineModel } from '../../state/timeline-view';
import { useClient } from '../context';
import { Composer } from '../components/composer';
import { Message, summary } from '../components/message';
import type { MessageAction } from '../components/message-menu';
import { VirtualLog } from '../components/virtual-log';
import { Icon } from '../components/icons';
import { ChatHeader } from '../components/chat-header';
import { ChatDialogs, type ChatDialog } from '../components/chat-dialogs';
import { RecipientsOffDuty } from '../components/recipients-off-duty';
import { personName, useChatTitle } from '../components/titles';
import { failedText } from '../components/failed-text';
import '../styles/chat.css';

/** One chat: its header, the message log, and the composer. */
export function ChatScreen({ chatId }: { chatId: string }) {
  const client = useClient();
  const entry = useComputed(() => !!client.chats.live.value[chatId]).value;
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (entry) return;
    let live = true;
    client.rest.get<Chat>(`/api/v1/chats/${encodeURIComponent(chatId)}`)
      .then((chat) => {
        if (live) void client.adopt(chat);
      })
      .catch((e) => {
        if (live && e instanceof ApiError && e.status === 404) setMissing(true);
      });
    return () => {
      live = false;
    };
  }, [chatId, !!entry]);

  if (!entry) {
    return (
      <div class="placeholder">
        <p role={missing ? 'alert' : 'status'}>{missing ? t('chat.notFound') : t('app.loading')}</p>
      </div>
    );
  }
  return <ChatBody chatId={chatId} />;
}

function ChatBody({ chatId }: { chatId: string }) {
  const client = useClient();
  // Only this chat's entry and cursors: events of other chats do not re-render it.
  const entry = useComputed(() => client.chats.live.value[chatId]).value!;
  // While off duty the header shows the chat as it was when the list froze (a rename or new member waits too).
  const shownEntry = useComputed(() => client.chats.shown.value[chatId]).value ?? entry;
  const me = client.me!.id;
  const people = client.people.users.value;
  const timeline = useMemo(() => client.timelines.get(chatId), [chatId]);
  const [atBottom, setAtBottom] = useState(true);
  const [scrollNonce, setScrollNonce] = useState(0);
  const [dialog, setDialog] = useState<ChatDialog | null>(null);
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const isMember = entry.members.some((m) => m.userId === me);
  const amAdmin = entry.members.some((m) => m.userId === me && m.role === 'admin');
  const group = entry.type === 'group';

  const title = useChatTitle(shownEntry);
  useEffect(() => {
    document.title = `${title} – ChatPro`;
    return () => {
      document.title = 'ChatPro';
    };
  }, [title]);

  useEffect(() => {
    void timeline.open(client.engine.haveOf(chatId)).catch(() => undefined);
    client.people.ensure(entry.members.map((m) => m.userId));
    return () => {
      client.reading.value = null;
      client.actions.clearOffDuty(chatId);
    };
  }, [chatId]);

  const model = useComputed(() => timelineModel({
    events: timeline.events.value,
    outbox: client.outbox.items.value,
    acked: client.outbox.acked.value,
    chatId,
    me,
    cutoff: client.cutoff(chatId),
    dayOf: dayKey,
    failedText,
  })).value;

  // Seen while in view: tell the server (and the sender's ticks).
  useEffect(() => {
    client.reading.value = { chatId, atBottom };
    const markRead = () => {
      if (atBottom && document.visibilityState === 'visible' && !client.duty.quiet.peek() && model.newestSeq) {
        client.engine.markRead(chatId, model.newestSeq);
      }
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [atBottom, model.newestSeq, client.duty.quiet.value]);

  const cursors = useComputed(() => client.chats.cursors.value[chatId]).value ?? {};
  const memberIds = entry.members.map((m) => m.userId);
  const nameOf = (id: string) => (id === me ? client.me!.displayName : personName(people, id));
  const mentionNames = entry.members.map((m) => people[m.userId]?.displayName).filter((n): n is string => !!n);

  const actionsOf = (m: MessageView): MessageAction[] => {
    if (m.pending) return m.pending.failed ? [] : ['cancel'];
    if (m.deleted || m.erased || m.expired || m.unreadable) return [];
    const mine = m.senderId === me;
    const list: MessageAction[] = [];
    if (isMember) list.push('reply', 'react');
    if (mine && m.kind === 'text' && Date.now() - Date.parse(m.at) < EDIT_WINDOW_MS) list.push('edit');
    if (isMember && (mine || (group && amAdmin))) list.push('delete');
    list.push('forward');
    if (mine) list.push('info');
    if (m.text) list.push('copy');
    return list;
  };

  const onAction = useCallback((action: MessageAction, m: MessageView) => {
    switch (action) {
      case 'reply':
        setEditing(null);
        setReplyTo(m);
        break;
      case 'edit':
        setReplyTo(null);
        setEditing(m);
        break;
      case 'copy':
        void navigator.clipboard?.writeText(m.text ?? '').catch(() => undefined);
        break;
      case 'retry':
        void client.outbox.retry(m.pending!.clientId);
        break;
      case 'discard':
      case 'cancel':
        void client.outbox.discard(m.pending!.clientId);
        break;
      default:
        setDialog({ kind: action, message: m });
    }
  }, []);

  const jumpTo = async (messageId: string) => {
    for (let i = 0; i < 40 && !model.byId.has(messageId) && timeline.hasOlder.peek(); i++) await timeline.loadOlder();
    document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(messageId)}"]`)?.scrollIntoView({ block: 'center' });
  };

  const render = (item: TimelineItem) => {
    if (item.kind === 'day') return <h3 class="day"><span>{dayTitle(item.at)}</span></h3>;
    if (item.kind === 'notice') return <p class="notice">{noticeText(item.notice, nameOf)}</p>;
    const m = item.message;
    const mine = m.senderId === me;
    const quoted = m.replyTo ? model.byId.get(m.replyTo) : undefined;
    return (
      <Message message={m} mine={mine} group={group} senderName={nameOf(m.senderId)} me={me}
        tick={mine ? (m.pending ? (m.pending.failed ? 'failed' : 'sending') : tickOf(m.seq, me, memberIds, cursors)) : null}
        quoted={m.replyTo ? (quoted ? { senderName: nameOf(quoted.senderId), text: summary(quoted) } : null) : undefined}
        mentionNames={mentionNames} actions={actionsOf(m)} onAction={onAction}
        onReact={(msg, emoji) => void client.actions.react(msg.messageId, emoji).catch(() => undefined)}
        onQuoteClick={(id) => void jumpTo(id)} />
    );
  };

  const header = (
    <div class="log-start">
      {timeline.loading.value ? <p role="status">{t('chat.loadingOlder')}</p>
        : !timeline.hasOlder.value && timeline.ready.value ? <p>{t('chat.start')}</p> : null}
    </div>
  );

  return (
    <div class="chat">
      <ChatHeader entry={shownEntry} onOpen={(kind) => setDialog({ kind })} />
      <div class="chat-log-wrap">
        <VirtualLog items={model.items} keyOf={(i) => (i.kind === 'message' ? i.message.key : i.kind === 'notice' ? i.notice.key : i.key)}
          estimate={(i) => (i.kind === 'message' ? estimateHeight(i.message) : 44)} render={render} label={t('chat.messages')}
          anchorable={(i) => i.kind !== 'day'}
          onNearTop={() => void timeline.loadOlder().catch(() => undefined)} onBottomChange={setAtBottom}
          scrollToEndSignal={scrollNonce} header={header} />
        {!atBottom && (
          <button type="button" class="jump-newest btn" onClick={() => setScrollNonce((n) => n + 1)}>
            <Icon name="down" />
            {t('chat.jumpNewest')}
          </button>
        )}
      </div>
      <RecipientsOffDuty entry={entry} />
      {isMember && formerPartner(entry, me, people) ? (
        <p class="chat-closed" role="status">{t('chat.formerColleague')}</p>
      ) : isMember ? (
        <Composer chatId={chatId} disabled={false}
          candidates={entry.members.filter((m) => m.userId !== me && people[m.userId]).map((m) => ({ id: m.userId, name: people[m.userId].displayName }))}
          replyTo={replyTo ? { message: replyTo, senderName: nameOf(replyTo.senderId), text: summary(replyTo) } : null}
          editing={editing} urgentAllowed={urgentAllowed(client)}
          onDone={() => {
            setReplyTo(null);
            setEditing(null);
          }}
          onSent={() => setScrollNonce((n) => n + 1)} />
      ) : (
        <p class="chat-closed" role="status">{t('chat.notMember')}</p>
      )}
      {dialog && <ChatDialogs dialog={dialog} entry={entry} onClose={() => setDialog(null)} />}
    </div>
  );
}

function urgentAllowed(client: ReturnType<typeof useClient>): boolean {
  const roles = client.org.value?.settings.urgentRoles ?? ['admin'];
  return (client.me?.roles ?? []).some((r) => roles.includes(r));
}

function estimateHeight(m: MessageView): number {
  if (m.kind === 'image') return 300;
  if (m.kind === 'voice') return 90;
  const lines = Math.ceil((m.text?.length ?? 0) / 38) || 1;
  return 48 + lines * 22 + (m.replyTo ? 52 : 0);
}

function noticeText(n: { type: string; userId?: string; name?: string; role?: string }, nameOf: (id: string) => string): string {
  const name = n.userId ? nameOf(n.userId) : t('notice.someone');
  switch (n.type) {
    case 'member.added':
      return t('notice.added', { name });
    case 'member.removed':
      return t('notice.removed', { name });
    case 'member.role':
      return n.role === 'admin' ? t('notice.admin', { name }) : t('notice.member', { name });
    default:
      return t('notice.renamed', { name: n.name ?? '' });
  }
}

/** A direct chat with someone who was erased: there is nobody left to read a reply. */
function formerPartner(entry: { type: string; members: { userId: string }[] }, me: string,
  people: Record<string, { erased?: boolean } | undefined>): boolean {
  return entry.type === 'direct' && entry.members.some((m) => m.userId !== me && people[m.userId]?.erased === true);
}
