/**
 * A small modal of the emulator with one labelled input and two buttons (the sign-in journey's e-mail
 * prompt): `role="dialog"`, focus inside and kept there, Escape or Cancel closes it (answer `undefined`),
 * Enter or the confirm button answers the input's value. Focus returns where it was on close.
 */

let count = 0;

/** Opens the dialog; `answer` resolves with the value or `undefined`. */
export function promptDialog(kit, { title, label, value, confirm, cancel, testid }) {
  const { h } = kit;
  kit.ensureStylesheet();
  const n = ++count;
  const titleId = `klarna-sandbox-prompt-title-${n}`;
  const inputId = `klarna-sandbox-prompt-input-${n}`;
  const input = h('input', { id: inputId, type: 'email', value, autocomplete: 'email', class: 'klarna-sandbox-express__input' });
  const ok = h('button', { type: 'submit', class: 'klarna-sandbox-journey__confirm', 'data-testid': `${testid}-confirm`, text: confirm });
  const no = h('button', { type: 'button', class: 'klarna-sandbox-journey__cancel', 'data-testid': `${testid}-cancel`, text: cancel });
  const form = h('form', { class: 'klarna-sandbox-journey__panel klarna-sandbox-express' },
    h('h2', { id: titleId, class: 'klarna-sandbox-journey__title', text: title }),
    h('div', { class: 'klarna-sandbox-express__field' }, h('label', { htmlFor: inputId, text: label }), input),
    h('div', { class: 'klarna-sandbox-journey__actions' }, ok, no));
  const root = h('div', { class: 'klarna-sandbox-journey', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId,
    tabIndex: -1, 'data-testid': testid }, form);
  const previousFocus = /** @type {HTMLElement | null} */ (document.activeElement);
  let done;
  const answer = new Promise((resolve) => (done = resolve));
  const close = () => {
    root.remove();
    if (previousFocus?.isConnected && typeof previousFocus.focus === 'function') previousFocus.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ok.disabled = true;
    root.setAttribute('aria-busy', 'true');
    done(input.value.trim());
  });
  no.addEventListener('click', () => {
    close();
    done(undefined);
  });
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      no.click();
    } else if (event.key === 'Tab') {
      const list = [input, ok, no].filter((e) => !e.disabled);
      const at = list.indexOf(document.activeElement);
      const edge = event.shiftKey ? at <= 0 : at === list.length - 1;
      if (edge) {
        event.preventDefault();
        list[event.shiftKey ? list.length - 1 : 0].focus();
      }
    }
  });
  document.body.appendChild(root);
  input.focus();
  return { answer, close };
}
