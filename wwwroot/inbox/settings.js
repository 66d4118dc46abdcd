import { $, icon } from './dom.js';
import { createCannedPage } from './settings-canned.js';
import { createHoursPage } from './settings-hours.js';

const ROUTE = /^#\/settings(?:\/(hours|canned)(?:\/(new|\d+))?)?\/?$/;

/** "#/settings/hours/3" → { page: 'hours', arg: 3 }, "#/settings/canned/new" → { page: 'canned', arg: 'new' }; null elsewhere. */
export function settingsRoute(hash) {
  const match = ROUTE.exec(hash);
  if (!match) return null;
  const page = match[1] ?? 'hours';
  const arg = match[2] === undefined ? undefined : match[2] === 'new' ? 'new' : Number(match[2]);
  return { page, arg: page === 'hours' && arg === 'new' ? undefined : arg };
}

/** The admins' settings area: a menu of pages beside the page shown. */
export function createSettings({ toast, onCannedChanged }) {
  const area = $('#settings');
  const content = $('#settings-content');
  const pages = {
    hours: createHoursPage({ root: content, toast }),
    canned: createCannedPage({ root: content, toast, onChanged: onCannedChanged }),
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
