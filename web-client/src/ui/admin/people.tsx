import { useEffect, useRef, useState } from 'preact/hooks';
import type { PeopleFilter } from '../../admin/api';
import { cardRequest, importFile, MAX_CARDS } from '../../admin/selection';
import { linkTo, navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import type { Role, User } from '../../protocol/types';
import { useClient } from '../context';
import { describe } from '../errors';
import { Confirm } from '../components/dialog';
import { Icon } from '../components/icons';
import { AdminScreen } from './admin';
import { AddPerson } from './add-person';
import { download, useAdmin } from './use-admin';

/**
 * The admin's list of everyone: searched and filtered on the server, a page of 50 at a time. A compliance officer
 * sees the search alone (active people, as the server answers a non-admin).
 */
export function People() {
  const client = useClient();
  const api = useAdmin();
  const [filter, setFilter] = useState<PeopleFilter>({ q: '', role: '', department: '', status: 'all' });
  const [people, setPeople] = useState<User[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [departments, setDepartments] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const [printing, setPrinting] = useState<User[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const latest = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  // Compliance officers come here to find a person; adding, importing and printing are for admins (the server agrees).
  const isAdmin = client.me?.roles.includes('admin') ?? false;

  useEffect(() => {
    api.departments().then((d) => setDepartments(d.departments.map((x) => x.name)), () => undefined);
  }, []);

  // A new filter: the first page again, a moment after the last key, ignoring answers that came too late.
  useEffect(() => {
    const id = ++latest.current;
    setLoading(true);
    const timer = setTimeout(() => {
      api.people(filter).then((page) => {
        if (id !== latest.current) return;
        setPeople(page.users);
        setCursor(page.nextCursor);
        setError(null);
        client.people.remember(page.users);
      }, (e) => id === latest.current && setError(describe(e))).finally(() => id === latest.current && setLoading(false));
    }, filter.q ? 200 : 0);
    return () => clearTimeout(timer);
  }, [filter.q, filter.role, filter.department, filter.status]);

  const more = async () => {
    if (!cursor) return;
    const id = latest.current;
    setLoading(true);
    try {
      const page = await api.people(filter, cursor);
      if (id !== latest.current) return;
      setPeople([...people, ...page.users]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(describe(e));
    } finally {
      setLoading(false);
    }
  };

  const exportCsv = async () => {
    setBusy('export');
    try {
      download(await api.exportCsv(), 'people.csv');
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(null);
    }
  };

  const askToPrint = async () => {
    setBusy('print');
    try {
      const everyone = (await api.everyone(filter, MAX_CARDS + 1)).filter((u) => u.active);
      if (everyone.length > MAX_CARDS) setError(t('admin.cardsTooMany', { count: MAX_CARDS }));
      else if (!everyone.length) setError(t('admin.cardsNone'));
      else setPrinting(everyone);
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(null);
    }
  };

  const set = (change: Partial<PeopleFilter>) => setFilter({ ...filter, ...change });

  return (
    <AdminScreen title={t('admin.people')} back={{ name: 'admin', section: 'home' }} wide>
      {isAdmin && <div class="button-row admin-toolbar">
        <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
          <Icon name="plus" />{t('admin.addPerson')}
        </button>
        <button type="button" class="btn btn-outline" onClick={() => fileInput.current?.click()}>
          <Icon name="upload" />{t('admin.importCsv')}
        </button>
        <input ref={fileInput} type="file" accept=".csv,text/csv" hidden onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          importFile.value = file;
          navigate({ name: 'admin', section: 'import' });
        }} />
        <button type="button" class="btn btn-outline" disabled={busy === 'print'} onClick={() => void askToPrint()}>
          <Icon name="print" />{t('admin.printCards')}
        </button>
        <button type="button" class="btn btn-outline" disabled={busy === 'export'} onClick={() => void exportCsv()}>
          <Icon name="download" />{busy === 'export' ? t('admin.exporting') : t('admin.exportCsv')}
        </button>
      </div>}
      <div class="admin-filters" role="search" aria-label={t('admin.findPeople')}>
        <div class="field admin-search">
          <label for="people-q">{t('admin.search')}</label>
          <input id="people-q" class="input" type="search" role="searchbox" autoComplete="off" value={filter.q}
            onInput={(e) => set({ q: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="people-role">{t('admin.role')}</label>
          <select id="people-role" class="input" value={filter.role} onChange={(e) => set({ role: e.currentTarget.value as Role | '' })}>
            <option value="">{t('admin.anyRole')}</option>
            <option value="member">{t('role.member')}</option>
            <option value="admin">{t('role.admin')}</option>
            <option value="compliance">{t('role.compliance')}</option>
          </select>
        </div>
        <div class="field">
          <label for="people-department">{t('admin.department')}</label>
          <select id="people-department" class="input" value={filter.department} onChange={(e) => set({ department: e.currentTarget.value })}>
            <option value="">{t('admin.anyDepartment')}</option>
            {departments.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </div>
        {isAdmin && <div class="field">
          <label for="people-status">{t('admin.status')}</label>
          <select id="people-status" class="input" value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as PeopleFilter['status'] })}>
            <option value="all">{t('admin.statusAll')}</option>
            <option value="active">{t('admin.statusActive')}</option>
            <option value="inactive">{t('admin.statusInactive')}</option>
          </select>
        </div>}
      </div>
      {error && <p class="alert" role="alert">{error}</p>}
      <p class="hint" role="status">
        {loading && !people.length ? t('admin.loading')
          : people.length === 0 ? t('admin.nobody')
          : cursor ? t('admin.showingMore', { count: people.length }) : t('admin.showing', { count: people.length })}
      </p>
      <ul class="people admin-people" aria-label={t('admin.people')}>
        {people.map((u) => <PersonRow key={u.id} user={u} />)}
      </ul>
      {cursor && (
        <button type="button" class="btn btn-outline btn-wide" disabled={loading} onClick={() => void more()}>
          {loading ? t('admin.loading') : t('admin.showMore')}
        </button>
      )}
      {adding && <AddPerson onClose={() => setAdding(false)} />}
      {printing && (
        <Confirm title={t('admin.printTitle', { count: printing.length })} explain={t('admin.printExplain')}
          action={t('admin.printCards')} onClose={() => setPrinting(null)}
          onConfirm={() => {
            cardRequest.value = { kind: 'people', people: printing };
            setPrinting(null);
            navigate({ name: 'admin', section: 'cards' });
          }} />
      )}
    </AdminScreen>
  );
}

function PersonRow({ user }: { user: User }) {
  const details = [user.username, user.title, user.department].filter(Boolean).join(' · ');
  return (
    <li>
      <a class="person" {...linkTo({ name: 'admin', section: 'person', id: user.id })}>
        <span class="person-text">
          <span class="person-name">{user.displayName}</span>
          <span class="hint">{details}</span>
        </span>
        <span class="admin-badges">
          {user.roles.filter((r) => r !== 'member').map((r) => <span key={r} class="tag">{t(`role.${r}`)}</span>)}
          {!user.active && <span class="tag tag-off">{t('admin.deactivated')}</span>}
        </span>
      </a>
    </li>
  );
}
