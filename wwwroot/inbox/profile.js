import { api } from './api.js';
import { h, icon } from './dom.js';
import { LANGUAGES, chooseLanguage, lang, t } from './i18n.js';
import { fieldError, problemText } from './settings-ui.js';
import { agentAvatar, avatarFileProblem, colorPicker } from './settings-team.js';

const MIN_PASSWORD = 10;

/** The server's field errors by field; the rest as one list. */
function errorsOf(error) {
  const errors = {};
  const general = [];
  if (error.status === 400 && error.problem?.errors) {
    for (const [key, messages] of Object.entries(error.problem.errors)) errors[key.charAt(0).toLowerCase() + key.slice(1)] = [].concat(messages);
  } else {
    general.push(problemText(error));
  }
  return { errors, general };
}

/**
 * Every agent's own profile, in a dialog opened from their name at the top: their name, the name and
 * picture customers see, their password and the inbox's language. onChanged gets the agent as saved.
 */
export function openProfile({ me, toast, onChanged }) {
  let current = me;
  const state = { name: me.name, displayName: me.displayName ?? '', avatarColor: me.avatarColor ?? 0, errors: {}, general: [], saving: false };
  const dialog = h('dialog', { class: 'dialog profile-dialog', 'aria-labelledby': 'profile-title', 'data-testid': 'profile-dialog' });
  const body = h('div', { class: 'profile-body' });
  dialog.append(
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'profile-title' }, t('profile.title')),
      h('button', {
        type: 'button', class: 'button button-quiet button-small dialog-close', 'aria-label': t('profile.close'),
        title: t('profile.close'), onclick: () => dialog.close(),
      }, icon('close'))),
    body);

  const described = (field, hint) => ({
    'aria-describedby': [hint && `profile-${field}-hint`, state.errors[field]?.length && `profile-${field}-error`].filter(Boolean).join(' ') || null,
    'aria-invalid': state.errors[field]?.length ? 'true' : null,
  });

  function render() {
    const preview = h('div', { class: 'team-preview', 'aria-hidden': 'true' },
      agentAvatar({ ...current, name: state.displayName || state.name || '?', avatarColor: state.avatarColor }, 'large'));
    const file = h('input', {
      id: 'profile-image', type: 'file', accept: 'image/png,image/jpeg,image/webp', 'data-testid': 'profile-image', ...described('image', true),
      onchange: async event => {
        const chosen = event.target.files[0];
        if (!chosen) return;
        const problem = avatarFileProblem(chosen);
        if (problem) {
          state.errors = { image: [problem] };
          return render();
        }
        try {
          current = await api.setAvatar(current.id, chosen);
          state.errors = {};
          onChanged(current);
        } catch (error) {
          ({ errors: state.errors, general: state.general } = errorsOf(error));
        }
        render();
      },
    });
    const text = (field, attrs = {}) => h('input', {
      id: `profile-${field}`, type: 'text', value: state[field], 'data-testid': `profile-${field}`, ...described(field, attrs.hint), ...attrs,
      hint: null, oninput: event => { state[field] = event.target.value; },
    });

    body.replaceChildren(
      h('form', {
        class: 'profile-section', novalidate: true, 'data-testid': 'profile-form',
        onsubmit: event => {
          event.preventDefault();
          saveProfile();
        },
      },
      h('div', { class: 'team-avatar-row' },
        preview,
        h('div', { class: 'team-avatar-controls' },
          colorPicker('profile-color', state.avatarColor, i => {
            state.avatarColor = i;
            render();
          }),
          h('div', { class: 'settings-field' },
            h('label', { class: 'field-label', for: 'profile-image' }, t('team.picture')),
            file,
            h('p', { id: 'profile-image-hint', class: 'field-hint' }, t('team.pictureHint')),
            fieldError('profile-image-error', state.errors.image)),
          current.avatarUrl && h('button', {
            type: 'button', class: 'button button-small', 'data-testid': 'profile-remove-image',
            onclick: async () => {
              try {
                current = await api.removeAvatar(current.id);
                onChanged(current);
              } catch (error) {
                ({ errors: state.errors, general: state.general } = errorsOf(error));
              }
              render();
            },
          }, t('team.removePicture')))),
      h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'profile-name' }, t('team.name')),
        text('name', { autocomplete: 'name' }),
        fieldError('profile-name-error', state.errors.name)),
      h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'profile-displayName' }, t('team.displayName')),
        text('displayName', { hint: true, placeholder: state.name }),
        h('p', { id: 'profile-displayName-hint', class: 'field-hint' }, t('team.displayNameHint')),
        fieldError('profile-displayName-error', state.errors.displayName)),
      state.general.length > 0 && h('p', { class: 'form-error', role: 'alert' }, state.general.join(' ')),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'profile-save', disabled: state.saving },
          t(state.saving ? 'settings.saving' : 'settings.save')))),
      passwordSection(),
      languageSection());
    const invalid = body.querySelector('[aria-invalid="true"]');
    if (invalid && state.focusError) invalid.focus();
    state.focusError = false;
  }

  async function saveProfile() {
    state.saving = true;
    state.errors = {};
    state.general = [];
    render();
    try {
      current = await api.updateProfile({ name: state.name.trim(), displayName: state.displayName.trim(), avatarColor: state.avatarColor });
      onChanged(current);
      toast(t('profile.saved'));
    } catch (error) {
      ({ errors: state.errors, general: state.general } = errorsOf(error));
      state.focusError = true;
    }
    state.saving = false;
    render();
  }

  function passwordSection() {
    const currentInput = h('input', { id: 'profile-current', type: 'password', autocomplete: 'current-password', 'data-testid': 'profile-current-password' });
    const next = h('input', {
      id: 'profile-new', type: 'password', autocomplete: 'new-password', 'data-testid': 'profile-new-password', 'aria-describedby': 'profile-new-hint',
    });
    const message = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'profile-password-error', hidden: true });
    return h('form', {
      class: 'profile-section', novalidate: true,
      onsubmit: async event => {
        event.preventDefault();
        try {
          await api.changePassword(currentInput.value, next.value);
          currentInput.value = '';
          next.value = '';
          message.hidden = true;
          toast(t('profile.passwordChanged'));
        } catch (error) {
          const { errors, general } = errorsOf(error);
          message.textContent = [...Object.values(errors).flat(), ...general].join(' ');
          message.hidden = false;
        }
      },
    },
    h('h3', { class: 'profile-heading' }, t('profile.password')),
    h('div', { class: 'settings-field' }, h('label', { class: 'field-label', for: 'profile-current' }, t('profile.currentPassword')), currentInput),
    h('div', { class: 'settings-field' },
      h('label', { class: 'field-label', for: 'profile-new' }, t('profile.newPassword')), next,
      h('p', { id: 'profile-new-hint', class: 'field-hint' }, t('team.passwordHint', { min: MIN_PASSWORD }))),
    message,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'button', 'data-testid': 'profile-password-save' }, t('profile.changePassword'))));
  }

  function languageSection() {
    return h('div', { class: 'profile-section settings-field' },
      h('h3', { class: 'profile-heading' }, h('label', { for: 'profile-language' }, t('profile.language'))),
      h('select', {
        id: 'profile-language', 'data-testid': 'profile-language', 'aria-describedby': 'profile-language-hint',
        onchange: event => chooseLanguage(event.target.value),
      }, Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, selected: code === lang, lang: code }, name))),
      h('p', { id: 'profile-language-hint', class: 'field-hint' }, t('profile.languageHint')));
  }

  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  render();
  dialog.showModal();
}
