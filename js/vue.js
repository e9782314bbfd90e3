/**
 * `klarna-hosted-checkout/vue`: `KlarnaCheckout`, `KlarnaExpressButton` and `KlarnaPlacement` for Vue 3
 * (docs/frameworks.md). Props map to the documented options; every event is emitted by its type
 * (`@authorized`, `@error`, …) and as `@event`. A change of `amount` or `locale` updates the mounted
 * element, a change of what identifies it mounts it again, unmounting tears it down. Importing this
 * module touches no `window` (server-side rendering): everything browser-side happens on mount.
 */
import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { createCheckout } from './embed.js';
import { express } from './express.js';
import { mountPlacements } from '../www/osm.js';

const CHECKOUT_EVENTS = ['ready', 'availability', 'resize', 'payment_method_selected', 'authorized', 'declined', 'aborted', 'error'];
const EXPRESS_EVENTS = ['ready', 'shipping_address_change', 'shipping_option_select', 'authorized', 'declined', 'aborted', 'error'];

/** Mounts with `mount(element)` on mount and when `key()` changes; destroys before unmount. */
function useMounted(key, mount) {
  const el = ref(null);
  let handle;
  const start = () => {
    handle?.destroy?.();
    handle = undefined;
    try {
      handle = mount(el.value);
    } catch {
      // reported by the mount itself (console and `error` event)
    }
  };
  onMounted(start);
  watch(key, start);
  onBeforeUnmount(() => {
    handle?.destroy?.();
    handle = undefined;
  });
  return { el, handle: () => handle };
}

/** Forwards an event as `event` and as its own type. */
const forward = (emit) => (e) => {
  emit('event', e);
  emit(e.type, e);
};

/** The hosted checkout in an iframe. */
export const KlarnaCheckout = defineComponent({
  name: 'KlarnaCheckout',
  props: {
    session: { type: String, required: true },
    clientSecret: String,
    baseUrl: String,
    locale: String,
    amount: Number,
    appearance: Object,
    minHeight: Number,
    title: String,
  },
  emits: ['event', ...CHECKOUT_EVENTS],
  setup(props, { emit }) {
    const { el, handle } = useMounted(() => [props.session, props.clientSecret, props.baseUrl], (target) => {
      const { session, clientSecret, locale, appearance, minHeight, title } = props;
      return createCheckout({ session, clientSecret, target, locale, appearance, minHeight, title, onEvent: forward(emit) }, props.baseUrl);
    });
    watch(() => props.locale, (locale) => locale && handle()?.update({ locale }).catch((e) => console.error(e)));
    watch(() => props.amount, (amount) => amount && handle()?.update({ amount }).catch((e) => console.error(e)));
    return () => h('div', { ref: el });
  },
});

/** Klarna's express button (the merchant's server creates the session: `sessionUrl` or `createSession`). */
export const KlarnaExpressButton = defineComponent({
  name: 'KlarnaExpressButton',
  props: {
    baseUrl: { type: String, required: true },
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
    locale: { type: String, required: true },
    sessionUrl: String,
    createSession: Function,
    details: Object,
    theme: String,
    shape: String,
    shipping: String,
  },
  emits: ['event', ...EXPRESS_EVENTS],
  setup(props, { emit }) {
    const { el, handle } = useMounted(() => [props.baseUrl, props.sessionUrl, props.theme, props.shape, props.shipping], (target) => {
      const { amount, currency, locale, sessionUrl, createSession, details, theme, shape, shipping } = props;
      return express({ target, amount, currency, locale, sessionUrl, createSession, details, theme, shape, shipping, onEvent: forward(emit) }, props.baseUrl);
    });
    watch(
      () => JSON.stringify([props.amount, props.currency, props.locale, props.details]),
      () => {
        const { amount, currency, locale, details } = props;
        handle()?.update({ amount, currency, locale, details }).catch((e) => console.error(e));
      },
    );
    return () => h('div', { ref: el });
  },
});

/** A Klarna on-site messaging placement (`placement`: a placement key such as `credit-promotion-badge`). */
export const KlarnaPlacement = defineComponent({
  name: 'KlarnaPlacement',
  props: {
    baseUrl: String,
    placement: { type: String, required: true },
    amount: Number,
    currency: String,
    locale: { type: String, required: true },
    theme: String,
  },
  setup(props) {
    const { el } = useMounted(() => props.baseUrl, (root) => {
      const controller = mountPlacements(root, { configUrl: new URL('v1/messaging/config', props.baseUrl ?? location.href).href });
      return { destroy: () => controller.disconnect() };
    });
    // The placement re-renders itself when these attributes change.
    return () => h('div', { ref: el }, [h('div', {
      'data-klarna-placement': props.placement,
      'data-locale': props.locale,
      ...(props.amount !== undefined && { 'data-amount': String(props.amount) }),
      ...(props.currency && { 'data-currency': props.currency }),
      ...(props.theme && { 'data-theme': props.theme }),
    })]);
  },
});
