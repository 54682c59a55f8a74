// The JSON API, called with the session cookie. Writes carry the session's CSRF token; tokens never go in URLs.
let csrf = null;
let onUnauthorized = () => {};

export function setCsrf(token) { csrf = token; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || ('HTTP ' + status));
    this.status = status;
    this.code = body && body.error;
  }
}

async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 204) return null;
  let json = null;
  try { json = await r.json(); } catch (e) { json = null; }
  if (!r.ok) {
    if (r.status === 401 && path !== '/api/v1/login') onUnauthorized();
    throw new ApiError(r.status, json);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const del = (path) => call('DELETE', path);

/** A query string from an object, leaving out empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

export const tenantPath = (tenant) => '/api/v1/tenants/' + encodeURIComponent(tenant);
