import { api } from './api.js';
import { confirmDialog } from './confirm.js';
import { h, icon } from './dom.js';
import { lang, t } from './i18n.js';
import { fieldError, languageName, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

export const PURPOSES = ['macro', 'after-hours', 'survey-invitation', 'resolution-survey'];
const LOCALES = ['en', 'da', 'de', 'nb', 'lv'];
const FIELDS = ['purpose', 'locale', 'shortcut', 'title', 'body'];
const MAX_BODY = 5000;
// The placeholders the server fills in, and what an admin calls each of them.
const VARIABLES = [
  ['customer.firstName', 'variable.customerFirstName'],
  ['customer.name', 'variable.customerName'],
  ['order.number', 'variable.orderNumber'],
  ['store.name', 'variable.storeName'],
  ['agent.name', 'variable.agentName'],
  ['nextOpen', 'variable.nextOpen'],
  ['survey.url', 'variable.surveyUrl'],
];

export const cannedHash = id => (id === undefined ? '#/settings/canned' : `#/settings/canned/${id}`);

const byShortcut = (a, b) => a.shortcut.localeCompare(b.shortcut) || LOCALES.indexOf(a.locale) - LOCALES.indexOf(b.locale)
  || a.locale.localeCompare(b.locale);
const camel = key => key.charAt(0).toLowerCase() + key.slice(1);

/** The team's canned responses: a filtered list, and a form to write, change or delete one. */
export function createCannedPage({ root, toast, onChanged }) {
  const filter = { purpose: '', query: '' };
  let items = null;
  let generation = 0;
  // The open form: { id (null for a new one), original, values, snapshot, errors, general, saving }.
  let editing = null;

  async function load() {
    items = (await api.cannedResponses()).sort(byShortcut);
    return items;
  }

  /** arg: an id, 'new', or a purpose to list the responses of, e.g. from the survey settings. */
  async function show(arg) {
    const mine = ++generation;
    editing = null;
    if (PURPOSES.includes(arg)) {
      filter.purpose = arg;
      arg = undefined;
    }
    if (arg === 'new') {
      const locale = LOCALES.includes(lang) ? lang : 'en';
      openForm(null, { purpose: filter.purpose || 'macro', locale, shortcut: '', title: '', body: '' });
      return;
    }
    root.replaceChildren(listHeading(), settingsMessage(t('settings.loading')));
    try {
      await load();
    } catch (error) {
      if (mine !== generation) return;
      root.replaceChildren(listHeading(), settingsMessage(problemText(error), { retry: () => show(arg) }));
      return;
    }
    if (mine !== generation) return;
    if (arg === undefined) {
      renderList();
      return;
    }
    const item = items.find(candidate => candidate.id === arg);
    if (!item) {
      root.replaceChildren(backLink(), settingsMessage(t('cannedAdmin.notFound')));
      return;
    }
    openForm(item, { purpose: item.purpose, locale: item.locale, shortcut: item.shortcut, title: item.title, body: item.body });
  }

  function listHeading() {
    return h('div', { class: 'settings-head-row' },
      settingsHeading(t('cannedAdmin.title'), t('cannedAdmin.intro')),
      h('a', { class: 'button button-primary', href: cannedHash('new'), 'data-testid': 'canned-new' }, t('cannedAdmin.new')));
  }

  // ------------------------------------------------------------------ list

  function renderList() {
    const rows = h('tbody');
    const count = h('p', { class: 'list-count', role: 'status', 'data-testid': 'canned-count' });
    const purposeButtons = ['', ...PURPOSES].map(purpose => h('button', {
      type: 'button', 'data-purpose': purpose, 'aria-pressed': String(filter.purpose === purpose), 'data-testid': 'canned-purpose-filter',
      onclick: () => {
        filter.purpose = purpose;
        for (const button of purposeButtons) button.setAttribute('aria-pressed', String(button.dataset.purpose === purpose));
        fillRows(rows, count);
      },
    }, purpose ? t(`purposePlural.${purpose}`) : t('cannedAdmin.allPurposes')));
    const search = h('input', {
      type: 'search', id: 'canned-search', class: 'search-input', value: filter.query, autocomplete: 'off',
      placeholder: t('cannedAdmin.searchPlaceholder'), 'data-testid': 'canned-search',
      oninput: event => {
        filter.query = event.target.value;
        fillRows(rows, count);
      },
    });
    root.replaceChildren(
      listHeading(),
      h('section', { class: 'settings-card' },
        h('div', { class: 'list-toolbar' },
          h('div', { class: 'segmented', role: 'group', 'aria-label': t('cannedAdmin.purpose') }, purposeButtons),
          h('label', { class: 'search-box' },
            icon('search'),
            h('span', { class: 'visually-hidden' }, t('cannedAdmin.search')),
            search)),
        count,
        h('div', { class: 'table-scroll' },
          h('table', { class: 'canned-table', 'data-testid': 'canned-table' },
            h('thead', {}, h('tr', {},
              h('th', { scope: 'col' }, t('cannedAdmin.shortcut')),
              h('th', { scope: 'col' }, t('cannedAdmin.titleColumn')),
              h('th', { scope: 'col' }, t('cannedAdmin.locale')),
              h('th', { scope: 'col' }, t('cannedAdmin.purpose')))),
            rows))));
    fillRows(rows, count);
  }

  function fillRows(rows, count) {
    const query = filter.query.trim().toLowerCase();
    const shown = items.filter(item => (!filter.purpose || item.purpose === filter.purpose)
      && (!query || [item.shortcut, item.title, item.body].some(text => text.toLowerCase().includes(query))));
    count.textContent = shown.length ? t('cannedAdmin.count', { count: shown.length }) : t('cannedAdmin.noMatch');
    rows.replaceChildren(...shown.map(item => h('tr', {
      class: 'canned-row', 'data-testid': 'canned-row', 'data-id': item.id, 'data-shortcut': item.shortcut, 'data-locale': item.locale,
      // The whole row opens the response; its link is the one keyboards and screen readers use.
      onclick: event => {
        if (!event.target.closest('a')) location.hash = cannedHash(item.id);
      },
    },
    h('td', { class: 'canned-cell-shortcut' }, h('a', { href: cannedHash(item.id) }, `/${item.shortcut}`)),
    h('td', {},
      h('span', { class: 'canned-row-title' }, item.title),
      h('span', { class: 'canned-row-body' }, item.body)),
    h('td', {}, h('span', { class: 'badge locale-badge', title: languageName(item.locale) }, item.locale.toUpperCase())),
    h('td', {}, h('span', { class: `badge purpose-badge purpose-${item.purpose}` }, t(`purpose.${item.purpose}`))))));
  }

  // ------------------------------------------------------------------ form

  function backLink() {
    return h('a', { class: 'back-to-list', href: cannedHash() }, icon('back'), h('span', {}, t('cannedAdmin.back')));
  }

  function openForm(original, values) {
    editing = { id: original?.id ?? null, original, values, snapshot: JSON.stringify(values), errors: {}, general: [], saving: false };
    renderForm();
    root.querySelector(original ? '#canned-title' : '#canned-shortcut')?.focus();
  }

  function renderForm() {
    const form = editing;
    const { values, errors } = form;
    const invalid = field => (errors[field]?.length ? { 'aria-invalid': 'true' } : {});
    const describe = (field, hint) => [hint && `canned-${field}-hint`, errors[field]?.length && `canned-${field}-error`].filter(Boolean).join(' ') || null;
    const update = field => event => {
      values[field] = event.target.value;
    };

    const purposeHint = h('p', { id: 'canned-purpose-hint', class: 'field-hint' }, t(`purposeHint.${values.purpose}`));
    const purpose = h('select', {
      id: 'canned-purpose', 'data-testid': 'canned-purpose', 'aria-describedby': describe('purpose', true), ...invalid('purpose'),
      onchange: event => {
        values.purpose = event.target.value;
        purposeHint.textContent = t(`purposeHint.${values.purpose}`);
      },
    }, PURPOSES.map(value => h('option', { value, selected: value === values.purpose }, t(`purpose.${value}`))));
    const locales = LOCALES.includes(values.locale) ? LOCALES : [values.locale, ...LOCALES];
    const locale = h('select', {
      id: 'canned-locale', 'data-testid': 'canned-locale', 'aria-describedby': describe('locale'), ...invalid('locale'), onchange: update('locale'),
    }, locales.map(value => h('option', { value, selected: value === values.locale }, languageName(value))));
    const shortcut = h('input', {
      id: 'canned-shortcut', type: 'text', value: values.shortcut, maxlength: '41', autocomplete: 'off', spellcheck: 'false',
      'data-testid': 'canned-shortcut', 'aria-describedby': describe('shortcut', true), ...invalid('shortcut'), oninput: update('shortcut'),
    });
    const title = h('input', {
      id: 'canned-title', type: 'text', value: values.title, maxlength: '200', 'data-testid': 'canned-title',
      'aria-describedby': describe('title'), ...invalid('title'), oninput: update('title'),
    });
    const body = h('textarea', {
      id: 'canned-body', rows: '8', maxlength: String(MAX_BODY), 'data-testid': 'canned-body',
      'aria-describedby': describe('body', true), ...invalid('body'), oninput: update('body'),
    });
    body.value = values.body;

    const saveButton = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'canned-save', disabled: form.saving },
      t(form.saving ? 'settings.saving' : 'settings.save'));
    root.replaceChildren(
      backLink(),
      settingsHeading(form.id === null ? t('cannedAdmin.newTitle') : t('cannedAdmin.editTitle', { shortcut: `/${form.original.shortcut}`, language: languageName(form.original.locale) })),
      h('form', {
        class: 'settings-card canned-form', novalidate: true, 'data-testid': 'canned-form',
        onsubmit: event => {
          event.preventDefault();
          save();
        },
      },
      h('div', { class: 'form-grid' },
        h('div', { class: 'settings-field' },
          h('label', { class: 'field-label', for: 'canned-purpose' }, t('cannedAdmin.purpose')), purpose, purposeHint,
          fieldError('canned-purpose-error', errors.purpose)),
        h('div', { class: 'settings-field' },
          h('label', { class: 'field-label', for: 'canned-locale' }, t('cannedAdmin.locale')), locale,
          fieldError('canned-locale-error', errors.locale)),
        h('div', { class: 'settings-field' },
          h('label', { class: 'field-label', for: 'canned-shortcut' }, t('cannedAdmin.shortcut')),
          h('div', { class: 'shortcut-input' }, h('span', { class: 'shortcut-slash', 'aria-hidden': 'true' }, '/'), shortcut),
          h('p', { id: 'canned-shortcut-hint', class: 'field-hint' }, t('cannedAdmin.shortcutHint')),
          fieldError('canned-shortcut-error', errors.shortcut)),
        h('div', { class: 'settings-field' },
          h('label', { class: 'field-label', for: 'canned-title' }, t('cannedAdmin.titleLabel')), title,
          fieldError('canned-title-error', errors.title))),
      h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'canned-body' }, t('cannedAdmin.body')),
        h('div', { class: 'variable-bar', role: 'group', 'aria-label': t('cannedAdmin.insertVariable') },
          h('span', { class: 'variable-bar-label', 'aria-hidden': 'true' }, t('cannedAdmin.insertVariable')),
          VARIABLES.map(([name, labelKey]) => h('button', {
            type: 'button', class: 'chip', title: `{{${name}}}`, 'data-variable': name, 'data-testid': 'canned-variable',
            onclick: () => insertVariable(body, `{{${name}}}`),
          }, t(labelKey)))),
        body,
        h('p', { id: 'canned-body-hint', class: 'field-hint' }, t('cannedAdmin.bodyHint')),
        fieldError('canned-body-error', errors.body)),
      form.general.length > 0 && h('p', { class: 'form-error', role: 'alert', 'data-testid': 'canned-error' }, form.general.join(' ')),
      h('div', { class: 'form-actions' },
        saveButton,
        h('a', { class: 'button', href: cannedHash() }, t('settings.cancel')),
        form.id !== null && h('button', {
          type: 'button', class: 'button button-danger-quiet form-actions-end', 'data-testid': 'canned-delete', onclick: remove,
        }, t('cannedAdmin.delete')))));
  }

  // Where the caret is, as typing would put it, so the browser's undo takes it out again.
  function insertVariable(textarea, token) {
    textarea.focus();
    if (!document.execCommand('insertText', false, token)) {
      textarea.setRangeText(token, textarea.selectionStart, textarea.selectionEnd, 'end');
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  async function save() {
    const form = editing;
    if (!form || form.saving) return;
    const { values } = form;
    const payload = {
      // Typed with its slash or in capitals, it is still the shortcut the picker matches.
      shortcut: values.shortcut.trim().replace(/^\/+/, '').toLowerCase(),
      title: values.title.trim(),
      locale: values.locale,
      body: values.body,
      purpose: values.purpose,
    };
    form.saving = true;
    form.errors = {};
    form.general = [];
    const button = root.querySelector('[data-testid="canned-save"]');
    if (button) {
      button.disabled = true;
      button.textContent = t('settings.saving');
    }
    try {
      const saved = form.id === null ? await api.createCanned(payload) : await api.updateCanned(form.id, payload);
      form.snapshot = JSON.stringify(values);
      items = null;
      onChanged();
      toast(t('cannedAdmin.saved', { shortcut: `/${saved?.shortcut ?? payload.shortcut}` }));
      if (editing === form) location.hash = cannedHash();
    } catch (error) {
      if (error.status === 400 && error.problem?.errors) {
        for (const [key, messages] of Object.entries(error.problem.errors)) {
          const field = camel(key);
          if (FIELDS.includes(field)) form.errors[field] = [...(form.errors[field] ?? []), ...[].concat(messages)];
          else form.general.push(...[].concat(messages));
        }
      } else {
        form.general.push(problemText(error));
      }
    } finally {
      form.saving = false;
    }
    if (editing !== form || (!Object.keys(form.errors).length && !form.general.length)) return;
    renderForm();
    const invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else root.querySelector('[data-testid="canned-error"]')?.scrollIntoView({ block: 'nearest' });
  }

  async function remove() {
    const form = editing;
    if (!form || form.id === null) return;
    const shortcut = `/${form.original.shortcut}`;
    const confirmed = await confirmDialog({
      title: t('cannedAdmin.deleteTitle'),
      text: t('cannedAdmin.deleteText', { shortcut, language: languageName(form.original.locale) }),
      confirmLabel: t('cannedAdmin.delete'),
    });
    if (!confirmed || editing !== form) return;
    try {
      await api.deleteCanned(form.id);
    } catch (error) {
      // Someone else deleted it already: what the admin wanted is done.
      if (error.status !== 404) {
        form.general = [t('cannedAdmin.deleteFailed', { reason: problemText(error) })];
        if (editing === form) renderForm();
        return;
      }
    }
    form.snapshot = JSON.stringify(form.values);
    items = null;
    onChanged();
    toast(t('cannedAdmin.deleted', { shortcut }));
    if (editing === form) location.hash = cannedHash();
  }

  return {
    show,
    leave() {
      generation++;
      editing = null;
    },
    hasUnsavedChanges: () => Boolean(editing) && JSON.stringify(editing.values) !== editing.snapshot,
    reset() {
      items = null;
      filter.purpose = '';
      filter.query = '';
    },
  };
}
