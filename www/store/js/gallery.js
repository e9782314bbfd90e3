/**
 * Placement gallery (a test page): all nine placement keys × four themes, in de-DE and en-GB, built as
 * plain `data-klarna-placement` markup before `/osm.js` starts. The amount field sets `data-amount` on
 * every placement, which re-renders them.
 */
import { PLACEMENT_KEYS, THEMES } from '/osm.js';
import { initLayout } from './lib/layout.js';

const LOCALES = [['de-DE', 'German (de-DE, EUR)'], ['en-GB', 'English (en-GB, GBP)']];
const amountInput = document.getElementById('amount');
const gallery = document.querySelector('[data-gallery]');
const template = document.getElementById('gallery-locale');

function placement(locale, key, theme) {
  const figure = document.createElement('figure');
  figure.className = 'gallery-cell';
  const caption = document.createElement('figcaption');
  caption.textContent = theme;
  const el = document.createElement('div');
  el.dataset.klarnaPlacement = key;
  el.dataset.theme = theme;
  el.dataset.locale = locale;
  el.dataset.amount = amountInput.value;
  el.dataset.testid = `placement-${locale}-${key}-${theme}`;
  el.lang = locale.slice(0, 2); // the message is in that language
  figure.append(caption, el);
  return figure;
}

for (const [locale, title] of LOCALES) {
  const section = template.content.firstElementChild.cloneNode(true);
  const headingId = `locale-${locale}`;
  section.setAttribute('aria-labelledby', headingId);
  const h2 = section.querySelector('h2');
  h2.id = headingId;
  h2.textContent = title;
  const keys = section.querySelector('.gallery-keys');
  for (const key of PLACEMENT_KEYS) {
    const group = document.createElement('div');
    group.className = 'gallery-key';
    const h3 = document.createElement('h3');
    h3.textContent = key;
    const row = document.createElement('div');
    row.className = 'gallery-row';
    row.append(...THEMES.map((theme) => placement(locale, key, theme)));
    group.append(h3, row);
    keys.append(group);
  }
  gallery.append(section);
}

amountInput.addEventListener('input', () => {
  if (!/^\d+$/.test(amountInput.value)) return;
  for (const el of gallery.querySelectorAll('[data-klarna-placement]')) el.dataset.amount = amountInput.value;
});
document.querySelector('[data-gallery-controls]').addEventListener('submit', (e) => e.preventDefault());

initLayout();
