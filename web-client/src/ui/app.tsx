import { useEffect, useRef } from 'preact/hooks';
import { route, navigate } from '../app/router';
import { t } from '../i18n/i18n';
import { useClient } from './context';
import { SignIn } from './screens/sign-in';
import { CodePage } from './screens/code';
import { CreateOrg } from './screens/create-org';
import { Lazy } from './components/lazy';
import { ChatList } from './screens/chat-list';
import { ChatScreen } from './screens/chat';
import { NewChat } from './screens/new-chat';
import { Settings } from './screens/settings';
import { Banners } from './components/banners';
import { IdleWarning } from './components/shared-device';
import { UpdatePrompt } from '../sw/register';

/** Signed out: the sign-in page. Signed in: the chat list beside (desktop) or instead of (phone) the open screen. */
export function App() {
  const client = useClient();
  const status = client.session.status.value;
  if (status === 'restoring') {
    return <p class="boot" role="status">{t('app.loading')}</p>;
  }
  if (status === 'signedOut') {
    const r = route.value;
    if (r.name === 'code') return <CodePage code={r.code} />;
    if (r.name === 'createOrg') return <CreateOrg />;
    return <SignIn />;
  }
  return <Main />;
}

function Main() {
  const r = route.value;
  const first = useRef(true);
  useEffect(() => {
    if (r.name === 'code' || r.name === 'createOrg') navigate({ name: 'list' }, true);
  }, [r.name]);
  // A new screen: focus goes to it (on a phone the link that was tapped is gone), as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target = r.name === 'list' ? document.querySelector<HTMLElement>('.pane-list h1') : document.getElementById('main');
    target?.focus({ preventScroll: true });
  }, [r.name, r.name === 'chat' ? r.chatId : r.name === 'admin' ? `${r.section}/${r.id ?? ''}` : '']);
  return (
    <div class="shell" data-view={r.name}>
      <a class="skip-link" href="#main">{t('app.skipToContent')}</a>
      <Banners />
      <UpdatePrompt />
      <IdleWarning />
      <div class="panes">
        <aside class="pane-list">
          <ChatList />
        </aside>
        <main class="pane-main" id="main" tabIndex={-1}>
          {r.name === 'chat' ? (
            <ChatScreen key={r.chatId} chatId={r.chatId} />
          ) : r.name === 'new' ? (
            <NewChat />
          ) : r.name === 'settings' ? (
            <Settings />
          ) : r.name === 'admin' ? (
            <Lazy load={loadAdmin} props={{ section: r.section, id: r.id }} />
          ) : (
            <div class="placeholder">
              <p>{t('list.choose')}</p>
            </div>
          )}
        </main>
      </div>
    </div>
  );
}

/** The admin area is its own chunk: most people never open it, so their first screen does not carry it. */
const loadAdmin = () => import('./admin/admin').then((m) => m.Admin);
