import type { SignInCode } from '../../admin/api';

/** Placeholder until the card sheet lands. */
export function CardSheet(props: { orgName: string; orgSlug: string; cards: SignInCode[] }) {
  return <ul>{props.cards.map((c) => <li key={c.userId}>{c.displayName} {c.code}</li>)}</ul>;
}
