import { render } from 'preact';
import { ChatClient } from './app/client';
import { App } from './ui/app';
import { ClientContext } from './ui/context';
import { language } from './i18n/i18n';
import { registerServiceWorker } from './sw/register';
import './ui/styles/base.css';
import './ui/styles/layout.css';

document.documentElement.lang = language.value;

async function boot(): Promise<void> {
  const client = await ChatClient.create();
  const root = document.getElementById('app')!;
  root.textContent = '';
  render(
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>,
    root,
  );
  // A shared device's session keeps nothing on the device: no service worker, so no caches either.
  if (!client.device.active.peek()) registerServiceWorker();
}

void boot();
