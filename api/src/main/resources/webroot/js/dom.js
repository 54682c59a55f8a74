// Tiny DOM helpers: text is always set as text, never parsed as HTML (no injection from data).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function table(headers, rows, caption) {
  return h('table', {},
    caption ? h('caption', { class: 'muted' }, caption) : null,
    h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

export function main() { return document.getElementById('main'); }

export function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes);
  m.focus({ preventScroll: true });
}

export function status(text, error) {
  const s = document.getElementById('status');
  s.textContent = text || '';
  s.classList.toggle('error', !!error);
}
