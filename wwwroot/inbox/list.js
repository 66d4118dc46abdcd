import { api } from './api.js';
import { $, avatar, h, icon, labelledIcon } from './dom.js';
import { relativeTime, fullTime } from './format.js';
import { t } from './i18n.js';
import { matchLine } from './search.js';
import { createLabelFilter, labelChips } from './labels.js';
import { priorityView } from './priority-view.js';
import { customerName } from './names.js';
import { claimedEmail } from './verification.js';

export const conversationHash = id => `#/conversations/${id}`;

const channelKinds = ['storefront', 'email', 'messenger', 'marketplace', 'shopify'];

/** The channel's kind as an icon with its name for screen readers, or nothing for a kind this inbox does not know. */
export const channelKindIcon = kind =>
  (channelKinds.includes(kind) ? labelledIcon(`channel-${kind}`, t(`kind.${kind}`)) : null);

/**
 * The left pane: filtered conversations kept in queue order and patched live from hub events.
 * indicator(id): a small element for a row (e.g. colleagues inside), or null; isNew(id) tells which rows
 * carry the "new" marker; onLoaded(summaries) hears every list the server sends.
 */
export function createConversationList(session, { indicator = () => null, isNew = () => false, onLoaded = () => {} } = {}) {
  const list = $('#conversation-list');
  const message = $('#list-message');
  const summaries = new Map();
  const links = new Map();
  const filter = { status: 'open', assignee: 'any', kind: 'all', query: '', label: '' };
  // While searching: the server's best-match order, and the only conversations to show.
  let ranks = new Map();
  const kindSelect = $('#kind-filter');
  let selectedId = null;
  // Where the selected row stood when it was chosen: it stays there while selected, so replying (which re-sorts it)
  // or a new chat arriving above never pulls it from under the agent; the next selection puts it in its place.
  let selectedAt = -1;
  let generation = 0;
  // Changes that arrive while a reload is in flight are newer than its answer and are replayed over it.
  let changesDuringLoad = null;

  for (const tab of document.querySelectorAll('[data-testid="status-tab"]'))
    tab.addEventListener('click', () => setFilter({ status: tab.dataset.status }));
  for (const option of document.querySelectorAll('[data-testid="assignee-filter"]'))
    option.addEventListener('click', () => setFilter({ assignee: option.dataset.assignee }));
  kindSelect.addEventListener('change', () => setFilter({ kind: kindSelect.value }));
  createLabelFilter($('#label-filter'), label => setFilter({ label }));
  list.addEventListener('keydown', moveFocus);
  showFilter();

  function setFilter(change) {
    Object.assign(filter, change);
    selectedAt = -1;
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
      onLoaded(fresh);
      summaries.clear();
      ranks = new Map(fresh.map((summary, index) => [summary.id, index]));
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
    const statusMatches = filter.query ? ranks.has(summary.id) : filter.status === 'all' || summary.status === filter.status;
    const assignee = summary.assignee?.id ?? null;
    const assigneeMatches = filter.assignee === 'any'
      || (filter.assignee === 'me' && assignee === session.me?.id)
      || (filter.assignee === 'unassigned' && assignee === null);
    const kindMatches = filter.kind === 'all' || summary.channel.kind === filter.kind;
    const labelMatches = !filter.label || (summary.labels ?? []).includes(filter.label);
    return statusMatches && assigneeMatches && kindMatches && labelMatches;
  }

  // The server's orders: open ones earliest due first (nothing due goes last); the rest by latest activity.
  function compare(a, b) {
    if (filter.query) return ranks.get(a.id) - ranks.get(b.id);
    if (filter.status === 'open') {
      const due = s => (s.priority.dueAt ? Date.parse(s.priority.dueAt) : Infinity);
      return due(a) - due(b) || a.id - b.id;
    }
    return Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt) || b.id - a.id;
  }

  function apply(summary) {
    // A live change keeps what the search found in the conversation.
    if (matches(summary)) summaries.set(summary.id, filter.query ? { ...summary, match: summaries.get(summary.id)?.match } : summary);
    else summaries.delete(summary.id);
  }

  function upsert(summary) {
    if (changesDuringLoad) changesDuringLoad.push(summary);
    apply(summary);
    render();
  }

  function render() {
    const ordered = [...summaries.values()].sort(compare);
    const selected = ordered.findIndex(summary => summary.id === selectedId);
    if (selected >= 0 && selectedAt >= 0 && selected !== selectedAt) {
      const [row] = ordered.splice(selected, 1);
      ordered.splice(Math.min(selectedAt, ordered.length), 0, row);
    }
    const selectedWasVisible = isInView(links.get(selectedId));
    const loading = changesDuringLoad !== null;
    message.textContent = ordered.length ? ''
      : filter.query ? t(loading ? 'search.loading' : 'search.empty', { query: filter.query })
      : t(loading ? 'list.loading' : 'list.empty');
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
    if (selectedWasVisible) links.get(selectedId)?.scrollIntoView({ block: 'nearest' });
  }

  function isInView(link) {
    if (!link) return false;
    const row = link.getBoundingClientRect();
    const box = list.getBoundingClientRect();
    return row.bottom > box.top && row.top < box.bottom;
  }

  function fill(link, s, now) {
    // The open conversation is being read right now; its count drops as soon as the server hears so.
    const unread = s.unreadCount > 0 && s.id !== selectedId;
    const fresh = isNew(s.id) && s.id !== selectedId;
    link.dataset.id = s.id;
    link.classList.toggle('is-unread', unread);
    link.classList.toggle('is-new', fresh);
    if (s.id === selectedId) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
    link.replaceChildren(
      avatar(customerName(s.customer), s.customer.id),
      h('span', { class: 'item-body' },
        h('span', { class: 'item-row' },
          h('span', { class: 'item-name' }, customerName(s.customer)),
          indicator(s.id),
          fresh && h('span', { class: 'new-marker', 'data-testid': 'new-marker' }, t('notice.new')),
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
          s.match ? matchLine(s.match) : h('span', { class: 'item-preview' }, s.lastMessagePreview),
          unread && h('span', { class: 'unread', 'data-testid': 'unread', 'aria-label': t('list.unread', { count: s.unreadCount }) },
            String(s.unreadCount))),
        s.labels?.length > 0 && h('span', { class: 'item-row' }, labelChips(s.labels)),
        priorityView(s.priority, now)),
    );
  }

  function shownIds() {
    return [...list.querySelectorAll('.conversation-item')].map(link => Number(link.dataset.id));
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
    /** Shows what matches the words (every status, best match first), or the filtered list again for ''. */
    search: query => setFilter({ query }),
    get: id => summaries.get(id),
    select(id) {
      if (id === selectedId) return render();
      selectedId = id;
      selectedAt = -1;
      render();
      selectedAt = [...summaries.values()].sort(compare).findIndex(summary => summary.id === id);
      links.get(id)?.scrollIntoView({ block: 'nearest' });
    },
    /**
     * The conversation `offset` places away from the selected one, in the order shown. A selected one that has
     * left the list (resolved, given away) still counts from where it stood: the next is the one that took its place.
     */
    neighbour(offset) {
      const ids = shownIds();
      if (!ids.length) return null;
      const at = ids.indexOf(selectedId);
      if (at >= 0) return ids[Math.max(0, Math.min(ids.length - 1, at + offset))];
      if (selectedAt < 0) return ids[0];
      return ids[Math.max(0, Math.min(ids.length - 1, offset > 0 ? selectedAt : selectedAt - 1))];
    },
    /** The next conversation after the selected one whose customer waits for a reply, wrapping round. */
    nextWaiting() {
      const ids = shownIds();
      const at = ids.indexOf(selectedId);
      const start = at >= 0 ? at + 1 : Math.max(selectedAt, 0);
      for (let step = 0; step < ids.length; step++) {
        const id = ids[(start + step) % ids.length];
        if (id !== selectedId && summaries.get(id)?.priority.dueAt) return id;
      }
      return null;
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
      filter.query = '';
      selectedAt = -1;
      render();
    },
    tick: render,
  };
}
