import { api } from './api.js';
import { $, avatar, h, icon } from './dom.js';
import { relativeTime } from './format.js';
import { lang, t } from './i18n.js';

// A colleague's reply this recent, or their typing, makes a second answer likely to cross it.
const RECENT_REPLY_MS = 60_000;
// A typing signal whose "stopped" never came (closed tab, lost connection) fades on its own.
const TYPING_FADES_MS = 10_000;
// "@" at the start or after whitespace, and the name typed after it so far (names may hold one space).
const MENTION_TRIGGER = /(^|\s)@([^\s@]*(?: [^\s@]*)?)$/;

const names = new Intl.ListFormat(lang, { type: 'conjunction' });

/**
 * Agents working side by side: who else has a conversation open (header and list), who is typing in it, a
 * warning before answering over a colleague, and @mentions in private notes with their unread count. Every
 * mention that arrives is also announced as `helpdesk:mention` on window, for sounds and desktop notifications.
 */
export function createTogether({ session, hub, composer, form, onListChanged }) {
  const viewers = new Map(); // conversation id → [{ id, name }]
  const typers = new Map(); // conversation id → Map(agent id → { name, isPrivate, timer })
  const lastReplies = new Map(); // conversation id → { name, at }
  const unread = new Map(); // mention id → mention
  let openId = null;
  let viewed = null;
  const acknowledged = new Set(); // conversations where the agent chose to reply anyway (until someone else acts)

  const bar = h('p', { id: 'together-bar', class: 'together-bar', 'data-testid': 'viewers', 'aria-live': 'polite', hidden: true });
  $('.conversation-who').append(bar);
  const warning = h('div', { class: 'together-warning', role: 'alert', 'data-testid': 'reply-warning', hidden: true });
  form.prepend(warning);
  const badge = h('button', {
    type: 'button', class: 'button button-quiet button-small mention-badge', 'data-testid': 'mention-badge', hidden: true,
    onclick: openNewestMention,
  });
  $('.topbar-end').prepend(badge);

  composer.addEventListener('focus', warn);
  composer.addEventListener('input', warn);
  const picker = createMentionPicker({ session, composer, form, isNote: () => form.dataset.mode === 'note' });

  function others(id) {
    return (viewers.get(id) ?? []).filter(agent => agent.id !== session.me?.id);
  }

  function colleaguesTyping(id, { isPrivate } = {}) {
    return [...(typers.get(id)?.values() ?? [])].filter(typer => isPrivate === undefined || typer.isPrivate === isPrivate);
  }

  function render() {
    renderBar();
    warn();
    onListChanged();
  }

  function renderBar() {
    const id = openId;
    const looking = id === null ? [] : others(id);
    const typing = id === null ? [] : colleaguesTyping(id);
    bar.hidden = looking.length === 0 && typing.length === 0;
    bar.replaceChildren(...(bar.hidden ? [] : [
      h('span', { class: 'together-avatars' }, looking.map(agent => avatar(agent.name, agent.id))),
      looking.length > 0 && h('span', { class: 'together-viewing' }, t('together.viewing', { names: names.format(looking.map(a => a.name)) })),
      ...typing.map(typer => h('span', { class: 'together-typing', 'data-testid': 'colleague-typing' },
        t(typer.isPrivate ? 'together.noting' : 'together.typing', { name: typer.name }))),
    ]));
  }

  /** Before answering over a colleague: shown, never blocking, while the agent writes a reply to the customer. */
  function warn() {
    const id = openId;
    const inReply = form.dataset.mode !== 'note' && document.activeElement === composer;
    const typing = id === null ? [] : colleaguesTyping(id, { isPrivate: false });
    const reply = id === null ? null : lastReplies.get(id);
    const recent = reply && Date.now() - reply.at < RECENT_REPLY_MS ? reply : null;
    const show = inReply && !acknowledged.has(id) && (typing.length > 0 || recent);
    warning.hidden = !show;
    if (!show) return;
    warning.replaceChildren(
      icon('alert'),
      h('span', { class: 'together-warning-text' },
        typing.length ? t('together.warnTyping', { name: names.format(typing.map(typer => typer.name)) })
          : t('together.warnReplied', { name: recent.name, time: relativeTime(new Date(recent.at).toISOString()) }),
        ' ', t('together.warnAsk')),
      h('button', {
        type: 'button', class: 'button button-small', 'data-testid': 'reply-anyway',
        onmousedown: event => event.preventDefault(),
        onclick: () => { acknowledged.add(id); warn(); composer.focus(); },
      }, t('together.warnYes')),
      h('button', {
        type: 'button', class: 'button button-small button-quiet', 'data-testid': 'reply-as-note',
        onmousedown: event => event.preventDefault(),
        onclick: () => { $('#note-mode').click(); warn(); composer.focus(); },
      }, t('together.warnNote')));
  }

  function renderBadge() {
    const count = unread.size;
    badge.hidden = count === 0;
    const text = t('together.mentions', { count });
    badge.setAttribute('aria-label', text);
    badge.title = text;
    badge.replaceChildren(h('span', { 'aria-hidden': 'true', class: 'mention-at' }, '@'),
      h('span', { class: 'mention-badge-text', 'aria-hidden': 'true' }, text), h('span', { class: 'mention-badge-count', 'aria-hidden': 'true' }, String(count)));
  }

  function openNewestMention() {
    const newest = [...unread.values()].sort((a, b) => b.id - a.id)[0];
    if (newest) location.hash = `#/conversations/${newest.conversationId}`;
  }

  async function loadMentions() {
    try {
      const mentions = await api.mentions({ unread: true });
      unread.clear();
      for (const mention of mentions) unread.set(mention.id, mention);
      if (openId !== null) readMentions(openId);
      renderBadge();
      onListChanged();
    } catch {
      // The next reconnect asks again.
    }
  }

  function readMentions(id) {
    const here = [...unread.values()].filter(mention => mention.conversationId === id);
    if (!here.length) return;
    for (const mention of here) unread.delete(mention.id);
    renderBadge();
    onListChanged();
    api.markMentionsRead(id).catch(() => {});
  }

  function sendView() {
    if (hub.connected && viewed !== openId) {
      viewed = openId;
      hub.invoke('ViewConversation', openId).catch(() => { viewed = null; });
    }
  }

  return {
    events: {
      Viewers: ({ conversationId, agents }) => {
        if (agents.length) viewers.set(conversationId, agents);
        else viewers.delete(conversationId);
        render();
      },
      Mentioned: mention => {
        if (mention.conversationId === openId && document.visibilityState === 'visible') api.markMentionsRead(openId).catch(() => {});
        else unread.set(mention.id, mention);
        renderBadge();
        onListChanged();
        window.dispatchEvent(new CustomEvent('helpdesk:mention', { detail: mention }));
      },
    },
    /** A colleague's typing (the inbox hub's Typing), their own echo left out. */
    typing({ conversationId, sender, isTyping, name, agentId, isPrivate }) {
      if (sender !== 'agent' || agentId == null || agentId === session.me?.id) return;
      if (!typers.has(conversationId)) typers.set(conversationId, new Map());
      const here = typers.get(conversationId);
      clearTimeout(here.get(agentId)?.timer);
      if (isTyping) {
        acknowledged.delete(conversationId);
        here.set(agentId, { name, isPrivate: Boolean(isPrivate), timer: setTimeout(() => { here.delete(agentId); render(); }, TYPING_FADES_MS) });
      } else {
        here.delete(agentId);
      }
      render();
    },
    /** A stored message: a colleague's reply to the customer is worth a warning for a minute. */
    message(message) {
      if (message.sender !== 'agent' || message.isPrivate || message.authorName === session.me?.name) return;
      lastReplies.set(message.conversationId, { name: message.authorName, at: Date.now() });
      typers.get(message.conversationId)?.delete([...typers.get(message.conversationId).entries()]
        .find(([, typer]) => typer.name === message.authorName)?.[0]);
      acknowledged.delete(message.conversationId);
      render();
    },
    /** The conversation this tab shows now (null: none). */
    open(id) {
      openId = id;
      picker.close();
      sendView();
      if (id !== null) readMentions(id);
      render();
    },
    /** Connected or back after an outage: what the others view and the mentions that came meanwhile. */
    async resume() {
      viewed = null;
      sendView();
      loadMentions();
      try {
        const all = await hub.invoke('GetViewers');
        viewers.clear();
        for (const { conversationId, agents } of all) if (agents.length) viewers.set(conversationId, agents);
        render();
      } catch {
        // Viewers events keep coming; the next reconnect asks again.
      }
    },
    reset() {
      viewers.clear();
      typers.clear();
      unread.clear();
      openId = null;
      viewed = null;
      renderBadge();
      render();
    },
    /** The agents a note mentions: its "@Name"s of enabled colleagues. */
    mentionsIn: body => picker.mentionsIn(body),
    pickerOpen: () => picker.isOpen,
    /** A small mark for the conversation's row in the list: colleagues inside, or a mention waiting; or null. */
    rowIndicator(id) {
      const looking = others(id);
      const mentioned = [...unread.values()].some(mention => mention.conversationId === id);
      if (!looking.length && !mentioned) return null;
      const label = [
        looking.length && t('together.listViewing', { names: names.format(looking.map(a => a.name)) }),
        mentioned && t('together.listMentioned'),
      ].filter(Boolean).join(' · ');
      return h('span', { class: 'together-row', role: 'img', 'aria-label': label, title: label, 'data-testid': 'row-together' },
        looking.slice(0, 2).map(agent => avatar(agent.name, agent.id)),
        mentioned && h('span', { class: 'mention-at' }, '@'));
    },
  };
}

/** "@" in a private note offers the team, as "/" offers canned responses: arrows choose, Enter or Tab insert, Esc closes. */
function createMentionPicker({ session, composer, form, isNote }) {
  const list = h('ul', { id: 'mention-list', class: 'canned-list mention-list', role: 'listbox', 'aria-label': t('together.mentionPicker'), 'data-testid': 'mention-list' });
  const status = h('p', { class: 'canned-status', role: 'status' });
  const popup = h('div', { class: 'canned-popup mention-popup', 'data-testid': 'mention-picker', hidden: true },
    h('div', { class: 'canned-head' },
      h('span', { class: 'canned-heading' }, t('together.mentionPicker')),
      h('span', { class: 'canned-keys' }, t('together.mentionKeys'))),
    list, status);
  form.append(popup);
  popup.addEventListener('mousedown', event => event.preventDefault());
  let state = null; // { start, shown, active }

  const colleagues = () => [...session.agents.values()].filter(agent => !agent.disabled && agent.id !== session.me?.id);

  composer.addEventListener('keydown', onKeydown);
  composer.addEventListener('input', sync);
  composer.addEventListener('blur', close);

  function sync() {
    const caret = composer.selectionStart;
    const match = isNote() && composer.selectionEnd === caret ? MENTION_TRIGGER.exec(composer.value.slice(0, caret)) : null;
    if (!match) return close();
    const query = match[2].toLowerCase();
    const shown = colleagues().filter(agent => agent.name.toLowerCase().startsWith(query)
      || agent.name.toLowerCase().includes(` ${query}`)).slice(0, 8);
    state = { start: caret - match[2].length - 1, shown, active: 0 };
    popup.hidden = false;
    composer.setAttribute('aria-controls', list.id);
    composer.setAttribute('aria-expanded', 'true');
    list.replaceChildren(...shown.map((agent, index) => h('li', {
      id: `mention-option-${agent.id}`, class: 'canned-option', role: 'option', 'aria-selected': String(index === 0),
      'data-testid': 'mention-option', onclick: () => insert(agent),
    }, avatar(agent.name, agent.id), h('span', { class: 'canned-title' }, agent.name))));
    status.textContent = shown.length ? '' : t('together.mentionNone', { query: match[2] });
    showActive();
  }

  function showActive() {
    [...list.children].forEach((option, index) => option.setAttribute('aria-selected', String(index === state.active)));
    const agent = state.shown[state.active];
    if (agent) composer.setAttribute('aria-activedescendant', `mention-option-${agent.id}`);
    else composer.removeAttribute('aria-activedescendant');
  }

  function onKeydown(event) {
    if (!state || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (state.shown.length) state.active = (state.active + (event.key === 'ArrowDown' ? 1 : -1) + state.shown.length) % state.shown.length;
      showActive();
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      if (!state.shown.length) return close();
      insert(state.shown[state.active]);
    } else if (event.key === 'Escape') {
      close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function insert(agent) {
    const { start } = state;
    const text = `@${agent.name} `;
    composer.focus();
    composer.setSelectionRange(start, composer.selectionStart);
    if (!document.execCommand('insertText', false, text)) {
      composer.setRangeText(text, start, composer.selectionStart, 'end');
      composer.dispatchEvent(new Event('input', { bubbles: true }));
    }
    close();
  }

  function close() {
    if (!state) return;
    state = null;
    popup.hidden = true;
    list.replaceChildren();
    composer.setAttribute('aria-expanded', 'false');
    composer.removeAttribute('aria-activedescendant');
  }

  return {
    close,
    get isOpen() {
      return state !== null;
    },
    mentionsIn(body) {
      return colleagues().filter(agent => new RegExp(`(^|\\s)@${agent.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s.,:;!?])`, 'u').test(body))
        .map(agent => agent.id);
    },
  };
}
