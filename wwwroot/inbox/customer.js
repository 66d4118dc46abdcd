import { api } from './api.js';
import { $, avatar, h, icon } from './dom.js';
import { calendarDate, fullTime, money, relativeTime } from './format.js';
import { lang, t } from './i18n.js';
import { conversationHash } from './list.js';
import { openMergeDialog } from './merge.js';
import { customerName } from './names.js';
import { claimedEmail } from './verification.js';

// From this width the panel is a column of its own; below it the agent opens and closes it.
export const WIDE = window.matchMedia('(min-width: 1200px)');
// On a phone the open panel takes the thread's place, so each conversation opens on its messages.
const PHONE = window.matchMedia('(max-width: 760px)');
const REMEMBERED = 'inbox.customerPanel';
const MERGED_NOTICE_MS = 6000;

const languages = (() => {
  try {
    return new Intl.DisplayNames(lang, { type: 'language' });
  } catch {
    return null;
  }
})();

/** A locale code as the agent's language names it: "da" → "Danish"; the code itself when unknown. */
function languageName(locale) {
  try {
    return languages?.of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** An address from the shopper's browser as a link that gives the shop nothing back; text only, never markup. */
function webLink(url, text) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return h('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer', class: 'shopper-link' }, text || parsed.host + parsed.pathname);
}

const deviceText = s => {
  const kind = s.deviceKind && t(`shopper.kind.${s.deviceKind}`);
  const software = s.browser && s.operatingSystem ? t('shopper.software', { browser: s.browser, system: s.operatingSystem })
    : s.browser || s.operatingSystem;
  return [software, kind].filter(Boolean).join(', ');
};

/** "On page … · from … · device …": where the chat's shopper is, when their widget told us. */
function shopperLine(s) {
  const page = s?.pageUrl && webLink(s.pageUrl, s.pageTitle);
  if (!page) return null;
  const referrer = s.referrer && webLink(s.referrer);
  const device = deviceText(s);
  const parts = [h('span', {}, t('shopper.onPage'), ' ', page)];
  if (referrer) parts.push(' · ', h('span', {}, t('shopper.from'), ' ', referrer));
  if (device) parts.push(' · ', h('span', {}, t('shopper.device', { device })));
  return h('p', { class: 'shopper-context', 'data-testid': 'shopper-context' }, ...parts);
}

const identityLabel = kind => {
  const label = t(`identity.${kind}`);
  return label === `identity.${kind}` ? kind : label;
};

/**
 * The customer beside the open conversation: who they are, their orders and other conversations,
 * and merging a duplicate record into them. onMerged(detail) runs after a merge; onMissing() when
 * the customer shown no longer exists, e.g. after a colleague merged them into someone else;
 * onLoaded() each time the customer's details have been (re)loaded and drawn.
 */
export function createCustomerPanel({ onMerged, onMissing, onLoaded }) {
  const panel = $('#customer-panel');
  const body = $('#customer-body');
  const toggle = $('#customer-toggle');
  const article = $('#conversation');

  let shown = null; // { conversationId, customerId }
  let detail = null;
  let loading = 0;
  let missingReported = false;
  let notice = null;
  let noticeTimer;
  let dialog = null;
  // Orders the agent opened stay open when the panel is drawn again for the same customer.
  const expanded = new Set();
  // The open conversation's customer only claimed, not proven: { email, chat } (chat: asked in the widget), or null.
  let claim = null;
  // Orders the shopper asked about in the open conversation, outlined; the one to bring into view once it is drawn.
  let asked = new Set();
  let revealPending = null;
  // Where the open conversation's shopper is (page, referrer, device), or null.
  let shopper = null;

  toggle.prepend(icon('person'));
  $('#customer-close').append(icon('close'));
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  $('#customer-close').addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  panel.addEventListener('keydown', event => {
    if (event.key !== 'Escape' || WIDE.matches || event.defaultPrevented) return;
    setOpen(false);
    toggle.focus();
  });
  setOpen(!PHONE.matches && localStorage.getItem(REMEMBERED) === 'open', { remember: false });

  function setOpen(open, { remember = !PHONE.matches } = {}) {
    article.dataset.panel = open ? 'open' : 'closed';
    toggle.setAttribute('aria-expanded', String(open));
    if (remember) localStorage.setItem(REMEMBERED, open ? 'open' : 'closed');
    if (open) reveal();
  }

  /** The order waiting to be brought into view, once the panel shows it. */
  function reveal({ focus = false } = {}) {
    if (!revealPending || !detail || !panel.checkVisibility()) return;
    const order = [...body.querySelectorAll('[data-testid="customer-order"]')].find(li => li.dataset.number === revealPending);
    revealPending = null;
    if (!order) return;
    order.scrollIntoView({ block: 'nearest' });
    if (focus) order.querySelector('summary').focus({ preventScroll: true });
  }

  /** The customer of the open conversation; loads them unless they are shown already, or when told to reload. */
  function show(conversationId, customer, { reload = false } = {}) {
    const sameCustomer = shown?.customerId === customer.id;
    const sameConversation = shown?.conversationId === conversationId;
    const anonymous = customer.anonymousName ? customerName(customer) : null;
    const renamed = shown?.anonymous !== anonymous;
    shown = { conversationId, customerId: customer.id, anonymous };
    if (!sameConversation) {
      shopper = null;
      asked = new Set();
      revealPending = null;
    }
    if (!sameConversation && PHONE.matches) setOpen(false);
    if (sameCustomer && sameConversation && detail && !reload) {
      if (renamed) render();
      return;
    }
    if (!sameCustomer) {
      dialog?.close();
      detail = null;
      expanded.clear();
      missingReported = false;
      clearNotice();
      delete panel.dataset.customerId;
      body.replaceChildren(h('p', { class: 'panel-message' }, t('customer.loading')));
    } else if (detail) {
      render(); // Another conversation of the same person: only "other conversations" changes.
    }
    load();
  }

  async function load() {
    if (!shown) return;
    const mine = ++loading;
    const { customerId, conversationId } = shown;
    panel.setAttribute('aria-busy', 'true');
    try {
      // Where the shopper is helps, but the panel does not wait on it or fail without it.
      const [fresh, where] = await Promise.all([api.customer(customerId), api.shopperContext(conversationId).catch(() => null)]);
      if (mine !== loading) return;
      detail = fresh;
      shopper = where;
      render();
      onLoaded?.();
    } catch (error) {
      if (mine !== loading) return;
      if (error.status === 404 && !missingReported) {
        missingReported = true;
        onMissing?.();
      }
      if (detail?.id === customerId) return; // What is shown stays until something newer is known.
      delete panel.dataset.customerId;
      body.replaceChildren(h('div', { class: 'panel-message', role: 'alert' },
        h('p', {}, error.status === 0 ? t('error.network') : t('customer.loadFailed')),
        h('button', { type: 'button', class: 'button button-small', onclick: load }, t('customer.retry'))));
    } finally {
      if (mine === loading) panel.removeAttribute('aria-busy');
    }
  }

  /** A change to any conversation: its customer's history in brief shows whether the panel is behind. */
  function sync(customer) {
    if (!detail || !customer || customer.id !== detail.id) return;
    if (customer.orderCount !== undefined && customer.orderCount !== detail.orderCount) load();
    else if (customer.lifetimeValue !== undefined && customer.lifetimeValue !== detail.lifetimeValue) load();
  }

  function clear() {
    loading++;
    dialog?.close();
    shown = null;
    detail = null;
    claim = null;
    shopper = null;
    asked = new Set();
    revealPending = null;
    expanded.clear();
    clearNotice();
    delete panel.dataset.customerId;
    panel.removeAttribute('aria-busy');
    body.replaceChildren();
  }

  function clearNotice() {
    clearTimeout(noticeTimer);
    notice = null;
  }

  // Drawing the panel anew must not take the focus from under the agent: it goes back to the same control.
  function focusedControl() {
    const el = document.activeElement;
    if (!el || !body.contains(el)) return null;
    if (el.matches('[data-testid="merge-open"]')) return '[data-testid="merge-open"]';
    const order = el.closest('[data-testid="customer-order"]');
    if (order && el.matches('summary')) return `[data-testid="customer-order"][data-id="${order.dataset.id}"] summary`;
    if (el.matches('[data-testid="customer-conversation"]')) return `[data-testid="customer-conversation"][data-id="${el.dataset.id}"]`;
    return null;
  }

  function render() {
    const c = detail;
    const refocus = focusedControl();
    panel.dataset.customerId = c.id;
    const others = c.conversations.filter(conversation => conversation.id !== shown?.conversationId);
    body.replaceChildren(...[
      notice && h('p', { class: 'panel-notice', role: 'status' }, notice),
      h('section', { class: 'customer-card' },
        h('div', { class: 'customer-head' },
          avatar(shown?.anonymous ?? c.name, c.id),
          h('div', { class: 'customer-head-text' },
            h('h3', { class: 'customer-name', 'data-testid': 'customer-name' }, shown?.anonymous ?? c.name),
            h('span', { class: 'customer-badges' },
              shown?.anonymous && h('span', { class: 'badge', title: t('customer.anonymousHint'), 'data-testid': 'customer-anonymous' },
                t('customer.anonymous')),
              h('span', { class: `badge tier tier-${c.tier}`, 'data-testid': 'customer-tier', 'data-tier': c.tier }, t(`tier.${c.tier}`)),
              claim && h('span', { class: 'badge unverified', 'data-testid': 'customer-unverified' }, icon('alert'), t('verify.badge'))))),
        shopperLine(shopper),
        claim && h('p', { class: 'claim-note', 'data-testid': 'customer-claim' },
          t(claim.chat ? 'verify.hint.chat' : 'verify.hint.other', { email: claim.email })),
        h('dl', { class: 'customer-facts' },
          h('div', {}, h('dt', {}, t('customer.email')),
            h('dd', { class: c.email ? 'customer-email' : 'is-missing', 'data-testid': 'customer-email' }, c.email ?? t('customer.noEmail'))),
          c.locale && h('div', {}, h('dt', {}, t('customer.language')), h('dd', {}, languageName(c.locale)))),
        h('ul', { class: 'customer-stats' },
          h('li', { title: t('customer.orderCountHint') },
            h('span', { class: 'stat-value', 'data-testid': 'customer-order-count' }, String(c.orderCount)),
            h('span', { class: 'stat-label' }, t('customer.orderCount'))),
          h('li', {},
            h('span', { class: 'stat-value', 'data-testid': 'customer-ltv' },
              c.currency ? money(c.lifetimeValue, c.currency) : '—'),
            h('span', { class: 'stat-label' }, t('customer.ltv'))),
          h('li', {},
            c.lastOrderAt
              ? h('time', { class: 'stat-value', datetime: c.lastOrderAt, title: fullTime(c.lastOrderAt), 'data-testid': 'customer-last-order' },
                calendarDate(c.lastOrderAt))
              : h('span', { class: 'stat-value', 'data-testid': 'customer-last-order' }, '—'),
            h('span', { class: 'stat-label' }, t('customer.lastOrder')))),
        h('button', { type: 'button', class: 'button button-small merge-open', 'data-testid': 'merge-open', onclick: openMerge },
          t('customer.merge'))),
      section('customer.identities', c.identities.length
        ? h('dl', { class: 'identities' }, c.identities.map(identity => h('div', { 'data-testid': 'customer-identity', 'data-kind': identity.kind },
          h('dt', {}, identityLabel(identity.kind)), h('dd', {}, identity.value))))
        : h('p', { class: 'panel-empty' }, t('customer.noIdentities'))),
      section('customer.orders', c.orders.length
        ? h('ul', { class: 'orders' }, c.orders.map(orderView))
        : h('p', { class: 'panel-empty', 'data-testid': 'customer-no-orders' }, t('customer.noOrders'))),
      section('customer.conversations', others.length
        ? h('ul', { class: 'customer-conversations' }, others.map(conversationView))
        : h('p', { class: 'panel-empty' }, t('customer.noConversations'))),
    ].filter(Boolean));
    if (refocus) $(refocus, body)?.focus({ preventScroll: true });
    reveal();
  }

  function section(titleKey, content) {
    return h('section', { class: 'panel-section' }, h('h3', { class: 'panel-heading' }, t(titleKey)), content);
  }

  function orderView(order) {
    const details = h('details', { class: 'order', open: expanded.has(order.id) },
      h('summary', { class: 'order-summary' },
        icon('chevron'),
        h('span', { class: 'order-main' },
          h('span', { class: 'order-number', 'data-testid': 'order-number' }, order.number),
          h('span', { class: 'order-sub' },
            h('time', { 'data-testid': 'order-date', datetime: order.placedAt, title: fullTime(order.placedAt) }, calendarDate(order.placedAt)),
            ' · ', t('customer.items', { count: order.lines.reduce((sum, line) => sum + line.quantity, 0) }))),
        h('span', { class: 'order-side' },
          h('span', { class: 'order-total', 'data-testid': 'order-total' }, money(order.total, order.currency)),
          h('span', { class: `badge order-status order-status-${order.status}`, 'data-testid': 'order-status' },
            t(`orderStatus.${order.status}`)))),
      order.lines.length
        ? h('ul', { class: 'order-lines' }, order.lines.map(line => h('li', { class: 'order-line', 'data-testid': 'order-line' },
          h('span', { class: 'line-name' }, `${line.quantity} × ${line.name}`,
            line.quantity > 1 && h('span', { class: 'line-each' }, t('customer.each', { price: money(line.price, order.currency) }))),
          h('span', { class: 'line-price' }, money(line.price * line.quantity, order.currency)))))
        : h('p', { class: 'panel-empty' }, t('customer.noLines')),
      (order.fulfilledAt || order.deliveredAt) && h('p', { class: 'order-dates' }, [
        order.fulfilledAt && t('customer.shipped', { date: calendarDate(order.fulfilledAt) }),
        order.deliveredAt && t('customer.delivered', { date: calendarDate(order.deliveredAt) }),
      ].filter(Boolean).join(' · ')));
    details.addEventListener('toggle', () => {
      if (details.open) expanded.add(order.id);
      else expanded.delete(order.id);
    });
    const isAsked = asked.has(order.number);
    if (isAsked) details.querySelector('.order-main').append(
      h('span', { class: 'order-asked', 'data-testid': 'order-asked' }, icon('order'), t('customer.askedAbout')));
    // Tracking stays in view with the order folded: "where is my order?" is the question agents get most.
    const tracking = order.tracking ?? [];
    return h('li', {
      class: isAsked ? 'is-asked' : null, 'data-testid': 'customer-order', 'data-status': order.status, 'data-number': order.number,
      'data-id': order.id, 'data-asked': String(isAsked),
    }, details, tracking.length > 0 && h('ul', { class: 'order-tracking' }, tracking.map(trackingView)));
  }

  function trackingView(entry) {
    const shipment = [entry.company, entry.number].filter(Boolean).join(' ');
    // The server keeps only web addresses; checked here too, as an address becomes a link the agent clicks.
    const followable = typeof entry.url === 'string' && /^https?:\/\//i.test(entry.url);
    return h('li', { 'data-testid': 'order-tracking' },
      followable
        ? h('a', { href: entry.url, target: '_blank', rel: 'noopener noreferrer', title: entry.url },
          t('customer.track', { shipment: shipment || entry.url }))
        : t('customer.trackingNumber', { shipment }));
  }

  function conversationView(conversation) {
    return h('li', {},
      h('a', { class: 'customer-conversation', href: conversationHash(conversation.id), 'data-testid': 'customer-conversation', 'data-id': conversation.id },
        h('span', { class: 'item-row' },
          h('span', { class: 'customer-conversation-subject' }, conversation.subject || conversation.channel.name),
          h('span', { class: `badge status status-${conversation.status}` }, t(`status.${conversation.status}`))),
        h('span', { class: 'item-row item-meta' },
          h('span', { class: 'item-channel' }, conversation.channel.name),
          h('time', { class: 'item-time', datetime: conversation.lastMessageAt, title: fullTime(conversation.lastMessageAt) },
            relativeTime(conversation.lastMessageAt)))));
  }

  function openMerge() {
    if (!detail) return;
    const keep = { id: detail.id, name: detail.name };
    dialog = openMergeDialog({
      customer: keep,
      onMerged: (merged, other) => {
        if (shown?.customerId !== merged.id) return;
        detail = merged;
        clearNotice();
        notice = t('customer.merged', { other: other.name, name: merged.name });
        noticeTimer = setTimeout(() => {
          notice = null;
          if (detail) render();
        }, MERGED_NOTICE_MS);
        render();
        onMerged?.(merged);
      },
      onClosed: () => {
        dialog = null;
        // The button that opened the dialog may have been drawn anew meanwhile.
        if (document.activeElement === document.body) $('[data-testid="merge-open"]', panel)?.focus();
      },
    });
  }

  /** Whether the open conversation's customer is only claimed: the panel says so beside the tier. */
  function setVerification(summary) {
    const email = claimedEmail(summary.customer);
    const next = email ? { email, chat: summary.channel.kind === 'storefront' } : null;
    if (next?.email === claim?.email && next?.chat === claim?.chat) return;
    claim = next;
    if (detail) render();
  }

  /** Outlines the orders the shopper asked about in the open conversation; a newly asked one is brought into view. */
  function highlightOrders(numbers) {
    const fresh = numbers.filter(number => !asked.has(number));
    if (!fresh.length && numbers.length === asked.size) return;
    asked = new Set(numbers);
    if (fresh.length) revealPending = fresh.at(-1);
    if (detail) render();
  }

  /** The agent picked an order in the thread: the panel opens on it, unfolded. */
  function focusOrder(number) {
    const order = detail?.orders.find(candidate => candidate.number === number);
    if (order) expanded.add(order.id);
    revealPending = null;
    if (detail) render();
    setOpen(true);
    // Still loading (or older than the panel lists): it comes into view when drawn, if it is there at all.
    revealPending = number;
    reveal({ focus: true });
  }

  return {
    show,
    sync,
    clear,
    setVerification,
    highlightOrders,
    focusOrder,
    /** The numbers of the shown customer's recent orders, to notice them in a reply; none while loading. */
    orderNumbers: () => (detail && detail.id === shown?.customerId ? detail.orders.map(order => order.number) : []),
    /** Loads the shown customer again, e.g. after a reconnect or when their history changed. */
    refresh: load,
  };
}
