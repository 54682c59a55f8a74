// A regulator's start page: the sites of the region, of every tenant; and a batch trace by tenant and lot.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, table } from '../dom.js';

export async function sitesPage(session) {
  const sites = (await api.get('/api/v1/sites')).sites;
  const rows = sites.map(s => h('tr', { 'data-site': s.tenant + '/' + s.site },
    h('td', {}, h('a', { href: '#/site/' + encodeURIComponent(s.tenant) + '/' + encodeURIComponent(s.site) }, s.name)),
    h('td', {}, s.tenant), h('td', {}, s.kind), h('td', {}, s.region), h('td', {}, s.address || '—'), h('td', {}, s.timezone)));
  const tenantInput = h('input', { id: 'trace-tenant', required: true });
  const lotInput = h('input', { id: 'trace-lot', required: true });
  show(h('h1', {}, t('sites_of_region') + (session.me.region ? ' · ' + session.me.region : '')),
    session.me.role === 'regulator' ? h('p', { class: 'muted' }, t('read_only')) : null,
    rows.length ? table([t('site'), t('tenant'), t('kind'), t('region'), t('address'), 'TZ'], rows) : h('p', { class: 'muted' }, t('no_data')),
    h('h2', {}, t('trace')),
    h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault();
      location.hash = '#/batch/' + encodeURIComponent(tenantInput.value) + '/' + encodeURIComponent(lotInput.value); } },
    h('label', { for: 'trace-tenant' }, t('tenant'), tenantInput), h('label', { for: 'trace-lot' }, t('lot'), lotInput),
    h('button', { class: 'secondary', type: 'submit' }, t('open_trace'))));
}
