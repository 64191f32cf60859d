import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

type Loader<P> = () => Promise<ComponentType<P>>;

const loaded = new Map<Loader<never>, ComponentType<never>>();

/**
 * A screen whose code is fetched the first time it is shown (a separate chunk, cached by the service worker with
 * the rest of the shell). A failed fetch says so and offers to try again, rather than leaving a blank pane.
 */
export function Lazy<P extends object>({ load, props }: { load: Loader<P>; props: P }) {
  const [component, setComponent] = useState<ComponentType<P> | null>(
    () => (loaded.get(load as Loader<never>) as ComponentType<P> | undefined) ?? null,
  );
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (component) return;
    let current = true;
    load().then((c) => {
      loaded.set(load as Loader<never>, c as ComponentType<never>);
      if (current) setComponent(() => c);
    }, () => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [load, attempt]);
  if (component) {
    const Component = component;
    return <Component {...props} />;
  }
  if (failed) {
    return (
      <div class="placeholder" role="alert">
        <p>{t('app.loadFailed')}</p>
        <button type="button" class="btn" onClick={() => { setFailed(false); setAttempt(attempt + 1); }}>{t('conn.retry')}</button>
      </div>
    );
  }
  return <p class="placeholder" role="status">{t('app.loading')}</p>;
}
