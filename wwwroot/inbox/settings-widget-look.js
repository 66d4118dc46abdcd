// A storefront's chat widget look (colour, corner, greeting per language) with a live preview: the real
// widget, framed from /widget/preview.html, shown in the look as it is being edited.
import { api } from './api.js';
import { h } from './dom.js';
import { lang, t } from './i18n.js';
import { createSaveBar, fieldError, languageName, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

export const widgetLookHash = channelId => `#/settings/widget-look/${channelId}`;

const LANGUAGES = ['en', 'da', 'de', 'nb', 'lv'];
const POSITIONS = ['bottom-right', 'bottom-left'];
const GREETING_MAX = 300;
// The widget's own colour, shown in the picker while the shop has none.
const STANDARD_COLOR = '#1d4e79';
const HEX = /^#[0-9a-f]{6}$/i;

// The server names fields by their path in the channel: settings.color, settings.greeting.da.
const fieldOf = key => key.replace(/^settings\./, '');

/**
 * Mounts the look editor of a storefront channel (as GET /api/channels gives it) into container.
 * onSaved(channel) is called with the channel as saved. Returns { hasUnsavedChanges(), unmount() }.
 */
export function mountWidgetLook(container, channel, onSaved = () => {}) {
  let saved = channel;
  let values = fromChannel(channel);
  let snapshot = JSON.stringify(values);
  let errors = {};
  let general = [];
  let saving = false;
  let justSaved = false;
  let previewReady = false;
  let previewLanguage = LANGUAGES.includes(lang) ? lang : 'en';

  const dirty = () => JSON.stringify(values) !== snapshot;

  const frame = h('iframe', {
    class: 'widget-look-frame', title: t('widgetLook.previewFrame'), 'data-testid': 'widget-look-preview',
    src: previewSrc(previewLanguage), loading: 'lazy',
  });
  const onMessage = event => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    if (event.data?.type !== 'helpdesk-widget-preview-ready') return;
    previewReady = true;
    sendPreview();
  };
  addEventListener('message', onMessage);

  function sendPreview() {
    if (!previewReady || !frame.contentWindow) return;
    frame.contentWindow.postMessage({
      type: 'helpdesk-widget-look',
      color: HEX.test(values.color) && values.custom ? values.color : null,
      position: values.position,
      greeting: cleanGreeting(values.greeting),
    }, location.origin);
  }

  function render() {
    const bar = createSaveBar({ testid: 'widget-look', errors: general, onDiscard: discard });
    const invalid = field => (errors[field]?.length ? 'true' : null);
    const describedBy = (...ids) => ids.filter(Boolean).join(' ') || null;

    const colorText = h('input', {
      id: 'widget-look-color-code', type: 'text', value: values.color, maxlength: 7, spellcheck: 'false', autocomplete: 'off',
      class: 'widget-look-code', 'data-testid': 'widget-look-color-code', 'aria-invalid': invalid('color'),
      'aria-describedby': describedBy('widget-look-color-hint', errors.color?.length && 'widget-look-color-error'),
      disabled: !values.custom,
      oninput: event => {
        values.color = event.target.value.trim();
        if (HEX.test(values.color)) colorPicker.value = values.color.toLowerCase();
        changed();
      },
    });
    const colorPicker = h('input', {
      id: 'widget-look-color', type: 'color', value: HEX.test(values.color) ? values.color.toLowerCase() : STANDARD_COLOR,
      'data-testid': 'widget-look-color', disabled: !values.custom,
      oninput: event => {
        values.color = event.target.value;
        colorText.value = values.color;
        changed();
      },
    });
    const standard = h('input', {
      id: 'widget-look-standard', type: 'checkbox', checked: !values.custom, 'data-testid': 'widget-look-standard',
      onchange: event => {
        values.custom = !event.target.checked;
        colorPicker.disabled = colorText.disabled = !values.custom;
        changed();
      },
    });

    const positions = h('fieldset', { class: 'widget-look-positions' },
      h('legend', { class: 'field-label' }, t('widgetLook.position')),
      POSITIONS.map(position => h('label', { class: 'widget-look-choice' },
        h('input', {
          type: 'radio', name: 'widget-look-position', value: position, checked: values.position === position,
          'data-testid': `widget-look-${position}`,
          onchange: () => {
            values.position = position;
            changed();
          },
        }),
        t(`widgetLook.${position}`))),
      fieldError('widget-look-position-error', errors.position));

    const greetings = LANGUAGES.map(code => h('div', { class: 'settings-field' },
      h('label', { class: 'field-label', for: `widget-look-greeting-${code}` }, languageName(code)),
      h('textarea', {
        id: `widget-look-greeting-${code}`, rows: 2, maxlength: GREETING_MAX, lang: code,
        'data-testid': `widget-look-greeting-${code}`, 'aria-invalid': invalid(`greeting.${code}`),
        'aria-describedby': describedBy('widget-look-greeting-hint', errors[`greeting.${code}`]?.length && `widget-look-greeting-${code}-error`),
        oninput: event => {
          values.greeting[code] = event.target.value;
          changed();
        },
      }, values.greeting[code] ?? ''),
      fieldError(`widget-look-greeting-${code}-error`, errors[`greeting.${code}`])));

    const previewLanguages = h('select', {
      id: 'widget-look-preview-language', 'data-testid': 'widget-look-preview-language',
      onchange: event => {
        previewLanguage = event.target.value;
        previewReady = false;
        frame.src = previewSrc(previewLanguage);
      },
    }, LANGUAGES.map(code => h('option', { value: code, selected: code === previewLanguage }, languageName(code))));

    const form = h('form', {
      class: 'settings-form widget-look-form', novalidate: true, 'data-testid': 'widget-look-form',
      onsubmit: event => {
        event.preventDefault();
        save();
      },
    },
    h('div', { class: 'settings-field' },
      h('span', { class: 'field-label', id: 'widget-look-color-label' }, t('widgetLook.color')),
      h('div', { class: 'widget-look-color-row' },
        h('label', { class: 'widget-look-choice' }, standard, t('widgetLook.colorStandard')),
        h('label', { class: 'visually-hidden', for: 'widget-look-color' }, t('widgetLook.color')),
        colorPicker,
        h('label', { class: 'visually-hidden', for: 'widget-look-color-code' }, t('widgetLook.colorCode')),
        colorText),
      h('p', { class: 'field-hint', id: 'widget-look-color-hint' }, t('widgetLook.colorHint')),
      fieldError('widget-look-color-error', errors.color)),
    positions,
    h('fieldset', { class: 'widget-look-greetings' },
      h('legend', { class: 'field-label' }, t('widgetLook.greeting')),
      h('p', { class: 'field-hint', id: 'widget-look-greeting-hint' }, t('widgetLook.greetingHint')),
      fieldError('widget-look-greeting-error', errors.greeting),
      greetings),
    bar.element);

    const preview = h('section', { class: 'widget-look-preview', 'aria-labelledby': 'widget-look-preview-title' },
      h('div', { class: 'widget-look-preview-head' },
        h('h2', { class: 'card-title', id: 'widget-look-preview-title' }, t('widgetLook.preview')),
        h('label', { class: 'field-label', for: 'widget-look-preview-language' }, t('widgetLook.previewLanguage')),
        previewLanguages),
      frame);

    container.replaceChildren(h('div', { class: 'widget-look' }, form, preview));
    bar.show({ changed: dirty(), saving, saved: justSaved });
    showBar = () => bar.show({ changed: dirty(), saving, saved: justSaved });
  }

  let showBar = () => {};

  function changed() {
    justSaved = false;
    showBar();
    sendPreview();
  }

  function discard() {
    values = JSON.parse(snapshot);
    errors = {};
    general = [];
    render();
    sendPreview();
  }

  async function save() {
    if (saving) return;
    errors = {};
    general = [];
    if (values.custom && !HEX.test(values.color)) {
      errors.color = [t('widgetLook.colorInvalid')];
      render();
      container.querySelector('#widget-look-color-code')?.focus();
      return;
    }
    saving = true;
    showBar();
    const settings = { ...saved.settings };
    for (const key of ['color', 'position', 'greeting']) delete settings[key];
    if (values.custom) settings.color = values.color.toLowerCase();
    if (values.position !== 'bottom-right') settings.position = values.position;
    const greeting = cleanGreeting(values.greeting);
    if (Object.keys(greeting).length) settings.greeting = greeting;
    try {
      saved = await api.updateChannel(saved.id, { name: saved.name, settings });
      values = fromChannel(saved);
      snapshot = JSON.stringify(values);
      justSaved = true;
      onSaved(saved);
    } catch (error) {
      for (const [key, messages] of Object.entries(error.problem?.errors ?? {})) {
        const field = fieldOf(key);
        if (field === 'color' || field === 'position' || field === 'greeting' || field.startsWith('greeting.')) errors[field] = messages;
        else general.push(...messages);
      }
      if (!Object.keys(errors).length && !general.length) general.push(problemText(error));
    } finally {
      saving = false;
    }
    render();
    sendPreview();
  }

  render();
  return {
    hasUnsavedChanges: dirty,
    unmount() {
      removeEventListener('message', onMessage);
      container.replaceChildren();
    },
  };
}

function fromChannel(channel) {
  const s = channel.settings ?? {};
  return {
    custom: typeof s.color === 'string',
    color: typeof s.color === 'string' ? s.color : STANDARD_COLOR,
    position: POSITIONS.includes(s.position) ? s.position : 'bottom-right',
    greeting: Object.fromEntries(LANGUAGES.map(code => [code, s.greeting?.[code] ?? ''])),
  };
}

/** Only the languages with words: an empty greeting means the widget's own. */
const cleanGreeting = greeting =>
  Object.fromEntries(Object.entries(greeting).map(([code, text]) => [code, text.trim()]).filter(([, text]) => text));

const previewSrc = code => `/widget/preview.html?lang=${encodeURIComponent(code)}`;

/** The settings page of the look: one storefront (by id, else the first), with a choice when the shop has several. */
export function createWidgetLookPage({ root, toast }) {
  let mounted = null;
  let generation = 0;

  async function show(channelId) {
    const mine = ++generation;
    mounted?.unmount();
    mounted = null;
    const heading = settingsHeading(t('widgetLook.title'), t('widgetLook.intro'));
    root.replaceChildren(heading, settingsMessage(t('settings.loading')));
    let storefronts;
    try {
      storefronts = (await api.channels()).filter(c => c.kind === 'storefront');
    } catch (error) {
      if (mine === generation) root.replaceChildren(heading, settingsMessage(problemText(error), { retry: () => show(channelId) }));
      return;
    }
    if (mine !== generation) return;
    if (!storefronts.length) {
      root.replaceChildren(heading, settingsMessage(t('widgetLook.noStorefront')));
      return;
    }
    const channel = storefronts.find(c => c.id === channelId) ?? storefronts[0];
    const picker = storefronts.length > 1 && h('div', { class: 'settings-field widget-look-storefront' },
      h('label', { class: 'field-label', for: 'widget-look-storefront' }, t('widgetLook.storefront')),
      h('select', {
        id: 'widget-look-storefront', 'data-testid': 'widget-look-storefront',
        onchange: event => { location.hash = widgetLookHash(event.target.value); },
      }, storefronts.map(c => h('option', { value: c.id, selected: c === channel }, c.name))));
    const body = h('div', { id: 'widget-look' });
    root.replaceChildren(...[heading, picker, body].filter(Boolean));
    mounted = mountWidgetLook(body, channel, () => toast(t('widgetLook.saved')));
  }

  return {
    show,
    // The draft goes with the page: the look is a few fields, quickly set again.
    leave() {
      generation++;
      mounted?.unmount();
      mounted = null;
    },
    hasUnsavedChanges: () => mounted?.hasUnsavedChanges() ?? false,
    reset() {
      generation++;
      mounted?.unmount();
      mounted = null;
    },
  };
}
