import { useEffect, useState } from 'preact/hooks';
import type { SignInCode } from '../../admin/api';
import { cardRequest } from '../../admin/selection';
import { linkTo } from '../../app/router';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { describe } from '../errors';
import { CardSheet } from '../cards/card-sheet';
import { AdminScreen } from './admin';
import { useAdmin } from './use-admin';

/**
 * The sign-in cards asked for on the people, person or import screen: new codes are made for the people (earlier
 * cards stop working), then the sheets are shown to print. Nothing of it is in the address bar, so a reload forgets it.
 */
export function Cards() {
  const client = useClient();
  const api = useAdmin();
  const request = cardRequest.value;
  const [codes, setCodes] = useState<SignInCode[] | null>(request?.kind === 'codes' ? request.codes : null);
  const [made, setMade] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (request?.kind !== 'people') return;
    let current = true;
    api.codes(request.people.map((p) => p.id), (n) => current && setMade(n)).then(
      (answer) => {
        if (!current) return;
        setCodes(answer);
        // The codes are shown now; they are not kept for another visit.
        cardRequest.value = { kind: 'codes', codes: answer };
      },
      (e) => current && setError(describe(e)),
    );
    return () => {
      current = false;
    };
  }, []);

  const org = client.org.value?.org;
  return (
    <AdminScreen title={t('cards.title')} back={{ name: 'admin', section: 'people' }} wide>
      {!request && (
        <div class="card">
          <p>{t('cards.nothing')}</p>
          <a class="btn btn-outline" {...linkTo({ name: 'admin', section: 'people' })}>{t('import.toPeople')}</a>
        </div>
      )}
      {error && <p class="alert" role="alert">{error}</p>}
      {request?.kind === 'people' && !codes && !error && (
        <div class="card">
          <p role="status">{t('cards.making', { done: made, total: request.people.length })}</p>
          <progress class="progress" max={request.people.length} value={made} aria-label={t('cards.making', { done: made, total: request.people.length })} />
        </div>
      )}
      {codes && org && <CardSheet orgName={org.name} orgSlug={org.slug} cards={codes} />}
    </AdminScreen>
  );
}
