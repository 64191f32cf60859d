import { AdminApi } from '../../admin/api';
import type { ChatClient } from '../../app/client';
import { useClient } from '../context';

const apis = new WeakMap<ChatClient, AdminApi>();

/** The admin calls of this tab's client. */
export function useAdmin(): AdminApi {
  const client = useClient();
  let api = apis.get(client);
  if (!api) {
    api = new AdminApi(client.rest, client.session);
    apis.set(client, api);
  }
  return api;
}

/** Saves a file the browser made (an export, a template) under a name. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
