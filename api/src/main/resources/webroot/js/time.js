// Times in a site's IANA zone (UTC when it has none), always with the offset shown (contract §7).
const cache = new Map();

function formatter(zone) {
  const key = zone || 'UTC';
  if (!cache.has(key)) {
    let f;
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone: key, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' });
    } catch (e) {
      f = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' });
    }
    cache.set(key, f);
  }
  return cache.get(key);
}

/** "2026-11-21 15:59 UTC+08:00" */
export function fmt(ts, zone) {
  if (!ts) return '—';
  const d = typeof ts === 'number' ? new Date(ts) : new Date(ts);
  if (isNaN(d)) return String(ts);
  const parts = Object.fromEntries(formatter(zone).formatToParts(d).map(p => [p.type, p.value]));
  let off = (parts.timeZoneName || 'GMT').replace('GMT', 'UTC');
  if (off === 'UTC') off = 'UTC+00:00';
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${off}`;
}

/** "15:59" in the zone, for chart axes. */
export function hm(ms, zone) {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map(p => [p.type, p.value]));
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "2 h 05 min" from seconds. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** The date (YYYY-MM-DD) n days before now, for period pickers. */
export function daysAgo(n) {
  const d = new Date(Date.now() - n * 86400000);
  return d.toISOString().slice(0, 10);
}
