import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { Confirm } from './dialog';

/**
 * Signing out wipes this device: with messages still waiting to be sent, the person is asked first (they would be
 * lost).
 */
export function SignOutButton({ all = false, class: className, label, children }: {
  all?: boolean; class: string; label: string; children?: ComponentChildren;
}) {
  const client = useClient();
  const [asking, setAsking] = useState(false);
  const unsent = client.outbox.items.value.length;
  const signOut = () => void client.session.logout(all);
  return (
    <>
      <button type="button" class={className} aria-label={children ? label : undefined} title={children ? label : undefined}
        onClick={() => (unsent ? setAsking(true) : signOut())}>
        {children ?? label}
      </button>
      {asking && (
        <Confirm title={t('signOut.unsentTitle', { count: unsent })} explain={t('signOut.unsentExplain')}
          action={label} danger onClose={() => setAsking(false)} onConfirm={signOut} />
      )}
    </>
  );
}
