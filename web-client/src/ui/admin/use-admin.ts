import { AdminApi } from '../../admin/api';
import type { ChatClient } from '../../app/client';
import { useClient } from '../context';

// Settings saves the person's own export the same way, without loading the admin area's code.
export { download } from '../download';

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
