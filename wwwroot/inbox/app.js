import { api, onSignedOut } from './api.js';
import { createConversationView } from './conversation.js';
import { createCounts } from './counts.js';
import { createCustomerPanel } from './customer.js';
import { $, icon } from './dom.js';
import { createHub, hubErrorMessage } from './hub.js';
import { t, translatePage } from './i18n.js';
import { registerInboxShortcuts } from './inbox-shortcuts.js';
import { openShortcutHelp, startShortcuts } from './keys.js';
import { invitationToken, showInvitation } from './invitation.js';
import { loadLabels } from './labels.js';
import { conversationHash, createConversationList } from './list.js';
import { createNotifier } from './notify.js';
import { createSearch } from './search.js';
import { createReportsPage, isReportsRoute } from './reports.js';
import { openProfile } from './profile.js';
import { createSettings, settingsRoute } from './settings.js';
import { createTogether } from './together.js';

const TICK_MS = 30_000;
const TOAST_MS = 4000;

translatePage();
document.title = t('app.title');

/** Who is signed in and the team around them; filled on sign-in, emptied on sign-out. */
const session = { me: null, agents: new Map() };

const hub = createHub({
  events: {
    MessageReceived: message => {
      notifier.message(message);
      view.receive(message);
      together.message(message);
    },
    MessageDelivery: update => view.delivery(update),
    ConversationChanged: summary => {
      notifier.changed(summary);
      counts.refresh();
      list.upsert(summary);
      view.update(summary);
      // The open conversation's own changes are the view's to judge; others may still be about the same person.
      if (summary.id !== view.openId) customerPanel.sync(summary.customer);
    },
    Typing: typing => {
      view.typing(typing);
      together.typing(typing);
    },
    Viewers: viewers => together.events.Viewers(viewers),
    Mentioned: mention => together.events.Mentioned(mention),
    Read: read => view.read(read),
    PresenceChanged: ({ agentId, presence }) => {
      const agent = session.agents.get(agentId);
      if (agent) session.agents.set(agentId, { ...agent, presence });
      if (agentId === session.me?.id) showPresence(presence);
      view.agentsChanged();
    },
  },
  onState: (state, { retryAt } = {}) => {
    showConnection(state, retryAt);
    // A connection refused because the session expired looks like any outage; the REST API tells them apart.
    if (state === 'disconnected' && session.me) api.me().catch(error => error.status === 401 && endSession());
  },
  onResumed: () => catchUp(),
});

/** After the connection was lost: the team, the list, the counts and the open thread as they are now. */
function catchUp() {
  loadAgents();
  together.resume();
  list.reload();
  counts.load();
  view.resume();
}

const counts = createCounts();
const notifier = createNotifier({
  session,
  openId: () => view.openId,
  onOpen: id => { location.hash = conversationHash(id); },
  onFreshChanged: () => list.tick(),
  toast,
});
const list = createConversationList(session, {
  indicator: id => together.rowIndicator(id),
  isNew: id => notifier.isNew(id),
  onLoaded: summaries => notifier.loaded(summaries),
});
const search = createSearch({ onQuery: query => list.search(query) });
// Before the conversation view: its keys in the composer come first, so Enter picks a colleague rather than sends.
const together = createTogether({ session, hub, composer: $('#composer'), form: $('#composer-form'), onListChanged: () => list.tick() });
const customerPanel = createCustomerPanel({
  // The merged customer's conversations now carry another name and tier; the list and header catch up.
  onMerged: () => {
    list.reload();
    view.reloadSummary();
  },
  // Merged away by a colleague: the conversation knows who its customer is now.
  onMissing: () => view.reloadSummary(),
  onLoaded: () => view.customerLoaded(),
});
const view = createConversationView({
  session,
  hub,
  customerPanel,
  together,
  onSummary: summary => list.upsert(summary),
  onOpened: id => {
    list.markRead(id);
    notifier.seen(id);
  },
});
registerInboxShortcuts({ list, view, open: id => { location.hash = conversationHash(id); } });

const settings = createSettings({ toast, onCannedChanged: () => view.forgetCanned(), session });
const reports = createReportsPage({ root: $('#reports'), session });

let ticker;
let toastTimer;

onSignedOut(() => endSession());
$('#login-form').addEventListener('submit', signIn);
$('#sign-out').addEventListener('click', signOut);
$('#presence').addEventListener('change', changePresence);
$('#take-next').addEventListener('click', takeNext);
$('#connection-retry').addEventListener('click', () => hub.reconnect());
$('#keys-button').addEventListener('click', openShortcutHelp);
// The browser knows of a lost network before the connection times out; a network back is worth trying at once.
window.addEventListener('offline', () => {
  if (session.me) showConnection('reconnecting');
});
window.addEventListener('online', () => {
  if (!session.me) return;
  if (!hub.connected) return hub.reconnect();
  // The connection outlived the outage, but what it carried meanwhile may not have arrived.
  showConnection('connected');
  catchUp();
});
$('#settings-link').prepend(icon('sliders'));
$('#reports-link').prepend(icon('chart'));
window.addEventListener('hashchange', route);
window.addEventListener('beforeunload', event => {
  if (settings.hasUnsavedChanges()) event.preventDefault();
});
startShortcuts(() => Boolean(session.me) && !settings.visible && $('#reports').hidden);

$('#profile-open').prepend(icon('person'));
$('#profile-open').addEventListener('click', () => openProfile({
  me: session.me, toast,
  onChanged: me => {
    session.me = { ...session.me, ...me };
    $('#agent-name').textContent = session.me.name;
  },
}));

// An invitation link opens its own page, whoever may be signed in on this browser.
const invited = invitationToken(location.hash);
if (invited) showInvitation(invited, { onAccepted: startSession, onSignIn: () => showSignIn('') });
else api.me().then(startSession, error => showSignIn(error.status === 0 ? t('error.network') : ''));

function showSignIn(message) {
  $('#inbox').hidden = true;
  $('#sign-in').hidden = false;
  showLoginError(message);
  $('#login-email').focus();
}

function showLoginError(message) {
  $('#login-error').textContent = message;
  $('#login-error').hidden = !message;
}

async function signIn(event) {
  event.preventDefault();
  const email = $('#login-email').value.trim();
  const password = $('#login-password').value;
  if (!email || !password) return showLoginError(t('login.missing'));
  const submit = $('#login-submit');
  submit.disabled = true;
  submit.textContent = t('login.submitting');
  showLoginError('');
  try {
    const me = await api.signIn(email, password);
    $('#login-password').value = '';
    await startSession(me);
  } catch (error) {
    showLoginError(error.status === 0 ? t('error.network')
      : error.status === 400 || error.status === 401 ? t('login.failed') : t('error.generic'));
    $('#login-password').select();
  } finally {
    submit.disabled = false;
    submit.textContent = t('login.submit');
  }
}

async function startSession(me) {
  session.me = me;
  $('#agent-name').textContent = me.name;
  $('#settings-link').hidden = !isAdmin();
  $('#sign-in').hidden = true;
  $('#inbox').hidden = false;
  list.reload();
  loadLabels();
  counts.load();
  notifier.start();
  await hub.start();
  await loadAgents();
  together.resume();
  route();
  ticker = setInterval(() => {
    list.tick();
    view.tick();
  }, TICK_MS);
}

async function endSession() {
  if (!session.me) return;
  clearInterval(ticker);
  session.me = null;
  session.agents.clear();
  settings.reset();
  reports.reset();
  $('#reports').hidden = true;
  $('#settings-link').hidden = true;
  document.body.classList.remove('is-settings', 'is-reports');
  view.reset();
  together.reset();
  list.clear();
  search.reset();
  counts.clear();
  notifier.reset();
  showConnection('connected');
  await hub.stop();
  showSignIn('');
}

async function signOut() {
  await api.signOut().catch(() => {});
  await endSession();
}

async function loadAgents() {
  try {
    const agents = await api.agents();
    session.agents = new Map(agents.map(agent => [agent.id, agent]));
    showPresence(session.agents.get(session.me?.id)?.presence ?? 'offline');
    view.agentsChanged();
  } catch {
    // The assignee menu keeps the team it had; the next reconnect loads it again.
  }
}

function showPresence(presence) {
  const select = $('#presence');
  const shown = hub.connected ? presence : 'offline';
  if (hub.connected && (presence === 'online' || presence === 'away')) select.value = presence;
  $('#presence-dot').dataset.presence = shown;
}

async function changePresence() {
  const select = $('#presence');
  const chosen = select.value;
  try {
    await hub.invoke('SetPresence', chosen);
    showPresence(chosen);
  } catch (error) {
    select.value = chosen === 'online' ? 'away' : 'online';
    toast(hubErrorMessage(error) ?? t(hub.connected ? 'error.generic' : 'conn.offline'));
  }
}

const clock = new Intl.DateTimeFormat(document.documentElement.lang, { hour: 'numeric', minute: '2-digit', second: '2-digit' });

/** A lost connection shows: a banner saying what is being done, and the agent as offline until it is back. */
function showConnection(state, retryAt) {
  const banner = $('#connection-banner');
  banner.hidden = state === 'connected';
  banner.dataset.state = state;
  $('#connection-text').textContent = state === 'disconnected' && retryAt
    ? t('notice.connDown', { time: clock.format(new Date(retryAt)) })
    : t('conn.reconnecting');
  $('#connection-retry').hidden = state === 'connected';
  const select = $('#presence');
  const mine = session.agents.get(session.me?.id)?.presence;
  select.disabled = state !== 'connected';
  if (state === 'connected') {
    if (mine === 'online' || mine === 'away') select.value = mine;
    else if (select.value === 'offline') select.value = 'online';
  } else {
    select.value = 'offline';
  }
  $('#presence-dot').dataset.presence = state === 'connected' ? mine ?? select.value : 'offline';
}

async function takeNext() {
  const button = $('#take-next');
  button.disabled = true;
  try {
    const taken = await api.takeNext();
    if (!taken) return toast(t('list.nothingWaiting'));
    list.upsert(taken);
    location.hash = conversationHash(taken.id);
  } catch (error) {
    toast(error.status === 0 ? t('error.network') : error.detail || t('error.generic'));
  } finally {
    button.disabled = false;
  }
}

const isAdmin = () => session.me?.role === 'admin';

function route() {
  if (!session.me) return;
  // Settings are the admins'; anyone else asking for them gets the inbox.
  const wanted = isAdmin() ? settingsRoute(location.hash) : null;
  const reporting = isReportsRoute(location.hash);
  document.body.classList.toggle('is-settings', wanted !== null);
  document.body.classList.toggle('is-reports', reporting);
  if (wanted) $('#settings-link').setAttribute('aria-current', 'page');
  else $('#settings-link').removeAttribute('aria-current');
  if (reporting) $('#reports-link').setAttribute('aria-current', 'page');
  else $('#reports-link').removeAttribute('aria-current');
  if (!reporting && !$('#reports').hidden) {
    $('#reports').hidden = true;
    reports.leave();
    $('#reports').replaceChildren();
  }
  if (reporting || wanted) together.open(null);
  if (reporting) {
    document.body.classList.remove('is-reading');
    list.select(null);
    view.close();
    settings.hide();
    if ($('#reports').hidden) {
      $('#reports').hidden = false;
      reports.show();
      $('#reports').focus({ preventScroll: true });
    }
    return;
  }
  if (wanted) {
    // Nothing arriving meanwhile may count as read by someone who is not looking at it.
    document.body.classList.remove('is-reading');
    list.select(null);
    view.close();
    settings.show(wanted);
    return;
  }
  settings.hide();
  const id = Number(/^#\/conversations\/(\d+)$/.exec(location.hash)?.[1]) || null;
  document.body.classList.toggle('is-reading', id !== null);
  list.select(id);
  if (id === null) view.close();
  else if (id !== view.openId) view.open(id);
  together.open(id);
}

function toast(message) {
  const box = $('#toast');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, TOAST_MS);
}
