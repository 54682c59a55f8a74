// Temperature curves with Apache ECharts from its WebJar (served by the backend, no build step).
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';
import { hm } from './time.js';

/**
 * Draws into `el`: `series` [{name, points: [[ms, °C], ...]}], horizontal `lines` [{value, label, color}],
 * shaded `areas` [{from, to, label, color}] and `marks` [{at, value, label}]; times shown in `zone`.
 */
export function curve(el, { series, lines = [], areas = [], marks = [], zone, title }) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', title || 'temperature chart');
  const first = series[0] || { points: [] };
  chart.setOption({
    animation: false,
    grid: { left: 50, right: 24, top: 30, bottom: 50 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: v => (v === null || v === undefined) ? '—' : Number(v).toFixed(1) + ' °C',
      axisPointer: { label: { formatter: p => p.axisDimension === 'x' ? hm(p.value, zone) : Number(p.value).toFixed(1) } } },
    xAxis: { type: 'time', axisLabel: { formatter: v => hm(v, zone), hideOverlap: true } },
    yAxis: { type: 'value', name: '°C', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 6 }],
    series: series.map((s, i) => ({
      name: s.name, type: 'line', showSymbol: false, connectNulls: false, data: s.points,
      markLine: i === 0 && lines.length ? { symbol: 'none', silent: true, data: lines.map(l => ({
        yAxis: l.value, name: l.label, lineStyle: { color: l.color || '#a4001d', type: 'dashed' },
        label: { formatter: l.label, position: 'insideEndTop' } })) } : undefined,
      markArea: i === 0 && areas.length ? { silent: true, data: areas.map(a => [
        { xAxis: a.from, name: a.label, itemStyle: { color: a.color || 'rgba(164,0,29,0.12)' } }, { xAxis: a.to }]) } : undefined,
      markPoint: i === 0 && marks.length ? { symbolSize: 38, data: marks.map(m => ({
        coord: [m.at, m.value], value: m.label, name: m.label })) } : undefined,
    })),
  });
  new ResizeObserver(() => chart.resize()).observe(el);
  el.dataset.points = String(series.reduce((n, s) => n + s.points.length, 0));
  el.classList.add('chart-ready');
  return chart;
}

/** Readings (the API's JSON) as chart points. */
export function points(readings) {
  return readings.map(r => [Date.parse(r.ts), r.temp_c !== undefined ? r.temp_c : r.avg_c]);
}
