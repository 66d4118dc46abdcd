import { api } from './api.js';
import { $, avatar, h, icon, labelledIcon } from './dom.js';
import { priorityLine, relativeTime, fullTime } from './format.js';
import { t } from './i18n.js';
import { customerName } from './names.js';
import { claimedEmail } from './verification.js';

export const conversationHash = id => `#/conversations/${id}`;

const channelKinds = ['storefront', 'email', 'messenger', 'marketplace', 'shopify'];

/** The channel's kind as an icon with its name for screen readers, or nothing for a kind this inbox does not know. */
export const channelKindIcon = kind =>
  (channelKinds.includes(kind) ? labelledIcon(`channel-${kind}`, t(`kind.${kind}`)) : null);

/** The left pane: filtered conversations kept in queue order and patched live from hub events. */
export function createConversationList(session) {
  const list = $('#conversation-list');
  const message = $('#list-message');
  const summaries = new Map();
  const links = new Map();
  const filter = { status: 'open', assignee: 'any', kind: 'all' };
  const kindSelect = $('#kind-filter');
  let selectedId = null;
  let generation = 0;
  // Changes that arrive while a reload is in flight are newer than its answer and are replayed over it.
  let changesDuringLoad = null;

  for (const tab of document.querySelectorAll('[data-testid="status-tab"]'))
    tab.addEventListener('click', () => setFilter({ status: tab.dataset.status }));
  for (const option of document.querySelectorAll('[data-testid="assignee-filter"]'))
    option.addEventListener('click', () => setFilter({ assignee: option.dataset.assignee }));
  kindSelect.addEventListener('change', () => setFilter({ kind: kindSelect.value }));
  list.addEventListener('keydown', moveFocus);
  showFilter();

  function setFilter(change) {
    Object.assign(filter, change);
    showFilter();
    summaries.clear();
    reload();
  }

  function showFilter() {
    for (const tab of document.querySelectorAll('[data-testid="status-tab"]'))
      tab.setAttribute('aria-pressed', String(tab.dataset.status === filter.status));
    for (const option of document.querySelectorAll('[data-testid="assignee-filter"]'))
      option.setAttribute('aria-pressed', String(option.dataset.assignee === filter.assignee));
    kindSelect.value = filter.kind;
  }

  async function reload() {
    const mine = ++generation;
    changesDuringLoad = [];
    render();
    try {
      const fresh = await api.conversations(filter);
      if (mine !== generation) return;
      summaries.clear();
      for (const summary of fresh) summaries.set(summary.id, summary);
      for (const summary of changesDuringLoad) apply(summary);
      changesDuringLoad = null;
      render();
    } catch {
      if (mine !== generation) return;
      changesDuringLoad = null;
      render();
      if (!summaries.size) message.textContent = t('list.loadFailed');
    }
  }

  function matches(summary) {
    const statusMatches = filter.status === 'all' || summary.status === filter.status;
    const assignee = summary.assignee?.id ?? null;
    const assigneeMatches = filter.assignee === 'any'
      || (filter.assignee === 'me' && assignee === session.me?.id)
      || (filter.assignee === 'unassigned' && assignee === null);
    const kindMatches = filter.kind === 'all' || summary.channel.kind === filter.kind;
    return statusMatches && assigneeMatches && kindMatches;
  }

  // The server's orders: open ones earliest due first (nothing due goes last); the rest by latest activity.
  function compare(a, b) {
    if (filter.status === 'open') {
      const due = s => (s.priority.dueAt ? Date.parse(s.priority.dueAt) : Infinity);
      return due(a) - due(b) || a.id - b.id;
    }
    return Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt) || b.id - a.id;
  }

  function apply(summary) {
    if (matches(summary)) summaries.set(summary.id, summary);
    else summaries.delete(summary.id);
  }

  function upsert(summary) {
    if (changesDuringLoad) changesDuringLoad.push(summary);
    apply(summary);
    render();
  }

  function render() {
    const ordered = [...summaries.values()].sort(compare);
    const loading = changesDuringLoad !== null;
    message.textContent = ordered.length ? '' : t(loading ? 'list.loading' : 'list.empty');
    const now = Date.now();
    ordered.forEach((summary, index) => {
      let link = links.get(summary.id);
      if (!link) {
        link = h('a', { class: 'conversation-item', href: conversationHash(summary.id), 'data-testid': 'conversation-item' });
        links.set(summary.id, link);
        list.append(h('li', {}, link));
      }
      fill(link, summary, now);
      // Only moved when out of place, so a focused item keeps its focus while others update.
      const row = link.parentElement;
      if (list.children[index] !== row) list.insertBefore(row, list.children[index] ?? null);
    });
    for (const [id, link] of links) {
      if (summaries.has(id)) continue;
      link.parentElement.remove();
      links.delete(id);
    }
  }

  function fill(link, s, now) {
    // The open conversation is being read right now; its count drops as soon as the server hears so.
    const unread = s.unreadCount > 0 && s.id !== selectedId;
    const priority = priorityLine(s.priority, now);
    link.dataset.id = s.id;
    link.classList.toggle('is-unread', unread);
    if (s.id === selectedId) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
    link.replaceChildren(
      avatar(customerName(s.customer), s.customer.id),
      h('span', { class: 'item-body' },
        h('span', { class: 'item-row' },
          h('span', { class: 'item-name' }, customerName(s.customer)),
          h('span', { class: `badge tier tier-${s.customer.tier}`, 'data-tier': s.customer.tier }, t(`tier.${s.customer.tier}`)),
          claimedEmail(s.customer) && h('span', {
            class: 'unverified-mark', role: 'img', 'aria-label': t('verify.badge'), title: t('verify.badge'), 'data-testid': 'unverified-mark',
          }, icon('alert')),
          h('time', { class: 'item-time', datetime: s.lastMessageAt, title: fullTime(s.lastMessageAt) },
            relativeTime(s.lastMessageAt, now))),
        h('span', { class: 'item-row item-meta' },
          h('span', { class: 'item-channel' }, channelKindIcon(s.channel.kind), h('span', { class: 'item-channel-name' }, s.channel.name)),
          h('span', { class: s.assignee ? 'item-assignee' : 'item-assignee is-unassigned' },
            s.assignee?.name ?? t('list.unassigned'))),
        h('span', { class: 'item-row' },
          h('span', { class: 'item-preview' }, s.lastMessagePreview),
          unread && h('span', { class: 'unread', 'data-testid': 'unread', 'aria-label': t('list.unread', { count: s.unreadCount }) },
            String(s.unreadCount))),
        h('span', { class: `priority priority-${priority.urgency}` }, icon('clock'), h('span', {}, priority.text))),
    );
  }

  // Arrow keys walk the list without opening anything; Enter opens, as on any link.
  function moveFocus(event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...list.querySelectorAll('.conversation-item')];
    const at = items.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))].focus();
  }

  return {
    reload,
    upsert,
    get: id => summaries.get(id),
    select(id) {
      selectedId = id;
      render();
      links.get(id)?.scrollIntoView({ block: 'nearest' });
    },
    /** The conversation `offset` places away from the selected one, in the order shown. */
    neighbour(offset) {
      const ids = [...list.querySelectorAll('.conversation-item')].map(link => Number(link.dataset.id));
      if (!ids.length) return null;
      const at = ids.indexOf(selectedId);
      return at < 0 ? ids[0] : ids[Math.max(0, Math.min(ids.length - 1, at + offset))];
    },
    /** Counts the conversation as read here at once; the server's own change follows over the hub. */
    markRead(id) {
      const summary = summaries.get(id);
      if (!summary?.unreadCount) return;
      summaries.set(id, { ...summary, unreadCount: 0 });
      render();
    },
    clear() {
      generation++;
      changesDuringLoad = null;
      summaries.clear();
      selectedId = null;
      render();
    },
    tick: render,
  };
}
