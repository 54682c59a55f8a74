// The public trace page (/t/{code}): no login. Asks /api/v1/public/trace/{code} and shows the product,
// the lot, its dates and the cold-chain verdict per leg, in Chinese or English.
import { language, setLanguage } from './i18n.js';
import { h } from './dom.js';

const words = {
  en: {
    brand: 'Cold-chain trace', switch_lang: '中文', product: 'Product', lot: 'Lot', produced: 'Produced',
    expires: 'Use by', verdict: 'Cold chain', legs: 'Journey', from: 'From', to: 'To', place: 'Where',
    within_limits: 'kept within limits', out_of_limits: 'NOT kept within limits', no_readings: 'no temperature record',
    out_minutes: 'min out of range', now: 'until now', recalled: 'This lot is RECALLED. Do not eat it; return it to the shop.',
    unknown: 'This code is unknown or no longer valid.', busy: 'Too many requests; please try again in a minute.',
    error: 'The trace cannot be shown right now.', loading: 'Loading…',
    truck: 'truck', trailer: 'trailer', tanker: 'tanker', cold_room: 'cold room', display_case: 'display case',
    freezer: 'freezer', store: 'store', warehouse: 'warehouse', plant: 'plant', farm: 'farm', depot: 'depot', at: 'at',
  },
  zh: {
    brand: '冷链追溯', switch_lang: 'English', product: '产品', lot: '批次号', produced: '生产日期',
    expires: '保质期至', verdict: '冷链', legs: '流通环节', from: '自', to: '至', place: '环节',
    within_limits: '全程温度合规', out_of_limits: '温度曾超出限值', no_readings: '无温度记录',
    out_minutes: '分钟超限', now: '至今', recalled: '本批次已召回，请勿食用，请退回购买处。',
    unknown: '此追溯码不存在或已失效。', busy: '请求过多，请稍后再试。', error: '暂时无法显示追溯信息。', loading: '加载中…',
    truck: '冷藏车', trailer: '冷藏挂车', tanker: '奶罐车', cold_room: '冷库', display_case: '冷柜', freezer: '冷冻柜',
    store: '门店', warehouse: '仓库', plant: '工厂', farm: '牧场', depot: '中转站', at: '位于',
  },
};
const w = key => (words[language()] || words.en)[key] || key;

function fmt(iso) {
  if (!iso) return w('now');
  const d = new Date(iso);
  return d.toISOString().slice(0, 10);
}

function verdictText(v) { return h('strong', { class: 'verdict verdict-' + v }, w(v)); }

function render(main, trace) {
  const parts = [];
  if (trace.recalled) parts.push(h('p', { class: 'recalled', role: 'alert' }, w('recalled')));
  parts.push(h('dl', { class: 'facts' },
    h('dt', {}, w('product')), h('dd', {}, trace.product),
    h('dt', {}, w('lot')), h('dd', {}, trace.lot),
    h('dt', {}, w('produced')), h('dd', {}, trace.produced_on),
    h('dt', {}, w('expires')), h('dd', {}, trace.expires_on),
    h('dt', {}, w('verdict')), h('dd', {}, verdictText(trace.verdict))));
  const rows = trace.legs.map(l => h('tr', {},
    h('td', {}, w(l.asset_kind) + (l.site_kind ? ' · ' + w('at') + ' ' + w(l.site_kind) : '')),
    h('td', {}, fmt(l.from)), h('td', {}, fmt(l.to)),
    h('td', {}, verdictText(l.verdict), l.minutes_out_of_range > 0 ? ' (' + l.minutes_out_of_range + ' ' + w('out_minutes') + ')' : '')));
  parts.push(h('h2', {}, w('legs')));
  parts.push(h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, w('place')), h('th', {}, w('from')), h('th', {}, w('to')),
    h('th', {}, w('verdict')))), h('tbody', {}, ...rows)));
  main.replaceChildren(...parts);
}

async function show() {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  document.title = w('brand');
  document.getElementById('brand').textContent = w('brand');
  document.getElementById('lang').textContent = w('switch_lang');
  const main = document.getElementById('main');
  main.replaceChildren(h('p', {}, w('loading')));
  const code = decodeURIComponent(location.pathname.split('/').pop() || '');
  let r;
  try {
    r = await fetch('/api/v1/public/trace/' + encodeURIComponent(code), { headers: { Accept: 'application/json' } });
  } catch (e) { main.replaceChildren(h('p', { class: 'error' }, w('error'))); return; }
  if (r.status === 404) { main.replaceChildren(h('p', { class: 'error' }, w('unknown'))); return; }
  if (r.status === 429) { main.replaceChildren(h('p', { class: 'error' }, w('busy'))); return; }
  if (!r.ok) { main.replaceChildren(h('p', { class: 'error' }, w('error'))); return; }
  render(main, await r.json());
}

document.getElementById('lang').addEventListener('click', () => {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  show();
});
show();
