import { $, icon } from './dom.js';
import { PURPOSES, createCannedPage } from './settings-canned.js';
import { createChannelsPage } from './settings-channels.js';
import { createHoursPage } from './settings-hours.js';
import { createSurveySettingsPage } from './settings-survey-settings.js';
import { createSurveysPage } from './settings-surveys.js';
import { createTeamPage } from './settings-team.js';
import { createWidgetLookPage } from './settings-widget-look.js';

const ROUTE = new RegExp(`^#/settings(?:/(hours|canned|surveys|survey-settings|team|channels|widget-look)(?:/(new|\\d+|${PURPOSES.join('|')}))?)?/?$`);

/**
 * "#/settings/hours/3" → { page: 'hours', arg: 3 }, "#/settings/canned/new" → { page: 'canned', arg: 'new' },
 * "#/settings/canned/survey-invitation" → { page: 'canned', arg: 'survey-invitation' }; null elsewhere.
 */
export function settingsRoute(hash) {
  const match = ROUTE.exec(hash);
  if (!match) return null;
  const page = match[1] ?? 'hours';
  const arg = match[2] === undefined || !/^\d+$/.test(match[2]) ? match[2] : Number(match[2]);
  // Only canned responses are of a purpose; they and channels may be new; they, channels, the hours and the widget look belong to an id.
  const takesArg = page === 'canned' || (page === 'channels' && (arg === 'new' || typeof arg === 'number'))
    || ((page === 'hours' || page === 'widget-look') && typeof arg === 'number');
  return { page, arg: takesArg ? arg : undefined };
}

/** The admins' settings area: a menu of pages beside the page shown. */
export function createSettings({ toast, onCannedChanged, session }) {
  const area = $('#settings');
  const content = $('#settings-content');
  const pages = {
    hours: createHoursPage({ root: content, toast }),
    canned: createCannedPage({ root: content, toast, onChanged: onCannedChanged }),
    surveys: createSurveysPage({ root: content }),
    'survey-settings': createSurveySettingsPage({ root: content, toast }),
    team: createTeamPage({ root: content, toast, session }),
    channels: createChannelsPage({ root: content, toast }),
    'widget-look': createWidgetLookPage({ root: content, toast }),
  };
  let shown = null;

  $('.settings-back', area).prepend(icon('back'));

  return {
    show({ page, arg }) {
      const entering = area.hidden;
      area.hidden = false;
      for (const link of area.querySelectorAll('[data-settings-page]')) {
        if (link.dataset.settingsPage === page) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
      if (shown && shown !== pages[page]) shown.leave();
      shown = pages[page];
      shown.show(arg);
      if (entering) content.focus({ preventScroll: true });
    },
    hide() {
      if (area.hidden) return;
      area.hidden = true;
      shown?.leave();
      shown = null;
      content.replaceChildren();
    },
    get visible() {
      return !area.hidden;
    },
    hasUnsavedChanges: () => Object.values(pages).some(page => page.hasUnsavedChanges()),
    /** Signing out: drafts and filters go with the admin who made them. */
    reset() {
      this.hide();
      for (const page of Object.values(pages)) page.reset();
    },
  };
}
