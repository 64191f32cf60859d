import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { past, when } from '../../i18n/format';
import { useClient } from '../context';
import { Avatar } from './avatar';
import { Dialog } from './dialog';
import { personName } from './titles';

/** A colleague's card: title, department, location and presence (never a phone number: ChatPro has none). */
export function PersonCard({ userId, onClose }: { userId: string; onClose(): void }) {
  const client = useClient();
  const user = client.people.users.value[userId];
  const presence = client.presence.get(userId);
  const hideLastSeen = client.org.value?.settings.hideLastSeen === true;
  useEffect(() => {
    client.people.refresh([userId]);
    void client.presence.fetchOne(userId);
  }, [userId]);
  const name = personName(client.people.users.value, userId);
  const status = !presence ? ''
    : presence.status === 'off_duty' && presence.offDutyUntil ? t('chat.offDutyUntil', { when: when(presence.offDutyUntil) })
    : presence.status === 'online' ? t('chat.online')
    : presence.lastSeen && !hideLastSeen ? t('chat.lastSeen', { when: past(presence.lastSeen) }) : '';
  const rows: [string, string | undefined][] = [
    [t('person.title'), user?.title],
    [t('person.department'), user?.department],
    [t('person.location'), user?.location],
    [t('person.presence'), status || undefined],
  ];
  return (
    <Dialog title={name} onClose={onClose}>
      <div class="person-card">
        <Avatar id={userId} name={name} offDuty={presence?.status === 'off_duty'} online={presence?.status === 'online'} />
        <dl>
          {rows.filter(([, v]) => v).map(([k, v]) => (
            <div key={k} class="person-row">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Dialog>
  );
}
