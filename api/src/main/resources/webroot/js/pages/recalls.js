// Recalls: QA and admins make one (its lots are held), follow each site (notified → removed → confirmed) and
// close it; regulators read the recalls that touch their region, of every tenant they have sites of.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, table, status } from '../dom.js';
import { fmt } from '../time.js';

const STATUSES = ['notified', 'removed', 'confirmed'];

export async function recallsPage(session) {
  const me = session.me;
  const regulator = me.role === 'regulator';
  const tenants = regulator ? [...new Set((session.sites || []).map(s => s.tenant))] : [me.tenant];
  const lists = await Promise.all(tenants.map(async tn => {
    try { return { tenant: tn, recalls: (await api.get(api.tenantPath(tn) + '/recalls')).recalls }; }
    catch (e) { return { tenant: tn, recalls: [] }; }
  }));
  const nodes = [h('h1', {}, t('recalls'))];
  if (!regulator) nodes.push(createForm(session, me.tenant));
  const all = lists.flatMap(l => l.recalls.map(r => ({ tenant: l.tenant, r })));
  if (!all.length) nodes.push(h('p', { class: 'muted' }, t('no_data')));
  all.forEach(({ tenant, r }) => nodes.push(recallSection(session, tenant, r, regulator)));
  show(...nodes);
}

function createForm(session, tenant) {
  const id = h('input', { id: 'r-id', required: true, pattern: '[A-Za-z0-9_.:-]{1,64}' });
  const lots = h('input', { id: 'r-lots', required: true, placeholder: 'L-1, L-2' });
  const reason = h('textarea', { id: 'r-reason', required: true, maxlength: '2000', rows: '2' });
  return h('form', { class: 'form', id: 'recall-form', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api.post(api.tenantPath(tenant) + '/recalls', { id: id.value.trim(),
        lots: lots.value.split(/[\s,]+/).filter(Boolean), reason: reason.value });
      status(t('recall_made') + ': ' + id.value);
      recallsPage(session);
    } catch (e) { status(e.message, true); }
  } }, h('h2', {}, t('new_recall')),
    h('label', { for: 'r-id' }, t('recall_id'), id), h('label', { for: 'r-lots' }, t('lots'), lots),
    h('label', { for: 'r-reason' }, t('reason'), reason), h('button', { type: 'submit' }, t('make_recall')));
}

function recallSection(session, tenant, r, readOnly) {
  const base = api.tenantPath(tenant) + '/recalls/' + encodeURIComponent(r.id);
  const open = r.status === 'open' && !readOnly;
  const rows = [];
  r.lots.forEach(lot => lot.locations.forEach(l => rows.push(h('tr', {},
    h('td', {}, h('a', { href: '#/batch/' + encodeURIComponent(tenant) + '/' + encodeURIComponent(lot.lot) }, lot.lot)),
    h('td', {}, (l.name || l.site) + ' (' + l.site + ')'), h('td', {}, l.region || '—'),
    h('td', {}, (l.assets || []).join(', ') + (l.in_transit ? ' · ' + t('in_transit') : '')),
    h('td', { class: 'recall-status-' + l.status }, t(l.status)), h('td', {}, l.note || '—'),
    h('td', {}, open ? siteControl(session, base, l) : fmt(l.updated_at))))));
  return h('section', { class: 'recall', id: 'recall-' + r.id },
    h('h2', {}, r.id + ' · ' + t(r.status === 'open' ? 'recall_open' : 'recall_closed') + (readOnly ? ' · ' + tenant : '')),
    h('p', {}, r.reason), h('p', { class: 'muted' }, t('created') + ' ' + fmt(r.created_at) + ' · ' + r.created_by
      + (r.closed_at ? ' · ' + t('recall_closed') + ' ' + fmt(r.closed_at) + ' · ' + (r.close_note || '') : '')),
    rows.length ? table([t('lot'), t('site'), t('region'), t('asset'), t('status'), t('note'), ''], rows)
      : h('p', { class: 'muted' }, t('no_locations')),
    open ? closeForm(session, base, r) : null);
}

function siteControl(session, base, l) {
  const select = h('select', { 'aria-label': t('status') }, STATUSES.map(s => h('option', { value: s, selected: s === l.status }, t(s))));
  const note = h('input', { 'aria-label': t('note'), maxlength: '2000' });
  return h('span', {}, select, note, h('button', { class: 'secondary', type: 'button', onclick: async () => {
    try {
      const body = { status: select.value };
      if (note.value.trim()) body.note = note.value;
      await api.post(base + '/locations/' + encodeURIComponent(l.site), body);
      status(t('saved'));
      recallsPage(session);
    } catch (e) { status(e.message, true); }
  } }, t('save')));
}

function closeForm(session, base, r) {
  const note = h('input', { id: 'close-' + r.id, required: true, maxlength: '2000' });
  const force = h('input', { type: 'checkbox', id: 'force-' + r.id });
  return h('form', { class: 'form', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api.post(base + '/close', { note: note.value, force: force.checked });
      status(t('recall_closed') + ': ' + r.id);
      recallsPage(session);
    } catch (e) { status(e.message, true); }
  } }, h('label', { for: 'close-' + r.id }, t('close_note'), note),
    h('label', { for: 'force-' + r.id }, force, ' ' + t('force_close')), h('button', { type: 'submit' }, t('close_recall')));
}
