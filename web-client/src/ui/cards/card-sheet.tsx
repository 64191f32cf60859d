import { useMemo } from 'preact/hooks';
import { groupCode } from '../../app/sign-in-code';
import { locale, t } from '../../i18n/i18n';
import { Icon } from '../components/icons';
import { QUIET, qrPath } from './qr';
import { sheetsOf } from './sheets';
import './card-sheet.css';

/** One person's card: what the admin area got back when it made their code. */
export interface PrintedCard {
  userId: string;
  displayName: string;
  username: string;
  code: string;
  expiresAt: string;
}

/**
 * Printable sign-in cards, eight to an A4 sheet with cut lines, and a print button above them (not printed). Each
 * card has the person's name and username, the organisation, the code in groups of four, until when it works, and
 * a QR code that opens the code page with the code filled in. Only the admin area loads this module (and the QR
 * library with it), so the first screen stays light.
 */
export function CardSheet({ orgName, orgSlug, cards }: { orgName: string; orgSlug: string; cards: PrintedCard[] }) {
  const sheets = sheetsOf(cards);
  const until = useMemo(() => new Intl.DateTimeFormat(locale.value, { dateStyle: 'long', timeStyle: 'short' }), [locale.value]);
  const origin = location.origin;
  // People type the address: the https:// that browsers add by themselves is left out.
  const typed = `${origin.replace(/^https:\/\//, '')}/code`;
  return (
    <div class="card-sheets">
      <div class="card-sheet-actions">
        <p>
          {t('cardSheet.sheets', { count: sheets.length })} {t('cardSheet.howToPrint')}
        </p>
        <button type="button" class="btn btn-primary" onClick={() => window.print()}>
          <Icon name="print" />
          {t('cardSheet.print')}
        </button>
      </div>
      <div class="card-sheet-preview" role="region" aria-label={t('cardSheet.preview')} tabIndex={0}>
        {sheets.map((sheet, i) => (
          <section class="card-sheet" key={i} aria-label={t('cardSheet.sheet', { n: i + 1, total: sheets.length })}>
            {sheet.map((card) => (
              <article class="sign-in-card" key={card.userId} aria-label={card.displayName}>
                <p class="sc-org">{orgName}</p>
                <p class="sc-name">{card.displayName}</p>
                <p class="sc-login">
                  <span>{t('cardSheet.username', { username: card.username })}</span>
                  <span>{t('cardSheet.org', { slug: orgSlug })}</span>
                </p>
                <QrCode text={`${origin}/code/${card.code}`} />
                <div class="sc-code-block">
                  <p class="sc-label">{t('cardSheet.code')}</p>
                  <p class="sc-code">{groupCode(card.code)}</p>
                  <p class="sc-valid">{t('cardSheet.validUntil', { date: until.format(new Date(card.expiresAt)) })}</p>
                </div>
                <p class="sc-how">{t('cardSheet.howTo', { url: typed })}</p>
              </article>
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}

/** A QR code drawn as an inline SVG path, with its quiet zone; dark on white whatever the screen's theme. */
export function QrCode({ text }: { text: string }) {
  const qr = useMemo(() => qrPath(text), [text]);
  const side = qr.size + 2 * QUIET;
  return (
    <svg class="sc-qr" viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`} role="img" aria-label={t('cardSheet.qr')}
      shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}
