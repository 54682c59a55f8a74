// Administration: unassigned sensors, rejections, users (a tenant's admin); regulators and any tenant's users (platform).
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, table, status } from '../dom.js';
import { fmt } from '../time.js';

export async function adminPage(session) {
  const me = session.me;
  const nodes = [h('h1', {}, t('admin'))];
  if (me.role === 'admin') {
    const tp = api.tenantPath(me.tenant);
    const [unassigned, rejections] = await Promise.all([api.get(tp + '/sensors/unassigned'), api.get(tp + '/rejections' + api.qs({ limit: 200 }))]);
    nodes.push(h('h2', {}, t('unassigned')), unassigned.sensors.length
      ? table([t('sensor'), t('gateway'), t('first_seen'), t('last_seen')], unassigned.sensors.map(s => h('tr', {},
        h('td', {}, s.sensor), h('td', {}, s.gateway), h('td', {}, fmt(s.first_seen)), h('td', {}, fmt(s.last_seen)))))
      : h('p', { class: 'muted' }, t('no_data')));
    nodes.push(h('h2', {}, t('rejections')), rejections.rejections.length
      ? table([t('received'), t('gateway'), t('reason'), t('field'), t('sensor')], rejections.rejections.map(r => h('tr', {},
        h('td', {}, fmt(r.received_at)), h('td', {}, r.gateway || '—'), h('td', {}, r.reason + (r.detail ? ': ' + r.detail : '')),
        h('td', {}, r.field || '—'), h('td', {}, r.sensor || '—'))))
      : h('p', { class: 'muted' }, t('no_data')));
    nodes.push(...await usersSection(me.tenant, me));
  } else if (me.role === 'platform') {
    const tenantInput = h('input', { id: 'p-tenant', required: true, pattern: '[A-Za-z0-9_.:-]{1,64}' });
    const holder = h('div', {});
    nodes.push(h('form', { class: 'form', onsubmit: async (ev) => { ev.preventDefault(); holder.replaceChildren(...await usersSection(tenantInput.value, me)); } },
      h('label', { for: 'p-tenant' }, t('tenant'), tenantInput), h('button', { class: 'secondary', type: 'submit' }, t('show'))), holder);
    nodes.push(...await regulatorsSection());
  }
  show(...nodes);
}

async function usersSection(tenant, me) {
  const path = api.tenantPath(tenant) + '/users';
  const list = (await api.get(path)).users;
  const rows = list.map(u => h('tr', {}, h('td', {}, u.username), h('td', {}, u.display_name || '—'), h('td', {}, u.role),
    h('td', {}, fmt(u.created_at)), h('td', {}, u.disabled_at ? t('disabled') + ' ' + fmt(u.disabled_at)
      : u.username === me.username ? '' : h('button', { class: 'secondary', type: 'button', onclick: async () => {
        try { await api.del(path + '/' + encodeURIComponent(u.username)); status(t('disabled') + ': ' + u.username); adminPage({ me }); }
        catch (e) { status(e.message, true); } } }, t('disable') + ' ' + u.username))));
  return [h('h2', {}, t('users') + ' · ' + tenant), table([t('username'), t('display_name'), t('role'), t('created'), ''], rows),
    accountForm('u', [['role', h('select', { id: 'u-role' }, h('option', { value: 'qa' }, 'qa'), h('option', { value: 'admin' }, 'admin'))]],
      t('create_user'), body => api.post(path, body))];
}

async function regulatorsSection() {
  const list = (await api.get('/api/v1/regulators')).users;
  return [h('h2', {}, t('regulators')),
    table([t('username'), t('display_name'), t('region'), t('created')], list.map(u => h('tr', {}, h('td', {}, u.username),
      h('td', {}, u.display_name || '—'), h('td', {}, u.region), h('td', {}, fmt(u.created_at))))),
    accountForm('r', [['region', h('input', { id: 'r-region', required: true, pattern: '[0-9]{2,12}', inputmode: 'numeric' })]],
      t('create_regulator'), body => api.post('/api/v1/regulators', body))];
}

function accountForm(prefix, extra, label, send) {
  const username = h('input', { id: prefix + '-username', required: true, autocomplete: 'off' });
  const name = h('input', { id: prefix + '-name' });
  const password = h('input', { id: prefix + '-password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' });
  return h('form', { class: 'form', onsubmit: async (ev) => {
    ev.preventDefault();
    const body = { username: username.value, password: password.value };
    if (name.value.trim()) body.display_name = name.value.trim();
    extra.forEach(([field, el]) => { body[field] = el.value; });
    try { await send(body); password.value = ''; status(label + ': ' + username.value); }
    catch (e) { status(e.message, true); }
  } },
  h('label', { for: prefix + '-username' }, t('username'), username),
  h('label', { for: prefix + '-name' }, t('display_name'), name),
  extra.map(([field, el]) => h('label', { for: el.id }, t(field), el)),
  h('label', { for: prefix + '-password' }, t('password'), password),
  h('button', { class: 'primary', type: 'submit' }, label));
}
