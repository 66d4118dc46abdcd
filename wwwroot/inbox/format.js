import { lang, t } from './i18n.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
const clock = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
const fullDate = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' });
const shortDate = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
const units = Object.fromEntries(['minute', 'hour', 'day'].map(unit =>
  [unit, new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short' })]));

/** "3 min ago", "yesterday", or a date once it is more than a week old. */
export function relativeTime(iso, now = Date.now()) {
  const ago = now - Date.parse(iso);
  if (ago < MINUTE) return t('time.justNow');
  if (ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return relative.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return relative.format(-Math.floor(ago / DAY), 'day');
  return shortDate.format(new Date(iso));
}

/** A message's time: the clock today, day and clock before. */
export function messageTime(iso, now = new Date()) {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? clock.format(date) : dayAndClock.format(date);
}

export const fullTime = iso => fullDate.format(new Date(iso));

export function duration(ms) {
  if (ms < MINUTE) return `< ${units.minute.format(1)}`;
  if (ms < HOUR) return units.minute.format(Math.floor(ms / MINUTE));
  if (ms < 2 * DAY) {
    const hours = units.hour.format(Math.floor(ms / HOUR));
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes ? `${hours} ${units.minute.format(minutes)}` : hours;
  }
  return units.day.format(Math.floor(ms / DAY));
}

// The server's reason is an English sentence ending in a countdown that is stale by the time it is read:
// its tier label and countdown are redrawn here, live and in the agent's language; other facts are kept.
const serverTierLabels = ['New customer', 'First-time customer', 'Returning customer', 'VIP customer'];
const serverCountdown = /^(due in|overdue by|answered)\b/;

/** The priority sentence with a live countdown, and how urgent it is: overdue, soon, due or answered. */
export function priorityLine(priority, now = Date.now()) {
  const facts = (priority.reason ?? '').split(' · ').filter(Boolean);
  if (serverCountdown.test(facts.at(-1) ?? '')) facts.pop();
  if (serverTierLabels.includes(facts[0])) facts.shift();
  let countdown, urgency;
  if (!priority.dueAt) {
    countdown = t('priority.answered');
    urgency = 'answered';
  } else {
    const left = Date.parse(priority.dueAt) - now;
    countdown = left >= 0 ? t('priority.dueIn', { duration: duration(left) }) : t('priority.overdueBy', { duration: duration(-left) });
    urgency = left < 0 ? 'overdue' : left < 2 * MINUTE ? 'soon' : 'due';
  }
  return { text: [t(`tierLong.${priority.tier}`), ...facts, countdown].join(' · '), urgency };
}
