import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { Icon } from './icons';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  /** `alertdialog` for confirmations. */
  alert?: boolean;
  wide?: boolean;
  class?: string;
  /** Hide the title visually (it still names the dialog). */
  hideTitle?: boolean;
}

/**
 * A modal dialog on the native `<dialog>`: focus moves in and is kept inside, Escape closes, and focus returns to
 * the control that opened it.
 */
export function Dialog({ title, onClose, children, alert, wide, class: className, hideTitle }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (el && !el.open) el.showModal();
    return () => {
      if (opener && document.contains(opener)) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} class={`dialog${wide ? ' dialog-wide' : ''}${className ? ` ${className}` : ''}`}
      role={alert ? 'alertdialog' : undefined} aria-labelledby={titleId} aria-modal="true"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}>
      <div class="dialog-body">
        <header class="dialog-head">
          <h2 id={titleId} class={hideTitle ? 'visually-hidden' : undefined}>{title}</h2>
          <button type="button" class="icon-btn" aria-label={t('common.close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}

/** "Are you sure?": the confirming button repeats the action's name, next to Cancel. */
export function Confirm({ title, explain, action, danger, onConfirm, onClose, busy }: {
  title: string; explain?: string; action: string; danger?: boolean; busy?: boolean;
  onConfirm(): void; onClose(): void;
}) {
  return (
    <Dialog title={title} onClose={onClose} alert>
      {explain && <p>{explain}</p>}
      <div class="dialog-actions">
        <button type="button" class="btn btn-outline" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" class={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy} onClick={onConfirm}>
          {action}
        </button>
      </div>
    </Dialog>
  );
}
