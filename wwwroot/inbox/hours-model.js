// A channel's business hours as the settings form holds them, and the way back to the API's shape.
// The form keys every interval and exception, so a server error about "weekly[3]" finds its row again.

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

let lastKey = 0;
const newKey = () => `h${++lastKey}`;

// A time field has no 24:00; midnight at the end of an interval is the same moment, and is sent as 24:00.
const shownClose = close => (close === '24:00' ? '00:00' : close ?? '');
const sentClose = close => (close === '00:00' ? '24:00' : close);

export const newInterval = (open = '', close = '') => ({ key: newKey(), open, close: shownClose(close) });

export function newException(date = '', name = '') {
  return { key: newKey(), date, name, closed: true, hours: [] };
}

export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A channel with nothing saved answers UTC and two empty lists; the admin is then offered their own zone. */
export const isUnsaved = hours => hours.timeZone === 'UTC' && !hours.weekly.length && !hours.exceptions.length;

/** The form for a schedule from the API and the channel's language for automatic replies. */
export function toForm(hours, defaultLanguage) {
  const weekly = Object.fromEntries(DAYS.map(day => [day, []]));
  for (const interval of hours.weekly) weekly[String(interval.day).toLowerCase()]?.push(newInterval(interval.open, interval.close));
  return {
    timeZone: isUnsaved(hours) ? browserTimeZone() : hours.timeZone,
    defaultLanguage: defaultLanguage ?? '',
    weekly,
    exceptions: hours.exceptions.map(exception => ({
      key: newKey(),
      date: exception.date ?? '',
      name: exception.name ?? '',
      closed: exception.closed !== false,
      hours: (exception.hours ?? []).map(interval => newInterval(interval.open, interval.close)),
    })),
  };
}

/**
 * The request body for the form, and where each of its array elements came from:
 * "weekly[3]" → that interval's key, "exceptions[1]" and "exceptions[1].hours[0]" likewise.
 */
export function toRequest(form) {
  const targets = new Map();
  const weekly = [];
  for (const day of DAYS) {
    for (const interval of form.weekly[day]) {
      targets.set(`weekly[${weekly.length}]`, interval.key);
      weekly.push({ day, open: interval.open, close: sentClose(interval.close) });
    }
  }
  const exceptions = form.exceptions.map((exception, index) => {
    targets.set(`exceptions[${index}]`, exception.key);
    exception.hours.forEach((interval, at) => targets.set(`exceptions[${index}].hours[${at}]`, interval.key));
    return {
      date: exception.date,
      name: exception.name.trim(),
      closed: exception.closed,
      hours: exception.closed ? null : exception.hours.map(interval => ({ open: interval.open, close: sentClose(interval.close) })),
    };
  });
  return { body: { timeZone: form.timeZone, weekly, exceptions }, targets };
}

/** What the form would save, to tell whether anything was changed. */
export const fingerprint = form => JSON.stringify([toRequest(form).body, form.defaultLanguage]);

// "Weekly[2].Open" and "weekly[2].open" are the same field: the API promises camelCase, this copes either way.
const camel = path => path.replace(/(^|\.)([A-Z])/g, (whole, dot, letter) => dot + letter.toLowerCase());
const ELEMENT = /^(weekly\[\d+\]|exceptions\[\d+\](?:\.hours\[\d+\])?)(?:\.(\w+))?$/;

/**
 * A 400's errors placed on the form: "timeZone" → { field: 'timeZone' }, "weekly[3].open" → that interval's
 * open time, "weekly[3]" → the interval as a whole. What cannot be placed goes to `general`.
 */
export function placeErrors(errors, targets) {
  const placed = new Map();
  const general = [];
  for (const [rawKey, messages] of Object.entries(errors ?? {})) {
    const key = camel(rawKey);
    const list = [].concat(messages);
    const match = ELEMENT.exec(key);
    const element = match && targets.get(match[1]);
    const at = element ? `${element}:${match[2] ?? ''}` : key === 'timeZone' ? 'timeZone' : null;
    if (at) placed.set(at, [...(placed.get(at) ?? []), ...list]);
    else general.push(...list);
  }
  return { placed, general };
}

/** Does the close time fall on the next day? 00:00 is midnight at the end of the day, not past it. */
export const runsPastMidnight = interval =>
  Boolean(interval.open && interval.close && interval.close !== '00:00' && interval.close <= interval.open);
