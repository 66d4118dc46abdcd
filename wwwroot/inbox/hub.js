// The live side of the inbox: one SignalR connection that keeps coming back.
/* global signalR */

const RETRY_AFTER_CLOSE_MS = 15_000;

/**
 * events: server method name → handler. onState('connected' | 'reconnecting' | 'disconnected', { retryAt }),
 * retryAt being when a disconnected inbox tries again by itself.
 * onResumed runs after every reconnect, when whatever happened meanwhile must be fetched again.
 */
export function createHub({ events, onState, onResumed }) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/inbox')
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  for (const [name, handler] of Object.entries(events)) connection.on(name, handler);

  let stopped = false;
  // Set while "Retry now" stops a connection that is still waiting for its own next attempt, to start it at once.
  let restarting = false;
  let retryTimer;

  connection.onreconnecting(() => onState('reconnecting'));
  connection.onreconnected(() => {
    onState('connected');
    onResumed();
  });
  // Automatic reconnect gives up after a few tries; an inbox left open all day keeps trying, more slowly.
  connection.onclose(() => {
    if (stopped || restarting) return;
    retryLater();
  });

  function retryLater() {
    clearTimeout(retryTimer);
    onState('disconnected', { retryAt: Date.now() + RETRY_AFTER_CLOSE_MS });
    retryTimer = setTimeout(() => reconnect(), RETRY_AFTER_CLOSE_MS);
  }

  /** Tries now: a connection between its own attempts is stopped and started again rather than left waiting. */
  async function reconnect() {
    clearTimeout(retryTimer);
    if (stopped) return;
    if (connection.state === signalR.HubConnectionState.Reconnecting) {
      restarting = true;
      try {
        await connection.stop();
      } finally {
        restarting = false;
      }
    }
    if (connection.state !== signalR.HubConnectionState.Disconnected) return;
    onState('reconnecting');
    try {
      await connection.start();
      onState('connected');
      onResumed();
    } catch {
      retryLater();
    }
  }

  return {
    async start() {
      stopped = false;
      try {
        await connection.start();
        onState('connected');
      } catch {
        retryLater();
      }
    },
    reconnect,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await connection.stop();
    },
    get connected() {
      return connection.state === signalR.HubConnectionState.Connected;
    },
    invoke: (method, ...args) => connection.invoke(method, ...args),
  };
}

/** A HubException's own message without the client library's wrapper, or null for any other failure. */
export function hubErrorMessage(error) {
  const message = String(error?.message ?? '');
  const marker = 'HubException: ';
  const at = message.indexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : null;
}
