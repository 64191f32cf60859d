import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChatClient } from '../app/client';

export const ClientContext = createContext<ChatClient | null>(null);

/** The client behind the screens (tests hand in their own). */
export function useClient(): ChatClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('no ChatClient in context');
  return client;
}
