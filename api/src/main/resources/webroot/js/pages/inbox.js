// QA's alert inbox: open / acknowledged / resolved tabs with counts, filters, live updates from the event stream.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, table, status } from '../dom.js';
import { fmt, duration } from '../time.js';
import { zoneOf } from '../session.js';

const TABS = ['open', 'acknowledged', 'resolved'];

export async function inboxPage(session) {
  const tenant = session.me.tenant;
  const state = { tab: sessionStorage.getItem('inbox.tab') || 'open', site: '', lot: '', severity: '' };
  const counts = {};
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('status') });
  const list = h('div', { id: 'alert-list', role: 'tabpanel' });
  const live = h('span', { class: 'live', id: 'live', 'aria-live': 'polite' });
  const siteSelect = h('select', { id: 'f-site' }, h('option', { value: '' }, t('all_sites')),
    (session.sites || []).filter(s => s.tenant === tenant).map(s => h('option', { value: s.site }, s.name + ' (' + s.site + ')')));
  const lotInput = h('input', { id: 'f-lot', size: 14 });
  const sevSelect = h('select', { id: 'f-severity' }, h('option', { value: '' }, t('all')),
    h('option', { value: 'critical' }, t('critical')), h('option', { value: 'warning' }, t('warning')));
  const filters = h('form', { class: 'filters', role: 'search', onsubmit: (ev) => { ev.preventDefault(); apply(); } },
    h('label', { for: 'f-site' }, t('site'), siteSelect),
    h('label', { for: 'f-lot' }, t('lot'), lotInput),
    h('label', { for: 'f-severity' }, t('severity'), sevSelect),
    h('button', { class: 'secondary', type: 'submit' }, t('filter')));
  siteSelect.addEventListener('change', apply);
  sevSelect.addEventListener('change', apply);

  function apply() { state.site = siteSelect.value; state.lot = lotInput.value.trim(); state.severity = sevSelect.value; load(); }

  async function fetchTab(tab) {
    const r = await api.get(api.tenantPath(tenant) + '/alerts' + api.qs({ status: tab, site: state.site, lot: state.lot, limit: 1000 }));
    return r.alerts.filter(a => !state.severity || a.severity === state.severity);
  }

  async function load() {
    const all = await Promise.all(TABS.map(fetchTab));
    TABS.forEach((tab, i) => { counts[tab] = all[i].length; });
    renderTabs();
    renderList(all[TABS.indexOf(state.tab)]);
  }

  function renderTabs() {
    tabs.replaceChildren(...TABS.map(tab => h('button', { type: 'button', role: 'tab', id: 'tab-' + tab,
      'aria-selected': String(tab === state.tab), onclick: () => { state.tab = tab; sessionStorage.setItem('inbox.tab', tab); load(); } },
      t(tab) + ' (' + (counts[tab] ?? '…') + ')')));
  }

  function renderList(alerts) {
    if (!alerts.length) { list.replaceChildren(h('p', { class: 'muted' }, t('no_data'))); return; }
    list.replaceChildren(table([t('severity'), t('rule'), t('site') + ' / ' + t('asset'), t('batches'), t('start'), t('duration'), t('peak')],
      alerts.map(a => {
        const zone = zoneOf(tenant, a.site);
        const link = '#/alert/' + encodeURIComponent(tenant) + '/' + a.id;
        return h('tr', { class: 'clickable', 'data-alert': a.id },
          h('td', { class: 'sev-' + a.severity }, t(a.severity)),
          h('td', {}, h('a', { href: link }, ruleText(a.rule))),
          h('td', {}, (a.site || '—') + ' / ' + (a.asset || '—'), h('div', { class: 'muted' }, a.sensor)),
          h('td', { class: 'batches' }, (a.batches || []).map(b => h('div', {}, b.lot + (b.product ? ' · ' + b.product : '')))),
          h('td', {}, fmt(a.start, zone)),
          h('td', {}, duration(a.duration_s) + (a.end ? '' : ' (' + t('ongoing') + ')')),
          h('td', {}, a.peak === null || a.peak === undefined ? '—' : a.peak.toFixed(1) + ' °C'));
      })));
  }

  show(h('h1', {}, t('inbox')), filters, tabs, live, list);
  await load();

  // Live: every alert event reloads the lists (debounced); the browser resumes the stream with Last-Event-ID.
  const stream = new EventSource(api.tenantPath(tenant) + '/alerts/stream');
  let pending = null;
  const refresh = () => { clearTimeout(pending); pending = setTimeout(() => load().then(() => {
    live.textContent = t('live_on') + ' · ' + t('updated') + ' ' + new Date().toLocaleTimeString();
  }).catch(e => status(e.message, true)), 300); };
  ['opened', 'ended', 'escalated', 'acknowledged', 'resolved', 'merged', 'retracted'].forEach(ev => stream.addEventListener(ev, refresh));
  stream.onopen = () => { live.textContent = t('live_on'); };
  stream.onerror = () => { live.textContent = t('live_off'); };
  return () => stream.close();
}

export function ruleText(rule) {
  if (!rule) return '—';
  const thr = rule.threshold_c !== undefined ? ' ' + rule.threshold_c + ' °C' : rule.threshold_v !== undefined ? ' ' + rule.threshold_v + ' V' : '';
  const delay = rule.delay_min !== undefined && rule.delay_min !== null ? ' · ' + rule.delay_min + ' min'
    : rule.budget_min !== undefined && rule.budget_min !== null ? ' · ' + rule.budget_min + ' min' : '';
  return rule.kind + thr + delay;
}
