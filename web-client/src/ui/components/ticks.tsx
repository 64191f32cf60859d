import type { Tick } from '../../state/messages';
import { t } from '../../i18n/i18n';
import { Icon } from './icons';

const NAMES: Record<Tick, Parameters<typeof t>[0]> = {
  sending: 'tick.sending',
  failed: 'tick.failed',
  sent: 'tick.sent',
  delivered: 'tick.delivered',
  read: 'tick.read',
};

/** A clock while sending, one tick once stored, two once everyone received it, blue once everyone read it. */
export function Ticks({ tick }: { tick: Tick }) {
  const icon = tick === 'sending' ? 'clock' : tick === 'failed' ? 'alert' : tick === 'sent' ? 'check' : 'checks';
  return (
    <span class={`ticks ticks-${tick}`} role="img" aria-label={t(NAMES[tick])} title={t(NAMES[tick])}>
      <Icon name={icon} />
    </span>
  );
}
