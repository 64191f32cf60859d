import { useEffect, useState } from 'preact/hooks';
import type { ChatListEntry } from '../../protocol/types';
import type { MessageView } from '../../state/messages';
import { navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import { past } from '../../i18n/format';
import { useClient } from '../context';
import { describe } from '../errors';
import { Confirm, Dialog } from './dialog';
import { GroupInfo } from './group-info';
import { PersonCard } from './person-card';
import { personName } from './titles';
import { chatTitle } from '../screens/chat-list';

export type ChatDialog =
  | { kind: 'react' | 'forward' | 'delete' | 'info'; message: MessageView }
  | { kind: 'group' | 'person' };

/** The dialogs a chat opens: message info, reactions, forwarding, deleting, group info, a person's card. */
export function ChatDialogs({ dialog, entry, onClose }: { dialog: ChatDialog | { kind: string; message?: MessageView }; entry: ChatListEntry; onClose(): void }) {
  const client = useClient();
  const me = client.me!.id;
  switch (dialog.kind) {
    case 'info':
      return <MessageInfo entry={entry} message={dialog.message!} onClose={onClose} />;
    case 'react':
      return <React message={dialog.message!} onClose={onClose} />;
    case 'forward':
      return <Forward message={dialog.message!} onClose={onClose} />;
    case 'delete':
      return <DeleteMessage message={dialog.message!} onClose={onClose} />;
    case 'group':
      return <GroupInfo entry={entry} onClose={onClose} />;
    case 'person': {
      const other = entry.members.find((m) => m.userId !== me)?.userId;
      return other ? <PersonCard userId={other} onClose={onClose} /> : null;
    }
    default:
      return null;
  }
}

type Receipt = { userId: string; receivedAt?: string; readAt?: string };

function MessageInfo({ entry, message, onClose }: { entry: ChatListEntry; message: MessageView; onClose(): void }) {
  const client = useClient();
  const [receipts, setReceipts] = useState<Receipt[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const people = client.people.users.value;
  useEffect(() => {
    client.actions.receipts(entry.id, message.messageId).then(setReceipts, (e) => setError(describe(e)));
  }, [message.messageId]);
  const read = receipts?.filter((r) => r.readAt) ?? [];
  const received = receipts?.filter((r) => !r.readAt) ?? [];
  return (
    <Dialog title={t('info.title')} onClose={onClose}>
      {error && <p class="alert" role="alert">{error}</p>}
      {!receipts && !error && <p role="status">{t('info.loading')}</p>}
      {receipts && (
        <>
          <h3 class="info-head">{t('info.read')}</h3>
          <ul class="info-list">
            {read.length === 0 && <li class="hint">{t('info.notYet')}</li>}
            {read.map((r) => (
              <li key={r.userId}>
                <span class="info-name">{personName(people, r.userId)}</span>
                <span class="hint">{t('info.readAt', { when: past(r.readAt!) })}</span>
              </li>
            ))}
          </ul>
          <h3 class="info-head">{t('info.received')}</h3>
          <ul class="info-list">
            {received.length === 0 && <li class="hint">{t('info.notYet')}</li>}
            {received.map((r) => (
              <li key={r.userId}>
                <span class="info-name">{personName(people, r.userId)}</span>
                <span class="hint">{r.receivedAt ? t('info.receivedAt', { when: past(r.receivedAt) }) : t('info.waiting')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}

const COMMON = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

function React({ message, onClose }: { message: MessageView; onClose(): void }) {
  const client = useClient();
  const me = client.me!.id;
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mine = message.reactions[me];
  const pick = async (emoji: string) => {
    try {
      await client.actions.react(message.messageId, emoji);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  };
  return (
    <Dialog title={t('react.title')} onClose={onClose}>
      {error && <p class="alert" role="alert">{error}</p>}
      <div class="emoji-row">
        {COMMON.map((e) => (
          <button type="button" key={e} class={`emoji-btn${mine === e ? ' chosen' : ''}`} aria-label={t('react.with', { emoji: e })}
            aria-pressed={mine === e} onClick={() => void pick(e)}>
            {e}
          </button>
        ))}
      </div>
      <form class="emoji-other" onSubmit={(e) => {
        e.preventDefault();
        const value = other.trim();
        if (value) void pick([...value].slice(0, 8).join(''));
      }}>
        <div class="field">
          <label for="emoji-other">{t('react.other')}</label>
          <input id="emoji-other" class="input" value={other} maxLength={32} onInput={(e) => setOther(e.currentTarget.value)} />
        </div>
        <div class="dialog-actions">
          {mine && <button type="button" class="btn btn-outline" onClick={() => void pick('')}>{t('react.remove')}</button>}
          <button type="submit" class="btn btn-primary" disabled={!other.trim()}>{t('react.add')}</button>
        </div>
      </form>
    </Dialog>
  );
}

function Forward({ message, onClose }: { message: MessageView; onClose(): void }) {
  const client = useClient();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const me = client.me!.id;
  const people = client.people.users.value;
  const chats = client.chats.sorted.value.filter((c) => c.members.some((m) => m.userId === me));
  const shown = chats.filter((c) => chatTitle(c, me, people).toLocaleLowerCase().includes(q.trim().toLocaleLowerCase()));
  const send = async (chatId: string) => {
    try {
      await client.actions.forward(chatId, { messageId: message.messageId, kind: message.kind, text: message.text, media: message.media });
      onClose();
      navigate({ name: 'chat', chatId });
    } catch (e) {
      setError(describe(e));
    }
  };
  return (
    <Dialog title={t('forward.title')} onClose={onClose}>
      {error && <p class="alert" role="alert">{error}</p>}
      <div class="field">
        <label for="forward-filter">{t('forward.search')}</label>
        <input id="forward-filter" class="input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </div>
      <ul class="pick-list" aria-label={t('nav.chats')}>
        {shown.map((c) => (
          <li key={c.id}>
            <button type="button" class="pick" onClick={() => void send(c.id)}>{chatTitle(c, me, people)}</button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

function DeleteMessage({ message, onClose }: { message: MessageView; onClose(): void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Confirm title={t('delete.title')} explain={error ?? t('delete.explain')} action={t('delete.confirm')} danger busy={busy}
      onClose={onClose}
      onConfirm={async () => {
        setBusy(true);
        try {
          await client.actions.remove(message.messageId);
          onClose();
        } catch (e) {
          setError(describe(e));
          setBusy(false);
        }
      }} />
  );
}
