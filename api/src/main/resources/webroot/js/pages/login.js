import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, show, status } from '../dom.js';

export function loginPage(onLogin) {
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { id: 'login-error', class: 'status error', role: 'alert' });
  const button = h('button', { class: 'primary', type: 'submit', id: 'login-submit' }, t('login'));
  const form = h('form', { onsubmit: async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      const me = await api.post('/api/v1/login', { username: user.value, password: pass.value });
      pass.value = '';
      await onLogin(me);
    } catch (e) {
      error.textContent = e.status === 401 ? t('login_failed') : t('error') + ': ' + e.message;
      pass.focus();
    } finally { button.disabled = false; }
  } },
  h('label', { for: 'username' }, t('username'), user),
  h('label', { for: 'password' }, t('password'), pass),
  button, error);
  show(h('section', { class: 'login' }, h('h1', {}, t('login_title')), form));
  status('');
  user.focus();
}
