import { api } from './api.js';
import { createCannedPicker } from './canned.js';
import { confirmDialog } from './confirm.js';
import { $, avatar, h, icon } from './dom.js';
import { deadline, fileSize, fullTime, messageTime } from './format.js';
import { hubErrorMessage } from './hub.js';
import { lang, t } from './i18n.js';
import { createLabelPicker } from './labels.js';
import { linkified } from './links.js';
import { channelKindIcon } from './list.js';
import { priorityView } from './priority-view.js';
import { SNOOZE_CHOICES, snoozeUntil } from './snooze.js';
import { customerName } from './names.js';
import { createSurveyCard } from './survey-card.js';
import { canAskToVerify, claimedEmail, mentionedOrders } from './verification.js';

// Notes, and replies on a channel that names no limit of its own.
const MAX_BODY = 5000;
// The counter shows once a message has used this share of what it may have.
const COUNT_FROM_SHARE = 0.9;
const TYPING_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
// A typing signal whose "stopped" never came (closed tab, lost connection) fades on its own.
const TYPING_FADES_MS = 10_000;
// Older messages come this many at a time (the server's page), once the agent scrolls this close to the top.
const OLDER_PAGE = 50;
const LOAD_OLDER_WITHIN_PX = 120;

const names = new Intl.ListFormat(lang, { type: 'conjunction' });
const numbers = new Intl.NumberFormat(lang);

// Thumbnails only for pictures a browser shows; other images are listed like any file.
const THUMBNAIL_TYPES = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i;

/** A link only to the server's own files or to the web: never a script. */
function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The channel by its kind, as a customer knows it ("Messenger"), or by its own name for a kind the inbox does not know. */
function channelLabel(channel) {
  const key = `kind.${channel.kind}`;
  const label = t(key);
  return label === key ? channel.name : label;
}

/** A key the server accepts ([A-Za-z0-9._:-]); also usable without a secure context, unlike randomUUID. */
function newClientMessageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `inbox-${[...bytes].map(b => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The middle pane: one conversation's header, thread, typing line and composer, and the customer beside them. */
export function createConversationView({ session, hub, customerPanel, together, onSummary, onOpened }) {
  const view = $('#conversation');
  const empty = $('#no-conversation');
  const loadError = $('#conversation-error');
  const thread = $('#thread');
  const typingLine = $('#typing');
  const form = $('#composer-form');
  const composer = $('#composer');
  const count = $('#composer-count');
  const composerError = $('#composer-error');
  const actionError = $('#action-error');
  const sendButton = $('#send');
  const refusalBanner = $('#reply-refusal');
  const verifyBar = $('#verify-warning');
  const replyWindow = $('#reply-window');
  const assigneeSelect = $('#assignee-select');
  const seenMarker = h('li', { class: 'seen', 'data-testid': 'seen' }, t('thread.seen'));
  const olderMarker = h('li', { class: 'thread-older', role: 'status', 'data-testid': 'loading-older' }, t('thread.loadingOlder'));
  const surveyCard = createSurveyCard();

  let current = null;
  let opening = 0;
  let mode = 'reply';
  const elements = new Map();
  const drafts = new Map();
  const typers = new Map();
  // Messages not yet acknowledged, per conversation, kept across switching and reconnecting until stored.
  const outbox = new Map();
  let typingIn = null;
  let typingMethod = 'Typing';
  let typingSentAt = 0;
  let typingIdle;
  // The composer's error says the message is too long; it goes once the message is short enough again.
  let tooLongShown = false;
  let limitsLoading = false;
  // Asking a claimed shopper to verify: when this agent asked, per conversation; the one being asked now; its failure.
  const verificationAsked = new Map();
  let asking = null;
  let verifyError = null;
  // What the agent last copied from the customer panel's orders, to know it again when pasted into a reply.
  let copiedOrder = null;
  let confirming = false;

  $('.back-link').append(icon('back'));
  $('#resolve').addEventListener('click', () => changeStatus('resolved'));
  $('#reopen').addEventListener('click', () => changeStatus('open'));
  $('#mark-pending').addEventListener('click', () => changeStatus('pending'));
  $('#snooze').addEventListener('change', event => {
    const choice = event.target.value;
    event.target.value = '';
    if (!SNOOZE_CHOICES.includes(choice)) return;
    const until = snoozeUntil(choice);
    act(id => api.setStatus(id, 'snoozed', until?.toISOString() ?? null));
  });
  const labelPicker = createLabelPicker({
    toast: message => {
      actionError.textContent = t('conv.updateFailed', { reason: message });
      actionError.hidden = false;
    },
  });
  assigneeSelect.addEventListener('change', () => assign(assigneeSelect.value ? Number(assigneeSelect.value) : null));
  $('#reply-mode').addEventListener('click', () => setMode('reply'));
  $('#note-mode').addEventListener('click', () => setMode(mode === 'note' ? 'reply' : 'note'));
  // Added before the composer's own keys, so Enter chooses a canned response while the picker is open.
  const canned = createCannedPicker({
    composer, anchor: form, conversationId: () => current?.id ?? null,
    // A written-out response may carry the customer's latest order; worth a second look when the shopper is not proven.
    onInsert: () => {
      if (!current) return;
      current.touch ??= 'canned';
      renderVerification();
    },
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    send();
  });
  composer.addEventListener('keydown', event => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    send();
  });
  thread.addEventListener('scroll', loadOlderNearTop, { passive: true });
  composer.addEventListener('input', () => {
    showCount();
    if (composer.value) signalTyping();
    else stopTyping();
    if (current && !composer.value.trim()) current.touch = null;
    renderVerification();
  });
  document.addEventListener('copy', () => {
    const selection = document.getSelection();
    const inOrder = node => (node?.nodeType === Node.TEXT_NODE ? node.parentElement : node)
      ?.closest?.('#customer-panel [data-testid="customer-order"]');
    copiedOrder = current && selection && (inOrder(selection.anchorNode) || inOrder(selection.focusNode))
      ? { conversationId: current.id, text: selection.toString().trim() } : null;
  });
  composer.addEventListener('paste', event => {
    const text = event.clipboardData?.getData('text/plain').trim();
    if (current && text && copiedOrder?.conversationId === current.id && copiedOrder.text === text) current.touch = 'pasted';
  });

  async function open(id) {
    const mine = ++opening;
    view.setAttribute('aria-busy', 'true');
    let detail;
    try {
      detail = await api.conversation(id);
    } catch (error) {
      if (mine !== opening) return;
      close();
      loadError.textContent = error.status === 404 ? t('conv.loadFailed') : error.detail || t('conv.loadFailed');
      loadError.hidden = false;
      empty.hidden = true;
      return;
    }
    if (mine !== opening) return;
    leaveCurrent();
    const { messages, hasMoreMessages, customerReadUpToId, replyLimits, survey, surveyRole, ...summary } = detail;
    current = {
      id, summary, limits: replyLimits ?? null, readUpTo: customerReadUpToId, messages: new Map(messages.map(m => [m.id, m])),
      // The server sends the latest page; older ones come as the agent scrolls up.
      hasOlder: Boolean(hasMoreMessages), loadingOlder: false,
      // Quoted mail the agent unfolded; and delivery news for messages that had not arrived yet.
      quotedOpen: new Set(), earlyDeliveries: new Map(),
    };
    view.dataset.id = id;
    view.hidden = false;
    view.removeAttribute('aria-busy');
    empty.hidden = true;
    loadError.hidden = true;
    actionError.hidden = true;
    hideComposerError();
    composer.value = drafts.get(id) ?? '';
    canned.close();
    canned.prefetch(id);
    setMode('reply');
    renderLimits();
    renderHeader();
    renderThread();
    renderTyping();
    customerPanel.show(id, summary.customer);
    customerPanel.setVerification(summary);
    showOrdersAsked();
    verifyError = null;
    renderVerification();
    surveyCard.show(survey, surveyRole);
    thread.scrollTop = thread.scrollHeight;
    markRead();
    onOpened(id);
    loadOlderNearTop();
  }

  function loadOlderNearTop() {
    if (current?.hasOlder && !current.loadingOlder && thread.scrollTop < LOAD_OLDER_WITHIN_PX) loadOlder();
  }

  /** The page before the oldest message shown, put above it without moving what the agent is reading. */
  async function loadOlder() {
    const mine = current;
    mine.loadingOlder = true;
    thread.prepend(olderMarker);
    let page = null;
    try {
      page = await api.messagesBefore(mine.id, Math.min(...mine.messages.keys()), OLDER_PAGE);
    } catch {
      // Scrolling to the top again tries once more.
    }
    mine.loadingOlder = false;
    if (current !== mine) return;
    const height = thread.scrollHeight;
    const top = thread.scrollTop;
    olderMarker.remove();
    if (!page) return;
    mine.hasOlder = page.length === OLDER_PAGE;
    const older = page.filter(m => !mine.messages.has(m.id));
    for (const m of older) mine.messages.set(m.id, m);
    thread.prepend(...older.map(m => remember(m.id, messageView(m))));
    placeSeen();
    if (older.some(m => m.orderNumber)) showOrdersAsked();
    thread.scrollTop = top + thread.scrollHeight - height;
    loadOlderNearTop();
  }

  function leaveCurrent() {
    stopTyping();
    canned.close();
    if (current) drafts.set(current.id, composer.value);
    for (const { timer } of typers.values()) clearTimeout(timer);
    typers.clear();
  }

  function close() {
    opening++;
    leaveCurrent();
    current = null;
    customerPanel.clear();
    surveyCard.clear();
    view.hidden = true;
    delete view.dataset.id;
    empty.hidden = false;
    loadError.hidden = true;
  }

  /** After a reconnect: what happened meanwhile, then everything still unsent, with the same keys. */
  async function resume() {
    for (const box of outbox.values()) for (const entry of box.values()) deliver(entry);
    if (!current) return;
    const id = current.id;
    try {
      const { messages, hasMoreMessages, customerReadUpToId, replyLimits, survey, surveyRole, ...summary } = await api.conversation(id);
      if (current?.id !== id) return;
      current.summary = summary;
      current.readUpTo = Math.max(current.readUpTo, customerReadUpToId);
      // More arrived while away than the latest page holds: the thread starts again from that page, not with a gap.
      if (hasMoreMessages && !messages.some(m => current.messages.has(m.id))) {
        current.messages.clear();
        current.hasOlder = true;
      }
      for (const message of messages) current.messages.set(message.id, message);
      current.earlyDeliveries.clear();
      setLimits(replyLimits);
      renderHeader();
      renderThread();
      markRead();
      customerPanel.show(id, summary.customer, { reload: true });
      customerPanel.setVerification(summary);
      showOrdersAsked();
      renderVerification();
      surveyCard.show(survey, surveyRole);
    } catch {
      // The next reconnect, or opening it again, fetches it anew.
    }
  }

  function renderHeader() {
    const s = current.summary;
    $('#conversation-customer').replaceChildren(avatar(customerName(s.customer), s.customer.id), h('span', {}, customerName(s.customer)));
    $('#conversation-meta').replaceChildren(...[
      h('span', { class: 'conversation-channel' }, channelKindIcon(s.channel.kind), h('span', {}, s.channel.name)),
      s.subject && h('span', { class: 'subject' }, s.subject),
      h('span', { class: `badge tier tier-${s.customer.tier}` }, t(`tier.${s.customer.tier}`)),
      unverifiedBadge(s),
      h('span', { class: `badge status status-${s.status}`, 'data-testid': 'status' }, t(`status.${s.status}`)),
    ].filter(Boolean));
    renderPriority();
    renderAssignees();
    $('#resolve').hidden = s.status === 'resolved';
    $('#reopen').hidden = s.status === 'open';
    $('#mark-pending').hidden = s.status !== 'open';
    renderSnooze(s.status);
    labelPicker.show(s);
  }

  /** Out of the queue until a time the agent picks, or until the customer writes. */
  function renderSnooze(status) {
    const select = $('#snooze');
    select.hidden = status === 'resolved';
    select.replaceChildren(
      h('option', { value: '' }, t(status === 'snoozed' ? 'snooze.again' : 'conv.snooze')),
      ...SNOOZE_CHOICES.map(choice => h('option', { value: choice }, t(`snooze.${choice}`))));
  }

  /** Beside the tier the claimed customer's history earned: that the shopper has not proven to be that customer. */
  function unverifiedBadge(s) {
    const email = claimedEmail(s.customer);
    if (!email) return null;
    const hint = t(s.channel.kind === 'storefront' ? 'verify.hint.chat' : 'verify.hint.other', { email });
    return h('span', { class: 'badge unverified', 'data-testid': 'unverified-badge', title: hint }, icon('alert'), t('verify.badge'));
  }

  function renderPriority() {
    $('#conversation-priority').replaceWith(priorityView(current.summary.priority, Date.now(), { tag: 'p', id: 'conversation-priority' }));
  }

  function renderAssignees() {
    if (!current) return;
    const assignee = current.summary.assignee;
    const agents = [...session.agents.values()];
    if (assignee && !session.agents.has(assignee.id)) agents.push({ ...assignee, presence: 'offline' });
    assigneeSelect.replaceChildren(
      h('option', { value: '' }, t('conv.unassigned')),
      ...agents.map(agent => h('option', { value: agent.id, class: `presence-${agent.presence}` },
        t('conv.agentOption', { name: agent.name, presence: t(`presence.${agent.presence}`) }))),
    );
    assigneeSelect.value = assignee ? String(assignee.id) : '';
  }

  function renderThread() {
    elements.clear();
    const stored = [...current.messages.values()].sort((a, b) => a.id - b.id);
    // A reply stored just before a connection dropped is in the thread already; its late acknowledgement clears it.
    const storedKeys = new Set(stored.filter(m => m.sender === 'agent').map(m => m.clientMessageId));
    const pending = [...(outbox.get(current.id)?.values() ?? [])].filter(entry => !storedKeys.has(entry.clientMessageId));
    thread.replaceChildren(
      ...stored.map(message => remember(message.id, messageView(message))),
      ...pending.map(entry => remember(entry.clientMessageId, pendingView(entry))),
    );
    placeSeen();
  }

  function remember(key, element) {
    elements.set(key, element);
    return element;
  }

  function messageView(m) {
    const auto = m.sender === 'auto';
    // An automatic reply went out on the team's side, but no person wrote it: it says so instead of a name.
    const side = m.sender === 'customer' ? 'customer' : m.sender === 'agent' || auto ? 'agent' : 'event';
    const author = side === 'customer' ? customerName(current.summary.customer) : m.authorName;
    return h('li', {
      class: `message message-${side}${auto ? ' message-auto' : ''}${m.isPrivate ? ' message-note' : ''}`,
      'data-testid': 'message', 'data-id': m.id, 'data-sender': m.sender, 'data-private': String(m.isPrivate),
    },
    side !== 'event' && h('span', { class: 'message-author' },
      auto ? h('span', { class: 'auto-label', 'data-testid': 'auto-label' }, icon('clock'), t('thread.autoReply')) : author,
      m.isPrivate && h('span', { class: 'note-label' }, icon('lock'), t('thread.note'))),
    m.orderNumber && h('button', {
      type: 'button', class: 'order-chip', 'data-testid': 'order-chip', 'data-number': m.orderNumber, title: t('thread.orderChipHint'),
      onclick: () => customerPanel.focusOrder(m.orderNumber),
    }, icon('order'), t('thread.orderChip', { number: m.orderNumber })),
    h('p', { class: 'message-body', 'data-testid': 'message-body' }, linkified(m.body)),
    senderView(m),
    attachmentsView(m),
    quotedView(m),
    h('time', { class: 'message-time', datetime: m.createdAt, title: fullTime(m.createdAt) },
      side === 'event' && author ? `${author} · ${messageTime(m.createdAt)}` : messageTime(m.createdAt)),
    deliveryView(m));
  }

  // What a mail says of its sender that the agent should weigh: a sender the relay could not prove, a Reply-To not followed.
  function senderView(m) {
    const facts = [
      m.senderProof === 'unproven' && t('sender.unproven'),
      m.replyTo && t('sender.replyTo', { address: m.replyTo }),
    ].filter(Boolean);
    return facts.length === 0 ? null
      : h('p', { class: 'message-sender', 'data-testid': 'message-sender' }, icon('alert'), facts.join(' · '));
  }

  function attachmentsView(m) {
    const files = Array.isArray(m.attachments) ? m.attachments : [];
    if (!files.length) return null;
    return h('ul', { class: 'attachments', 'aria-label': t('attachments.label'), 'data-testid': 'attachments' }, files.map(attachmentView));
  }

  function attachmentView(file) {
    const name = file.fileName || t('attachments.unnamed');
    const size = file.size == null ? null : fileSize(file.size);
    const url = file.omitted ? null : safeUrl(file.url);
    if (!url) {
      // Too large to keep, or nothing to open: the name and size say what the customer sent.
      const facts = [size, file.omitted && t('attachments.tooLarge')].filter(Boolean).join(' · ');
      return h('li', { class: `attachment${file.omitted ? ' is-omitted' : ''}`, 'data-testid': 'attachment', 'data-omitted': String(Boolean(file.omitted)) },
        icon('file'), h('span', { class: 'attachment-name' }, name), facts && h('span', { class: 'attachment-size' }, facts));
    }
    const thumbnail = THUMBNAIL_TYPES.test(file.contentType ?? '');
    return h('li', { class: `attachment${thumbnail ? ' has-thumbnail' : ''}`, 'data-testid': 'attachment', 'data-omitted': 'false' },
      h('a', { class: 'attachment-link', href: url, target: '_blank', rel: 'noopener' },
        thumbnail
          // A picture the browser cannot show after all is listed like any other file.
          ? h('img', { class: 'attachment-thumbnail', src: url, alt: name, loading: 'lazy', onerror: event => event.target.replaceWith(icon('file')) })
          : icon('file'),
        h('span', { class: 'attachment-name' }, name)),
      size && h('span', { class: 'attachment-size' }, size));
  }

  // The earlier mail thread under an email, folded away until asked for.
  function quotedView(m) {
    if (!m.quoted) return null;
    const id = `quoted-${m.id}`;
    const block = h('div', { id, class: 'message-quoted', 'data-testid': 'quoted' }, m.quoted);
    const toggle = h('button', {
      type: 'button', class: 'quoted-toggle', 'aria-controls': id, 'data-testid': 'quoted-toggle',
      onclick: () => showQuoted(!current.quotedOpen.has(m.id)),
    });
    function showQuoted(open) {
      if (open) current.quotedOpen.add(m.id);
      else current.quotedOpen.delete(m.id);
      block.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = t(open ? 'quoted.hide' : 'quoted.show');
    }
    showQuoted(current.quotedOpen.has(m.id));
    return [toggle, block];
  }

  /** How far a reply on email, Messenger or a marketplace has got on its way to the customer. */
  function deliveryView(m) {
    if (!m.delivery || m.isPrivate) return null;
    const line = h('div', { class: 'delivery', role: 'status', 'data-testid': 'delivery', tabindex: '-1' });
    fillDelivery(line, m);
    return line;
  }

  function fillDelivery(line, m) {
    const { status, error, attempts, nextAttemptAt } = m.delivery;
    line.className = `delivery delivery-${status}`;
    line.dataset.status = status;
    if (status === 'queued' && attempts > 0 && nextAttemptAt) {
      line.replaceChildren(
        h('span', { class: 'delivery-state' }, icon('clock'),
          h('span', { title: fullTime(nextAttemptAt) }, t('delivery.retrying', { time: messageTime(nextAttemptAt), attempt: attempts + 1 }))),
        error && h('span', { class: 'delivery-reason' }, t('delivery.reason', { reason: error })));
    } else if (status === 'queued') {
      line.replaceChildren(h('span', { class: 'delivery-state' }, icon('clock'), h('span', {}, t('delivery.queued'))));
    } else if (status === 'sending') {
      line.replaceChildren(h('span', { class: 'delivery-state' }, h('span', {}, t('delivery.sending'))));
    } else if (status === 'sent') {
      line.replaceChildren(h('span', { class: 'delivery-state' }, icon('check'), h('span', {}, t('delivery.sent'))));
    } else if (status === 'failed') {
      const retry = h('button', {
        type: 'button', class: 'link-button delivery-retry', 'data-testid': 'delivery-retry',
        onclick: () => retryDelivery(m.id, retry),
      }, t('thread.retry'));
      line.replaceChildren(
        h('span', { class: 'delivery-state' }, icon('alert'),
          h('span', {}, error ? t('delivery.failed', { reason: error }) : t('delivery.failedNoReason'))),
        retry);
    } else {
      line.replaceChildren();
    }
  }

  /** A message's delivery has changed: its status line follows, if the message is on screen. */
  function showDelivery(messageId, delivery, { focus = false } = {}) {
    const message = current.messages.get(messageId);
    const changed = { ...message, delivery };
    current.messages.set(messageId, changed);
    const element = elements.get(messageId);
    if (!element) return;
    const line = element.querySelector(':scope > .delivery');
    if (!delivery || changed.isPrivate) {
      line?.remove();
      return;
    }
    // The same live region is filled anew, so a screen reader hears the change.
    if (line) fillDelivery(line, changed);
    else element.append(deliveryView(changed));
    if (focus) element.querySelector(':scope > .delivery')?.focus();
  }

  async function retryDelivery(messageId, button) {
    if (!current) return;
    const conversationId = current.id;
    const before = current.messages.get(messageId)?.delivery;
    const line = button.closest('.delivery');
    const hadFocus = document.activeElement === button;
    button.disabled = true;
    line.querySelector('.delivery-error')?.remove();
    try {
      const updated = await api.retryDelivery(conversationId, messageId);
      if (current?.id !== conversationId || !current.messages.has(messageId)) return;
      // News from the hub that came meanwhile is newer than this answer.
      if (current.messages.get(messageId).delivery !== before) return;
      current.messages.set(messageId, { ...current.messages.get(messageId), ...updated });
      showDelivery(messageId, updated?.delivery ?? null, { focus: hadFocus });
    } catch (error) {
      if (current?.id !== conversationId || !button.isConnected) return;
      button.disabled = false;
      const reason = error.status ? error.detail || t('error.generic') : t('error.network');
      line.append(h('span', { class: 'delivery-error' }, t('delivery.retryFailed', { reason })));
    }
  }

  function pendingView(entry) {
    return h('li', {
      class: `message message-agent is-pending${entry.isPrivate ? ' message-note' : ''}${entry.error ? ' is-failed' : ''}`,
      'data-testid': 'message', 'data-sender': 'agent', 'data-private': String(entry.isPrivate), 'data-pending': 'true',
    },
    h('span', { class: 'message-author' }, session.me.name,
      entry.isPrivate && h('span', { class: 'note-label' }, icon('lock'), t('thread.note'))),
    h('p', { class: 'message-body', 'data-testid': 'message-body' }, entry.body),
    entry.error
      ? h('span', { class: 'message-time send-failed' }, t('thread.failed'), ' · ',
        h('button', { type: 'button', class: 'link-button', onclick: () => deliver(entry) }, t('thread.retry')))
      : h('span', { class: 'message-time' }, t('thread.sending')));
  }

  // "Seen" goes under the newest reply the shopper has read; notes are never shown to them.
  function placeSeen() {
    const seen = [...current.messages.values()]
      .filter(m => m.sender === 'agent' && !m.isPrivate && m.id <= current.readUpTo)
      .reduce((latest, m) => (!latest || m.id > latest.id ? m : latest), null);
    if (seen) elements.get(seen.id)?.after(seenMarker);
    else seenMarker.remove();
  }

  /** A stored message from the hub or a Reply acknowledgement; either may come first, both are harmless. */
  function receive(message) {
    const acknowledged = message.sender === 'agent' && outbox.get(message.conversationId)?.delete(message.clientMessageId);
    if (current?.id !== message.conversationId) return;
    if (acknowledged) {
      elements.get(message.clientMessageId)?.remove();
      elements.delete(message.clientMessageId);
    }
    if (current.messages.has(message.id)) return;
    const stickToBottom = acknowledged || thread.scrollHeight - thread.scrollTop - thread.clientHeight < 80;
    if (current.earlyDeliveries.has(message.id)) {
      message = { ...message, delivery: current.earlyDeliveries.get(message.id) };
      current.earlyDeliveries.delete(message.id);
    }
    current.messages.set(message.id, message);
    insertInOrder(remember(message.id, messageView(message)), message.id);
    placeSeen();
    if (message.orderNumber) showOrdersAsked();
    if (message.sender === 'customer') {
      clearTyper('customer');
      markRead();
      // The customer writing again may reopen or extend the time the channel allows for replies.
      if (current.limits?.windowEndsAt || current.limits?.refusal) reloadLimits();
    }
    if (stickToBottom) thread.scrollTop = thread.scrollHeight;
  }

  function insertInOrder(element, id) {
    const later = [...thread.querySelectorAll('.message')]
      .find(other => other.dataset.pending || Number(other.dataset.id) > id);
    thread.insertBefore(element, later ?? null);
  }

  function markRead() {
    const lastId = Math.max(0, ...current.messages.keys());
    if (lastId && hub.connected) hub.invoke('MarkRead', current.id, lastId).catch(() => {});
  }

  async function send() {
    const body = composer.value.trim();
    if (!current || !body || repliesRefused() || confirming) return;
    const max = bodyLimit();
    if (body.length > max) {
      showComposerError(tooLongMessage(body.length, max));
      tooLongShown = true;
      return;
    }
    const question = mode === 'reply' && orderDetailsQuestion(body);
    if (question) {
      const conversationId = current.id;
      confirming = true;
      let yes;
      try {
        yes = await confirmDialog(question);
      } finally {
        confirming = false;
      }
      composer.focus();
      // Switched away or changed meanwhile: what was asked about is not what would be sent.
      if (!yes || current?.id !== conversationId || composer.value.trim() !== body || mode !== 'reply') return;
    }
    current.touch = null;
    const entry = {
      conversationId: current.id, clientMessageId: newClientMessageId(), body, isPrivate: mode === 'note',
      mentions: mode === 'note' ? together.mentionsIn(body) : [],
    };
    if (!outbox.has(entry.conversationId)) outbox.set(entry.conversationId, new Map());
    outbox.get(entry.conversationId).set(entry.clientMessageId, entry);
    stopTyping();
    composer.value = '';
    drafts.delete(current.id);
    showCount();
    renderVerification();
    thread.append(remember(entry.clientMessageId, pendingView(entry)));
    thread.scrollTop = thread.scrollHeight;
    deliver(entry);
  }

  async function deliver(entry) {
    entry.error = null;
    showPending(entry);
    try {
      const stored = await hub.invoke('Reply', {
        conversationId: entry.conversationId, clientMessageId: entry.clientMessageId, body: entry.body, isPrivate: entry.isPrivate,
        ...(entry.mentions.length && { mentions: entry.mentions }),
      });
      receive(stored);
      if (current?.id === entry.conversationId) hideComposerError();
    } catch (error) {
      if (!outbox.get(entry.conversationId)?.has(entry.clientMessageId)) return;
      entry.error = hubErrorMessage(error) ?? t(hub.connected ? 'error.generic' : 'conn.offline');
      showPending(entry);
      if (current?.id === entry.conversationId) showComposerError(t('composer.sendFailed', { reason: entry.error }));
    }
  }

  function showPending(entry) {
    if (current?.id !== entry.conversationId) return;
    elements.get(entry.clientMessageId)?.replaceWith(remember(entry.clientMessageId, pendingView(entry)));
  }

  /** Before order details go to a shopper who only claims to be the customer: the question to ask, or null. */
  function orderDetailsQuestion(body) {
    if (!claimedEmail(current.summary.customer)) return null;
    const name = current.summary.customer.name;
    const orders = mentionedOrders(body, customerPanel.orderNumbers());
    const text = orders.length ? t('verify.confirmOrders', { name, count: orders.length, orders: names.format(orders) })
      : current.touch === 'pasted' ? t('verify.confirmPasted', { name }) : null;
    return text && { title: t('verify.confirmTitle'), text, confirmLabel: t('verify.confirmSend') };
  }

  /** What in the reply being written touches the claimed customer's orders, or null. */
  function replyTouch() {
    if (mode !== 'reply' || !composer.value.trim()) return null;
    const orders = mentionedOrders(composer.value, customerPanel.orderNumbers());
    if (orders.length) return t('verify.touchOrders', { count: orders.length, orders: names.format(orders) });
    return current.touch === 'pasted' ? t('verify.touchPasted') : current.touch === 'canned' ? t('verify.touchCanned') : null;
  }

  /**
   * Above the composer for as long as the shopper only claims to be a customer with orders: who they claim to be and,
   * in the widget, a way to ask them for proof. It turns urgent while the reply touches that customer's orders.
   */
  function renderVerification() {
    const s = current?.summary;
    const email = s && s.customer.orderCount > 0 ? claimedEmail(s.customer) : null;
    const touch = email ? replyTouch() : null;
    const chat = email && canAskToVerify(s);
    const askedAt = email && verificationAsked.get(current.id);
    const error = email && verifyError?.id === current.id ? verifyError.text : null;
    const busy = Boolean(email) && asking === current.id;
    const key = JSON.stringify([email, s?.customer.name, chat, touch, askedAt, error, busy]);
    if (verifyBar.dataset.key === key) return;
    verifyBar.dataset.key = key;
    verifyBar.hidden = !email;
    verifyBar.dataset.level = touch ? 'alert' : 'calm';
    verifyBar.replaceChildren(...(email ? [
      icon('alert'),
      h('div', { class: 'verify-text' },
        h('p', { class: 'verify-main' }, h('strong', {}, t('verify.lead')), ' ',
          t(chat ? 'verify.bar.chat' : 'verify.bar.other', { name: s.customer.name })),
        touch && h('p', { class: 'verify-touch', 'data-testid': 'verify-touch' }, touch),
        askedAt && h('p', { class: 'verify-asked', 'data-testid': 'verify-asked' }, t('verify.asked', { time: messageTime(askedAt) })),
        error && h('p', { class: 'verify-error', role: 'alert', 'data-testid': 'verify-error' }, error)),
      chat && h('button', {
        type: 'button', class: 'button button-small verify-ask', 'data-testid': 'ask-verify', disabled: busy, onclick: askToVerify,
      }, t(busy ? 'verify.asking' : askedAt ? 'verify.askAgain' : 'verify.ask')),
    ] : []));
  }

  async function askToVerify() {
    const id = current.id;
    const hadFocus = document.activeElement?.matches('[data-testid="ask-verify"]');
    asking = id;
    verifyError = null;
    renderVerification();
    try {
      await api.askToVerify(id);
      verificationAsked.set(id, new Date().toISOString());
    } catch (error) {
      // 409: verified meanwhile, or not someone in the widget; the conversation as it is now tells which.
      if (error.status === 409) await reloadSummary();
      const stillClaimed = current?.id === id && claimedEmail(current.summary.customer);
      if (error.status === 409 && current?.id === id && !stillClaimed) {
        actionError.textContent = t('verify.already');
        actionError.hidden = false;
      } else {
        verifyError = {
          id,
          text: error.status === 409 ? t('verify.onlyChat')
            : t('verify.askFailed', { reason: error.status === 0 ? t('error.network') : t('error.generic') }),
        };
      }
    } finally {
      if (asking === id) asking = null;
    }
    if (current?.id !== id) return;
    renderVerification();
    if (hadFocus) verifyBar.querySelector('[data-testid="ask-verify"]')?.focus();
  }

  /** The orders the shopper asked about here (by "ask about this order" in the widget), outlined in the panel. */
  function showOrdersAsked() {
    const numbers = [...current.messages.values()].filter(m => m.orderNumber).sort((a, b) => a.id - b.id).map(m => m.orderNumber);
    customerPanel.highlightOrders([...new Set(numbers.reverse())].reverse());
  }

  function setMode(next) {
    mode = next;
    if (mode === 'note') stopTyping();
    form.dataset.mode = mode;
    $('#reply-mode').setAttribute('aria-pressed', String(mode === 'reply'));
    $('#note-mode').setAttribute('aria-pressed', String(mode === 'note'));
    sendButton.textContent = t(mode === 'note' ? 'composer.addNote' : 'composer.send');
    composer.placeholder = mode === 'note'
      ? t('composer.placeholderNote')
      : t('composer.placeholderReply', { name: customerName(current?.summary.customer) });
    showCount();
    renderVerification();
  }

  /** The most a message may have now: the channel's own limit for a reply, the inbox's for a note. */
  function bodyLimit() {
    return mode === 'reply' ? current?.limits?.maxLength || MAX_BODY : MAX_BODY;
  }

  /** The channel takes no more replies (e.g. Messenger's window has closed); notes can still be added. */
  const repliesRefused = () => mode === 'reply' && Boolean(current?.limits?.refusal);

  function tooLongMessage(length, max) {
    const numbersOf = { max: numbers.format(max), count: numbers.format(length) };
    return mode === 'note'
      ? t('composer.noteTooLong', numbersOf)
      : t('composer.tooLong', { ...numbersOf, channel: channelLabel(current.summary.channel) });
  }

  function showCount() {
    const length = composer.value.trim().length;
    const max = bodyLimit();
    count.hidden = length < Math.floor(max * COUNT_FROM_SHARE);
    count.textContent = t('composer.count', { count: numbers.format(length), max: numbers.format(max) });
    count.classList.toggle('is-over', length > max);
    sendButton.disabled = repliesRefused();
    if (tooLongShown && (length <= max || !current)) hideComposerError();
    else if (tooLongShown) composerError.textContent = tooLongMessage(length, max);
  }

  function showComposerError(message) {
    tooLongShown = false;
    composerError.textContent = message;
    composerError.hidden = false;
  }

  function hideComposerError() {
    tooLongShown = false;
    composerError.hidden = true;
  }

  function setLimits(limits) {
    current.limits = limits ?? null;
    renderLimits();
  }

  /** What the channel allows for replies: a banner when it takes none, else by when to answer. */
  function renderLimits() {
    const limits = current?.limits;
    const refusal = limits?.refusal;
    refusalBanner.hidden = !refusal;
    refusalBanner.replaceChildren(...(refusal ? [
      icon('lock'),
      h('span', { class: 'refusal-text' },
        h('strong', { class: 'refusal-lead' }, t('composer.repliesClosed')),
        h('span', { class: 'refusal-reason' }, refusal)),
    ] : []));
    const windowEndsAt = !refusal && limits?.windowEndsAt;
    const tagged = !refusal && limits?.humanAgentTag;
    replyWindow.hidden = !windowEndsAt && !tagged;
    replyWindow.replaceChildren(...(windowEndsAt || tagged ? [
      icon('clock'),
      h('span', {},
        windowEndsAt && h('time', { datetime: windowEndsAt, title: fullTime(windowEndsAt) }, t('composer.replyBy', { time: deadline(windowEndsAt) })),
        windowEndsAt && tagged && ' · ',
        tagged && t(windowEndsAt ? 'composer.humanAgentTag' : 'composer.humanAgentTagAlone')),
    ] : []));
    showCount();
  }

  /** The reply limits fetched again, e.g. once the time to reply has run out. */
  async function reloadLimits() {
    if (!current || limitsLoading) return;
    limitsLoading = true;
    try {
      await reloadSummary();
    } finally {
      limitsLoading = false;
    }
  }

  // Shoppers and colleagues see "typing" for replies; a note being written only colleagues see (TypingNote).
  function signalTyping() {
    if (!current || !hub.connected || (mode === 'reply' && repliesRefused())) return;
    const now = Date.now();
    const method = mode === 'note' ? 'TypingNote' : 'Typing';
    if (typingIn !== current.id || typingMethod !== method || now - typingSentAt >= TYPING_EVERY_MS) {
      if (typingIn !== null && typingMethod !== method) stopTyping();
      typingIn = current.id;
      typingMethod = method;
      typingSentAt = now;
      hub.invoke(method, current.id, true).catch(() => {});
    }
    clearTimeout(typingIdle);
    typingIdle = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(typingIdle);
    if (typingIn === null) return;
    const id = typingIn;
    typingIn = null;
    typingSentAt = 0;
    if (hub.connected) hub.invoke(typingMethod, id, false).catch(() => {});
  }

  function typing({ conversationId, sender, isTyping, name, agentId, isPrivate }) {
    // A colleague's note is shown beside who is looking (together.js), not as typing the customer waits for.
    if (current?.id !== conversationId || isPrivate) return;
    // Colleagues' typing comes to everyone, this agent's own included.
    if (sender === 'agent' && agentId === session.me.id) return;
    const key = `${sender}:${agentId ?? ''}`;
    clearTimeout(typers.get(key)?.timer);
    if (isTyping) {
      const shown = name || (sender === 'customer' ? current.summary.customer.name : '');
      typers.set(key, { sender, name: shown, timer: setTimeout(() => { typers.delete(key); renderTyping(); }, TYPING_FADES_MS) });
    } else {
      typers.delete(key);
    }
    renderTyping();
  }

  function clearTyper(sender) {
    for (const [key, typer] of typers) {
      if (typer.sender !== sender) continue;
      clearTimeout(typer.timer);
      typers.delete(key);
    }
    renderTyping();
  }

  function renderTyping() {
    const who = [...typers.values()].map(typer => typer.name).filter(Boolean);
    typingLine.hidden = who.length === 0;
    typingLine.textContent = who.length === 1 ? t('typing.one', { name: who[0] })
      : who.length ? t('typing.many', { names: names.format(who) }) : '';
  }

  const changeStatus = status => act(id => api.setStatus(id, status));
  const assign = agentId => act(id => api.assign(id, agentId));

  async function act(request) {
    const buttons = view.querySelectorAll('.conversation-controls button, .conversation-controls select');
    for (const control of buttons) control.disabled = true;
    actionError.hidden = true;
    try {
      const summary = await request(current.id);
      update(summary);
      onSummary(summary);
    } catch (error) {
      actionError.textContent = t('conv.updateFailed', { reason: error.status ? error.detail : t('error.network') });
      actionError.hidden = false;
      if (current) renderAssignees();
    } finally {
      for (const control of buttons) control.disabled = false;
    }
  }

  function update(summary) {
    if (current?.id !== summary.id) return;
    const before = current.summary.customer;
    const after = summary.customer;
    current.summary = summary;
    renderHeader();
    // Merged into someone else, or an order changed their history: the panel shows them anew.
    if (after.id !== before.id) customerPanel.show(current.id, after);
    else if (after.orderCount !== before.orderCount || after.tier !== before.tier
      || after.lifetimeValue !== before.lifetimeValue) customerPanel.refresh();
    customerPanel.setVerification(summary);
    showOrdersAsked();
    renderVerification();
  }

  /** The open conversation's summary fetched again, e.g. after its customer was merged. */
  async function reloadSummary() {
    if (!current) return;
    const id = current.id;
    try {
      const { messages, hasMoreMessages, customerReadUpToId, replyLimits, survey, surveyRole, ...summary } = await api.conversation(id);
      if (current?.id !== id) return;
      setLimits(replyLimits);
      update(summary);
      surveyCard.show(survey, surveyRole);
      onSummary(summary);
    } catch {
      // The hub's next change for this conversation brings the same news.
    }
  }

  return {
    open,
    close,
    /** Signing out: nothing of this agent's may be sent later under someone else's name. */
    reset() {
      close();
      drafts.clear();
      outbox.clear();
    },
    resume,
    receive,
    update,
    reloadSummary,
    /** The customer panel has (re)loaded the customer: their order numbers can now be noticed in the reply. */
    customerLoaded: () => renderVerification(),
    /** Canned responses were changed: the picker fetches them anew. */
    forgetCanned: () => canned.forget(),
    typing,
    /** The shopper has read agent messages up to upToId. */
    read({ conversationId, reader, upToId }) {
      if (reader !== 'customer' || current?.id !== conversationId) return;
      current.readUpTo = Math.max(current.readUpTo, upToId);
      placeSeen();
    },
    /** A reply's delivery changed on its way to the customer (MessageDelivery). */
    delivery({ messageId, conversationId, delivery }) {
      if (current?.id !== conversationId) return;
      if (current.messages.has(messageId)) showDelivery(messageId, delivery);
      else current.earlyDeliveries.set(messageId, delivery);
    },
    agentsChanged: renderAssignees,
    /** Keyboard: the composer, in reply or private-note mode. */
    focusComposer(next) {
      if (!current || view.hidden) return;
      setMode(next);
      composer.focus();
    },
    /** Keyboard: the same as the header's buttons, only when that button is offered for this conversation's status. */
    setStatus(status) {
      const button = { resolved: '#resolve', pending: '#mark-pending' }[status];
      if (current && !view.hidden && !$(button).hidden) changeStatus(status);
    },
    assignToMe() {
      if (current && session.me && current.summary.assignee?.id !== session.me.id) assign(session.me.id);
    },
    /** The header's snooze choices, for the keyboard: focused, so arrows pick one. */
    focusSnooze() {
      const select = $('#snooze');
      if (current && !view.hidden && !select.hidden) select.focus();
    },
    tick() {
      if (!current) return;
      renderPriority();
      surveyCard.tick();
      // The time to reply ran out while the conversation was open: the server says what the channel allows now.
      const endsAt = current.limits?.windowEndsAt;
      if (endsAt && !current.limits.refusal && Date.parse(endsAt) <= Date.now() && current.limitsCheckedFor !== endsAt) {
        current.limitsCheckedFor = endsAt;
        reloadLimits();
      }
    },
    get openId() {
      return current?.id ?? null;
    },
  };
}
