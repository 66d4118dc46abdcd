import { api } from './api.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';

// A conversation the inbox has not seen counts as a new chat only while its first words are this fresh; older ones
// appearing (a colleague's change to an old thread) are not news.
const NEW_CHAT_WITHIN_MS = 2 * 60_000;
const PREVIEW_CHARS = 140;
const ASK_DISMISSED = 'helpdesk.notice.askDismissed';
const BELL = 'M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v2.8l1.3 1.7a.6.6 0 0 1-.5 1H2.7a.6.6 0 0 1-.5-1l1.3-1.7V7.5A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1ZM6.3 13.5h3.4a1.7 1.7 0 0 1-3.4 0Z';

/**
 * Makes new work noticed: for a new chat, a customer writing in one of the agent's conversations, a conversation
 * given to the agent, or a mention, a short sound, a desktop notification (when the agent is elsewhere), a count in
 * the tab's title and a "new" marker on the row until the agent opens it. Nothing is announced for the conversation
 * the agent is reading right now.
 */
export function createNotifier({ session, openId, onOpen, onFreshChanged, toast }) {
  let preferences = { sound: true, desktop: true };
  // Conversation id → { assignee id, customer's name } as last heard: tells a new conversation, and one newly given to this agent.
  const known = new Map();
  const fresh = new Set();
  // The first list after signing in is what was there already; a later one (after a reconnect) may bring news.
  let primed = false;
  let audio = null;

  const menu = buildMenu();
  const ask = buildAsk();
  $('.presence').after(menu.root);
  $('.list-pane').prepend(ask.root);

  // Browsers let a page make sound only after the person has used it; the first click or key unlocks it.
  const unlock = () => {
    audio ??= window.AudioContext ? new AudioContext() : null;
    if (audio?.state === 'suspended') audio.resume().catch(() => {});
  };
  document.addEventListener('pointerdown', unlock, { capture: true });
  document.addEventListener('keydown', unlock, { capture: true });

  window.addEventListener('helpdesk:mention', event => {
    const detail = event.detail ?? {};
    const id = Number(detail.conversationId);
    if (!Number.isSafeInteger(id) || id <= 0) return;
    const name = typeof detail.by?.name === 'string' ? detail.by.name : '';
    notice(id, t('notice.mention', { name }), typeof detail.preview === 'string' ? detail.preview : '');
  });

  const lookingAt = id => id === openId() && document.visibilityState === 'visible' && document.hasFocus();

  function notice(id, title, body) {
    if (lookingAt(id)) return;
    fresh.add(id);
    showCount();
    onFreshChanged();
    if (preferences.sound) chime();
    if (preferences.desktop && desktopAllowed() && (document.visibilityState !== 'visible' || !document.hasFocus())) {
      try {
        const notification = new Notification(title, { body: preview(body), tag: `helpdesk-conversation-${id}` });
        notification.onclick = () => {
          window.focus();
          notification.close();
          onOpen(id);
        };
      } catch {
        // Some browsers allow notifications only from a service worker; the sound, title and marker still tell.
      }
    }
  }

  function chime() {
    if (!audio) unlock();
    if (!audio || audio.state !== 'running') return;
    const start = audio.currentTime;
    // Two short rising tones: noticeable, not alarming, and over in a third of a second.
    for (const [i, frequency] of [660, 990].entries()) {
      const at = start + i * 0.12;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.25);
    }
  }

  function showCount() {
    document.title = fresh.size ? `(${fresh.size}) ${t('app.title')}` : t('app.title');
  }

  const preview = text => {
    const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
    return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
  };

  const desktopAllowed = () => 'Notification' in window && Notification.permission === 'granted';

  function buildMenu() {
    const ns = 'http://www.w3.org/2000/svg';
    const bell = document.createElementNS(ns, 'svg');
    bell.setAttribute('viewBox', '0 0 16 16');
    bell.setAttribute('aria-hidden', 'true');
    bell.setAttribute('class', 'icon');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', BELL);
    path.setAttribute('fill', 'currentColor');
    bell.append(path);
    const sound = h('input', { type: 'checkbox', 'data-testid': 'notice-sound' });
    const desktop = h('input', { type: 'checkbox', 'data-testid': 'notice-desktop' });
    const allow = h('button', { type: 'button', class: 'button button-small', 'data-testid': 'notice-allow' }, t('notice.allow'));
    const blocked = h('p', { class: 'notice-blocked' }, t('notice.blocked'));
    const panel = h('div', { id: 'notice-panel', class: 'notice-panel', role: 'group', 'aria-label': t('notice.menu'), hidden: true },
      h('label', { class: 'notice-option' }, sound, h('span', {}, t('notice.sound'))),
      h('label', { class: 'notice-option' }, desktop, h('span', {}, t('notice.desktop'))),
      allow, blocked);
    const button = h('button', {
      type: 'button', class: 'button button-quiet notice-button', 'aria-expanded': 'false', 'aria-controls': 'notice-panel',
      'aria-label': t('notice.menu'), title: t('notice.menu'), 'data-testid': 'notice-menu',
    }, bell);
    const root = h('div', { class: 'notice-menu' }, button, panel);

    const setOpen = open => {
      panel.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open) render();
    };
    button.addEventListener('click', () => setOpen(panel.hidden));
    root.addEventListener('keydown', event => {
      if (event.key !== 'Escape' || panel.hidden) return;
      setOpen(false);
      button.focus();
    });
    document.addEventListener('pointerdown', event => {
      if (!panel.hidden && !root.contains(event.target)) setOpen(false);
    });
    sound.addEventListener('change', () => save({ ...preferences, sound: sound.checked }));
    desktop.addEventListener('change', () => save({ ...preferences, desktop: desktop.checked }));
    allow.addEventListener('click', askPermission);

    function render() {
      sound.checked = preferences.sound;
      desktop.checked = preferences.desktop;
      const permission = 'Notification' in window ? Notification.permission : 'denied';
      allow.hidden = !preferences.desktop || permission !== 'default';
      blocked.hidden = !preferences.desktop || permission !== 'denied';
    }
    return { root, render };
  }

  function buildAsk() {
    const yes = h('button', { type: 'button', class: 'button button-primary button-small', 'data-testid': 'notice-ask-yes' }, t('notice.askYes'));
    const no = h('button', { type: 'button', class: 'button button-quiet button-small' }, t('notice.askNo'));
    const root = h('div', { class: 'notice-ask', role: 'region', 'aria-label': t('notice.menu'), 'data-testid': 'notice-ask', hidden: true },
      h('p', {}, t('notice.ask')), h('div', { class: 'notice-ask-actions' }, yes, no));
    yes.addEventListener('click', askPermission);
    no.addEventListener('click', () => {
      localStorage.setItem(ASK_DISMISSED, 'true');
      render();
    });
    function render() {
      root.hidden = !session.me || !preferences.desktop || !('Notification' in window)
        || Notification.permission !== 'default' || localStorage.getItem(ASK_DISMISSED) === 'true';
    }
    return { root, render };
  }

  // Only ever from the agent's own click: browsers (and people) refuse pages that ask on arrival.
  async function askPermission() {
    if (!('Notification' in window)) return;
    await Notification.requestPermission().catch(() => {});
    ask.render();
    menu.render();
  }

  async function save(next) {
    const before = preferences;
    preferences = next;
    ask.render();
    menu.render();
    try {
      preferences = await api.savePreferences(next);
    } catch {
      preferences = before;
      toast(t('notice.saveFailed'));
    }
    ask.render();
    menu.render();
  }

  return {
    /** Signing in: the agent's preferences, and the conversations already theirs, so only news is announced. */
    async start() {
      try {
        preferences = await api.preferences();
      } catch {
        // Both stay on, as for a new agent; the menu saves a choice when the agent makes one.
      }
      ask.render();
      menu.render();
      try {
        this.learn(await api.conversations({ status: 'all', assignee: 'me' }));
      } catch {
        // Without them an old conversation of theirs may be announced once more; nothing is lost.
      }
    },
    reset() {
      primed = false;
      known.clear();
      fresh.clear();
      showCount();
      ask.render();
      menu.root.querySelector('.notice-panel').hidden = true;
    },
    /** Conversations as the server listed them: known from now on, so they are not announced as new. */
    learn(summaries) {
      for (const s of summaries) known.set(s.id, { assignee: s.assignee?.id ?? null, name: s.customer.name });
    },
    /** A list from the server: learned the first time; after that, what is new in it is announced as if it had just arrived. */
    loaded(summaries) {
      if (!primed) {
        primed = true;
        return this.learn(summaries);
      }
      for (const s of summaries) this.changed(s);
    },
    /** ConversationChanged: a new chat, or a conversation now given to this agent. */
    changed(s) {
      const me = session.me?.id;
      const seenBefore = known.has(s.id);
      const before = known.get(s.id)?.assignee;
      const assignee = s.assignee?.id ?? null;
      known.set(s.id, { assignee, name: s.customer.name });
      if (s.status !== 'open' || me == null) return;
      const newChat = !seenBefore && s.unreadCount > 0 && Date.now() - Date.parse(s.lastMessageAt) < NEW_CHAT_WITHIN_MS;
      if (assignee === me && before !== me)
        notice(s.id, t(newChat ? 'notice.newChat' : 'notice.assigned', { name: s.customer.name }), s.lastMessagePreview);
      else if (assignee === null && newChat)
        notice(s.id, t('notice.newChat', { name: s.customer.name }), s.lastMessagePreview);
    },
    /** MessageReceived: a customer writing in one of this agent's conversations. */
    message(m) {
      const conversation = known.get(m.conversationId);
      if (m.sender !== 'customer' || session.me == null || conversation?.assignee !== session.me.id) return;
      notice(m.conversationId, t('notice.newMessage', { name: conversation.name }), m.body);
    },
    /** The agent opened the conversation: it is no longer new. */
    seen(id) {
      if (!fresh.delete(id)) return;
      showCount();
      onFreshChanged();
    },
    isNew: id => fresh.has(id),
  };
}
