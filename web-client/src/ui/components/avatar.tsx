import { Icon } from './icons';

/** Colours for names and avatars: each readable as text on the page and with white text on top (4.5:1). */
export const PERSON_COLOURS = ['#0b6b57', '#1f5fa8', '#8a3ab9', '#b3261e', '#8a5300', '#00707a', '#5b4bb7', '#a1356a'];

export function colourOf(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return PERSON_COLOURS[Math.abs(h) % PERSON_COLOURS.length];
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => [...w][0]?.toUpperCase() ?? '').join('') || '?';
}

/** A round badge with initials; a moon while the person is off duty, a dot while online. */
export function Avatar({ id, name, group, offDuty, online }: { id: string; name: string; group?: boolean; offDuty?: boolean; online?: boolean }) {
  return (
    <span class="avatar" style={{ background: colourOf(id) }} aria-hidden="true">
      {group ? <Icon name="group" /> : initials(name)}
      {offDuty ? (
        <span class="avatar-moon">
          <Icon name="moon" />
        </span>
      ) : online ? (
        <span class="avatar-online" />
      ) : null}
    </span>
  );
}
