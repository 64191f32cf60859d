import type { ComponentChildren } from 'preact';
import { linkTo, type AdminSection, type Route } from '../../app/router';
import { t } from '../../i18n/i18n';
import type { Role } from '../../protocol/types';
import { useClient } from '../context';
import { Icon } from '../components/icons';
import { People } from './people';
import { Person } from './person';
import { ImportPeople } from './import';
import { Cards } from './cards';
import { OrgSettings } from './org-settings';
import { UrgentRecord } from './urgent';
import { AuditLog } from './audit';
import { LegalHolds } from './holds';
import { Exports } from './exports';
import '../styles/forms.css';
import '../styles/admin.css';

/** Who may see which part of the admin area (the server checks again on every request). */
export function canSee(roles: Role[], section: AdminSection): boolean {
  const admin = roles.includes('admin');
  const compliance = roles.includes('compliance');
  if (section === 'urgent' || section === 'home' || section === 'audit') return admin || compliance;
  if (section === 'holds' || section === 'exports') return compliance;
  // Compliance officers find people to export their data or erase them; the admin-only parts of those screens stay hidden.
  if (section === 'people' || section === 'person') return admin || compliance;
  return admin;
}

/** The admin area: people, imports, sign-in cards, organisation settings, the urgent record. */
export function Admin({ section, id }: { section: AdminSection; id?: string }) {
  const client = useClient();
  const roles = client.me?.roles ?? [];
  if (!canSee(roles, section)) {
    return (
      <AdminScreen title={t('admin.title')} back={{ name: 'list' }}>
        <p class="alert" role="alert">{t('admin.notAllowed')}</p>
      </AdminScreen>
    );
  }
  switch (section) {
    case 'people':
      return <People />;
    case 'person':
      return <Person key={id} id={id ?? ''} />;
    case 'import':
      return <ImportPeople />;
    case 'cards':
      return <Cards />;
    case 'settings':
      return <OrgSettings />;
    case 'urgent':
      return <UrgentRecord />;
    case 'audit':
      return <AuditLog />;
    case 'holds':
      return <LegalHolds />;
    case 'exports':
      return <Exports />;
    default:
      return <AdminHome roles={roles} />;
  }
}

/** A screen of the admin area: a bar with the way back and the title, then the content. */
export function AdminScreen({ title, back, actions, children, wide }: {
  title: string; back: Route; actions?: ComponentChildren; children: ComponentChildren; wide?: boolean;
}) {
  const phoneOnly = back.name === 'list';
  return (
    <div class="admin">
      <header class="topbar">
        <a class={`icon-btn${phoneOnly ? ' only-phone' : ''}`} aria-label={t('nav.back')} title={t('nav.back')} {...linkTo(back)}>
          <Icon name="back" />
        </a>
        <h2>{title}</h2>
        {actions}
      </header>
      <div class="screen">
        <div class={wide ? 'screen-wide' : 'screen-narrow'}>{children}</div>
      </div>
    </div>
  );
}

function AdminHome({ roles }: { roles: Role[] }) {
  const client = useClient();
  const sections: { section: AdminSection; icon: 'group' | 'gear' | 'alert' | 'shield' | 'clock' | 'download'; title: string; hint: string }[] = [
    { section: 'people', icon: 'group', title: t('admin.people'), hint: roles.includes('admin') ? t('admin.peopleHint') : t('admin.peopleHintCompliance') },
    { section: 'settings', icon: 'gear', title: t('admin.orgSettings'), hint: t('admin.orgSettingsHint') },
    { section: 'audit', icon: 'shield', title: t('admin.audit'), hint: t('admin.auditHint') },
    { section: 'holds', icon: 'clock', title: t('admin.holds'), hint: t('admin.holdsHint') },
    { section: 'exports', icon: 'download', title: t('admin.exports'), hint: t('admin.exportsHint') },
    { section: 'urgent', icon: 'alert', title: t('admin.urgent'), hint: t('admin.urgentHint') },
  ];
  return (
    <AdminScreen title={t('admin.title')} back={{ name: 'list' }}>
      <p class="hint">{t('admin.intro', { org: client.org.value?.org.name ?? '' })}</p>
      <ul class="admin-sections">
        {sections.filter((s) => canSee(roles, s.section)).map((s) => (
          <li key={s.section} class="admin-section">
            <Icon name={s.icon} />
            <span class="person-text">
              {/* the link is named by its title alone (ui.md) and covers the whole card; the hint describes it */}
              <a class="person-name stretched-link" aria-describedby={`admin-hint-${s.section}`}
                {...linkTo({ name: 'admin', section: s.section })}>{s.title}</a>
              <span class="hint" id={`admin-hint-${s.section}`}>{s.hint}</span>
            </span>
          </li>
        ))}
      </ul>
    </AdminScreen>
  );
}
