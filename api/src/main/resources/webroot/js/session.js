// Who is logged in, and the time zones of the sites they may read.
export const session = { me: null, zones: new Map(), sites: [] };

/** A site's IANA time zone, or null (then UTC). */
export function zoneOf(tenant, site) { return session.zones.get(tenant + '/' + site) || null; }
