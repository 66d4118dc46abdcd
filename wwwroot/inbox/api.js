// The REST side of the inbox. The session is an HttpOnly cookie, so requests only need same-origin credentials.

export class ApiError extends Error {
  /** status 0 means the server could not be reached at all. */
  constructor(status, problem) {
    super(problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The server's own words: the first field error if there is one, else the title. */
  get detail() {
    const fieldErrors = Object.values(this.problem?.errors ?? {}).flat();
    return fieldErrors[0] ?? this.problem?.detail ?? this.problem?.title ?? '';
  }
}

let signedOut = () => {};

/** Called when a request finds the session gone, e.g. the cookie expired while the inbox was open. */
export function onSignedOut(handler) {
  signedOut = handler;
}

/** body is sent as JSON, unless contentType names another type: then it goes as it is (a file, a string). */
async function request(method, path, body, { contentType } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const isJson = response.headers.get('Content-Type')?.includes('json');
  const data = response.status !== 204 && isJson ? await response.json().catch(() => null) : null;
  if (response.ok) return data;
  const error = new ApiError(response.status, data);
  if (response.status === 401 && !path.startsWith('/api/auth/')) signedOut();
  throw error;
}

const conversationPath = id => `/api/conversations/${encodeURIComponent(id)}`;
const customerPath = id => `/api/customers/${encodeURIComponent(id)}`;
const channelPath = id => `/api/channels/${encodeURIComponent(id)}`;
const agentPath = id => `/api/agents/${encodeURIComponent(id)}`;
const cannedPath = id => `/api/canned-responses/${encodeURIComponent(id)}`;

export const api = {
  me: () => request('GET', '/api/auth/me'),
  /** How the agent wants to hear of new work: { sound, desktop }. */
  preferences: () => request('GET', '/api/auth/me/preferences'),
  savePreferences: preferences => request('PUT', '/api/auth/me/preferences', preferences),
  signIn: (email, password) => request('POST', '/api/auth/login', { email, password }),
  signOut: () => request('POST', '/api/auth/logout'),
  agents: () => request('GET', '/api/agents'),
  /** { name, email, role, chatCapacity, displayName, avatarColor } and a password, or invite: true for a one-time link. */
  createAgent: agent => request('POST', '/api/agents', agent),
  /** Only the fields given change; an empty displayName clears it. */
  updateAgent: (id, changes) => request('PUT', agentPath(id), changes),
  resetAgentPassword: (id, password) => request('POST', `${agentPath(id)}/password`, { password }),
  /** A new one-time invitation { token, expiresAt }; the earlier one stops working. */
  inviteAgent: id => request('POST', `${agentPath(id)}/invitation`),
  /** The file goes as it is; the server judges it by its bytes. */
  setAvatar: (id, file) => request('PUT', `${agentPath(id)}/avatar`, file, { contentType: file.type || 'application/octet-stream' }),
  removeAvatar: id => request('DELETE', `${agentPath(id)}/avatar`),
  updateProfile: changes => request('PUT', '/api/auth/profile', changes),
  changePassword: (currentPassword, newPassword) => request('POST', '/api/auth/password', { currentPassword, newPassword }),
  invitation: token => request('GET', `/api/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token, password) => request('POST', `/api/invitations/${encodeURIComponent(token)}`, { password }),
  /** kind narrows the list to one kind of channel (storefront, email, messenger, marketplace); left out for all. */
  /** With a query: what matches it in every status, best match first, each with its `match`. */
  conversations: ({ status, assignee, kind, query, label }) =>
    request('GET', `/api/conversations?${new URLSearchParams({
      ...(query ? { query } : { status }), assignee, ...(kind && kind !== 'all' && { kind }), ...(label && { label }) })}`),
  /** How many conversations each tab and filter holds: { open, pending, snoozed, mine, unassigned }. */
  conversationCounts: () => request('GET', '/api/conversations/counts'),
  conversation: id => request('GET', conversationPath(id)),
  /** Up to limit messages just before the message before, ascending. */
  messagesBefore: (id, before, limit) => request('GET', `${conversationPath(id)}/messages?${new URLSearchParams({ before, limit })}`),
  /** Sends a reply that could not be delivered once more; returns the message with its new delivery. */
  retryDelivery: (conversationId, messageId) =>
    request('POST', `${conversationPath(conversationId)}/messages/${encodeURIComponent(messageId)}/retry`),
  assign: (id, agentId) => request('POST', `${conversationPath(id)}/assign`, { agentId }),
  /** Replaces the conversation's labels; names not yet in the catalogue are added to it. */
  setLabels: (id, labels) => request('PUT', `${conversationPath(id)}/labels`, { labels }),
  labels: () => request('GET', '/api/labels'),
  setStatus: (id, status, snoozedUntil = null) => request('POST', `${conversationPath(id)}/status`, snoozedUntil ? { status, snoozedUntil } : { status }),
  /** The shopper in a widget chat is asked to prove their email with a one-time code; 409 when that cannot be asked. */
  askToVerify: id => request('POST', `${conversationPath(id)}/verification-request`),
  /** The next waiting conversation, now assigned to me, or null when nobody waits. */
  takeNext: () => request('POST', '/api/queue/next'),
  customer: id => request('GET', customerPath(id)),
  shopperContext: conversationId => request('GET', `/api/conversations/${encodeURIComponent(conversationId)}/shopper`),
  /** Customers by name, email or any identity; the query must have at least two characters. */
  findCustomers: query => request('GET', `/api/customers?${new URLSearchParams({ query })}`),
  /** Moves the other customer's identities, orders and conversations to id; returns the merged customer. */
  mergeCustomers: (id, otherCustomerId) => request('POST', `${customerPath(id)}/merge`, { otherCustomerId }),
  /** The macros for one conversation, one per shortcut in the customer's best language, already written out for them. */
  /** The signed-in agent's mentions, newest first; unread ones only when asked. */
  mentions: ({ unread = false } = {}) => request('GET', `/api/mentions${unread ? '?unread=true' : ''}`),
  markMentionsRead: conversationId => request('POST', '/api/mentions/read', { conversationId }),
  conversationCanned: id => request('GET', `${conversationPath(id)}/canned-responses`),
  channels: () => request('GET', '/api/channels'),
  /** Settings replace the channel's whole settings object; the secret stays as it is when left out. */
  updateChannel: (id, { name, settings, secret }) => request('PUT', channelPath(id), { name, settings, secret }),
  /** { kind, name, secret?, settings? } → the new channel. */
  createChannel: channel => request('POST', '/api/channels', channel),
  deleteChannel: id => request('DELETE', channelPath(id)),
  businessHours: id => request('GET', `${channelPath(id)}/business-hours`),
  saveBusinessHours: (id, hours) => request('PUT', `${channelPath(id)}/business-hours`, hours),
  /** { open, nextOpenAt, nextCloseAt } of the saved schedule, now. */
  hoursStatus: id => request('GET', `${channelPath(id)}/business-hours/status`),
  /** An .ics calendar's all-day events become closed days: { added, skipped, businessHours }. */
  importHolidays: (id, calendar) =>
    request('POST', `${channelPath(id)}/business-hours/holidays`, calendar, { contentType: 'text/calendar' }),
  cannedResponses: () => request('GET', '/api/canned-responses'),
  createCanned: response => request('POST', '/api/canned-responses', response),
  updateCanned: (id, response) => request('PUT', cannedPath(id), response),
  deleteCanned: id => request('DELETE', cannedPath(id)),
  /** Survey results for the invitations sent in [from, to): figures, a row per day and the latest answers; channel narrows them. */
  surveys: ({ from, to, channel }) => request('GET', `/api/surveys?${new URLSearchParams({ from, to, ...(channel && { channel }) })}`),
  surveySettings: () => request('GET', '/api/surveys/settings'),
  saveSurveySettings: settings => request('PUT', '/api/surveys/settings', settings),
  /** The queue now: { waiting, oldestWaitMinutes, pastDue, agentsOnline }. */
  reportLive: () => request('GET', '/api/reports/live'),
  /** Figures for [from, to) (ISO instants); channelId and agentId narrow them. */
  reportSummary: params => request('GET', `/api/reports/summary?${new URLSearchParams(params)}`),
  /** New conversations by weekday (Monday first) and hour in the store's zone: { timeZone, counts }. */
  reportHeatmap: params => request('GET', `/api/reports/heatmap?${new URLSearchParams(params)}`),
};
