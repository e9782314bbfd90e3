/**
 * The dialog of the emulator's express journey: the shopper's e-mail (the sandbox persona) and name, a
 * shipping address, the merchant's shipping options and the total. A modal `role="dialog"` with every
 * field labelled, focus kept inside (Tab cycles, Escape closes Klarna) and returned where it was.
 */

let count = 0;

/**
 * Builds and opens the dialog.
 * @param {object} kit the emulator's helpers (`h`, `ensureStylesheet`, `texts`, `mark`)
 * @param {{profile: string[], scopes: string[], countries?: string[]}} request
 */
export function journeyForm(kit, request, locale, country, sample) {
  const { h } = kit;
  const t = kit.texts(locale);
  kit.ensureStylesheet();
  const n = ++count;
  const id = (name) => `klarna-sandbox-express-${name}-${n}`;
  const field = (name, label, value, type = 'text', autocomplete) => {
    const input = h('input', { id: id(name), name, type, value: value ?? '', autocomplete, class: 'klarna-sandbox-express__input' });
    return { input, row: h('div', { class: 'klarna-sandbox-express__field' }, h('label', { htmlFor: id(name), text: label }), input) };
  };
  const email = field('email', 'E-mail (sandbox persona)', `customer+${country.toLowerCase()}@klarna.com`, 'email', 'email');
  const given = field('given', 'Given name', `Testperson-${country.toLowerCase()}`, 'text', 'given-name');
  const family = field('family', 'Family name', 'Approved', 'text', 'family-name');
  const street = field('street', 'Street address', sample.streetAddress, 'text', 'address-line1');
  const postal = field('postal', 'Postal code', sample.postalCode, 'text', 'postal-code');
  const city = field('city', 'City', sample.city, 'text', 'address-level2');
  const countries = request.countries?.length ? request.countries : [country];
  const countrySelect = h('select', { id: id('country'), name: 'country', class: 'klarna-sandbox-express__input', autocomplete: 'country' },
    ...countries.map((c) => h('option', { value: c, text: c })));
  const optionsBox = h('fieldset', { class: 'klarna-sandbox-express__options', hidden: true }, h('legend', { text: 'Shipping option' }));
  const status = h('p', { class: 'klarna-sandbox-journey__status', role: 'status', 'aria-live': 'polite' });
  const confirm = h('button', { type: 'button', class: 'klarna-sandbox-journey__confirm', 'data-testid': 'klarna-journey-confirm', text: t.confirm });
  const cancel = h('button', { type: 'button', class: 'klarna-sandbox-journey__cancel', 'data-testid': 'klarna-journey-cancel', text: t.cancel });
  const shipping = request.scopes.includes('SHIPPING_ADDRESS');
  const titleId = id('title');
  const panel = h('div', { class: 'klarna-sandbox-journey__panel klarna-sandbox-express' },
    h('h2', { id: titleId, class: 'klarna-sandbox-journey__title', text: `Klarna express checkout${kit.mark}` }),
    h('fieldset', {}, h('legend', { text: 'Your details' }), email.row, given.row, family.row),
    ...(shipping ? [h('fieldset', {}, h('legend', { text: 'Shipping address' }), street.row, postal.row, city.row,
      h('div', { class: 'klarna-sandbox-express__field' }, h('label', { htmlFor: id('country'), text: 'Country' }), countrySelect)), optionsBox] : []),
    status,
    h('div', { class: 'klarna-sandbox-journey__actions' }, confirm, cancel));
  const root = h('div', { class: 'klarna-sandbox-journey', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId,
    tabIndex: -1, 'data-testid': 'klarna-express-journey' }, panel);
  const previousFocus = /** @type {HTMLElement | null} */ (document.activeElement);
  let handlers = {};
  let busy = false;
  let blocked = '';
  const focusables = () => [...root.querySelectorAll('input, select, button')].filter((e) => !e.disabled && !e.closest('[hidden]'));
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      handlers.cancel?.();
    } else if (event.key === 'Tab') {
      const list = focusables();
      const at = list.indexOf(document.activeElement);
      const edge = event.shiftKey ? at <= 0 : at === list.length - 1;
      if (edge) {
        event.preventDefault();
        list[event.shiftKey ? list.length - 1 : 0]?.focus();
      }
    }
  });
  for (const el of [street.input, postal.input, city.input, countrySelect]) el.addEventListener('change', () => handlers.address?.());
  confirm.addEventListener('click', () => handlers.confirm?.());
  cancel.addEventListener('click', () => handlers.cancel?.());
  document.body.appendChild(root);
  email.input.focus();
  const sync = () => {
    confirm.disabled = busy || !!blocked;
    root.setAttribute('aria-busy', String(busy));
  };

  return {
    on(h2) {
      handlers = h2;
    },
    busy(on) {
      busy = on;
      sync();
    },
    address: () => ({ streetAddress: street.input.value.trim(), postalCode: postal.input.value.trim(), city: city.input.value.trim(), country: countrySelect.value }),
    profile: () => ({ email: email.input.value.trim(), givenName: given.input.value.trim(), familyName: family.input.value.trim() }),
    /** Shows the total, the shipping options (radios) and why paying is blocked, if it is. */
    show({ total, options, selected, blocked: reason, money }) {
      blocked = reason;
      status.textContent = (reason ? `${reason} ` : '') + `Total: ${total}${kit.mark}`;
      optionsBox.hidden = options.length === 0;
      optionsBox.replaceChildren(h('legend', { text: 'Shipping option' }), ...options.map((o, i) => {
        const radio = h('input', { type: 'radio', name: id('option'), id: id(`option-${i}`), value: o.shippingOptionReference });
        radio.checked = o.shippingOptionReference === selected;
        radio.addEventListener('change', () => handlers.option?.(o.shippingOptionReference));
        return h('div', { class: 'klarna-sandbox-express__field' }, radio,
          h('label', { htmlFor: id(`option-${i}`), text: `${o.displayName}: ${money(o.amount)}` }));
      }));
      confirm.textContent = `${t.confirm} ${total}`;
      sync();
    },
    close() {
      root.remove();
      if (previousFocus?.isConnected && typeof previousFocus.focus === 'function') previousFocus.focus();
    },
  };
}
