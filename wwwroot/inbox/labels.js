// Labels: coloured chips on conversations, the picker in the conversation header and the list's label filter.
import { api } from './api.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';

/** The catalogue by name: { id, name, color, conversations }. Loaded once a session, refreshed after changes. */
const catalogue = new Map();
const listeners = new Set();

export async function loadLabels() {
  try {
    const labels = await api.labels();
    catalogue.clear();
    for (const label of labels) catalogue.set(label.name, label);
    for (const listener of listeners) listener();
  } catch {
    // Chips fall back to grey; the next change loads it again.
  }
}

export const labelCatalogue = () => [...catalogue.values()];

/** One chip; its colour class pairs a background with a text colour of AA contrast (organise.css). */
export function labelChip(name) {
  const color = catalogue.get(name)?.color ?? 'gray';
  return h('span', { class: `label-chip label-${color}`, 'data-testid': 'label-chip' }, name);
}

export function labelChips(names = []) {
  if (!names.length) return null;
  return h('span', { class: 'label-chips', role: 'list', 'aria-label': t('labels.title') },
    names.map(name => h('span', { role: 'listitem' }, labelChip(name))));
}

/** Names as the server stores them, so that the picker can tell a new label from a known one. */
export const normalizeLabel = text => text.normalize('NFC').trim().split(/\s+/).join(' ').toLowerCase();

let openPicker = () => {};

/** Opens the label picker of the conversation shown (for keyboard shortcuts); does nothing when none is. */
export function openLabelPicker() {
  openPicker();
}

/**
 * The header's labels: the chips and a picker to change them. Type to filter or to name a new label,
 * Enter adds it, each label is a checkbox; every change is saved at once.
 */
export function createLabelPicker({ toast }) {
  const chips = $('#conversation-labels');
  const button = $('#label-button');
  const panel = $('#label-panel');
  const input = $('#label-input');
  const options = $('#label-options');
  let summary = null;

  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  input.addEventListener('input', renderOptions);
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const name = normalizeLabel(input.value);
      if (name && !summary.labels.includes(name)) save([...summary.labels, name]);
      input.value = '';
      renderOptions();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      options.querySelector('input')?.focus();
    }
  });
  panel.addEventListener('keydown', event => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
    button.focus();
  });
  listeners.add(() => summary && show(summary));
  openPicker = () => summary && !button.hidden && open();

  function open() {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    input.value = '';
    renderOptions();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }

  function renderOptions() {
    const typed = normalizeLabel(input.value);
    const names = new Set([...catalogue.keys(), ...summary.labels]);
    const shown = [...names].filter(name => !typed || name.includes(typed)).sort();
    options.replaceChildren(
      ...shown.map(name => h('li', {},
        h('label', { class: 'label-option' },
          h('input', {
            type: 'checkbox', checked: summary.labels.includes(name), 'data-testid': 'label-option',
            onchange: event => save(event.target.checked
              ? [...summary.labels, name] : summary.labels.filter(other => other !== name)),
          }),
          labelChip(name)))),
      typed && !names.has(typed) && h('li', { class: 'label-create' }, t('labels.create', { name: typed })));
  }

  async function save(labels) {
    const id = summary.id;
    try {
      const saved = await api.setLabels(id, labels);
      if (summary?.id !== id) return;
      const known = saved.labels.every(name => catalogue.has(name));
      summary = { ...summary, labels: saved.labels };
      show(summary);
      if (!known) await loadLabels();
    } catch (error) {
      toast(error.detail || t('error.generic'));
    }
  }

  function show(s) {
    summary = s;
    chips.replaceChildren(...(s.labels ?? []).map(labelChip));
    if (!panel.hidden) renderOptions();
  }

  return {
    show(s) {
      if (summary?.id !== s.id) close();
      show({ ...s, labels: s.labels ?? [] });
    },
    close() {
      summary = null;
      close();
    },
  };
}

/** The list's label filter: a select of the catalogue's labels, "all labels" first. */
export function createLabelFilter(select, onChange) {
  select.addEventListener('change', () => onChange(select.value));
  const render = () => {
    const value = select.value;
    select.replaceChildren(h('option', { value: '' }, t('labels.filterAll')),
      ...labelCatalogue().map(label => h('option', { value: label.name }, label.name)));
    select.value = catalogue.has(value) ? value : '';
  };
  listeners.add(render);
  render();
}
