import { signal } from '@preact/signals';

/** The client's routes are plain paths; the gateway answers index.html for each of them. */
export type Route =
  | { name: 'list' }
  | { name: 'chat'; chatId: string }
  | { name: 'new' }
  | { name: 'settings' }
  | { name: 'code'; code?: string }
  | { name: 'createOrg' }
  | { name: 'admin'; section: AdminSection; id?: string };

/** The admin area's screens: `person` shows one person (`id`). */
export type AdminSection = 'home' | 'people' | 'person' | 'import' | 'cards' | 'settings' | 'urgent' | 'audit' | 'holds' | 'exports';

const ADMIN_SECTIONS: readonly AdminSection[] = ['people', 'import', 'cards', 'settings', 'urgent', 'audit', 'holds', 'exports'];

export function parse(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'chats' && parts[1]) return { name: 'chat', chatId: parts[1] };
  if (parts[0] === 'new') return { name: 'new' };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'code') return { name: 'code', code: parts[1] };
  if (parts[0] === 'create-organisation') return { name: 'createOrg' };
  if (parts[0] === 'admin') return adminRoute(parts.slice(1));
  return { name: 'list' };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'chat':
      return `/chats/${encodeURIComponent(route.chatId)}`;
    case 'new':
      return '/new';
    case 'settings':
      return '/settings';
    case 'code':
      return route.code ? `/code/${encodeURIComponent(route.code)}` : '/code';
    case 'createOrg':
      return '/create-organisation';
    case 'admin':
      if (route.section === 'home') return '/admin';
      if (route.section === 'person') return `/admin/people/${encodeURIComponent(route.id ?? '')}`;
      return `/admin/${route.section}`;
    default:
      return '/';
  }
}

function adminRoute(rest: string[]): Route {
  if (rest[0] === 'people' && rest[1]) return { name: 'admin', section: 'person', id: rest[1] };
  const section = ADMIN_SECTIONS.find((s) => s === rest[0]);
  return { name: 'admin', section: section ?? 'home' };
}

export const route = signal<Route>(parse(typeof location === 'undefined' ? '/' : location.pathname));

export function navigate(to: Route, replace = false): void {
  const path = pathOf(to);
  if (path !== location.pathname) {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
  }
  route.value = to;
}

/** A link's click handler: stays in the app instead of loading the page again. */
export function linkTo(to: Route) {
  return {
    href: pathOf(to),
    onClick: (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(to);
    },
  };
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    route.value = parse(location.pathname);
  });
}
