// A store's temperature log for a chosen period: curves per case with limits, gaps, excursions with corrective
// actions, interval compliance, calibration, integrity; PDF and CSV one click away.
import * as api from '../api.js';
import { t, language } from '../i18n.js';
import { h, show, table } from '../dom.js';
import { fmt, duration, daysAgo } from '../time.js';
import { curve } from '../chart.js';
import { zoneOf } from '../session.js';

export async function siteLogPage(session, tenant, site, period) {
  const from = (period && period.from) || daysAgo(7);
  const to = (period && period.to) || daysAgo(-1);
  const path = api.tenantPath(tenant) + '/sites/' + encodeURIComponent(site) + '/temperature-log';
  // Plain dates: the server takes them as the site's local midnights (its time zone), so the days
  // chosen are the store's own days, wherever the browser is.
  const window = { from, to };
  const log = await api.get(path + api.qs(window));
  // The zone the server used (the site's own, else the server's default); the site list's as a fallback.
  const zone = log.timezone || zoneOf(tenant, site);
  // The integrity check takes instants: the same local midnights, as the log reports them in UTC.
  const utcWindow = { from: log.from, to: log.to };
  const reportPath = api.tenantPath(tenant) + '/sites/' + encodeURIComponent(site) + '/compliance-report';
  const fromInput = h('input', { id: 'log-from', type: 'date', value: from, required: true });
  const toInput = h('input', { id: 'log-to', type: 'date', value: to, required: true });
  const picker = h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault();
    siteLogPage(session, tenant, site, { from: fromInput.value, to: toInput.value }); } },
  h('label', { for: 'log-from' }, t('from'), fromInput), h('label', { for: 'log-to' }, t('to'), toInput),
  h('button', { class: 'secondary', type: 'submit' }, t('show')));
  // Plain links: the session cookie goes with them; the server answers them as attachments.
  const lang = language() === 'zh' ? 'zh' : 'en';
  const downloads = h('p', {},
    h('a', { class: 'button', id: 'download-pdf', href: path + api.qs({ ...window, format: 'pdf', lang }), download: '' }, t('download_pdf')),
    h('a', { class: 'button', id: 'download-csv', href: path + api.qs({ ...window, format: 'csv' }), download: '' }, t('download_csv')),
    ...['day', 'week', 'month'].map(period => h('a', { class: 'button secondary', id: 'report-' + period,
      href: reportPath + api.qs({ period, date: from, format: 'pdf', lang }), download: '' }, t('report_' + period))));

  const integrity = h('p', { id: 'integrity' }, t('integrity') + ': …');
  const cards = [];
  const charts = [];
  for (const asset of log.assets || []) {
    const card = h('section', { class: 'card', 'aria-label': asset.name });
    const limits = asset.limits || {};
    card.append(h('h2', {}, asset.name + ' (' + asset.asset + ', ' + asset.kind + ')'),
      h('p', { class: 'muted' }, t('limits') + ': ' + rangeText(limits) + (asset.profile ? ' · ' + asset.profile : '')));
    for (const s of asset.sensors || []) {
      const chartEl = h('div', { class: 'chart log-chart', 'data-sensor': s.sensor });
      const cal = s.calibration || {};
      card.append(h('h3', {}, t('sensor') + ' ' + s.sensor),
        h('dl', { class: 'grid' },
          fact(t('readings'), String(s.readings)), fact(t('min') + ' / ' + t('max') + ' / ' + t('mean'),
            [s.min_c, s.max_c, s.mean_c].map(v => v === null || v === undefined ? '—' : Number(v).toFixed(1)).join(' / ') + ' °C'),
          fact(t('out_of_range'), duration(s.time_out_of_range_s)),
          fact(t('compliance'), s.interval_compliance === null || s.interval_compliance === undefined ? '—' : (s.interval_compliance * 100).toFixed(1) + ' %'),
          fact(t('gaps'), String((s.gaps || []).length)),
          fact(t('calibration'), (cal.calibrated_at ? t('calibrated') + ' ' + cal.calibrated_at + ' · ' : '') + (cal.due ? t('due') + ' ' + cal.due : '—')
            + (cal.overdue ? ' · ' + t('overdue') : ''))),
        chartEl);
      const ex = (s.excursions || []).map(e => h('tr', {}, h('td', { class: 'sev-' + e.severity }, t(e.severity)), h('td', {}, e.rule),
        h('td', {}, fmt(e.start, zone)), h('td', {}, e.end ? fmt(e.end, zone) : t('ongoing')), h('td', {}, duration(e.duration_s)),
        h('td', {}, peakText(e)),
        h('td', {}, e.corrective_action || (e.ack && e.ack.note) || '—')));
      card.append(h('h4', {}, t('excursions')), ex.length
        ? table([t('severity'), t('rule'), t('start'), t('end'), t('duration'), t('peak'), t('corrective_actions')], ex)
        : h('p', { class: 'muted' }, t('none')));
      charts.push({ chartEl, s, limits });
    }
    cards.push(card);
  }
  show(h('h1', {}, t('temperature_log') + ' · ' + (log.site && log.site.name || site)),
    h('p', { class: 'muted' }, tenant + ' · ' + (log.site ? log.site.address + ' · ' + log.site.region : '') + ' · ' + t('time_zone') + ' ' + (zone || 'UTC')),
    session.me.role === 'regulator' ? h('p', { class: 'muted' }, t('read_only')) : null,
    picker, downloads, integrity, ...(cards.length ? cards : [h('p', { class: 'muted' }, t('no_data'))]));

  for (const { chartEl, s, limits } of charts) {
    const pts = (s.curve || []).map(p => [Date.parse(p.ts), p.temp_c !== undefined ? p.temp_c : p.avg_c]);
    const lines = [];
    if (limits.max_c !== null && limits.max_c !== undefined) lines.push({ value: limits.max_c, label: t('max') + ' ' + limits.max_c + ' °C' });
    if (limits.min_c !== null && limits.min_c !== undefined) lines.push({ value: limits.min_c, label: t('min') + ' ' + limits.min_c + ' °C', color: '#0b4f8a' });
    const areas = (s.gaps || []).map(g => ({ from: Date.parse(g.from), to: Date.parse(g.to), label: t('gap'), color: 'rgba(80,80,80,0.18)' }))
      .concat((s.excursions || []).map(e => ({ from: Date.parse(e.start), to: e.end ? Date.parse(e.end) : Date.parse(log.to), label: t(e.severity) })));
    curve(chartEl, { series: [{ name: s.sensor, points: pts }], lines, areas, zone, title: t('temperature_log') + ' ' + s.sensor });
  }

  const sensors = (log.assets || []).flatMap(a => (a.sensors || []).map(s => s.sensor));
  try {
    const reports = await Promise.all(sensors.map(sensor => api.get(api.tenantPath(tenant) + '/integrity' + api.qs({ ...utcWindow, sensor }))));
    const checked = reports.reduce((n, r) => n + (r.seals_checked || 0), 0);
    const intact = reports.every(r => r.intact);
    integrity.textContent = t('integrity') + ': ' + (checked === 0 ? t('no_seals') : intact ? t('intact') + ' (' + checked + ')' : t('not_intact'));
    integrity.className = intact ? '' : 'status error';
  } catch (e) {
    integrity.textContent = t('integrity') + ': ' + e.message;
  }
}

function rangeText(l) {
  if ((l.min_c === null || l.min_c === undefined) && (l.max_c === null || l.max_c === undefined)) return '—';
  return (l.min_c ?? '…') + ' … ' + (l.max_c ?? '…') + ' °C';
}

function fact(label, value) { return h('div', {}, h('dt', {}, label), h('dd', {}, value)); }

// The peak in its own unit: a humidity peak is %RH, a door has no number (never "°C" for them).
function peakText(e) {
  if (e.kind === 'door_open') return e.unit || 'door open';
  if (e.peak === null || e.peak === undefined) return '—';
  return e.peak.toFixed(1) + (e.unit ? ' ' + e.unit : '');
}
