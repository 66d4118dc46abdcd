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

const dateOnly = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
const moneyFormats = new Map();

/** A calendar date without the time, e.g. for when an order was placed. */
export const calendarDate = iso => dateOnly.format(new Date(iso));

/** An amount in its currency, in the agent's conventions; whole = rounded to whole units, as in a list. */
export function money(amount, currency, { whole = false } = {}) {
  const key = `${currency}:${whole}`;
  if (!moneyFormats.has(key)) {
    let format;
    try {
      format = currency
        ? new Intl.NumberFormat(lang, { style: 'currency', currency, ...(whole && { maximumFractionDigits: 0, minimumFractionDigits: 0 }) })
        : null;
    } catch {
      format = null; // A code this browser does not know: the number and the code as they are.
    }
    moneyFormats.set(key, format);
  }
  const format = moneyFormats.get(key);
  if (format) return format.format(amount);
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: whole ? 0 : 2 }).format(amount);
  return currency ? `${number} ${currency}` : number;
}

// The server sends the priority's facts (tier, orders, spend, pin, due time); the inbox words them in the
// agent's language, with a countdown that is live rather than as old as the summary.
/** "VIP customer · 6 orders · €2,242": the facts the priority was set from, worded here. */
function customerFacts(priority) {
  const facts = [t(`tierLong.${priority.tier}`)];
  if (priority.orderCount > 0) {
    facts.push(t('priority.orders', { count: priority.orderCount }));
    facts.push(money(priority.value ?? 0, priority.currency, { whole: true }));
  }
  return facts;
}

/**
 * The priority's two halves, worded: the facts behind it ("VIP customer · 6 orders · €2,242"), the countdown
 * ("due in 4 min", or for an overdue one how long over: "12 min"), and how urgent it is: overdue, soon, due or answered.
 */
export function priorityParts(priority, now = Date.now()) {
  let countdown, urgency, overdueBy = null;
  if (priority.snoozedUntil) {
    countdown = t('priority.snoozedUntil', { time: messageTime(priority.snoozedUntil, new Date(now)) });
    urgency = 'answered';
  } else if (!priority.dueAt) {
    countdown = t('priority.answered');
    urgency = 'answered';
  } else {
    const left = Date.parse(priority.dueAt) - now;
    countdown = left >= 0 ? t('priority.dueIn', { duration: duration(left) }) : t('priority.overdueBy', { duration: duration(-left) });
    if (left < 0) overdueBy = duration(-left);
    urgency = left < 0 ? 'overdue' : left < 2 * MINUTE ? 'soon' : 'due';
  }
  return { facts: [...pinned(priority.pin), ...customerFacts(priority)].join(' · '), countdown, overdueBy, urgency };
}

/** Why a conversation was put ahead of the rest ("survey-score:2"), in the agent's language. */
function pinned(pin) {
  const score = /^survey-score:(\d)$/.exec(pin ?? '')?.[1];
  return score ? [t('priority.surveyScore', { score })] : [];
}

const zoneFormats = new Map();

/** One formatter per time zone and pattern; a zone this browser does not know falls back to its own. */
function inZone(timeZone, options, locale = lang) {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  if (!zoneFormats.has(key)) {
    let format;
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(locale, options);
    }
    zoneFormats.set(key, format);
  }
  return zoneFormats.get(key);
}

// Opening hours read "09:00" on a 24-hour clock; a 12-hour clock keeps "9:00 AM".
const clockOptions = {
  hour: new Intl.DateTimeFormat(lang, { hour: 'numeric' }).resolvedOptions().hour12 ? 'numeric' : '2-digit',
  minute: '2-digit',
};

/** The calendar day of a moment in a time zone: days since 1970, weekday (0 = Sunday), month (0 = January), date. */
function calendarDay(date, timeZone) {
  const parts = Object.fromEntries(inZone(timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' }, 'en-US')
    .formatToParts(date).map(part => [part.type, Number(part.value)]));
  const utc = Date.UTC(parts.year, parts.month - 1, parts.day);
  return { days: Math.round(utc / DAY), weekday: new Date(utc).getUTCDay(), month: parts.month - 1, date: parts.day };
}

// Latvian puts the day and month of "on Monday, 12 January" in the locative, which Intl does not give;
// a language that has such words names them in its dictionary.
function localWord(key) {
  const word = t(key);
  return word === key ? null : word;
}

/**
 * When something happens next, as a person in that time zone says it: "17:00" today, "tomorrow 09:00",
 * "Monday 09:00", and with the date once it is more than six days away.
 */
export function whenInZone(iso, timeZone, now = new Date()) {
  const at = new Date(iso);
  const day = calendarDay(at, timeZone);
  const ahead = day.days - calendarDay(now, timeZone).days;
  const time = inZone(timeZone, clockOptions).format(at);
  if (ahead <= 0) return t('when.today', { time });
  if (ahead === 1) return t('when.tomorrow', { time });
  const weekday = localWord(`weekdayOn.${day.weekday}`);
  if (ahead <= 6) return t('when.weekday', { day: weekday ?? inZone(timeZone, { weekday: 'long' }).format(at), time });
  const date = weekday
    ? `${weekday}, ${day.date}. ${localWord(`monthIn.${day.month}`)}`
    : inZone(timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(at);
  return t('when.date', { date, time });
}

const byteUnits = ['kilobyte', 'megabyte', 'gigabyte'];
const sizeFormats = new Map();
const sizeFormat = (unit, unitDisplay) => {
  if (!sizeFormats.has(unit)) {
    sizeFormats.set(unit, new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay, maximumFractionDigits: unit === 'byte' ? 0 : 1 }));
  }
  return sizeFormats.get(unit);
};

/** A file's size as people read it: "532 bytes", "48 kB", "2.4 MB" (steps of 1,000, as the units say). */
export function fileSize(bytes) {
  let value = Math.max(0, Number(bytes) || 0);
  if (value < 1000) return sizeFormat('byte', 'long').format(value);
  let unit = -1;
  do {
    value /= 1000;
    unit++;
  } while (value >= 999.95 && unit < byteUnits.length - 1);
  return sizeFormat(byteUnits[unit], 'short').format(value);
}

const deadlineFormat = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

/** A deadline in the agent's own time, with the weekday so "by when" is read at a glance: "Tue, 14 Jan, 14:05". */
export const deadline = iso => deadlineFormat.format(new Date(iso));
