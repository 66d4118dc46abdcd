// The reports page: what a support lead reads every morning. Figures come from /api/reports; the charts are Chart.js.
import { api } from './api.js';
import { loadCharts, palette } from './charts.js';
import { h } from './dom.js';
import { duration } from './format.js';
import { lang, t } from './i18n.js';
import { card, problemText, settingsHeading, settingsMessage } from './settings-ui.js';

export const reportsHash = '#/reports';
export const isReportsRoute = hash => /^#\/reports\/?$/.test(hash);

const LIVE_MS = 30_000;
const PERIODS = ['last7', 'last30', 'thisMonth', 'lastMonth', 'custom'];
const KINDS = ['storefront', 'email', 'messenger', 'marketplace'];
const KIND_COLOURS = { storefront: palette.blue, email: palette.teal, messenger: palette.purple, marketplace: palette.orange };
const TIERS = ['vip', 'returning', 'first-time', 'new'];
const NONE = '—';
const DAY_MS = 86_400_000;

const counts = new Intl.NumberFormat(lang);
const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
const signedPercent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const seconds = new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'short' });
const signedDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const signedPoints = new Intl.NumberFormat(lang, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
// Calendar days ("2026-12-01") are read as such wherever the reader is.
const axisDay = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fullDay = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
const weekdays = Array.from({ length: 7 }, (_, i) =>
  new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 30 + i)));
const dayOf = date => new Date(`${date}T00:00:00Z`);

const orNone = (value, format) => (value == null ? NONE : format(value));
/** Minutes as people say them: "4 min", "2 hr 5 min". */
export const minutes = value => orNone(value, m => duration(Math.round(m * 60_000)));
const score = value => orNone(value, v => t('reports.outOf5', { score: oneDecimal.format(v) }));
const share = value => orNone(value, percent.format);
// Rates arrive as percentages (CRR is × 100), shares as fractions of one.
const rate = value => orNone(value, v => percent.format(v / 100));

// ------------------------------------------------------------------ periods in the store's time zone

function zoneParts(ms, timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(ms).map(part => [part.type, Number(part.value)]));
  return parts;
}

/** The instant a calendar day starts in a zone; month and day may overflow, as with Date.UTC. */
function midnight(year, month, day, timeZone) {
  const wall = Date.UTC(year, month - 1, day);
  let at = wall;
  // Twice: the first guess may sit on the other side of a daylight saving change.
  for (let i = 0; i < 2; i++) {
    const p = zoneParts(at, timeZone);
    at = wall - (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at);
  }
  return at;
}

const isoDay = ms => new Date(ms).toISOString().slice(0, 10);

/** [from, to) of a named period, whole days in the store's zone; custom takes two calendar days, both included. */
export function periodRange(name, timeZone, custom = {}, now = Date.now()) {
  const today = zoneParts(now, timeZone);
  const day = (offset, { year, month, day: d } = today) => midnight(year, month, d + offset, timeZone);
  switch (name) {
    case 'last7': return { from: day(-6), to: day(1) };
    case 'last30': return { from: day(-29), to: day(1) };
    case 'thisMonth': return { from: midnight(today.year, today.month, 1, timeZone), to: day(1) };
    case 'lastMonth': return { from: midnight(today.year, today.month - 1, 1, timeZone), to: midnight(today.year, today.month, 1, timeZone) };
    default: {
      const [fy, fm, fd] = custom.from.split('-').map(Number);
      const [ty, tm, td] = custom.to.split('-').map(Number);
      return { from: midnight(fy, fm, fd, timeZone), to: midnight(ty, tm, td + 1, timeZone) };
    }
  }
}

/** Change from before to now: a share of before for counts and durations, a difference for scores and rates. */
function change(now, before, { kind = 'relative', lowerIsBetter = false } = {}) {
  if (now == null || before == null) return null;
  let text;
  let delta;
  if (kind === 'relative') {
    if (before === 0) return now === 0 ? { text: signedPercent.format(0), tone: 'flat' } : null;
    delta = (now - before) / before;
    text = signedPercent.format(delta);
    if (text === signedPercent.format(0)) delta = 0;
  } else if (kind === 'score') {
    delta = Math.round((now - before) * 10) / 10;
    text = signedDecimal.format(delta);
  } else {
    delta = Math.round((now - before) * (kind === 'share' ? 100 : 1));
    text = t('reports.points', { points: signedPoints.format(delta) });
  }
  const tone = delta === 0 ? 'flat' : (delta < 0) === lowerIsBetter ? 'good' : 'bad';
  return { text, tone };
}

// ------------------------------------------------------------------ the page

/** The reports: live queue on top, then the chosen period's figures against the period before, charts and the team. */
export function createReportsPage({ root, session }) {
  const filter = { period: 'last7', custom: { from: '', to: '' }, channelId: '', agentId: '' };
  let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let zoneKnown = false;
  let channels = null;
  let results = null;
  let live = null;
  let liveTimer = null;
  let generation = 0;
  let charts = [];

  function show() {
    live = h('section', { class: 'report-live', 'data-testid': 'report-live', 'aria-labelledby': 'report-live-title' },
      h('h2', { id: 'report-live-title', class: 'report-live-title' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), t('reports.liveTitle')),
      h('ul', { class: 'report-figures report-live-figures' }));
    results = h('div', { class: 'report-results', 'data-testid': 'report-results' }, settingsMessage(t('settings.loading')));
    root.replaceChildren(h('div', { class: 'reports-page' },
      settingsHeading(t('reports.title'), t('reports.intro')), live, toolbar(), results));
    loadLive();
    clearInterval(liveTimer);
    liveTimer = setInterval(loadLive, LIVE_MS);
    if (!channels) loadChannels();
    load();
  }

  function leave() {
    generation++;
    clearInterval(liveTimer);
    liveTimer = null;
    destroyCharts();
    results = null;
    live = null;
  }

  // ---------------------------------------------------------------- live

  async function loadLive() {
    const list = live?.querySelector('ul');
    if (!list) return;
    try {
      const now = await api.reportLive();
      if (!live) return;
      list.replaceChildren(
        figure(t('reports.waiting'), counts.format(now.waiting), 'live-waiting'),
        figure(t('reports.oldestWait'), minutes(now.oldestWaitMinutes), 'live-oldest-wait'),
        figure(t('reports.pastDue'), counts.format(now.pastDue), 'live-past-due', null, now.pastDue > 0 ? 'is-alert' : null),
        figure(t('reports.agentsOnline'), counts.format(now.agentsOnline), 'live-agents-online'));
      live.dataset.updated = new Date().toISOString();
    } catch (error) {
      if (live) list.replaceChildren(h('li', { class: 'report-live-error', role: 'alert' }, problemText(error)));
    }
  }

  // ---------------------------------------------------------------- filters

  async function loadChannels() {
    try {
      channels = await api.channels();
    } catch {
      // Only admins list the channels; the others report on all of them.
      channels = [];
    }
    const select = root.querySelector('#report-channel');
    if (select) select.replaceWith(channelSelect());
  }

  function toolbar() {
    const periodSelect = h('select', {
      id: 'report-period', 'data-testid': 'report-period',
      onchange: event => {
        filter.period = event.target.value;
        if (filter.period === 'custom' && !filter.custom.from) {
          const { from, to } = periodRange('last7', timeZone);
          filter.custom = { from: zonedDay(from), to: zonedDay(to - DAY_MS) };
          dates.querySelector('[data-field=from]').value = filter.custom.from;
          dates.querySelector('[data-field=to]').value = filter.custom.to;
        }
        dates.hidden = filter.period !== 'custom';
        load();
      },
    }, PERIODS.map(value => h('option', { value, selected: value === filter.period }, t(`reports.period.${value}`))));
    const dateInput = field => h('input', {
      type: 'date', 'data-field': field, 'data-testid': `report-${field}`, value: filter.custom[field],
      'aria-label': t(`reports.${field}`),
      onchange: event => {
        filter.custom[field] = event.target.value;
        if (filter.custom.from && filter.custom.to && filter.custom.from <= filter.custom.to) load();
      },
    });
    const dates = h('div', { class: 'report-dates', hidden: filter.period !== 'custom' },
      h('label', { class: 'settings-field' }, h('span', { class: 'field-label' }, t('reports.from')), dateInput('from')),
      h('label', { class: 'settings-field' }, h('span', { class: 'field-label' }, t('reports.to')), dateInput('to')));
    const agentSelect = h('select', {
      id: 'report-agent', 'data-testid': 'report-agent',
      onchange: event => {
        filter.agentId = event.target.value;
        load();
      },
    }, h('option', { value: '' }, t('reports.allAgents')),
    [...session.agents.values()].sort((a, b) => a.name.localeCompare(b.name, lang))
      .map(agent => h('option', { value: agent.id, selected: String(agent.id) === filter.agentId }, agent.name)));
    return h('div', { class: 'report-toolbar', role: 'group', 'aria-label': t('reports.filters') },
      h('label', { class: 'settings-field' }, h('span', { class: 'field-label' }, t('reports.period')), periodSelect),
      dates,
      h('label', { class: 'settings-field' }, h('span', { class: 'field-label' }, t('reports.channel')), channelSelect()),
      h('label', { class: 'settings-field' }, h('span', { class: 'field-label' }, t('reports.agent')), agentSelect));
  }

  function channelSelect() {
    return h('select', {
      id: 'report-channel', 'data-testid': 'report-channel', disabled: channels?.length ? null : true,
      onchange: event => {
        filter.channelId = event.target.value;
        load();
      },
    }, h('option', { value: '' }, t('reports.allChannels')),
    (channels ?? []).map(channel => h('option', { value: channel.id, selected: String(channel.id) === filter.channelId },
      `${channel.name} (${t(`kind.${channel.kind}`)})`)));
  }

  /** The calendar day an instant falls on in the store's zone, as a date input wants it. */
  function zonedDay(ms) {
    const p = zoneParts(ms, timeZone);
    return isoDay(Date.UTC(p.year, p.month - 1, p.day));
  }

  // ---------------------------------------------------------------- the period's figures

  async function load() {
    const mine = ++generation;
    results.setAttribute('aria-busy', 'true');
    try {
      let range = periodRange(filter.period, timeZone, filter.custom);
      const heatmap = await api.reportHeatmap(query(range, { heatmap: true }));
      if (mine !== generation) return;
      // Days are the store's: once its zone is known, a period computed in another one is asked again.
      if (!zoneKnown && heatmap.timeZone) {
        zoneKnown = true;
        if (heatmap.timeZone !== timeZone) {
          timeZone = heatmap.timeZone;
          return load();
        }
      }
      const length = range.to - range.from;
      const previousRange = { from: range.from - length, to: range.from };
      const [summary, previous, Chart] = await Promise.all([
        api.reportSummary(query(range)), api.reportSummary(query(previousRange)), loadCharts()]);
      if (mine !== generation) return;
      destroyCharts();
      range = { ...range, heatmap };
      results.replaceChildren(
        periodLine(range),
        headline(summary, previous),
        h('div', { class: 'report-grid' },
          tierCard(Chart, summary),
          volumeCard(Chart, summary),
          csatCard(Chart, summary),
          heatmapCard(heatmap),
          retentionCard(summary, previous)),
        agentCard(summary),
        csvLink(range));
    } catch (error) {
      if (mine !== generation) return;
      destroyCharts();
      results.replaceChildren(settingsMessage(problemText(error), { retry: load }));
    } finally {
      if (mine === generation) results?.removeAttribute('aria-busy');
    }
  }

  function query({ from, to }, { heatmap = false } = {}) {
    const params = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    if (!heatmap && filter.channelId) params.channelId = filter.channelId;
    if (!heatmap && filter.agentId) params.agentId = filter.agentId;
    return params;
  }

  function periodLine({ from, to, heatmap }) {
    const last = zonedDay(to - 1);
    return h('p', { class: 'report-period-line', 'data-testid': 'report-period-line' }, t('reports.periodLine', {
      from: fullDay.format(dayOf(zonedDay(from))), to: fullDay.format(dayOf(last)), zone: heatmap.timeZone ?? timeZone,
    }));
  }

  function figure(label, value, testid, note, extra) {
    return h('li', { class: ['report-figure', extra].filter(Boolean).join(' ') },
      h('span', { class: 'report-figure-label' }, label),
      h('span', { class: 'report-figure-value', 'data-testid': testid }, value),
      note);
  }

  function trend(delta, testid) {
    if (!delta) return h('span', { class: 'report-change', 'data-testid': testid, 'data-tone': 'none' }, t('reports.noComparison'));
    return h('span', { class: 'report-change', 'data-testid': testid, 'data-tone': delta.tone },
      h('span', { class: 'visually-hidden' }, t(`reports.tone.${delta.tone}`)),
      t('reports.vsPrevious', { change: delta.text }));
  }

  function headline(now, before) {
    const note = (...parts) => h('span', { class: 'report-figure-note' }, ...parts);
    const fr = now.firstResponseMinutes;
    const res = now.resolutionMinutes;
    return h('ul', { class: 'report-figures report-headline', 'data-testid': 'report-headline' },
      figure(t('reports.created'), counts.format(now.conversations.created), 'report-created',
        note(trend(change(now.conversations.created, before.conversations.created), 'report-created-change'))),
      figure(t('reports.resolved'), counts.format(now.conversations.resolved), 'report-resolved',
        note(trend(change(now.conversations.resolved, before.conversations.resolved), 'report-resolved-change'))),
      figure(t('reports.firstResponse'), minutes(fr.median), 'report-first-response',
        note(h('span', { 'data-testid': 'report-first-response-p90' }, t('reports.p90', { value: minutes(fr.p90) })),
          h('span', { 'data-testid': 'report-first-response-business' },
            t('reports.businessHours', { median: minutes(fr.businessHours?.median), p90: minutes(fr.businessHours?.p90) })),
          trend(change(fr.median, before.firstResponseMinutes.median, { lowerIsBetter: true }), 'report-first-response-change'))),
      figure(t('reports.resolution'), minutes(res.median), 'report-resolution',
        note(h('span', { 'data-testid': 'report-resolution-p90' }, t('reports.p90', { value: minutes(res.p90) })),
          h('span', { 'data-testid': 'report-resolution-business' },
            t('reports.businessHours', { median: minutes(res.businessHours?.median), p90: minutes(res.businessHours?.p90) })),
          trend(change(res.median, before.resolutionMinutes.median, { lowerIsBetter: true }), 'report-resolution-change'))),
      figure(t('reports.csat'), score(now.csat.averageScore), 'report-csat',
        note(h('span', { 'data-testid': 'report-satisfied' }, t('reports.satisfied', { share: share(now.csat.satisfiedShare) })),
          h('span', {}, t('reports.answers', { count: now.csat.answered ?? 0 })),
          trend(change(now.csat.averageScore, before.csat.averageScore, { kind: 'score' }), 'report-csat-change'))),
      figure(t('reports.reopened'), counts.format(now.conversations.reopened), 'report-reopened',
        note(trend(change(now.conversations.reopened, before.conversations.reopened, { lowerIsBetter: true }), 'report-reopened-change'))));
  }

  // ---------------------------------------------------------------- charts

  /** A Chart.js canvas with its words for screen readers; the chart goes away with the page. */
  function chartBox(testid, label, make, { tall = false } = {}) {
    const canvas = h('canvas', { role: 'img', 'aria-label': label, 'data-testid': testid }, label);
    const box = h('div', { class: tall ? 'report-chart is-tall' : 'report-chart' }, canvas);
    charts.push(make(canvas));
    return box;
  }

  function destroyCharts() {
    for (const chart of charts) chart.destroy();
    charts = [];
  }

  const minuteAxis = {
    beginAtZero: true,
    // Under a minute the axis counts seconds, or every line would read "< 1 min".
    ticks: { callback: value => (value === 0 ? '0' : value < 1 ? seconds.format(Math.round(value * 60)) : minutes(value)), maxTicksLimit: 6 },
  };
  const minuteTooltip = { callbacks: { label: item => `${item.dataset.label}: ${minutes(item.raw)}` } };

  // When the slowest figure is many times the fastest (an evening chat answered next morning beside
  // a VIP answered in two minutes), a linear axis draws the fast bars as nothing. A logarithmic one
  // shows both, with its lines at durations people think in rather than at powers of ten.
  const widelySpread = values => {
    const shown = values.filter(v => v > 0);
    return shown.length > 1 && Math.max(...shown) / Math.min(...shown) > 20;
  };
  const HUMAN_MINUTES = [0.25, 1, 5, 15, 60, 4 * 60, 12 * 60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60, 30 * 24 * 60];
  const logMinuteAxis = {
    type: 'logarithmic',
    afterBuildTicks: axis => {
      axis.ticks = HUMAN_MINUTES.filter(value => value >= axis.min && value <= axis.max).map(value => ({ value }));
    },
    ticks: { callback: minuteAxis.ticks.callback },
  };

  function tierCard(Chart, summary) {
    const tiers = summary.firstResponseByTier ?? {};
    const labels = TIERS.map(tier => t(`tier.${tier}`));
    const medians = TIERS.map(tier => tiers[tier]?.median ?? null);
    const p90s = TIERS.map(tier => tiers[tier]?.p90 ?? null);
    const label = t('reports.tierSummary', {
      figures: TIERS.map((tier, i) => `${labels[i]}: ${minutes(medians[i])} (${t('reports.p90', { value: minutes(p90s[i]) })}, ${t('reports.count', { count: tiers[tier]?.count ?? 0 })})`).join('; '),
    });
    const logarithmic = widelySpread([...medians, ...p90s]);
    return card(t('reports.tierTitle'),
      h('p', { class: 'field-hint' }, t('reports.tierHint'), logarithmic ? ` ${t('reports.logScale')}` : ''),
      chartBox('report-tier-chart', label, canvas => new Chart(canvas, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: t('reports.median'), data: medians, backgroundColor: palette.blue, borderRadius: 3, maxBarThickness: 56 },
            { label: t('reports.p90Label'), data: p90s, backgroundColor: palette.lightBlue, borderRadius: 3, maxBarThickness: 56 },
          ],
        },
        options: { scales: { y: logarithmic ? logMinuteAxis : minuteAxis }, plugins: { tooltip: minuteTooltip, legend: { position: 'bottom' } } },
      })));
  }

  function volumeCard(Chart, summary) {
    const days = summary.conversationsByChannel ?? [];
    const kinds = KINDS.filter(kind => days.some(day => day.counts?.[kind]));
    const shown = kinds.length ? kinds : KINDS.slice(0, 1);
    const label = t('reports.volumeSummary', {
      total: counts.format(summary.conversations.created),
      figures: KINDS.map(kind => `${t(`kind.${kind}`)}: ${counts.format(summary.conversations.byChannel?.[kind] ?? 0)}`).join(', '),
    });
    return card(t('reports.volumeTitle'),
      chartBox('report-volume-chart', label, canvas => new Chart(canvas, {
        type: 'bar',
        data: {
          labels: days.map(day => axisDay.format(dayOf(day.date))),
          datasets: shown.map(kind => ({
            label: t(`kind.${kind}`), data: days.map(day => day.counts?.[kind] ?? 0), backgroundColor: KIND_COLOURS[kind], maxBarThickness: 48,
          })),
        },
        options: {
          scales: {
            x: { stacked: true, grid: { display: false }, ticks: { autoSkipPadding: 8, maxRotation: 0 } },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          },
          plugins: {
            legend: { position: 'bottom' },
            tooltip: { callbacks: { title: items => fullDay.format(dayOf(days[items[0].dataIndex].date)) } },
          },
        },
      })));
  }

  function csatCard(Chart, summary) {
    const days = summary.csatByDay ?? [];
    const answered = days.reduce((sum, day) => sum + (day.answered ?? 0), 0);
    const label = t('reports.csatSummary', { average: score(summary.csat.averageScore), count: answered });
    return card(t('reports.csatTitle'),
      h('p', { class: 'field-hint' }, t('reports.csatSplit', {
        purchase: score(summary.csat.purchase?.averageScore), purchaseCount: counts.format(summary.csat.purchase?.answered ?? 0),
        conversation: score(summary.csat.conversation?.averageScore), conversationCount: counts.format(summary.csat.conversation?.answered ?? 0),
      })),
      chartBox('report-csat-chart', label, canvas => new Chart(canvas, {
        type: 'line',
        data: {
          labels: days.map(day => axisDay.format(dayOf(day.date))),
          datasets: [{
            label: t('reports.averageScore'), data: days.map(day => day.averageScore), borderColor: palette.orange,
            backgroundColor: palette.orange, pointRadius: 3, spanGaps: true, tension: 0.2,
          }],
        },
        options: {
          scales: {
            x: { grid: { display: false }, ticks: { autoSkipPadding: 8, maxRotation: 0 } },
            y: { min: 1, max: 5, ticks: { stepSize: 1 } },
          },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                title: items => fullDay.format(dayOf(days[items[0].dataIndex].date)),
                label: item => `${score(item.raw)} · ${t('reports.answers', { count: days[item.dataIndex].answered })}`,
              },
            },
          },
        },
      })));
  }

  /** Weekdays down, hours across, shaded by how many conversations began then: a table, so every cell can be read out. */
  function heatmapCard(heatmap) {
    const rows = heatmap.counts ?? [];
    const max = Math.max(1, ...rows.flat());
    return card(t('reports.heatmapTitle'),
      h('p', { class: 'field-hint' }, t('reports.heatmapHint', { zone: heatmap.timeZone })),
      h('table', { class: 'heatmap', 'data-testid': 'report-heatmap' },
        h('caption', { class: 'visually-hidden' }, t('reports.heatmapTitle')),
        h('thead', {}, h('tr', {}, h('td', {}), Array.from({ length: 24 }, (_, hour) =>
          h('th', { scope: 'col', class: hour % 3 ? 'heatmap-hour is-minor' : 'heatmap-hour' }, String(hour))))),
        h('tbody', {}, rows.map((hours, day) => h('tr', {},
          h('th', { scope: 'row', class: 'heatmap-day' }, weekdays[day]),
          hours.map((count, hour) => {
            const text = t('reports.heatmapCell', { day: weekdays[day], hour: String(hour).padStart(2, '0'), count });
            const cell = h('td', { class: 'heatmap-cell', title: text, 'aria-label': text, 'data-count': count },
              h('span', { class: 'visually-hidden' }, counts.format(count)));
            // Through the CSSOM: the page's content security policy refuses style attributes.
            cell.style.setProperty('--level', count ? (0.12 + 0.88 * count / max).toFixed(3) : '0');
            return cell;
          }))))),
      h('div', { class: 'heatmap-scale', 'aria-hidden': 'true' },
        h('span', {}, '0'), h('span', { class: 'heatmap-ramp' }), h('span', {}, counts.format(max))));
  }

  function retentionCard(now, before) {
    const r = now.retention ?? {};
    return card(t('reports.retentionTitle'),
      h('ul', { class: 'report-figures report-retention' },
        figure(t('reports.crr'), rate(r.customerRetentionRate), 'report-crr',
          h('span', { class: 'report-figure-note' }, trend(change(r.customerRetentionRate, before.retention?.customerRetentionRate, { kind: 'rate' }), 'report-crr-change'))),
        figure(t('reports.repeatRate'), rate(r.repeatPurchaseRate), 'report-repeat-rate',
          h('span', { class: 'report-figure-note' }, trend(change(r.repeatPurchaseRate, before.retention?.repeatPurchaseRate, { kind: 'rate' }), 'report-repeat-rate-change')))),
      h('p', { class: 'field-hint' }, t('reports.retentionHint', {
        start: orNone(r.customersAtStart, counts.format), end: orNone(r.customersAtEnd, counts.format), new: orNone(r.newCustomers, counts.format),
      })));
  }

  function agentCard(summary) {
    const agents = summary.byAgent ?? [];
    const columns = ['colAgent', 'colReplies', 'colResolved', 'colFirstResponse', 'colCsat'];
    return card(t('reports.agentsTitle'),
      agents.length === 0 ? h('p', { class: 'settings-empty' }, t('reports.noAgents')) : h('div', { class: 'table-scroll' },
        h('table', { class: 'report-agents', 'data-testid': 'report-agents' },
          h('thead', {}, h('tr', {}, columns.map(key => h('th', { scope: 'col' }, t(`reports.${key}`))))),
          h('tbody', {}, agents.map(agent => h('tr', { 'data-testid': 'report-agent-row', 'data-agent-id': agent.agentId },
            h('th', { scope: 'row' }, agent.name),
            h('td', { 'data-label': t('reports.colReplies') }, counts.format(agent.replies)),
            h('td', { 'data-label': t('reports.colResolved') }, counts.format(agent.resolved)),
            h('td', { 'data-label': t('reports.colFirstResponse') }, minutes(agent.firstResponseMedian)),
            h('td', { 'data-label': t('reports.colCsat') }, score(agent.csatAverage))))))));
  }

  function csvLink({ from, to }) {
    const href = `/api/reports/conversations.csv?${new URLSearchParams(query({ from, to }, { heatmap: true }))}`;
    return h('p', { class: 'report-csv' },
      h('a', { class: 'button', href, download: `conversations-${zonedDay(from)}-${zonedDay(to - 1)}.csv`, 'data-testid': 'report-csv' },
        t('reports.csv')),
      h('span', { class: 'field-hint' }, t('reports.csvHint')));
  }

  return {
    show,
    leave,
    reset() {
      leave();
      filter.period = 'last7';
      filter.custom = { from: '', to: '' };
      filter.channelId = '';
      filter.agentId = '';
      channels = null;
    },
  };
}
