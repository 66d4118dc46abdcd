// The pieces every settings page is built from, so they look and read alike.
import { h } from './dom.js';
import { lang, t } from './i18n.js';

export const capitalise = text => text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);

const languages = (() => {
  try {
    return new Intl.DisplayNames(lang, { type: 'language' });
  } catch {
    return null;
  }
})();

/** "da" as the admin's language names it: "Danish"; the code itself when unknown. */
export function languageName(code) {
  try {
    return capitalise(languages?.of(code) ?? code);
  } catch {
    return code;
  }
}

export function settingsHeading(title, intro) {
  return h('header', { class: 'settings-head' }, h('h1', {}, title), intro && h('p', { class: 'settings-intro' }, intro));
}

export function card(title, ...children) {
  return h('section', { class: 'settings-card' }, h('h2', { class: 'card-title' }, title), ...children);
}

/** A field's error messages under it; nothing when there are none. */
export function fieldError(id, messages) {
  return messages?.length ? h('p', { id, class: 'field-error', 'data-testid': 'field-error' }, messages.join(' ')) : null;
}

/**
 * The bar under a settings form: whether it is saved, Discard and Save, and the errors that belong to no one field.
 * Its data-testids start with testid, e.g. "hours-save". show() says how the form stands; call it once the bar is built.
 */
export function createSaveBar({ testid, errors, onDiscard }) {
  const state = h('span', { class: 'save-state', 'data-testid': `${testid}-save-state`, 'aria-live': 'polite' });
  const discard = h('button', { type: 'button', class: 'button', 'data-testid': `${testid}-discard`, onclick: onDiscard }, t('settings.discard'));
  const save = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': `${testid}-save` });
  return {
    element: h('div', { class: 'save-bar' },
      errors.length > 0 && h('p', { class: 'form-error', role: 'alert', 'data-testid': `${testid}-error` }, errors.join(' ')),
      h('div', { class: 'save-actions' }, state, discard, save)),
    show({ changed, saving, saved }) {
      state.textContent = changed ? t('settings.unsaved') : saved ? t('settings.saved') : '';
      state.classList.toggle('is-unsaved', changed);
      discard.disabled = !changed || saving;
      save.disabled = saving;
      save.textContent = t(saving ? 'settings.saving' : 'settings.save');
    },
  };
}

/** A loading note, or a failure with a way to try again. */
export function settingsMessage(text, { retry } = {}) {
  return h('div', { class: 'settings-message', role: retry ? 'alert' : 'status' },
    h('p', {}, text),
    retry && h('button', { type: 'button', class: 'button button-small', onclick: retry }, t('settings.retry')));
}

/** What went wrong with a request, in words an admin can act on. */
export const problemText = error => (error.status === 0 ? t('error.network') : error.detail || t('error.generic'));
