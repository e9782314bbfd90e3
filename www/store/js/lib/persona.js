/**
 * The sandbox shopper ("persona") the store creates sessions for, remembered across pages. Only a demo
 * concern: a real store knows its shopper.
 */

const KEY = 'khc-store:persona';
export const PERSONAS = ['approve', 'denied', 'stepup', 'abort', 'error'];

/** The chosen persona (default `approve`). */
export function currentPersona() {
  try {
    const p = localStorage.getItem(KEY);
    return PERSONAS.includes(p) ? p : 'approve';
  } catch {
    return 'approve';
  }
}

/** Keeps `select` and the stored persona in step. */
export function bindPersonaSelect(select) {
  if (!select) return;
  select.value = currentPersona();
  select.addEventListener('change', () => {
    try {
      localStorage.setItem(KEY, select.value);
    } catch {
      // not remembered: this page still uses the select's value
    }
  });
}
