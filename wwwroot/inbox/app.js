import { api, onSignedOut } from './api.js';
import { createConversationView } from './conversation.js';
import { createCustomerPanel } from './customer.js';
import { $, icon } from './dom.js';
import { createHub, hubErrorMessage } from './hub.js';
import { t, translatePage } from './i18n.js';
import { invitationToken, showInvitation } from './invitation.js';
import { conversationHash, createConversationList } from './list.js';
import { createReportsPage, isReportsRoute } from './reports.js';
import { openProfile } from './profile.js';
import { createSettings, settingsRoute } from './settings.js';

const TICK_MS = 30_000;
const TOAST_MS = 4000;

translatePage();
document.title = t('app.title');

/** Who is signed in and the team around them; filled on sign-in, emptied on sign-out. */
const session = { me: null, agents: new Map() };

const hub = createHub({
  events: {
    MessageReceived: message => view.receive(message),
    MessageDelivery: update => view.delivery(update),
    ConversationChanged: summary => {
      list.upsert(summary);
      view.update(summary);
      // The open conversation's own changes are the view's to judge; others may still be about the same person.
      if (summary.id !== view.openId) customerPanel.sync(summary.customer);
    },
    Typing: typing => view.typing(typing),
    Read: read => view.read(read),
    PresenceChanged: ({ agentId, presence }) => {
      const agent = session.agents.get(agentId);
      if (agent) session.agents.set(agentId, { ...agent, presence });
      if (agentId === session.me?.id) showPresence(presence);
      view.agentsChanged();
    },
  },
  onState: state => {
    showConnection(state);
    // A connection refused because the session expired looks like any outage; the REST API tells them apart.
    if (state === 'disconnected' && session.me) api.me().catch(error => error.status === 401 && endSession());
  },
  onResumed: () => {
    loadAgents();
    list.reload();
    view.resume();
  },
});

const list = createConversationList(session);
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
  onSummary: summary => list.upsert(summary),
  onOpened: id => list.markRead(id),
});

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
$('#settings-link').prepend(icon('sliders'));
$('#reports-link').prepend(icon('chart'));
window.addEventListener('hashchange', route);
window.addEventListener('beforeunload', event => {
  if (settings.hasUnsavedChanges()) event.preventDefault();
});
document.addEventListener('keydown', walkList);

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
  await hub.start();
  await loadAgents();
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
  list.clear();
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
  if (presence === 'online' || presence === 'away') select.value = presence;
  $('#presence-dot').dataset.presence = hub.connected ? presence : 'offline';
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

function showConnection(state) {
  $('#connection-banner').hidden = state === 'connected';
  $('#connection-banner').dataset.state = state;
  $('#connection-text').textContent = state === 'reconnecting' ? t('conn.reconnecting') : t('conn.offline');
  $('#connection-retry').hidden = state !== 'disconnected';
  const mine = session.agents.get(session.me?.id)?.presence;
  $('#presence-dot').dataset.presence = state === 'connected' ? mine ?? $('#presence').value : 'offline';
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
}

// J and K walk the list as in mail clients, whenever the agent is not typing somewhere.
function walkList(event) {
  if (!session.me || settings.visible || !$('#reports').hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest('input, textarea, select, [contenteditable], dialog')) return;
  const offset = { j: 1, k: -1 }[event.key];
  if (!offset) return;
  const id = list.neighbour(offset);
  if (id !== null) location.hash = conversationHash(id);
}

function toast(message) {
  const box = $('#toast');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, TOAST_MS);
}
