import { t } from '../../i18n/i18n';
import type { Role } from '../../protocol/types';

const ROLES: Role[] = ['member', 'admin', 'compliance'];

/** A person's roles as a group of checkboxes named "Roles"; everyone is a member. */
export function RolesField({ value, onChange, idPrefix }: { value: Role[]; onChange(roles: Role[]): void; idPrefix: string }) {
  return (
    <fieldset class="field roles-field">
      <legend class="label">{t('admin.roles')}</legend>
      {ROLES.map((role) => (
        <label key={role} class="check" for={`${idPrefix}-${role}`}>
          <input id={`${idPrefix}-${role}`} type="checkbox" checked={role === 'member' || value.includes(role)} disabled={role === 'member'}
            onChange={(e) => {
              const others = value.filter((r) => r !== role && r !== 'member');
              onChange(['member', ...(e.currentTarget.checked ? [...others, role] : others)]);
            }} />
          <span>
            {t(`role.${role}`)}
            <span class="hint role-hint">{t(`role.${role}Hint`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
