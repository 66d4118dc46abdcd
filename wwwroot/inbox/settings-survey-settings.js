import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { cannedHash } from './settings-canned.js';
import { card, createSaveBar, fieldError, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

export const surveySettingsHash = '#/settings/survey-settings';

const TRIGGERS = ['delivered', 'fulfilled'];
// The whole numbers each field takes, as the server checks them.
const RANGES = { delayHours: [0, 720], cooldownDays: [0, 365], lowScoreThreshold: [0, 4], afterDelayMinutes: [0, 10080] };
// The purchase survey's own numbers; asking after a resolution goes as afterResolution: { enabled, delayMinutes }.
const PURCHASE_NUMBERS = ['delayHours', 'cooldownDays', 'lowScoreThreshold'];
const FIELDS = ['enabled', 'trigger', ...Object.keys(RANGES), 'afterEnabled'];
// The server names the nested fields by their path.
const SERVER_FIELDS = { 'afterResolution.enabled': 'afterEnabled', 'afterResolution.delayMinutes': 'afterDelayMinutes' };
const camel = key => SERVER_FIELDS[key] ?? key.charAt(0).toLowerCase() + key.slice(1);

// Numbers stay as typed until they are saved, so a half-typed one is not lost.
const toForm = saved => ({
  enabled: saved.enabled, trigger: saved.trigger,
  delayHours: String(saved.delayHours), cooldownDays: String(saved.cooldownDays), lowScoreThreshold: String(saved.lowScoreThreshold),
  afterEnabled: saved.afterResolution.enabled, afterDelayMinutes: String(saved.afterResolution.delayMinutes),
});

/** A whole number within the field's range, or null. */
function wholeNumber(field, text) {
  const [min, max] = RANGES[field];
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= min && value <= max ? value : null;
}

/** Each setting in plain words, as the form stands. */
function explain(field, values) {
  const value = wholeNumber(field, values[field]);
  if (value === null) return t('surveySettings.range', { min: RANGES[field][0], max: RANGES[field][1] });
  if (field === 'delayHours') {
    return value ? t(`surveySettings.delayHint.${values.trigger}`, { count: value }) : t(`surveySettings.delayNow.${values.trigger}`);
  }
  if (field === 'afterDelayMinutes') return value ? t('surveySettings.afterDelayHint', { count: value }) : t('surveySettings.afterDelayNow');
  if (field === 'cooldownDays') return value ? t('surveySettings.cooldownHint', { count: value }) : t('surveySettings.cooldownNone');
  return value ? t('surveySettings.thresholdHint', { score: value }) : t('surveySettings.thresholdNever');
}

/** When customers are asked about their order or after a resolution, how often, and which answers open a follow-up conversation. */
export function createSurveySettingsPage({ root, toast }) {
  // The form: { saved, values, snapshot, errors, general, saving, justSaved }; kept while unsaved and the admin looks elsewhere.
  let page = null;
  let visible = false;
  let generation = 0;
  let bar = null;
  const hints = new Map();
  const units = new Map();

  const dirty = () => Boolean(page) && JSON.stringify(page.values) !== page.snapshot;
  const heading = () => settingsHeading(t('surveySettings.title'), t('surveySettings.intro'));

  async function show() {
    visible = true;
    if (page) {
      render();
      return;
    }
    const mine = ++generation;
    root.replaceChildren(heading(), settingsMessage(t('settings.loading')));
    try {
      const saved = await api.surveySettings();
      if (mine !== generation) return;
      const values = toForm(saved);
      page = { saved, values, snapshot: JSON.stringify(values), errors: {}, general: [], saving: false, justSaved: false };
      render();
    } catch (error) {
      if (mine !== generation) return;
      root.replaceChildren(heading(), settingsMessage(problemText(error), { retry: show }));
    }
  }

  function render() {
    const { values, errors } = page;
    const described = (field, hint) => ({
      'aria-describedby': [hint && `survey-${field}-hint`, errors[field]?.length && `survey-${field}-error`].filter(Boolean).join(' ') || null,
      'aria-invalid': errors[field]?.length ? 'true' : null,
    });
    const hint = field => {
      const el = h('p', { id: `survey-${field}-hint`, class: 'field-hint', 'data-testid': `survey-${field}-hint` }, explain(field, values));
      hints.set(field, el);
      return el;
    };
    const number = (field, unitKey) => {
      const unit = h('span', { class: 'number-unit', 'aria-hidden': 'true' });
      units.set(field, { el: unit, key: unitKey });
      return h('div', { class: 'number-field' },
        h('input', {
          id: `survey-${field}`, type: 'number', inputmode: 'numeric', min: RANGES[field][0], max: RANGES[field][1], step: 1,
          value: values[field], 'data-testid': `survey-${field}`, ...described(field, true),
          oninput: event => {
            values[field] = event.target.value;
            explainAll();
          },
        }),
        unit);
    };
    const field = (name, label, control) => h('div', { class: 'settings-field' },
      h('label', { class: 'field-label', for: `survey-${name}` }, label),
      control,
      hint(name),
      fieldError(`survey-${name}-error`, errors[name]));

    hints.clear();
    units.clear();
    bar = createSaveBar({ testid: 'survey-settings', errors: page.general, onDiscard: discard });
    root.replaceChildren(h('form', {
      class: 'settings-form', novalidate: true, 'data-testid': 'survey-settings-form',
      onsubmit: event => {
        event.preventDefault();
        save();
      },
      oninput: showSaveState,
      onchange: showSaveState,
    },
    heading(),
    card(t('surveySettings.sending'),
      h('div', { class: 'settings-field' },
        h('label', { class: 'check-field' },
          h('input', {
            id: 'survey-enabled', type: 'checkbox', checked: values.enabled, 'data-testid': 'survey-enabled', ...described('enabled', true),
            onchange: event => {
              values.enabled = event.target.checked;
            },
          }),
          h('span', { class: 'field-label' }, t('surveySettings.enabled'))),
        h('p', { id: 'survey-enabled-hint', class: 'field-hint' }, t('surveySettings.enabledHint')),
        fieldError('survey-enabled-error', errors.enabled)),
      h('div', { class: 'form-grid' },
        h('div', { class: 'settings-field' },
          h('label', { class: 'field-label', for: 'survey-trigger' }, t('surveySettings.trigger')),
          h('select', {
            id: 'survey-trigger', 'data-testid': 'survey-trigger', ...described('trigger', true),
            onchange: event => {
              values.trigger = event.target.value;
              explainAll();
            },
          }, TRIGGERS.map(trigger => h('option', { value: trigger, selected: trigger === values.trigger }, t(`surveySettings.trigger.${trigger}`)))),
          h('p', { id: 'survey-trigger-hint', class: 'field-hint' }, t('surveySettings.triggerHint')),
          fieldError('survey-trigger-error', errors.trigger)),
        field('delayHours', t('surveySettings.delay'), number('delayHours', 'surveySettings.hours'))),
      field('cooldownDays', t('surveySettings.cooldown'), number('cooldownDays', 'surveySettings.days'))),
    card(t('surveySettings.afterResolution'),
      h('div', { class: 'settings-field' },
        h('label', { class: 'check-field' },
          h('input', {
            id: 'survey-afterEnabled', type: 'checkbox', checked: values.afterEnabled, 'data-testid': 'survey-afterEnabled',
            ...described('afterEnabled', true),
            onchange: event => {
              values.afterEnabled = event.target.checked;
            },
          }),
          h('span', { class: 'field-label' }, t('surveySettings.afterEnabled'))),
        h('p', { id: 'survey-afterEnabled-hint', class: 'field-hint' }, t('surveySettings.afterEnabledHint')),
        fieldError('survey-afterEnabled-error', errors.afterEnabled)),
      field('afterDelayMinutes', t('surveySettings.afterDelay'), number('afterDelayMinutes', 'surveySettings.minutes')),
      h('div', { class: 'card-actions' },
        h('a', { class: 'button button-small', href: cannedHash('resolution-survey'), 'data-testid': 'resolution-survey-texts' },
          t('surveySettings.editResolutionTexts')))),
    card(t('surveySettings.followUps'),
      field('lowScoreThreshold', t('surveySettings.threshold'), number('lowScoreThreshold', 'surveySettings.outOf5'))),
    card(t('surveySettings.texts'),
      h('p', { class: 'field-hint' }, t('surveySettings.textsHint')),
      h('div', { class: 'card-actions' },
        h('a', { class: 'button button-small', href: cannedHash('survey-invitation'), 'data-testid': 'survey-invitation-texts' },
          t('surveySettings.editTexts')))),
    bar.element));
    explainAll();
    showSaveState();
  }

  // The delay's words depend on the trigger too, so every explanation follows every change.
  function explainAll() {
    for (const [field, el] of hints) el.textContent = explain(field, page.values);
    for (const [field, { el, key }] of units) el.textContent = t(key, { count: wholeNumber(field, page.values[field]) ?? 0 });
  }

  function showSaveState() {
    if (!page || !bar) return;
    const changed = dirty();
    if (changed) page.justSaved = false;
    bar.show({ changed, saving: page.saving, saved: page.justSaved });
  }

  function discard() {
    page.values = toForm(page.saved);
    page.snapshot = JSON.stringify(page.values);
    page.errors = {};
    page.general = [];
    render();
  }

  async function save() {
    const current = page;
    if (!current || current.saving) return;
    const { values } = current;
    current.errors = {};
    current.general = [];
    const body = { enabled: values.enabled, trigger: values.trigger };
    for (const field of Object.keys(RANGES)) {
      const value = wholeNumber(field, values[field]);
      if (value === null) current.errors[field] = [t('surveySettings.range', { min: RANGES[field][0], max: RANGES[field][1] })];
      else if (PURCHASE_NUMBERS.includes(field)) body[field] = value;
    }
    body.afterResolution = { enabled: values.afterEnabled, delayMinutes: wholeNumber('afterDelayMinutes', values.afterDelayMinutes) };
    if (Object.keys(current.errors).length) {
      showErrors();
      return;
    }
    current.saving = true;
    showSaveState();
    const sent = JSON.stringify(values);
    try {
      const saved = await api.saveSurveySettings(body);
      current.saved = saved;
      // What was typed meanwhile stays, and counts as unsaved.
      current.snapshot = JSON.stringify(toForm(saved));
      if (JSON.stringify(current.values) === sent) current.values = toForm(saved);
      current.justSaved = true;
      toast(t('surveySettings.savedToast'));
    } catch (error) {
      if (error.status === 400 && error.problem?.errors) {
        for (const [key, messages] of Object.entries(error.problem.errors)) {
          const field = camel(key);
          if (FIELDS.includes(field)) current.errors[field] = [...(current.errors[field] ?? []), ...[].concat(messages)];
          else current.general.push(...[].concat(messages));
        }
      } else {
        current.general.push(problemText(error));
      }
    } finally {
      current.saving = false;
    }
    if (page !== current || !visible) return;
    if (Object.keys(current.errors).length || current.general.length) showErrors();
    else render();
  }

  function showErrors() {
    if (!visible) return;
    render();
    const invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else root.querySelector('[data-testid="survey-settings-error"]')?.scrollIntoView({ block: 'nearest' });
  }

  return {
    show,
    leave() {
      visible = false;
      generation++;
      // Unsaved changes wait for the admin's return; saved settings are fetched fresh then.
      if (!dirty() && !page?.saving) page = null;
      bar = null;
    },
    hasUnsavedChanges: dirty,
    /** Signing out: nothing typed here stays for whoever signs in next. */
    reset() {
      page = null;
    },
  };
}
