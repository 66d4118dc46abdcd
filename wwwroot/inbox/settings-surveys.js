import { api } from './api.js';
import { loadCharts, palette } from './charts.js';
import { h, labelledIcon } from './dom.js';
import { fullTime } from './format.js';
import { lang, t } from './i18n.js';
import { conversationHash } from './list.js';
import { surveySettingsHash } from './settings-survey-settings.js';
import { card, problemText, settingsHeading, settingsMessage } from './settings-ui.js';
import { scoreBadge, surveyComment } from './survey-card.js';

const PERIODS = [7, 30, 90];
const CHANNELS = ['widget', 'email', 'messenger'];
// The icon of the channel kind each invitation channel belongs to.
const CHANNEL_ICONS = { widget: 'channel-storefront', email: 'channel-email', messenger: 'channel-messenger' };
const DAY_MS = 86_400_000;
const NONE = '–';

const counts = new Intl.NumberFormat(lang);
const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
// byDay dates are calendar days ("2026-11-20"), read as such wherever the admin is.
const axisDay = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fullDay = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
// At most 90 days back: the day and month say when, the whole date is on hover.
const sentDay = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
const dayOf = date => new Date(`${date}T00:00:00Z`);

const orNone = (value, format) => (value == null ? NONE : format(value));
const average = (value, max) => t('survey.outOf', { score: oneDecimal.format(value), max });

/** The last `days` days, today included, in whole UTC days: the days byDay counts in. */
function period(days) {
  const now = new Date();
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/** A survey after a resolution: which conversation, and the agent the answer counts for. */
const aboutConversation = item => h('span', { 'data-testid': 'survey-about-conversation' },
  h('a', { href: conversationHash(item.conversationId) }, t('surveys.aboutConversation', { id: item.conversationId })),
  item.agent && ` · ${t('surveys.resolvedBy', { name: item.agent.name })}`);

/** How customers rated their orders in a period: headline figures, a day-by-day chart and the latest answers. */
export function createSurveysPage({ root }) {
  const filter = { days: 30, channel: '' };
  let results = null;
  let generation = 0;
  let chart = null;

  function show() {
    results = h('div', { class: 'survey-results', 'data-testid': 'survey-results' }, settingsMessage(t('settings.loading')));
    root.replaceChildren(settingsHeading(t('surveys.title'), t('surveys.intro')), toolbar(), results);
    load();
  }

  async function load() {
    const mine = ++generation;
    results.setAttribute('aria-busy', 'true');
    try {
      const data = await api.surveys({ ...period(filter.days), channel: filter.channel });
      const Chart = data.sent && data.byDay.length > 0 ? await loadCharts() : null;
      if (mine !== generation) return;
      stopChart();
      results.replaceChildren(...(data.sent ? [figures(data), Chart && chartCard(data, Chart), itemsCard(data)] : [emptyState()])
        .filter(Boolean));
    } catch (error) {
      if (mine !== generation) return;
      stopChart();
      results.replaceChildren(settingsMessage(problemText(error), { retry: load }));
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  }

  function toolbar() {
    const periodButtons = PERIODS.map(days => h('button', {
      type: 'button', 'data-days': days, 'aria-pressed': String(filter.days === days), 'data-testid': 'survey-period',
      onclick: () => {
        filter.days = days;
        for (const button of periodButtons) button.setAttribute('aria-pressed', String(Number(button.dataset.days) === days));
        load();
      },
    }, t(`surveys.last${days}`)));
    const channel = h('select', {
      id: 'survey-channel', 'data-testid': 'survey-channel-filter',
      onchange: event => {
        filter.channel = event.target.value;
        load();
      },
    }, ['', ...CHANNELS].map(value => h('option', { value, selected: value === filter.channel },
      value ? t(`surveyChannel.${value}`) : t('surveys.allChannels'))));
    return h('div', { class: 'list-toolbar survey-toolbar' },
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('surveys.period') }, periodButtons),
      h('label', { class: 'survey-channel' }, h('span', { class: 'field-label' }, t('surveys.channel')), channel));
  }

  function figures(data) {
    const figure = (label, value, testid, note) => h('li', { class: 'survey-figure' },
      h('span', { class: 'survey-figure-label' }, label),
      h('span', { class: 'survey-figure-value', 'data-testid': testid }, value),
      note && h('span', { class: 'survey-figure-note' }, note));
    return h('ul', { class: 'survey-figures' },
      figure(t('surveys.sent'), counts.format(data.sent), 'survey-sent'),
      figure(t('surveys.responseRate'), orNone(data.responseRate, percent.format), 'survey-response-rate',
        t('surveys.answers', { count: data.answered })),
      figure(t('surveys.average'), orNone(data.averageScore, value => average(value, 5)), 'survey-average', t('surveys.averageHint')),
      figure(t('surveys.satisfied'), orNone(data.satisfiedShare, percent.format), 'survey-satisfied', t('surveys.satisfiedHint')),
      figure(t('surveys.nps'), orNone(data.averageNps, value => average(value, 10)), 'survey-nps', t('surveys.npsHint')));
  }

  // ------------------------------------------------------------------ chart

  function chartCard(data, Chart) {
    const days = data.byDay;
    const label = [
      t('surveys.chartSummary', {
        from: fullDay.format(dayOf(days[0].date)), to: fullDay.format(dayOf(days.at(-1).date)),
        sent: counts.format(data.sent), answered: counts.format(data.answered),
      }),
      data.averageScore != null && t('surveys.chartAverage', { average: oneDecimal.format(data.averageScore) }),
    ].filter(Boolean).join(' ');
    const canvas = h('canvas', { role: 'img', 'aria-label': label, 'data-testid': 'survey-chart' }, label);
    chart = new Chart(canvas, {
      data: {
        labels: days.map(day => axisDay.format(dayOf(day.date))),
        datasets: [
          { type: 'bar', label: t('surveys.legendSent'), data: days.map(day => day.sent), yAxisID: 'count', backgroundColor: '#d5e0fa', grouped: false, order: 2 },
          { type: 'bar', label: t('surveys.legendAnswered'), data: days.map(day => day.answered), yAxisID: 'count', backgroundColor: palette.blue, grouped: false, order: 1 },
          // The lowest order is drawn on top: the score's line over the answers over the invitations.
          {
            type: 'line', label: t('surveys.legendScore'), data: days.map(day => day.averageScore), yAxisID: 'score',
            borderColor: palette.orange, backgroundColor: palette.orange, borderWidth: 2, pointRadius: 3, spanGaps: false, order: 0, clip: false,
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        layout: { padding: { top: 6 } },
        scales: {
          x: { grid: { display: false }, ticks: { autoSkipPadding: 8, maxRotation: 0 } },
          // Invitations and answers on the left, counted; the 1–5 score on the right, with no grid of its own.
          count: {
            position: 'left', beginAtZero: true, ticks: { precision: 0, callback: value => counts.format(value) },
          },
          score: {
            position: 'right', min: 1, max: 5, grid: { drawOnChartArea: false }, ticks: { stepSize: 1, color: '#b45309' },
          },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              title: items => fullDay.format(dayOf(days[items[0].dataIndex].date)),
              label: item => `${item.dataset.label}: ${item.dataset.yAxisID === 'score'
                ? orNone(item.raw, value => average(value, 5)) : counts.format(item.raw)}`,
            },
          },
        },
      },
    });
    return card(t('surveys.chartTitle'), h('div', { class: 'survey-chart' }, canvas), dayTable(days));
  }

  function stopChart() {
    chart?.destroy();
    chart = null;
  }

  /** The chart's figures as a table, for screen readers; hidden in a box, since a table is as wide as its cells. */
  function dayTable(days) {
    return h('div', { class: 'visually-hidden' }, h('table', {},
      h('caption', {}, t('surveys.tableCaption')),
      h('thead', {}, h('tr', {},
        [t('surveys.date'), t('surveys.legendSent'), t('surveys.legendAnswered'), t('surveys.average')]
          .map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, days.map(day => h('tr', {},
        h('th', { scope: 'row' }, fullDay.format(dayOf(day.date))),
        h('td', {}, counts.format(day.sent)),
        h('td', {}, counts.format(day.answered)),
        h('td', {}, orNone(day.averageScore, value => average(value, 5))))))));
  }

  // ------------------------------------------------------------------ answers

  function itemsCard(data) {
    const columns = ['colSent', 'colCustomer', 'colScore', 'colNps', 'colComment', 'colFollowUp'];
    return card(t('surveys.recent'),
      data.items.length < data.sent && h('p', { class: 'field-hint' },
        t('surveys.itemsShown', { count: data.items.length, sent: counts.format(data.sent) })),
      h('div', { class: 'table-scroll' },
        h('table', { class: 'survey-table', 'data-testid': 'survey-items' },
          h('thead', {}, h('tr', {}, columns.map(key => h('th', { scope: 'col', class: `survey-${key}` }, t(`surveys.${key}`))))),
          h('tbody', {}, data.items.map(itemRow)))));
  }

  function itemRow(item) {
    const answered = item.score != null;
    const channel = t(`surveyChannel.${item.channel}`);
    return h('tr', { class: answered ? 'survey-item' : 'survey-item is-unanswered', 'data-testid': 'survey-item', 'data-id': item.id },
      h('td', { class: 'survey-cell-sent' },
        h('time', { datetime: item.sentAt, title: fullTime(item.sentAt) }, sentDay.format(new Date(item.sentAt)))),
      h('td', { class: 'survey-cell-customer' },
        h('span', { class: 'survey-customer' }, item.customer.name),
        h('span', { class: 'survey-order' },
          CHANNEL_ICONS[item.channel] ? labelledIcon(CHANNEL_ICONS[item.channel], channel) : h('span', {}, channel),
          item.kind === 'conversation' ? aboutConversation(item) : h('span', {}, item.orderNumber))),
      h('td', { class: 'survey-cell-score', title: answered ? t('surveys.answeredAt', { time: fullTime(item.answeredAt) }) : null },
        answered ? scoreBadge(item.score) : h('span', { class: 'survey-no-answer' }, t('surveys.noAnswer'))),
      h('td', { class: 'survey-cell-nps', 'data-label': t('surveys.colNps') }, item.nps == null ? null : t('survey.outOf', { score: item.nps, max: 10 })),
      h('td', { class: 'survey-cell-comment' }, item.comment && surveyComment(item.comment)),
      h('td', { class: 'survey-cell-follow-up', 'data-label': t('surveys.colFollowUp') }, item.followUpConversationId != null && h('a', {
        href: conversationHash(item.followUpConversationId), 'data-testid': 'survey-follow-up',
        'aria-label': t('surveys.followUpWith', { name: item.customer.name }),
      }, t('surveys.followUp'))));
  }

  function emptyState() {
    return h('div', { class: 'settings-card survey-empty', 'data-testid': 'survey-empty' },
      h('h2', { class: 'card-title' }, t('surveys.emptyTitle')),
      h('p', { class: 'settings-intro' }, t('surveys.emptyHint')),
      h('a', { class: 'button button-small', href: surveySettingsHash }, t('settings.surveySettings')));
  }

  return {
    show,
    leave() {
      generation++;
      stopChart();
      results = null;
    },
    hasUnsavedChanges: () => false,
    reset() {
      filter.days = 30;
      filter.channel = '';
    },
  };
}
