import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t, type Key } from '../../i18n/i18n';
import { Icon } from './icons';

export type MessageAction = 'reply' | 'react' | 'edit' | 'delete' | 'forward' | 'info' | 'copy' | 'retry' | 'discard' | 'cancel';

const LABELS: Partial<Record<MessageAction, Key>> = {
  reply: 'actions.reply',
  react: 'actions.react',
  edit: 'actions.edit',
  delete: 'actions.delete',
  forward: 'actions.forward',
  info: 'actions.info',
  copy: 'actions.copy',
  cancel: 'chat.cancelUpload',
  discard: 'chat.discard',
};

/**
 * The "Message actions" button and its menu (WAI-ARIA menu button): arrow keys move, Enter picks, Escape closes
 * and returns focus to the button.
 */
export function MessageMenu({ actions, onPick }: { actions: MessageAction[]; onPick(action: MessageAction): void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = useId();
  const shown = actions.filter((a) => LABELS[a]);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    const away = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  const onKey = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else if (e.key === 'Home') items[0]?.focus();
    else if (e.key === 'End') items[items.length - 1]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') close(e.key === 'Escape');
    else return;
    e.preventDefault();
  };

  if (!shown.length) return null;
  return (
    <div class="msg-menu">
      <button ref={button} type="button" class="icon-btn msg-menu-btn" aria-label={t('actions.menu')}
        aria-haspopup="menu" aria-expanded={open} aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}>
        <Icon name="more" />
      </button>
      {open && (
        <ul ref={menu} id={id} role="menu" class="menu" aria-label={t('actions.menu')} onKeyDown={onKey}>
          {shown.map((a) => (
            <li role="none" key={a}>
              <button type="button" role="menuitem" tabIndex={-1} class={a === 'delete' ? 'danger' : undefined}
                onClick={() => {
                  close(true);
                  onPick(a);
                }}>
                {t(LABELS[a]!)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
