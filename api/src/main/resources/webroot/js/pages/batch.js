// A batch's cold chain: legs as a timeline with their curves, exposure, MKT, where it is now, the alerts that hold it.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, table } from '../dom.js';
import { fmt, duration } from '../time.js';
import { curve, points } from '../chart.js';
import { zoneOf } from '../session.js';
import { ruleText } from './inbox.js';

export async function batchPage(session, tenant, lot) {
  const tr = await api.get(api.tenantPath(tenant) + '/batches/' + encodeURIComponent(lot) + '/trace');
  const nowSite = tr.now && tr.now.site;
  const zone = (nowSite && zoneOf(tenant, nowSite)) || firstZone(tenant, tr.legs);
  const limits = tr.limits || {};
  const chartEl = h('div', { class: 'chart', id: 'trace-chart' });
  const cum = tr.cumulative || {};

  const facts = h('dl', { class: 'grid' },
    fact(t('product'), (tr.product || '') + ' (' + tr.sku + ')'), fact(t('lot'), tr.lot),
    fact(t('limits'), range(limits)), fact(t('mkt'), tr.mkt_c === null || tr.mkt_c === undefined ? '—' : tr.mkt_c + ' °C'),
    fact(t('cumulative'), duration(cum.time_out_of_range_s)),
    fact(t('produced'), fmt(tr.produced_at, zone)), fact(t('expires'), fmt(tr.expires_at, zone)),
    fact(t('now_at'), tr.now ? (tr.now.site || '—') + ' / ' + tr.now.asset + ' · ' + fmt(tr.now.since, zone) : '—'));

  const timeline = h('ol', { class: 'timeline', id: 'legs' }, (tr.legs || []).map(l => {
    const z = zoneOf(tenant, l.site) || zone;
    return h('li', {}, h('strong', {}, l.asset + (l.site ? ' @ ' + l.site : '')), ' · ', l.via + (l.ref ? ' ' + l.ref : ''),
      h('div', {}, fmt(l.from, z) + ' → ' + (l.to ? fmt(l.to, z) : t('ongoing'))),
      h('div', { class: 'muted' }, t('min') + ' ' + num(l.min_c) + ' · ' + t('max') + ' ' + num(l.max_c) + ' · ' + t('mean') + ' '
        + num(l.mean_c) + ' · ' + t('out_of_range') + ' ' + duration(l.exposure && l.exposure.time_out_of_range_s)
        + ((l.gaps || []).length ? ' · ' + t('gaps') + ' ' + l.gaps.length : '')));
  }));

  const excursions = (tr.excursions || []).map(e => h('tr', {},
    h('td', {}, e.alert ? h('a', { href: '#/alert/' + encodeURIComponent(tenant) + '/' + e.alert }, '#' + e.alert) : '—'),
    h('td', { class: 'sev-' + e.severity }, t(e.severity)), h('td', {}, e.rule), h('td', {}, fmt(e.start, zone)),
    h('td', {}, duration(e.duration_s)), h('td', {}, e.kind === 'door_open' ? (e.unit || 'door open') : num(e.peak) + (e.unit && e.peak != null ? ' ' + e.unit : '')), h('td', {}, e.status || '—'),
    h('td', {}, e.corrective_action || '—')));

  let alerts = [];
  if (session.me.role !== 'regulator') {
    try { alerts = (await api.get(api.tenantPath(tenant) + '/alerts' + api.qs({ lot, limit: 200 }))).alerts; } catch (e) { alerts = []; }
  }
  const holdRows = alerts.map(a => {
    const b = (a.batches || []).find(x => x.lot === lot) || {};
    return h('tr', {}, h('td', {}, h('a', { href: '#/alert/' + encodeURIComponent(tenant) + '/' + a.id }, '#' + a.id)),
      h('td', { class: 'sev-' + a.severity }, t(a.severity)), h('td', {}, t(a.status) || a.status),
      h('td', {}, b.disposition ? t(b.disposition === 'hold' ? 'hold_d' : b.disposition)
        : (a.severity === 'critical' && a.status !== 'resolved' ? h('span', { class: 'badge hold' }, t('hold')) : '—')),
      h('td', {}, ruleText(a.rule)));
  });

  show(h('h1', {}, t('trace') + ' · ' + tr.lot), h('p', { class: 'muted' }, t('time_zone') + ' ' + (zone || 'UTC')), facts,
    h('h2', {}, t('legs')), timeline, chartEl,
    h('h2', {}, t('excursions')), excursions.length ? table(['#', t('severity'), t('rule'), t('start'), t('duration'), t('peak'), t('status'), t('corrective_actions')], excursions)
      : h('p', { class: 'muted' }, t('none')),
    session.me.role !== 'regulator' ? h('h2', {}, t('holds')) : null,
    session.me.role !== 'regulator' ? (holdRows.length ? table(['#', t('severity'), t('status'), t('disposition'), t('rule')], holdRows) : h('p', { class: 'muted' }, t('none'))) : null,
    session.me.role !== 'regulator' ? publicCode(tenant, lot) : null);

  // One series per leg and sensor, from that leg's stay.
  const wanted = [];
  (tr.legs || []).forEach(l => (l.sensors || []).forEach(s => wanted.push({ leg: l, s })));
  const series = await Promise.all(wanted.slice(0, 12).map(async ({ leg, s }) => {
    const r = await api.get(api.tenantPath(tenant) + '/sensors/' + encodeURIComponent(s.sensor) + '/readings'
      + api.qs({ from: s.from, to: s.to || new Date().toISOString(), limit: 20000 }));
    return { name: leg.asset + ' · ' + s.sensor, points: points(r.readings) };
  }));
  const lines = [];
  if (limits.max_c !== null && limits.max_c !== undefined) lines.push({ value: limits.max_c, label: t('max') + ' ' + limits.max_c + ' °C' });
  if (limits.min_c !== null && limits.min_c !== undefined) lines.push({ value: limits.min_c, label: t('min') + ' ' + limits.min_c + ' °C', color: '#0b4f8a' });
  curve(chartEl, { series, lines, zone, title: t('trace') + ' ' + tr.lot,
    areas: (tr.excursions || []).map(e => ({ from: Date.parse(e.start), to: e.end ? Date.parse(e.end) : Date.now(), label: e.rule })) });
}

function firstZone(tenant, legs) {
  for (const l of legs || []) { const z = l.site && zoneOf(tenant, l.site); if (z) return z; }
  return null;
}

function range(l) {
  const lo = l.min_c, hi = l.max_c;
  if ((lo === null || lo === undefined) && (hi === null || hi === undefined)) return '—';
  return (lo ?? '…') + ' … ' + (hi ?? '…') + ' °C';
}

function num(v) { return v === null || v === undefined ? '—' : Number(v).toFixed(1) + ' °C'; }

function fact(label, value) { return h('div', {}, h('dt', {}, label), h('dd', {}, value)); }

// The batch's public trace code: its URL (what consumers open), a QR code to print, and revocation.
function publicCode(tenant, lot) {
  const path = api.tenantPath(tenant) + '/batches/' + encodeURIComponent(lot) + '/public-code';
  const holder = h('div', { id: 'public-code' });
  const showCode = async () => {
    try {
      const c = await api.get(path);
      holder.replaceChildren(h('p', {}, h('a', { href: c.url, target: '_blank', rel: 'noopener' }, c.url)),
        h('img', { src: path + '?format=png&v=' + c.code, alt: c.url, width: '192', height: '192' }),
        h('p', {}, h('button', { class: 'secondary', type: 'button', onclick: async () => {
          try { await api.del(path); holder.replaceChildren(h('p', {}, t('code_revoked'))); } catch (e) { holder.append(h('p', { class: 'error' }, e.message)); }
        } }, t('revoke_code'))));
    } catch (e) { holder.replaceChildren(h('p', { class: 'error' }, e.message)); }
  };
  return h('section', {}, h('h2', {}, t('public_code')),
    h('button', { class: 'secondary', type: 'button', id: 'show-public-code', onclick: showCode }, t('show_code')), holder);
}
