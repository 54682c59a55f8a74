// One alert: the excursion's curve with its thresholds, the batches and shipments, history, and QA's actions.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, table, status } from '../dom.js';
import { fmt, duration } from '../time.js';
import { curve, points } from '../chart.js';
import { zoneOf } from '../session.js';
import { ruleText } from './inbox.js';

const HOUR = 3600000;

export async function alertPage(session, tenant, id) {
  const base = api.tenantPath(tenant) + '/alerts/' + encodeURIComponent(id);
  const a = await api.get(base);
  const zone = zoneOf(tenant, a.site);
  const canAct = session.me.role === 'admin' || session.me.role === 'qa';
  const startMs = Date.parse(a.start);
  const endMs = a.end ? Date.parse(a.end) : Date.now();
  const from = new Date(startMs - 2 * HOUR).toISOString();
  const to = new Date(Math.min(Date.now() + 60000, endMs + 2 * HOUR)).toISOString();
  const chartEl = h('div', { class: 'chart', id: 'alert-chart' });

  const facts = h('dl', { class: 'grid' },
    fact(t('status'), t(a.status) + (a.escalation_level ? ' · L' + a.escalation_level : '')),
    fact(t('severity'), t(a.severity)), fact(t('rule'), ruleText(a.rule)),
    fact(t('site') + ' / ' + t('asset'), (a.site || '—') + ' / ' + (a.asset || '—')), fact(t('sensor'), a.sensor),
    fact(t('start'), fmt(a.start, zone)), fact(t('end'), a.end ? fmt(a.end, zone) : t('ongoing')),
    fact(t('peak'), a.peak === null ? '—' : a.peak.toFixed(1) + ' °C · ' + fmt(a.peak_at, zone)),
    fact(t('duration'), duration(a.duration_s)));

  const batchRows = (a.batches || []).map(b => h('tr', {},
    h('td', {}, h('a', { href: '#/batch/' + encodeURIComponent(tenant) + '/' + encodeURIComponent(b.lot) }, b.lot)),
    h('td', {}, b.product || b.sku || '—'), h('td', {}, b.shipment || '—'),
    h('td', {}, b.exposure_min === null || b.exposure_min === undefined ? '—' : String(b.exposure_min)),
    h('td', {}, b.disposition ? t(b.disposition === 'hold' ? 'hold_d' : b.disposition) : '—'),
    h('td', {}, badge((a.batch_status || {})[b.lot]))));

  const history = (a.history || []).map(e => h('tr', {}, h('td', {}, fmt(e.at, zone)), h('td', {}, e.event), h('td', {}, e.actor || '—'),
    h('td', {}, e.detail ? Object.entries(e.detail).map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' · ') : '')));

  const nodes = [h('h1', {}, t('alert') + ' #' + a.id + ' · ', h('span', { class: 'sev-' + a.severity }, t(a.severity))),
    h('p', { class: 'muted' }, t('time_zone') + ' ' + (zone || 'UTC')), facts,
    h('h2', {}, t('excursion_curve')), chartEl,
    h('h2', {}, t('batches')), table([t('lot'), t('product'), t('shipment'), t('exposure'), t('disposition'), t('hold')], batchRows)];
  if (a.acknowledged) nodes.push(h('p', {}, t('acknowledged') + ': ' + a.acknowledged.by + ' · ' + fmt(a.acknowledged.at, zone) + ' · ' + (a.acknowledged.note || '')));
  if (a.resolved) nodes.push(h('p', {}, t('resolved') + ': ' + a.resolved.by + ' · ' + fmt(a.resolved.at, zone) + ' · ' + t('corrective_action') + ': ' + a.resolved.corrective_action));
  if (canAct) nodes.push(...actions(a, base, () => alertPage(session, tenant, id)));
  nodes.push(h('h2', {}, t('history')), table([t('at'), t('event'), t('actor'), ''], history));
  show(...nodes);

  const readings = await api.get(api.tenantPath(tenant) + '/sensors/' + encodeURIComponent(a.sensor) + '/readings'
    + api.qs({ from, to, limit: 20000 }));
  const lines = [];
  if (a.rule && a.rule.threshold_c !== undefined) lines.push({ value: a.rule.threshold_c, label: t('threshold') + ' ' + a.rule.threshold_c + ' °C' });
  const marks = [];
  if (a.peak !== null && a.peak_at) marks.push({ at: Date.parse(a.peak_at), value: a.peak, label: t('peak') });
  curve(chartEl, { series: [{ name: a.sensor, points: points(readings.readings) }], lines, zone,
    areas: [{ from: startMs, to: endMs, label: t('start') + ' → ' + (a.end ? t('end') : t('ongoing')) }], marks,
    title: t('excursion_curve') + ' ' + a.sensor });
}

function actions(a, base, reload) {
  const out = [];
  if (a.status === 'open') {
    const note = h('textarea', { id: 'ack-note', required: true, maxlength: 2000 });
    out.push(h('h2', {}, t('acknowledge')), h('form', { class: 'form', id: 'ack-form', onsubmit: async (ev) => {
      ev.preventDefault();
      try { await api.post(base + '/ack', { note: note.value }); status(t('done_ack')); await reload(); } catch (e) { status(e.message, true); }
    } }, h('label', { for: 'ack-note' }, t('note'), note), h('button', { class: 'primary', type: 'submit', id: 'ack-submit' }, t('acknowledge'))));
  }
  if (a.status === 'open' || a.status === 'acknowledged') {
    const action = h('textarea', { id: 'resolve-action', required: true, maxlength: 4000 });
    const selects = (a.batches || []).map(b => h('label', { for: 'disp-' + b.lot }, t('disposition') + ' ' + b.lot,
      h('select', { id: 'disp-' + b.lot, 'data-lot': b.lot, required: true }, h('option', { value: '' }, '—'),
        ['release', 'hold', 'discard'].map(d => h('option', { value: d }, t(d === 'hold' ? 'hold_d' : d))))));
    out.push(h('h2', {}, t('resolve')), h('form', { class: 'form', id: 'resolve-form', onsubmit: async (ev) => {
      ev.preventDefault();
      const dispositions = {};
      ev.target.querySelectorAll('select[data-lot]').forEach(s => { dispositions[s.dataset.lot] = s.value; });
      try { await api.post(base + '/resolve', { corrective_action: action.value, dispositions }); status(t('done_resolve')); await reload(); }
      catch (e) { status(e.message, true); }
    } }, h('label', { for: 'resolve-action' }, t('corrective_action'), action), selects,
      h('button', { class: 'primary', type: 'submit', id: 'resolve-submit' }, t('resolve'))));
  }
  return out;
}

function fact(label, value) { return h('div', {}, h('dt', {}, label), h('dd', {}, value)); }

function badge(s) {
  if (!s) return '—';
  return h('span', { class: 'badge ' + (s === 'on_hold' || s === 'discarded' ? 'hold' : 'ok') }, s.replace('_', ' '));
}
