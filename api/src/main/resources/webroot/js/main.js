// The web app: who is logged in, the navigation for their role, and a hash router (#/inbox, #/alert/T/ID, ...).
import * as api from './api.js';
import { t, language, setLanguage, translateStatic } from './i18n.js';
import { h, show, status } from './dom.js';
import { loginPage } from './pages/login.js';
import { inboxPage } from './pages/inbox.js';
import { alertPage } from './pages/alert.js';
import { batchPage } from './pages/batch.js';
import { adminPage } from './pages/admin.js';
import { sitesPage } from './pages/sites.js';
import { siteLogPage } from './pages/sitelog.js';
import { recallsPage } from './pages/recalls.js';

import { session } from './session.js';

let cleanup = null;

async function loadZones() {
  session.zones.clear();
  if (session.me.role === 'platform') return;
  try {
    const r = await api.get('/api/v1/sites');
    r.sites.forEach(s => session.zones.set(s.tenant + '/' + s.site, s.timezone || null));
    session.sites = r.sites;
  } catch (e) { session.sites = []; }
}

function home() {
  const role = session.me && session.me.role;
  return role === 'regulator' ? '#/sites' : role === 'platform' ? '#/admin' : '#/inbox';
}

function renderNav() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const logout = document.getElementById('logout');
  const me = session.me;
  nav.replaceChildren();
  if (!me) { who.textContent = ''; logout.hidden = true; return; }
  const links = me.role === 'regulator' ? [['#/sites', t('sites')], ['#/recalls', t('recalls')]]
    : me.role === 'platform' ? [['#/admin', t('admin')]]
    : me.role === 'admin' ? [['#/inbox', t('inbox')], ['#/recalls', t('recalls')], ['#/admin', t('admin')]]
    : [['#/inbox', t('inbox')], ['#/recalls', t('recalls')]];
  const here = location.hash.split('/').slice(0, 2).join('/');
  links.forEach(([href, label]) => nav.append(h('a', { href, 'aria-current': here === href ? 'page' : null }, label)));
  who.textContent = (me.display_name || me.username) + ' · ' + me.role + (me.tenant ? ' @ ' + me.tenant : '')
    + (me.region ? ' · ' + me.region : '');
  logout.hidden = false;
}

async function route() {
  if (cleanup) { try { cleanup(); } catch (e) { /* page gone */ } cleanup = null; }
  status('');
  translateStatic();
  document.getElementById('lang').textContent = t('switch_lang');
  if (!session.me) { renderNav(); loginPage(onLogin); return; }
  if (!location.hash || location.hash === '#/' || location.hash === '#/login') { location.replace(home()); return; }
  renderNav();
  const [, page, ...args] = location.hash.slice(1).split('/').map(decodeURIComponent);
  // Pages by role; the API refuses anyway, this only keeps people on pages that can work for them.
  const allowed = { qa: ['inbox', 'alert', 'batch', 'recalls'], admin: ['inbox', 'alert', 'batch', 'admin', 'recalls'],
    regulator: ['sites', 'site', 'batch', 'alert', 'recalls'], platform: ['admin'] }[session.me.role] || [];
  if (!allowed.includes(page)) { location.replace(home()); return; }
  try {
    switch (page) {
      case 'inbox': cleanup = await inboxPage(session); break;
      case 'alert': await alertPage(session, args[0], args[1]); break;
      case 'batch': await batchPage(session, args[0], args[1]); break;
      case 'admin': await adminPage(session); break;
      case 'sites': await sitesPage(session); break;
      case 'site': await siteLogPage(session, args[0], args[1]); break;
      case 'recalls': await recallsPage(session); break;
      default: location.replace(home());
    }
  } catch (e) {
    if (e.status !== 401) status(t('error') + ': ' + e.message, true);
  }
}

async function onLogin(me) {
  session.me = me;
  api.setCsrf(me.csrf_token);
  await loadZones();
  location.hash = home();
  route();
}

async function start() {
  translateStatic();
  api.whenUnauthorized(() => {
    if (session.me) { session.me = null; status(t('session_ended'), true); route(); }
  });
  document.getElementById('lang').addEventListener('click', () => {
    setLanguage(language() === 'zh' ? 'en' : 'zh');
    route();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api.post('/api/v1/logout'); } catch (e) { /* ended anyway */ }
    session.me = null; api.setCsrf(null); location.hash = '#/login'; route();
  });
  window.addEventListener('hashchange', route);
  try {
    const me = await api.get('/api/v1/me');
    session.me = me; api.setCsrf(me.csrf_token);
    await loadZones();
  } catch (e) { session.me = null; }
  route();
}

start();
