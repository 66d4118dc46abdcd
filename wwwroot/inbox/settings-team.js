import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { card, fieldError, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

export const AVATAR_COLORS = 8;
const ROLES = ['agent', 'admin'];
const MIN_PASSWORD = 10;
const MAX_AVATAR_BYTES = 256 * 1024;

/** An agent's picture, or their initials on their colour; decorative, since their name is always beside it. */
export function agentAvatar(agent, size = 'medium') {
  if (agent.avatarUrl) return h('img', { class: `team-avatar team-avatar-${size}`, src: agent.avatarUrl, alt: '' });
  const initials = agent.name.split(/\s+/).filter(Boolean).slice(0, 2).map(part => [...part][0].toUpperCase()).join('');
  return h('span', { class: `team-avatar team-avatar-${size} hue-${agent.avatarColor ?? 0}`, 'aria-hidden': 'true' }, initials || '?');
}

/** The address an invited agent opens: this inbox, with the token after the # so it never reaches a server log or referrer. */
export const invitationLink = token => `${location.origin}/inbox/#/invitation/${token}`;

/** A picture the server will take, judged before sending so the admin hears at once; the server judges the bytes again. */
export function avatarFileProblem(file) {
  if (!['image/png', 'image/jpeg', 'image/webp'].includes(file.type)) return t('team.avatarType');
  if (file.size > MAX_AVATAR_BYTES) return t('team.avatarSize');
  return null;
}

/** The server's field errors under the form's own names; what belongs to no field goes to general. */
function collectErrors(error, fields) {
  const errors = {};
  const general = [];
  if (error.status === 400 && error.problem?.errors) {
    for (const [key, messages] of Object.entries(error.problem.errors)) {
      const field = key.charAt(0).toLowerCase() + key.slice(1);
      if (fields.includes(field)) errors[field] = [...(errors[field] ?? []), ...[].concat(messages)];
      else general.push(...[].concat(messages));
    }
  } else {
    general.push(error.status === 409 ? error.problem?.detail || error.problem?.title || t('error.generic') : problemText(error));
  }
  return { errors, general };
}

/** Colour swatches for the initials: a radio group, keyboard-usable like any other. */
export function colorPicker(name, selected, onchange) {
  return h('fieldset', { class: 'color-picker' },
    h('legend', { class: 'field-label' }, t('team.color')),
    h('div', { class: 'color-swatches' },
      Array.from({ length: AVATAR_COLORS }, (_, i) => h('label', { class: 'color-swatch' },
        h('input', {
          type: 'radio', name, value: i, checked: i === selected, 'data-testid': `${name}-${i}`,
          onchange: () => onchange(i),
        }),
        h('span', { class: `swatch hue-${i}`, 'aria-hidden': 'true' }),
        h('span', { class: 'visually-hidden' }, t('team.colorN', { n: i + 1 }))))));
}

/** Settings → Team: who answers customers, what customers see of them, and how they get in. */
export function createTeamPage({ root, toast, session }) {
  let visible = false;
  let generation = 0;
  let agents = [];
  // What is shown: the list, a form for a new agent, or one agent's form; and a link just made, to copy.
  let view = { kind: 'list' };

  const heading = () => settingsHeading(t('team.title'), t('team.intro'));

  async function load() {
    const mine = ++generation;
    root.replaceChildren(heading(), settingsMessage(t('settings.loading')));
    try {
      const list = await api.agents();
      if (mine !== generation || !visible) return;
      agents = list;
      render();
    } catch (error) {
      if (mine !== generation) return;
      root.replaceChildren(heading(), settingsMessage(problemText(error), { retry: load }));
    }
  }

  function render() {
    if (!visible) return;
    if (view.kind === 'new') return renderForm(null);
    if (view.kind === 'edit') {
      const agent = agents.find(a => a.id === view.id);
      if (agent) return renderForm(agent);
      view = { kind: 'list' };
    }
    renderList();
  }

  function status(agent) {
    if (agent.disabled) return 'disabled';
    if (agent.invited) return new Date(agent.invitationExpiresAt) > new Date() ? 'invited' : 'expired';
    return agent.presence;
  }

  function renderList() {
    const rows = agents.map(agent => {
      const state = status(agent);
      return h('tr', { 'data-testid': 'team-row', 'data-agent-id': agent.id },
        h('td', { class: 'team-who' },
          agentAvatar(agent),
          h('div', {},
            h('div', { class: 'team-name', 'data-testid': 'team-name' }, agent.name),
            h('div', { class: 'team-display' }, t('team.customersSee', { name: agent.displayName || agent.name })))),
        h('td', { 'data-label': t('team.email') }, h('span', { class: 'team-email' }, agent.email)),
        h('td', { 'data-label': t('team.role') }, t(`team.role.${agent.role}`)),
        h('td', { 'data-label': t('team.capacity') }, String(agent.chatCapacity)),
        h('td', { 'data-label': t('team.status') },
          h('span', { class: `team-status team-status-${state}`, 'data-testid': 'team-status' }, t(`team.status.${state}`))),
        h('td', { class: 'team-actions' },
          h('button', {
            type: 'button', class: 'button button-small', 'data-testid': 'team-edit',
            'aria-label': t('team.editNamed', { name: agent.name }),
            onclick: () => go({ kind: 'edit', id: agent.id }),
          }, t('team.edit'))));
    });
    root.replaceChildren(
      heading(),
      h('div', { class: 'team-toolbar' },
        h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'team-add', onclick: () => go({ kind: 'new' }) }, t('team.add'))),
      view.link ? linkPanel(view.link) : '',
      h('div', { class: 'settings-card team-card' },
        h('table', { class: 'team-table', 'data-testid': 'team-table' },
          h('caption', { class: 'visually-hidden' }, t('team.title')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('team.name')),
            h('th', { scope: 'col' }, t('team.email')),
            h('th', { scope: 'col' }, t('team.role')),
            h('th', { scope: 'col' }, t('team.capacity')),
            h('th', { scope: 'col' }, t('team.status')),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('team.actions'))))),
          h('tbody', {}, rows))));
  }

  /** A one-time link to copy and hand over; shown once, since only its hash is kept. */
  function linkPanel({ name, token, expiresAt }) {
    const link = invitationLink(token);
    const input = h('input', { type: 'text', readonly: true, value: link, id: 'team-link', 'data-testid': 'team-invitation-link', onfocus: e => e.target.select() });
    return h('section', { class: 'team-link-panel', role: 'status', 'data-testid': 'team-invitation' },
      h('h2', { class: 'card-title' }, t('team.linkTitle', { name })),
      h('p', { class: 'field-hint' }, t('team.linkHint', { date: new Date(expiresAt).toLocaleDateString(document.documentElement.lang, { dateStyle: 'long' }) })),
      h('div', { class: 'team-link-row' },
        h('label', { class: 'visually-hidden', for: 'team-link' }, t('team.linkLabel')),
        input,
        h('button', {
          type: 'button', class: 'button', 'data-testid': 'team-copy',
          onclick: async () => {
            input.select();
            try {
              await navigator.clipboard.writeText(link);
              toast(t('team.copied'));
            } catch {
              toast(t('team.copyManually'));
            }
          },
        }, t('team.copy'))));
  }

  function renderForm(agent) {
    const isNew = agent === null;
    const fields = ['name', 'email', 'displayName', 'role', 'chatCapacity', 'password', 'avatarColor', 'image'];
    const values = view.values ??= {
      name: agent?.name ?? '', email: agent?.email ?? '', displayName: agent?.displayName ?? '', role: agent?.role ?? 'agent',
      chatCapacity: String(agent?.chatCapacity ?? 5), avatarColor: agent?.avatarColor ?? Math.floor(Math.random() * AVATAR_COLORS),
      access: 'invite', password: '', file: null,
    };
    const errors = view.errors ?? {};
    const general = view.general ?? [];
    const described = (field, hint) => ({
      'aria-describedby': [hint && `team-${field}-hint`, errors[field]?.length && `team-${field}-error`].filter(Boolean).join(' ') || null,
      'aria-invalid': errors[field]?.length ? 'true' : null,
    });
    const text = (field, props = {}) => h('input', {
      id: `team-${field}`, type: 'text', value: values[field], 'data-testid': `team-${field}`, ...described(field, props.hint), ...props.attrs,
      oninput: event => {
        values[field] = event.target.value;
        if (field === 'name' || field === 'displayName') showPreview();
      },
    });
    const field = (name, label, control, hint) => h('div', { class: 'settings-field' },
      h('label', { class: 'field-label', for: `team-${name}` }, label),
      control,
      hint && h('p', { id: `team-${name}-hint`, class: 'field-hint' }, hint),
      fieldError(`team-${name}-error`, errors[name]));

    const preview = h('div', { class: 'team-preview', 'aria-hidden': 'true' });
    const showPreview = () => preview.replaceChildren(agentAvatar({
      name: values.displayName || values.name || '?', avatarColor: values.avatarColor,
      avatarUrl: values.file ? URL.createObjectURL(values.file) : values.removeImage ? null : agent?.avatarUrl,
    }, 'large'));
    showPreview();

    const fileInput = h('input', {
      id: 'team-image', type: 'file', accept: 'image/png,image/jpeg,image/webp', 'data-testid': 'team-image', ...described('image', true),
      onchange: event => {
        const file = event.target.files[0] ?? null;
        const problem = file && avatarFileProblem(file);
        if (problem) {
          event.target.value = '';
          view.errors = { ...errors, image: [problem] };
          return renderForm(agent);
        }
        values.file = file;
        values.removeImage = false;
        showPreview();
      },
    });

    const form = h('form', {
      class: 'settings-form team-form', novalidate: true, 'data-testid': 'team-form',
      onsubmit: event => {
        event.preventDefault();
        save(agent);
      },
    },
    settingsHeading(isNew ? t('team.addTitle') : t('team.editTitle', { name: agent.name }), isNew ? t('team.addIntro') : null),
    card(t('team.identity'),
      h('div', { class: 'form-grid' },
        field('name', t('team.name'), text('name', { attrs: { autocomplete: 'off', required: true } })),
        field('displayName', t('team.displayName'), text('displayName', { hint: true, attrs: { placeholder: values.name } }), t('team.displayNameHint'))),
      isNew
        ? field('email', t('team.email'), text('email', { attrs: { type: 'email', autocomplete: 'off', required: true } }))
        : h('p', { class: 'field-hint' }, t('team.emailFixed', { email: agent.email })),
      h('div', { class: 'team-avatar-row' },
        preview,
        h('div', { class: 'team-avatar-controls' },
          colorPicker('team-color', values.avatarColor, i => {
            values.avatarColor = i;
            showPreview();
          }),
          field('image', t('team.picture'), fileInput, t('team.pictureHint')),
          (agent?.avatarUrl && !values.removeImage) && h('button', {
            type: 'button', class: 'button button-small', 'data-testid': 'team-remove-image',
            onclick: () => {
              values.removeImage = true;
              values.file = null;
              renderForm(agent);
            },
          }, t('team.removePicture'))))),
    card(t('team.work'),
      h('div', { class: 'form-grid' },
        field('role', t('team.role'), h('select', {
          id: 'team-role', 'data-testid': 'team-role', ...described('role', true),
          onchange: event => { values.role = event.target.value; },
        }, ROLES.map(role => h('option', { value: role, selected: role === values.role }, t(`team.role.${role}`)))), t('team.roleHint')),
        field('chatCapacity', t('team.capacity'), h('input', {
          id: 'team-chatCapacity', type: 'number', min: 0, max: 50, step: 1, inputmode: 'numeric', value: values.chatCapacity,
          'data-testid': 'team-chatCapacity', ...described('chatCapacity', true),
          oninput: event => { values.chatCapacity = event.target.value; },
        }), t('team.capacityHint')))),
    isNew && accessCard(values, errors, described, renderForm),
    general.length > 0 && h('p', { class: 'form-error', role: 'alert', 'data-testid': 'team-error' }, general.join(' ')),
    h('div', { class: 'save-bar' }, h('div', { class: 'save-actions' },
      h('button', { type: 'button', class: 'button', 'data-testid': 'team-cancel', onclick: () => go({ kind: 'list' }) }, t('team.back')),
      h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'team-save', disabled: view.saving },
        t(view.saving ? 'settings.saving' : isNew ? (values.access === 'invite' ? 'team.createInvite' : 'team.create') : 'settings.save')))));

    root.replaceChildren(form, isNew ? '' : accountCard(agent));
    const invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid && view.focusError) invalid.focus();
    view.focusError = false;
  }

  function accessCard(values, errors, described, rerender) {
    const choice = (value, label, hint) => h('label', { class: 'check-field' },
      h('input', {
        type: 'radio', name: 'team-access', value, checked: values.access === value, 'data-testid': `team-access-${value}`,
        onchange: () => {
          values.access = value;
          rerender(null);
        },
      }),
      h('span', {}, h('span', { class: 'field-label' }, label), h('span', { class: 'field-hint' }, hint)));
    return card(t('team.access'),
      h('fieldset', { class: 'team-access' },
        h('legend', { class: 'visually-hidden' }, t('team.access')),
        choice('invite', t('team.accessInvite'), t('team.accessInviteHint')),
        choice('password', t('team.accessPassword'), t('team.accessPasswordHint'))),
      values.access === 'password' && h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'team-password' }, t('team.password')),
        h('input', {
          id: 'team-password', type: 'password', autocomplete: 'new-password', value: values.password, 'data-testid': 'team-password',
          ...described('password', true), oninput: event => { values.password = event.target.value; },
        }),
        h('p', { id: 'team-password-hint', class: 'field-hint' }, t('team.passwordHint', { min: MIN_PASSWORD })),
        fieldError('team-password-error', errors.password)));
  }

  /** Disable or enable, a new password, a new invitation: each acts at once, apart from the form. */
  function accountCard(agent) {
    const message = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'team-account-error', hidden: true });
    const fail = error => {
      message.textContent = error.status === 409 ? error.problem?.detail || error.problem?.title : collectErrors(error, []).general.join(' ')
        || Object.values(error.problem?.errors ?? {}).flat().join(' ') || problemText(error);
      message.hidden = false;
    };
    const password = h('input', { id: 'team-reset-password', type: 'password', autocomplete: 'new-password', 'data-testid': 'team-reset-password' });
    const mine = agent.id === session.me?.id;
    return card(t('team.account'),
      h('div', { class: 'team-account-actions' },
        h('div', { class: 'settings-field' },
          h('p', { class: 'field-hint' }, agent.disabled ? t('team.disabledHint') : t('team.disableHint')),
          h('div', {}, h('button', {
            type: 'button', class: agent.disabled ? 'button' : 'button button-danger', 'data-testid': 'team-toggle-disabled',
            onclick: async () => {
              try {
                replaceAgent(await api.updateAgent(agent.id, { disabled: !agent.disabled }));
                toast(t(agent.disabled ? 'team.enabledToast' : 'team.disabledToast', { name: agent.name }));
                render();
              } catch (error) {
                fail(error);
              }
            },
          }, t(agent.disabled ? 'team.enable' : mine ? 'team.disableSelf' : 'team.disable')))),
        !agent.disabled && h('div', { class: 'settings-field' },
          h('p', { class: 'field-hint' }, t('team.inviteAgainHint')),
          h('div', {}, h('button', {
            type: 'button', class: 'button', 'data-testid': 'team-invite-again',
            onclick: async () => {
              try {
                const invitation = await api.inviteAgent(agent.id);
                view = { kind: 'list', link: { name: agent.name, ...invitation } };
                await load();
              } catch (error) {
                fail(error);
              }
            },
          }, t('team.inviteAgain')))),
        h('form', {
          class: 'settings-field', novalidate: true,
          onsubmit: async event => {
            event.preventDefault();
            try {
              await api.resetAgentPassword(agent.id, password.value);
              password.value = '';
              message.hidden = true;
              toast(t('team.passwordReset', { name: agent.name }));
            } catch (error) {
              fail(error);
            }
          },
        },
        h('label', { class: 'field-label', for: 'team-reset-password' }, t('team.resetPassword')),
        h('div', { class: 'team-inline' }, password,
          h('button', { type: 'submit', class: 'button', 'data-testid': 'team-reset-submit' }, t('team.setPassword'))),
        h('p', { class: 'field-hint' }, t('team.resetHint', { min: MIN_PASSWORD })))),
      message);
  }

  function replaceAgent(updated) {
    agents = agents.map(a => (a.id === updated.id ? { ...a, ...updated } : a));
  }

  async function save(agent) {
    const values = view.values;
    if (view.saving) return;
    const isNew = agent === null;
    const capacity = Number(values.chatCapacity);
    const body = {
      name: values.name.trim(), displayName: values.displayName.trim(), role: values.role,
      chatCapacity: /^\d+$/.test(values.chatCapacity.trim()) ? capacity : -1, avatarColor: values.avatarColor,
    };
    if (isNew) {
      body.email = values.email.trim();
      if (values.access === 'invite') body.invite = true;
      else body.password = values.password;
    }
    view.saving = true;
    view.errors = {};
    view.general = [];
    renderForm(agent);
    let saved = null;
    try {
      saved = isNew ? await api.createAgent(body) : await api.updateAgent(agent.id, body);
      if (values.file) await api.setAvatar(saved.id, values.file);
      else if (values.removeImage && !isNew) await api.removeAvatar(saved.id);
      toast(t(isNew ? 'team.createdToast' : 'team.savedToast', { name: saved.name }));
      view = { kind: 'list', link: saved.invitation ? { name: saved.name, ...saved.invitation } : null };
      await load();
    } catch (error) {
      const { errors, general } = collectErrors(error, ['name', 'email', 'displayName', 'role', 'chatCapacity', 'password', 'avatarColor', 'image']);
      // The agent exists even when the picture was refused: go on editing them.
      if (saved && isNew) view = { kind: 'edit', id: saved.id, values: { ...values, file: null }, link: null };
      Object.assign(view, { errors, general, saving: false, focusError: true });
      if (saved && isNew) await load();
      else renderForm(agent);
    }
  }

  function go(next) {
    view = next;
    render();
    root.focus?.({ preventScroll: true });
  }

  return {
    show() {
      visible = true;
      view = { kind: 'list' };
      load();
    },
    leave() {
      visible = false;
      generation++;
    },
    hasUnsavedChanges: () => false,
    reset() {
      agents = [];
      view = { kind: 'list' };
    },
  };
}
