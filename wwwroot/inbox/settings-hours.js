import { api } from './api.js';
import { h, icon } from './dom.js';
import { whenInZone } from './format.js';
import {
  DAYS, browserTimeZone, fingerprint, isUnsaved, newException, newInterval, placeErrors, runsPastMidnight, toForm, toRequest,
} from './hours-model.js';
import { lang, t } from './i18n.js';
import { capitalise, card, createSaveBar, fieldError, languageName, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

const LANGUAGES = ['en', 'da', 'de', 'nb', 'lv'];
// The status line is asked again when the shop opens or closes, and at least this often for "today" and "tomorrow".
const STATUS_LONGEST_WAIT_MS = 60 * 60_000;

const SKIP_REASONS = {
  'not-all-day': 'hours.skipNotAllDay',
  'repeats-otherwise': 'hours.skipRepeats',
  'past': 'hours.skipPast',
  'already-set': 'hours.skipExisting',
};

export const hoursHash = channelId => `#/settings/hours/${channelId}`;

const dayNames = (() => {
  const format = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return Object.fromEntries(DAYS.map((day, i) => [day, capitalise(format.format(new Date(Date.UTC(2024, 0, 1 + i))))]));
})();

const calendarDate = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
const shownDate = date => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? calendarDate.format(new Date(`${date}T00:00:00Z`)) : date);
const todayIso = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

let zoneList = null;

/** Every IANA zone the browser knows, UTC first, labelled with today's offset; unknown zones in use are added. */
function timeZones(...inUse) {
  if (!zoneList) {
    let zones = [];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = [browserTimeZone()];
    }
    const now = new Date();
    zoneList = ['UTC', ...zones.filter(zone => zone !== 'UTC')].map(zone => ({ zone, label: zoneLabel(zone, now) }));
  }
  const missing = [...new Set(inUse)].filter(zone => zone && !zoneList.some(entry => entry.zone === zone));
  return [...missing.map(zone => ({ zone, label: zoneLabel(zone, new Date()) })), ...zoneList];
}

function zoneLabel(zone, now) {
  try {
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(now).find(part => part.type === 'timeZoneName')?.value;
    return offset ? `${zone.replaceAll('_', ' ')} (${offset})` : zone;
  } catch {
    return zone;
  }
}

/** The weekly hours, holidays and automatic-reply language of one channel at a time, as an admin edits them. */
export function createHoursPage({ root, toast }) {
  // Changes not yet saved, per channel, kept while the admin looks elsewhere.
  const drafts = new Map();
  // The channel shown: { channels, channel, saved, form, snapshot, errors, general, languageErrors, importNote, status }.
  let page = null;
  let generation = 0;
  let statusTimer;
  let saving = false;
  let statusLine = null;
  let bar = null;

  const dirty = () => Boolean(page?.form) && fingerprint(page.form) !== page.snapshot;

  function keepDraft() {
    if (!page?.form) return;
    if (dirty()) drafts.set(page.channel.id, { form: page.form, snapshot: page.snapshot });
    else drafts.delete(page.channel.id);
  }

  async function show(channelId) {
    if (page && (channelId ?? page.channel.id) === page.channel.id) return;
    keepDraft();
    const mine = ++generation;
    clearTimeout(statusTimer);
    page = null;
    root.replaceChildren(heading(), settingsMessage(t('settings.loading')));
    try {
      const channels = await api.channels();
      if (mine !== generation) return;
      if (!channels.length) {
        root.replaceChildren(heading(), settingsMessage(t('hours.noChannels')));
        return;
      }
      const channel = channels.find(c => c.id === channelId) ?? channels.find(c => c.kind === 'storefront') ?? channels[0];
      const saved = await api.businessHours(channel.id);
      if (mine !== generation) return;
      const draft = drafts.get(channel.id);
      const form = draft?.form ?? toForm(saved, channel.settings?.defaultLanguage);
      page = {
        channels, channel, saved, form, snapshot: draft?.snapshot ?? fingerprint(form),
        errors: new Map(), general: [], languageErrors: [], importNote: null, status: null,
      };
      render();
      loadStatus();
    } catch (error) {
      if (mine !== generation) return;
      root.replaceChildren(heading(), settingsMessage(problemText(error), { retry: () => show(channelId) }));
    }
  }

  function heading() {
    return settingsHeading(t('hours.title'), t('hours.intro'));
  }

  function render() {
    const allClosed = DAYS.every(day => !page.form.weekly[day].length);
    bar = createSaveBar({ testid: 'hours', errors: page.general, onDiscard: discard });
    root.replaceChildren(h('form', {
      class: 'settings-form', novalidate: true, 'data-testid': 'hours-form',
      onsubmit: event => {
        event.preventDefault();
        save();
      },
      oninput: showSaveState,
      onchange: showSaveState,
    },
    heading(),
    channelCard(),
    languageCard(),
    weeklyCard(allClosed),
    exceptionsCard(),
    bar.element));
    renderStatus();
    showSaveState();
  }

  function channelCard() {
    const select = h('select', {
      id: 'hours-channel', 'data-testid': 'hours-channel',
      onchange: event => {
        location.hash = hoursHash(event.target.value);
      },
    }, page.channels.map(channel => h('option', { value: channel.id, selected: channel.id === page.channel.id },
      t('hours.channelOption', { name: channel.name, kind: t(`channelKind.${channel.kind}`) }))));
    statusLine = h('p', { class: 'hours-status', 'data-testid': 'hours-status', role: 'status' });
    return h('section', { class: 'settings-card channel-card' },
      h('div', { class: 'settings-field' }, h('label', { class: 'field-label', for: 'hours-channel' }, t('hours.channel')), select),
      statusLine);
  }

  function languageCard() {
    const current = page.form.defaultLanguage;
    const codes = current && !LANGUAGES.includes(current) ? [current, ...LANGUAGES] : LANGUAGES;
    const errors = page.languageErrors;
    const select = h('select', {
      id: 'hours-language', 'data-testid': 'hours-language',
      'aria-describedby': ['hours-language-hint', errors.length && 'hours-language-error'].filter(Boolean).join(' '),
      'aria-invalid': errors.length ? 'true' : null,
      onchange: event => {
        page.form.defaultLanguage = event.target.value;
      },
    },
    !current && h('option', { value: '', selected: true }, t('hours.languageUnset')),
    codes.map(code => h('option', { value: code, selected: code === current }, languageName(code))));
    return card(t('hours.autoReplies'),
      h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'hours-language' }, t('hours.defaultLanguage')),
        select,
        h('p', { id: 'hours-language-hint', class: 'field-hint' }, t('hours.defaultLanguageHint')),
        fieldError('hours-language-error', errors)));
  }

  function weeklyCard(allClosed) {
    const errors = page.errors.get('timeZone') ?? [];
    const zone = h('select', {
      id: 'hours-zone', 'data-testid': 'hours-zone',
      'aria-describedby': ['hours-zone-hint', errors.length && 'hours-zone-error'].filter(Boolean).join(' '),
      'aria-invalid': errors.length ? 'true' : null,
      onchange: event => {
        page.form.timeZone = event.target.value;
      },
    }, timeZones(page.form.timeZone, page.saved.timeZone)
      .map(({ zone: value, label }) => h('option', { value, selected: value === page.form.timeZone }, label)));
    return card(t('hours.weekly'),
      h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'hours-zone' }, t('hours.timeZone')),
        zone,
        h('p', { id: 'hours-zone-hint', class: 'field-hint' }, isUnsaved(page.saved) ? t('hours.zoneSuggested') : t('hours.zoneHint')),
        fieldError('hours-zone-error', errors)),
      allClosed && h('p', { class: 'settings-note', 'data-testid': 'always-open' }, icon('clock'), h('span', {}, t('hours.alwaysOpen'))),
      h('div', { class: 'week' }, DAYS.map(day => dayRow(day, allClosed))),
      h('div', { class: 'card-actions' },
        h('button', {
          type: 'button', class: 'button button-small', 'data-testid': 'copy-monday', disabled: !page.form.weekly.monday.length,
          onclick: copyMonday,
        }, t('hours.copyMonday'))));
  }

  function dayRow(day, allClosed) {
    const intervals = page.form.weekly[day];
    const labelId = `hours-day-${day}`;
    return h('div', { class: 'day-row', role: 'group', 'aria-labelledby': labelId, 'data-testid': 'hours-day', 'data-day': day },
      h('span', { id: labelId, class: 'day-name' }, dayNames[day]),
      h('div', { class: 'day-intervals' },
        intervals.length
          ? intervals.map(interval => intervalEditor(interval, dayNames[day], () => {
            intervals.splice(intervals.indexOf(interval), 1);
            render();
            root.querySelector(`[data-day="${day}"] [data-testid="add-interval"]`)?.focus();
          }))
          : h('span', { class: allClosed ? 'day-closed is-open' : 'day-closed', 'data-testid': 'day-closed' },
            allClosed ? t('hours.openAllDay') : t('hours.closedDay'))),
      h('button', {
        type: 'button', class: 'button button-small button-quiet add-interval', 'data-testid': 'add-interval',
        'aria-label': t('hours.addHoursFor', { day: dayNames[day] }),
        onclick: () => addInterval(intervals, intervals.length ? newInterval() : newInterval('09:00', '17:00')),
      }, t('hours.addHours')));
  }

  function addInterval(intervals, interval) {
    intervals.push(interval);
    render();
    root.querySelector(`[data-key="${interval.key}"] input`)?.focus();
  }

  function copyMonday() {
    for (const day of ['tuesday', 'wednesday', 'thursday', 'friday'])
      page.form.weekly[day] = page.form.weekly.monday.map(interval => newInterval(interval.open, interval.close));
    render();
    root.querySelector('[data-testid="copy-monday"]')?.focus();
  }

  /** Error messages for one keyed element: those of the named fields each apart, all others together. */
  function errorsOf(key, fields) {
    const byField = Object.fromEntries(fields.map(field => [field, page.errors.get(`${key}:${field}`) ?? []]));
    const rest = [...page.errors].filter(([at]) => at.startsWith(`${key}:`) && !fields.includes(at.slice(key.length + 1)))
      .flatMap(([, messages]) => messages);
    return { byField, rest };
  }

  function intervalEditor(interval, label, onRemove) {
    const { byField, rest } = errorsOf(interval.key, ['open', 'close']);
    const messages = [...byField.open, ...byField.close, ...rest];
    const errorId = `hours-error-${interval.key}`;
    const overnight = h('span', { class: 'overnight', 'data-testid': 'overnight', hidden: !runsPastMidnight(interval) }, t('hours.nextDay'));
    const time = (field, labelKey) => h('input', {
      type: 'time', class: 'time-input', value: interval[field], 'data-field': field, required: true,
      'aria-label': t(labelKey, { label }),
      'aria-invalid': byField[field].length || rest.length ? 'true' : null,
      'aria-describedby': messages.length ? errorId : null,
      oninput: event => {
        interval[field] = event.target.value;
        overnight.hidden = !runsPastMidnight(interval);
      },
    });
    return h('div', { class: 'interval', 'data-testid': 'interval', 'data-key': interval.key },
      h('div', { class: 'interval-row' },
        time('open', 'hours.opensAt'),
        h('span', { class: 'interval-dash', 'aria-hidden': 'true' }, '–'),
        time('close', 'hours.closesAt'),
        overnight,
        h('button', {
          type: 'button', class: 'button button-quiet button-small icon-button', 'data-testid': 'remove-interval',
          'aria-label': t('hours.removeHours', { label }), title: t('hours.removeHours', { label }), onclick: onRemove,
        }, icon('close'))),
      fieldError(errorId, messages));
  }

  function exceptionsCard() {
    const file = h('input', {
      type: 'file', class: 'visually-hidden', accept: '.ics,text/calendar', 'data-testid': 'hours-ics',
      onchange: event => importCalendar(event.target),
    });
    const exceptions = page.form.exceptions;
    return card(t('hours.exceptions'),
      h('p', { class: 'field-hint' }, t('hours.exceptionsHint')),
      h('div', { class: 'import-row' },
        h('label', { class: 'button button-small file-button' }, t('hours.import'), file),
        h('span', { class: 'field-hint' }, t('hours.importHint'))),
      importNote(),
      exceptions.length
        ? h('ul', { class: 'exceptions', 'data-testid': 'exceptions' }, exceptions.map(exceptionRow))
        : h('p', { class: 'settings-empty' }, t('hours.noExceptions')),
      h('div', { class: 'card-actions' },
        h('button', {
          type: 'button', class: 'button button-small', 'data-testid': 'add-exception',
          onclick: () => {
            const exception = newException();
            exceptions.push(exception);
            render();
            root.querySelector(`[data-key="${exception.key}"] input`)?.focus();
          },
        }, t('hours.addException'))));
  }

  function importNote() {
    const note = page.importNote;
    if (!note) return null;
    if (note.busy) return h('p', { class: 'import-note', role: 'status' }, t('hours.importing'));
    if (note.error) return h('p', { class: 'form-error', role: 'alert', 'data-testid': 'import-error' }, note.error);
    const { added, skipped } = note;
    return h('div', { class: 'import-note', role: 'status', 'data-testid': 'import-result' },
      h('p', {}, added.length ? t('hours.importAdded', { count: added.length }) : t('hours.importNothing')),
      skipped.length > 0 && h('p', {}, t('hours.importSkipped', { count: skipped.length })),
      skipped.length > 0 && h('ul', { class: 'import-skipped' }, skipped.map(item => h('li', {},
        t('hours.skippedItem', { date: shownDate(item.date), name: item.name || '—', reason: skipReason(item.reason) })))));
  }

  // The server names why an event was skipped with a code; the admin reads it in their own language.
  const skipReason = reason => {
    const key = SKIP_REASONS[reason];
    return key ? t(key) : reason;
  };

  function exceptionRow(exception) {
    const { byField, rest } = errorsOf(exception.key, ['date', 'name', 'closed', 'hours']);
    const id = field => `exception-${field}-${exception.key}`;
    const described = (field, messages) => (messages.length ? { 'aria-invalid': 'true', 'aria-describedby': `${id(field)}-error` } : {});
    const past = exception.date && exception.date < todayIso();
    const dayLabel = exception.name.trim() || shownDate(exception.date) || t('hours.thisDay');
    return h('li', { class: `exception${past ? ' is-past' : ''}`, 'data-testid': 'exception', 'data-key': exception.key },
      h('div', { class: 'exception-fields' },
        h('div', { class: 'settings-field exception-date' },
          h('label', { class: 'field-label', for: id('date') }, t('hours.date'), past && h('span', { class: 'badge past-badge' }, t('hours.past'))),
          h('input', {
            id: id('date'), type: 'date', value: exception.date, required: true, 'data-field': 'date', ...described('date', byField.date),
            oninput: event => {
              exception.date = event.target.value;
            },
          }),
          fieldError(`${id('date')}-error`, byField.date)),
        h('div', { class: 'settings-field exception-name' },
          h('label', { class: 'field-label', for: id('name') }, t('hours.name')),
          h('input', {
            id: id('name'), type: 'text', value: exception.name, maxlength: '100', 'data-field': 'name',
            placeholder: t('hours.namePlaceholder'), ...described('name', byField.name),
            oninput: event => {
              exception.name = event.target.value;
            },
          }),
          fieldError(`${id('name')}-error`, byField.name)),
        h('div', { class: 'settings-field exception-kind' },
          h('label', { class: 'field-label', for: id('closed') }, t('hours.dayKind')),
          h('select', {
            id: id('closed'), 'data-field': 'closed', ...described('closed', byField.closed),
            onchange: event => setClosed(exception, event.target.value === 'closed'),
          },
          h('option', { value: 'closed', selected: exception.closed }, t('hours.closedAllDay')),
          h('option', { value: 'special', selected: !exception.closed }, t('hours.specialHours'))),
          fieldError(`${id('closed')}-error`, byField.closed)),
        h('button', {
          type: 'button', class: 'button button-quiet button-small icon-button exception-remove', 'data-testid': 'remove-exception',
          'aria-label': t('hours.removeException', { day: dayLabel }), title: t('hours.removeException', { day: dayLabel }),
          onclick: () => {
            page.form.exceptions.splice(page.form.exceptions.indexOf(exception), 1);
            render();
            root.querySelector('[data-testid="add-exception"]')?.focus();
          },
        }, icon('close'))),
      !exception.closed && h('div', { class: 'exception-hours' },
        exception.hours.map(interval => intervalEditor(interval, dayLabel, () => {
          exception.hours.splice(exception.hours.indexOf(interval), 1);
          render();
          root.querySelector(`[data-key="${exception.key}"] [data-testid="add-interval"]`)?.focus();
        })),
        h('button', {
          type: 'button', class: 'button button-small button-quiet add-interval', 'data-testid': 'add-interval',
          'aria-label': t('hours.addHoursFor', { day: dayLabel }),
          onclick: () => addInterval(exception.hours, newInterval()),
        }, t('hours.addHours')),
        fieldError(`${id('hours')}-error`, byField.hours)),
      fieldError(`${id('row')}-error`, rest));
  }

  // Special hours start from that weekday's usual hours, which are most often what changes a little.
  function setClosed(exception, closed) {
    exception.closed = closed;
    if (!closed && !exception.hours.length) {
      const weekday = /^\d{4}-\d{2}-\d{2}$/.test(exception.date) ? DAYS[(new Date(`${exception.date}T00:00:00Z`).getUTCDay() + 6) % 7] : null;
      const usual = weekday ? page.form.weekly[weekday] : [];
      exception.hours = usual.length ? usual.map(interval => newInterval(interval.open, interval.close)) : [newInterval('10:00', '14:00')];
    }
    render();
    root.querySelector(`#exception-closed-${exception.key}`)?.focus();
  }

  function showSaveState() {
    if (!page || !bar) return;
    const changed = dirty();
    if (changed) page.justSaved = false;
    bar.show({ changed, saving, saved: page.justSaved });
  }

  function discard() {
    page.form = toForm(page.saved, page.channel.settings?.defaultLanguage);
    page.snapshot = fingerprint(page.form);
    page.errors = new Map();
    page.general = [];
    page.languageErrors = [];
    drafts.delete(page.channel.id);
    render();
  }

  async function save() {
    if (saving || !page) return;
    const current = page;
    const { channel, form } = current;
    const { body, targets } = toRequest(form);
    const language = form.defaultLanguage;
    setSaving(true);
    current.errors = new Map();
    current.general = [];
    current.languageErrors = [];
    try {
      let saved;
      try {
        saved = await api.saveBusinessHours(channel.id, body);
      } catch (error) {
        if (error.status !== 400) throw error;
        const { placed, general } = placeErrors(error.problem?.errors, targets);
        current.errors = placed;
        current.general = general.length || placed.size ? general : [error.detail || t('error.generic')];
        if (page === current) {
          setSaving(false);
          render();
          const invalid = root.querySelector('[aria-invalid="true"]');
          if (invalid) invalid.focus();
          else root.querySelector('[data-testid="hours-error"]')?.scrollIntoView({ block: 'nearest' });
        }
        return;
      }
      drafts.delete(channel.id);
      let savedLanguage = channel.settings?.defaultLanguage ?? '';
      if (language && language !== savedLanguage) {
        try {
          // Settings are replaced as a whole, so everything else in them goes back unchanged.
          const updated = await api.updateChannel(channel.id, { name: channel.name, settings: { ...channel.settings, defaultLanguage: language } });
          current.channel = { ...channel, settings: updated?.settings ?? { ...channel.settings, defaultLanguage: language } };
          current.channels = current.channels.map(other => (other.id === channel.id ? current.channel : other));
          savedLanguage = language;
        } catch (error) {
          current.languageErrors = [problemText(error)];
        }
      }
      current.saved = saved;
      const fresh = toForm(saved, savedLanguage);
      // Saved as sent: an empty week in UTC is what was chosen, not a channel without hours.
      fresh.timeZone = saved.timeZone;
      current.snapshot = fingerprint(fresh);
      fresh.defaultLanguage = language;
      current.form = fresh;
      current.justSaved = !current.languageErrors.length;
      if (page !== current) return;
      setSaving(false);
      render();
      if (current.justSaved) toast(t('hours.savedToast', { name: current.channel.name }));
      loadStatus();
    } catch (error) {
      current.general = [problemText(error)];
      if (page === current) {
        setSaving(false);
        render();
      }
    } finally {
      setSaving(false);
    }
  }

  function setSaving(on) {
    saving = on;
    showSaveState();
  }

  async function importCalendar(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !page) return;
    const current = page;
    current.importNote = { busy: true };
    render();
    try {
      const result = await api.importHolidays(current.channel.id, file);
      const wasUnsaved = isUnsaved(current.saved);
      current.saved = result.businessHours;
      const fresh = toForm(result.businessHours, current.channel.settings?.defaultLanguage);
      if (fingerprint(current.form) !== current.snapshot) {
        // Unsaved edits stay as typed; the imported days join them, and they are saved already.
        const dates = new Set(current.form.exceptions.map(exception => exception.date));
        for (const added of result.added) {
          if (!dates.has(added.date)) current.form.exceptions.push(newException(added.date, added.name));
        }
      } else {
        // A channel without hours keeps the zone offered to the admin, who still has to save it.
        if (wasUnsaved && !result.businessHours.weekly.length) fresh.timeZone = current.form.timeZone;
        current.form = fresh;
      }
      current.snapshot = fingerprint(toForm(result.businessHours, current.channel.settings?.defaultLanguage));
      current.importNote = { added: result.added ?? [], skipped: result.skipped ?? [] };
      if (page !== current) return;
      render();
      loadStatus();
    } catch (error) {
      const fileErrors = error.status === 400 ? [].concat(error.problem?.errors?.file ?? error.problem?.errors?.File ?? []) : [];
      current.importNote = { error: t('hours.importFailed', { reason: fileErrors.join(' ') || problemText(error) }) };
      if (page === current) render();
    }
    root.querySelector('[data-testid="hours-ics"]')?.focus();
  }

  async function loadStatus() {
    clearTimeout(statusTimer);
    if (!page) return;
    const current = page;
    try {
      current.status = await api.hoursStatus(current.channel.id);
    } catch {
      current.status = { failed: true };
    }
    if (page !== current) return;
    renderStatus();
    const next = Date.parse(current.status.open ? current.status.nextCloseAt : current.status.nextOpenAt);
    const wait = Number.isFinite(next) ? Math.min(Math.max(next - Date.now() + 1000, 5000), STATUS_LONGEST_WAIT_MS) : STATUS_LONGEST_WAIT_MS;
    statusTimer = setTimeout(loadStatus, wait);
  }

  function renderStatus() {
    if (!statusLine || !page) return;
    const status = page.status;
    if (!status) {
      statusLine.replaceChildren();
      return;
    }
    if (status.failed) {
      delete statusLine.dataset.open;
      statusLine.textContent = t('hours.statusFailed');
      return;
    }
    // Times as the schedule states them: in the channel's own zone, which is named when it is not the admin's.
    const zone = page.saved.timeZone;
    const text = status.open
      ? status.nextCloseAt ? t('hours.openUntil', { when: whenInZone(status.nextCloseAt, zone) }) : t('hours.openNow')
      : status.nextOpenAt ? t('hours.closedUntil', { when: whenInZone(status.nextOpenAt, zone) }) : t('hours.closedNow');
    statusLine.dataset.open = String(status.open);
    statusLine.replaceChildren(
      h('span', { class: 'status-dot', 'aria-hidden': 'true' }),
      h('span', { 'data-testid': 'hours-status-text' }, text),
      zone !== browserTimeZone() && h('span', { class: 'status-zone' }, t('hours.inZone', { zone: zone.replaceAll('_', ' ') })));
  }

  return {
    show,
    leave() {
      keepDraft();
      clearTimeout(statusTimer);
      generation++;
      page = null;
      statusLine = bar = null;
    },
    hasUnsavedChanges: () => dirty() || drafts.size > 0,
    /** Signing out: nothing typed here stays for whoever signs in next. */
    reset() {
      drafts.clear();
    },
  };
}
