import { api } from './api.js';
import { KINDS, KIND_ORDER, LANGUAGES, randomSecret } from './channel-kinds.js';
import { confirmDialog } from './confirm.js';
import { h, icon, labelledIcon } from './dom.js';
import { fullTime, relativeTime } from './format.js';
import { t } from './i18n.js';
import { copyBlock, installCards } from './settings-channel-install.js';
import { card, createSaveBar, fieldError, languageName, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

export const channelsHash = '#/settings/channels';
const channelHash = id => `${channelsHash}/${id}`;

/** "3 min ago", with the exact time on hover and for screen readers. */
const when = iso => h('time', { datetime: iso, title: fullTime(iso) }, relativeTime(iso));

/**
 * Whether the shop's systems reach the channel and its replies leave: the last message or webhook,
 * the last delivery and failure, the last refused attempt. Each part only when it happened.
 */
export function healthLine(channel) {
  const health = channel.health ?? {};
  const part = (tone, testid, ...content) => h('span', { class: `health-part is-${tone}`, 'data-testid': testid }, ...content);
  const parts = [
    health.lastReceivedAt
      ? part('good', 'health-received', t('channels.health.received'), ' ', when(health.lastReceivedAt))
      : part('quiet', 'health-received', t('channels.health.nothingYet')),
  ];
  if (health.lastDeliveredAt) parts.push(part('good', 'health-delivered', t('channels.health.delivered'), ' ', when(health.lastDeliveredAt)));
  if (health.lastErrorAt && !(health.lastDeliveredAt > health.lastErrorAt)) {
    parts.push(part('bad', 'health-error', t('channels.health.failed'), ' ', when(health.lastErrorAt), ': ', health.lastError ?? ''));
  } else if (health.lastErrorAt) {
    parts.push(part('quiet', 'health-error', t('channels.health.failedEarlier'), ' ', when(health.lastErrorAt)));
  }
  if (health.lastRejectedAt && !(health.lastReceivedAt > health.lastRejectedAt)) {
    parts.push(part('bad', 'health-rejected', t('channels.health.rejected'), ' ', when(health.lastRejectedAt), ': ',
      t(`channels.health.reason.${health.lastRejectedReason}`)));
  }
  return h('p', { class: 'health-line', 'data-testid': 'channel-health' }, parts);
}

const kindLabel = kind => t(`kind.${kind}`);

/** Form values as typed: every setting a string, secrets empty until the admin sets or replaces one. */
function toForm(channel, kind) {
  const settings = {};
  for (const field of KINDS[kind].fields) {
    const value = field.writeOnly ? '' : channel?.settings?.[field.key];
    settings[field.key] = value == null ? '' : String(value);
  }
  return { name: channel?.name ?? '', secret: '', settings };
}

/** What the API takes: unset settings left out; a write-only one only when the admin typed a new value. */
function toRequest(form, kind, replacing) {
  const settings = {};
  for (const field of KINDS[kind].fields) {
    const value = form.settings[field.key].trim();
    if (!value || (field.writeOnly && !replacing.has(field.key))) continue;
    settings[field.key] = field.type === 'emailChannel' ? Number(value) : value;
  }
  const secret = form.secret.trim();
  return { name: form.name.trim(), settings, ...(secret && replacing.has('secret') && { secret }) };
}

/** Admins see every channel, add one of any kind, change its settings, replace its secrets and remove it. */
export function createChannelsPage({ root, toast }) {
  let visible = false;
  let generation = 0;
  let channels = [];
  // The form shown: { id, kind, channel, values, snapshot, replacing, generated, errors, general, saving, justSaved }.
  let page = null;

  const dirty = () => Boolean(page) && JSON.stringify(page.values) !== page.snapshot;

  async function load(then) {
    const mine = ++generation;
    root.replaceChildren(settingsHeading(t('channels.title'), t('channels.intro')), settingsMessage(t('settings.loading')));
    try {
      channels = await api.channels();
      if (mine !== generation || !visible) return;
      then();
    } catch (error) {
      if (mine !== generation) return;
      root.replaceChildren(settingsHeading(t('channels.title')), settingsMessage(problemText(error), { retry: () => load(then) }));
    }
  }

  function showList() {
    page = null;
    const rows = channels.map(channel => h('li', { class: 'channel-row', 'data-testid': 'channel-row', dataset: { channelId: channel.id } },
      labelledIcon(KINDS[channel.kind].icon, kindLabel(channel.kind)),
      h('div', { class: 'channel-row-main' },
        h('a', { class: 'channel-row-name', href: channelHash(channel.id), 'data-testid': 'channel-link' }, channel.name),
        h('span', { class: 'channel-row-kind' }, kindLabel(channel.kind)),
        healthLine(channel)),
      h('a', { class: 'button button-small', href: channelHash(channel.id), 'aria-label': t('channels.openNamed', { name: channel.name }) },
        t('channels.open'))));
    root.replaceChildren(
      h('div', { class: 'settings-head-row' },
        settingsHeading(t('channels.title'), t('channels.intro')),
        h('a', { class: 'button button-primary', href: `${channelsHash}/new`, 'data-testid': 'channel-new' }, t('channels.add'))),
      rows.length
        ? h('ul', { class: 'channel-list', 'data-testid': 'channel-list' }, rows)
        : h('p', { class: 'settings-empty', 'data-testid': 'channel-empty' }, t('channels.empty')));
  }

  function startForm(channel, kind) {
    const values = toForm(channel, kind);
    page = {
      id: channel?.id ?? null, kind, channel, values, snapshot: JSON.stringify(values),
      // A new channel's secrets are typed straight away; a saved one's only after "Replace".
      replacing: new Set(channel ? [] : ['secret', ...KINDS[kind].fields.filter(f => f.writeOnly).map(f => f.key)]),
      generated: {}, errors: {}, general: [], saving: false, justSaved: false,
    };
  }

  function showNew(kind) {
    if (!page || page.id !== null || page.kind !== kind) startForm(null, kind);
    render();
  }

  function showChannel(id) {
    const channel = channels.find(c => c.id === id);
    if (!channel) {
      root.replaceChildren(settingsHeading(t('channels.title')), settingsMessage(t('channels.notFound')),
        h('a', { class: 'button', href: channelsHash }, t('channels.backToList')));
      return;
    }
    if (!page || page.id !== id) startForm(channel, channel.kind);
    render();
  }

  function kindPicker() {
    return h('fieldset', { class: 'kind-picker', 'data-testid': 'kind-picker' },
      h('legend', { class: 'field-label' }, t('channels.kind')),
      KIND_ORDER.map(kind => h('label', { class: 'kind-option' },
        h('input', {
          type: 'radio', name: 'channel-kind', value: kind, checked: page.kind === kind, 'data-testid': `kind-${kind}`,
          onchange: () => {
            const name = page.values.name;
            startForm(null, kind);
            page.values.name = name;
            page.snapshot = JSON.stringify({ ...page.values, name: '' });
            render();
            root.querySelector(`[data-testid="kind-${kind}"]`)?.focus();
          },
        }),
        icon(KINDS[kind].icon),
        h('span', { class: 'kind-option-text' },
          h('span', { class: 'kind-option-name' }, kindLabel(kind)),
          h('span', { class: 'kind-option-hint' }, t(`channels.kindHint.${kind}`))))));
  }

  /** A secret or write-only setting: "set" or "not set", and a way to replace it, generated or pasted. */
  function secretField({ key, label, hint, generate, isSet, bind }) {
    const id = `channel-${key}`;
    const replacing = page.replacing.has(key);
    const errors = page.errors[key === 'secret' ? 'secret' : `settings.${key}`];
    const status = h('span', { class: `secret-status ${isSet ? 'is-set' : 'is-unset'}`, 'data-testid': `${id}-status` },
      icon(isSet ? 'lock' : 'alert'), t(isSet ? 'channels.secretSet' : 'channels.secretNotSet'));
    const controls = [];
    if (!replacing) {
      controls.push(h('button', {
        type: 'button', class: 'button button-small', 'data-testid': `${id}-replace`,
        onclick: () => {
          page.replacing.add(key);
          render();
          document.getElementById(id)?.focus();
        },
      }, t(isSet ? 'channels.replaceSecret' : 'channels.setSecret')));
    } else {
      controls.push(h('input', {
        id, type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'secret-input', value: bind.get(), 'data-testid': id,
        'aria-describedby': [`${id}-hint`, errors?.length && `${id}-error`].filter(Boolean).join(' '),
        'aria-invalid': errors?.length ? 'true' : null,
        oninput: event => {
          bind.set(event.target.value);
          delete page.generated[key];
          root.querySelector(`[data-generated="${key}"]`)?.remove();
        },
      }));
      if (generate) {
        controls.push(h('button', {
          type: 'button', class: 'button button-small', 'data-testid': `${id}-generate`,
          onclick: () => {
            const value = randomSecret();
            bind.set(value);
            page.generated[key] = value;
            render();
            root.querySelector(`[data-testid="generated-${key}-copy"]`)?.focus();
          },
        }, t('channels.generate')));
      }
    }
    return h('div', { class: 'settings-field secret-field' },
      h('label', { class: 'field-label', for: replacing ? id : null }, label),
      h('div', { class: 'secret-row' }, status, controls),
      page.generated[key] && h('div', { class: 'generated-secret', dataset: { generated: key } },
        copyBlock({ label: t('channels.generatedLabel'), text: page.generated[key], testid: `generated-${key}`, toast }),
        h('p', { class: 'field-hint', role: 'note' }, t('channels.generatedOnce'))),
      h('p', { id: `${id}-hint`, class: 'field-hint' }, hint),
      fieldError(`${id}-error`, errors));
  }

  function settingField(field) {
    const id = `channel-setting-${field.key}`;
    const errors = page.errors[`settings.${field.key}`];
    const value = page.values.settings[field.key];
    const described = {
      'aria-describedby': [`${id}-hint`, errors?.length && `${id}-error`].filter(Boolean).join(' '),
      'aria-invalid': errors?.length ? 'true' : null,
      'data-testid': id,
    };
    const set = event => { page.values.settings[field.key] = event.target.value; };
    let control;
    if (field.type === 'language') {
      control = h('select', { id, ...described, onchange: set },
        h('option', { value: '', selected: value === '' }, t('channels.languageUnset')),
        LANGUAGES.map(code => h('option', { value: code, selected: value === code }, languageName(code))));
    } else if (field.type === 'emailChannel') {
      const mailboxes = channels.filter(c => c.kind === 'email');
      control = h('select', { id, ...described, onchange: set },
        h('option', { value: '', selected: value === '' }, t('channels.firstMailbox')),
        mailboxes.map(c => h('option', { value: String(c.id), selected: value === String(c.id) }, c.name)));
    } else {
      control = h('input', {
        id, type: field.type === 'text' ? 'text' : field.type, value, placeholder: field.placeholder,
        autocomplete: 'off', spellcheck: field.type === 'text' ? null : 'false', ...described, oninput: set,
      });
    }
    return h('div', { class: 'settings-field' },
      h('label', { class: 'field-label', for: id }, t(`channels.field.${field.key}`)),
      control,
      h('p', { id: `${id}-hint`, class: 'field-hint' }, t(`channels.hint.${page.kind}.${field.key}`)),
      fieldError(`${id}-error`, errors));
  }

  function render() {
    const { kind, channel, values } = page;
    const spec = KINDS[kind];
    const bar = createSaveBar({ testid: 'channel', errors: page.general, onDiscard: discard });
    const nameErrors = page.errors.name;
    const form = h('form', {
      class: 'settings-form', novalidate: true, 'data-testid': 'channel-form',
      onsubmit: event => {
        event.preventDefault();
        save();
      },
      oninput: () => showState(bar),
      onchange: () => showState(bar),
    },
    card(t('channels.basics'),
      channel ? null : kindPicker(),
      h('div', { class: 'settings-field' },
        h('label', { class: 'field-label', for: 'channel-name' }, t('channels.name')),
        h('input', {
          id: 'channel-name', type: 'text', value: values.name, maxlength: 200, 'data-testid': 'channel-name', required: true,
          'aria-describedby': ['channel-name-hint', nameErrors?.length && 'channel-name-error'].filter(Boolean).join(' '),
          'aria-invalid': nameErrors?.length ? 'true' : null,
          oninput: event => { values.name = event.target.value; },
        }),
        h('p', { id: 'channel-name-hint', class: 'field-hint' }, t('channels.nameHint')),
        fieldError('channel-name-error', nameErrors)),
      page.errors.kind && fieldError('channel-kind-error', page.errors.kind)),
    card(t('channels.security'),
      secretField({
        key: 'secret', label: t(`channels.secret.${kind}`), hint: t(`channels.secretHint.${kind}`), generate: spec.secret.generate,
        isSet: Boolean(channel?.hasSecret), bind: { get: () => values.secret, set: v => { values.secret = v; } },
      }),
      spec.fields.filter(f => f.writeOnly).map(field => secretField({
        key: field.key, label: t(`channels.field.${field.key}`), hint: t(`channels.hint.${kind}.${field.key}`), generate: field.generate,
        isSet: Boolean(channel?.secretSettings?.includes(field.key)),
        bind: { get: () => values.settings[field.key], set: v => { values.settings[field.key] = v; } },
      }))),
    spec.fields.some(f => !f.writeOnly) && card(t('channels.settings'), spec.fields.filter(f => !f.writeOnly).map(settingField)),
    bar.element);
    bar.show({ changed: dirty(), saving: page.saving, saved: page.justSaved });

    const title = channel ? channel.name : t('channels.newTitle');
    root.replaceChildren(...[
      h('a', { class: 'button button-quiet button-small back-to-channels', href: channelsHash }, icon('back'), t('channels.backToList')),
      h('header', { class: 'settings-head channel-head' },
        h('h1', {}, channel ? labelledIcon(spec.icon, kindLabel(kind)) : null, h('span', { 'data-testid': 'channel-title' }, title)),
        channel ? healthLine(channel) : h('p', { class: 'settings-intro' }, t('channels.newIntro'))),
      form,
      channel && h('section', { class: 'install', 'aria-labelledby': 'install-title', 'data-testid': 'channel-install' },
        h('h2', { id: 'install-title', class: 'install-title' }, t('channels.install.title')),
        installCards(channel, toast)),
      // The storefront's widget look (colour, greeting, position, with a live preview) has its own page.
      channel && kind === 'storefront' && card(t('widgetLook.title'),
        h('a', { class: 'button', href: `#/settings/widget-look/${channel.id}`, 'data-testid': 'channel-widget-look' }, t('widgetLook.title'))),
      channel && card(t('channels.removeTitle'),
        h('p', { class: 'install-text' }, t('channels.removeText')),
        h('div', { class: 'card-actions' },
          h('button', { type: 'button', class: 'button button-danger', 'data-testid': 'channel-remove', onclick: remove }, t('channels.remove'))))]
      .filter(Boolean));
  }

  function showState(bar) {
    page.justSaved = false;
    bar.show({ changed: dirty(), saving: page.saving, saved: false });
  }

  function discard() {
    startForm(page.channel, page.kind);
    render();
  }

  async function save() {
    if (page.saving) return;
    const mine = page;
    mine.saving = true;
    render();
    const body = toRequest(mine.values, mine.kind, mine.replacing);
    try {
      const saved = mine.id === null
        ? await api.createChannel({ kind: mine.kind, ...body })
        : await api.updateChannel(mine.id, body);
      channels = await api.channels();
      if (page !== mine) return;
      const fresh = channels.find(c => c.id === saved.id) ?? saved;
      startForm(fresh, fresh.kind);
      page.justSaved = true;
      toast(t(mine.id === null ? 'channels.created' : 'channels.saved'));
      if (mine.id === null) location.hash = channelHash(fresh.id);
      else if (visible) render();
    } catch (error) {
      if (page !== mine) return;
      mine.saving = false;
      mine.errors = {};
      mine.general = [];
      const fieldErrors = error.problem?.errors ?? {};
      // The server names fields as the API spells them; those without a control here go under the form.
      const shown = new Set(['name', 'secret', 'kind', ...KINDS[mine.kind].fields.map(f => `settings.${f.key}`)]);
      for (const [key, messages] of Object.entries(fieldErrors)) {
        const field = key.charAt(0).toLowerCase() + key.slice(1);
        if (shown.has(field)) mine.errors[field] = messages;
        else mine.general.push(...messages);
      }
      if (Object.keys(fieldErrors).length === 0) mine.general.push(problemText(error));
      render();
      root.querySelector('[aria-invalid="true"], [data-testid="channel-error"]')?.focus();
    }
  }

  async function remove() {
    const { channel } = page;
    const yes = await confirmDialog({
      title: t('channels.removeConfirmTitle', { name: channel.name }),
      text: t('channels.removeConfirmText'),
      confirmLabel: t('channels.remove'),
    });
    if (!yes) return;
    try {
      await api.deleteChannel(channel.id);
      channels = channels.filter(c => c.id !== channel.id);
      page = null;
      toast(t('channels.removed', { name: channel.name }));
      location.hash = channelsHash;
    } catch (error) {
      toast(error.status === 409 ? t('channels.removeRefused') : problemText(error));
    }
  }

  return {
    show(arg) {
      visible = true;
      if (arg === 'new') load(() => showNew(page?.id === null ? page.kind : 'storefront'));
      else if (typeof arg === 'number') load(() => showChannel(arg));
      else load(showList);
    },
    leave() {
      visible = false;
      generation++;
      if (!dirty()) page = null;
    },
    hasUnsavedChanges: dirty,
    reset() {
      page = null;
      channels = [];
    },
  };
}
