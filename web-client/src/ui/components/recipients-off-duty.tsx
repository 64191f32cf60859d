import type { ChatListEntry } from '../../protocol/types';
import { t } from '../../i18n/i18n';
import { when } from '../../i18n/format';
import { useClient } from '../context';
import { personName } from './titles';
import { Icon } from './icons';

/**
 * "Sam is off duty until 07:00 — they'll get it then": from the send's answer, or from presence in a direct chat.
 */
export function RecipientsOffDuty({ entry }: { entry: ChatListEntry }) {
  const client = useClient();
  const me = client.me!.id;
  const people = client.people.users.value;
  const fromSend = client.actions.offDutyNotes.value[entry.id] ?? [];
  const notes = [...fromSend];
  if (entry.type === 'direct') {
    const other = entry.members.find((m) => m.userId !== me)?.userId;
    const p = other ? client.presence.get(other) : undefined;
    if (p?.status === 'off_duty' && p.offDutyUntil && !notes.some((n) => n.userId === other)) {
      notes.push({ userId: other!, until: p.offDutyUntil });
    }
    // Back on duty since the send answered: say nothing.
    if (p && p.status !== 'off_duty') notes.length = 0;
  }
  if (!notes.length) return null;
  return (
    <div class="recipients-off-duty" role="status">
      <Icon name="moon" />
      <p>
        {notes.map((n) => t('chat.recipientOffDuty', { name: personName(people, n.userId), when: when(n.until) })).join(' · ')}
      </p>
    </div>
  );
}
