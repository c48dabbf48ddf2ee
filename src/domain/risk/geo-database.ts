// The operator's geo database (impossible-travel detection): a CSV in the layout of MaxMind's
// GeoLite2-City-Blocks-IPv4 / -IPv6 files, a header line naming at least `network` (a CIDR),
// `latitude` and `longitude`, then one network a line. Optional `city_name` and `country_name` (or
// `country_iso_code`) columns name the place; the Blocks files have none. A header line may recur
// (both Blocks files concatenated into one). Rows are kept as sorted address ranges in typed arrays,
// IPv4 as 32-bit numbers and IPv6 as two 64-bit halves, so a lookup is one binary search.
import { isIP } from 'node:net';

export interface GeoLocation {
  latitude: number;
  longitude: number;
  city?: string;
  country?: string;
}

export interface GeoDatabase {
  /** Where the address is, or undefined when no network of the file holds it. */
  locate(ipAddress: string): GeoLocation | undefined;
}

interface Columns { network: number; latitude: number; longitude: number; city: number; country: number }

interface Row { start: bigint; end: bigint; location: GeoLocation }

const MASK64 = (1n << 64n) - 1n;

/** A CSV line's fields (MaxMind quotes fields that hold commas; a doubled quote is a quote). */
function fieldsOf(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; } else field += c;
  }
  fields.push(field);
  return fields;
}

function columnsOf(header: string[]): Columns | undefined {
  const at = (name: string) => header.indexOf(name);
  const columns = { network: at('network'), latitude: at('latitude'), longitude: at('longitude'), city: at('city_name'), country: at('country_name') };
  if (columns.country < 0) columns.country = at('country_iso_code');
  return columns.network < 0 || columns.latitude < 0 || columns.longitude < 0 ? undefined : columns;
}

/** The address as a number: IPv4 in 32 bits, IPv6 in 128; an IPv4-mapped IPv6 address counts as IPv4. */
export function addressValue(ipAddress: string): { family: 4 | 6; value: bigint } | undefined {
  const bare = ipAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const family = isIP(bare);
  if (family === 4) return { family, value: bare.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n) };
  if (family !== 6) return undefined;
  let text = bare.split('%')[0]!;
  // An embedded IPv4 tail becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groupsOf(head);
  const right = groupsOf(tail);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return { family: 6, value: groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n) };
}

function rangeOf(network: string): { family: 4 | 6; start: bigint; end: bigint } | undefined {
  const [address, prefixText] = network.split('/');
  const parsed = address ? addressValue(address) : undefined;
  if (!parsed) return undefined;
  const bits = parsed.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const start = (parsed.value >> hostBits) << hostBits;
  return { family: parsed.family, start, end: start | ((1n << hostBits) - 1n) };
}

/**
 * The networks as sorted ranges that do not overlap: where one network lies inside another (CIDRs
 * nest or are apart), the inner one's place holds for its addresses and the outer one's around it.
 */
function disjoint(networks: Row[]): Row[] {
  networks.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0));
  const out: Row[] = [];
  const open: Row[] = [];
  let cursor = 0n;
  const closeBefore = (limit: bigint) => {
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      if (top.end >= limit) {
        if (cursor < limit) out.push({ start: cursor, end: limit - 1n, location: top.location });
        cursor = limit;
        return;
      }
      if (cursor <= top.end) out.push({ start: cursor, end: top.end, location: top.location });
      cursor = top.end + 1n;
      open.pop();
    }
  };
  for (const network of networks) {
    closeBefore(network.start);
    open.push(network);
    cursor = network.start;
  }
  closeBefore(1n << 128n);
  return out;
}

/** One family's ranges, sorted by start; a lookup finds the last range starting at or before the address. */
class RangeTable {
  private readonly startHigh: BigUint64Array;
  private readonly startLow: BigUint64Array;
  private readonly endHigh: BigUint64Array;
  private readonly endLow: BigUint64Array;
  private readonly locations: GeoLocation[];

  constructor(networks: Row[]) {
    const rows = disjoint(networks);
    this.startHigh = BigUint64Array.from(rows, (r) => r.start >> 64n);
    this.startLow = BigUint64Array.from(rows, (r) => r.start & MASK64);
    this.endHigh = BigUint64Array.from(rows, (r) => r.end >> 64n);
    this.endLow = BigUint64Array.from(rows, (r) => r.end & MASK64);
    this.locations = rows.map((r) => r.location);
  }

  private startAt(i: number): bigint { return (this.startHigh[i]! << 64n) | this.startLow[i]!; }
  private endAt(i: number): bigint { return (this.endHigh[i]! << 64n) | this.endLow[i]!; }

  find(value: bigint): GeoLocation | undefined {
    let low = 0;
    let high = this.locations.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.startAt(middle) <= value) { found = middle; low = middle + 1; } else high = middle - 1;
    }
    return found >= 0 && value <= this.endAt(found) ? this.locations[found] : undefined;
  }
}

/** Collects the file's lines, then builds the lookup. Lines before a usable header, and malformed rows, are skipped. */
export function geoDatabaseBuilder(): { addLine(line: string): void; build(): GeoDatabase & { size: number } } {
  const rows: Record<4 | 6, Row[]> = { 4: [], 6: [] };
  let columns: Columns | undefined;
  return {
    addLine(raw) {
      const line = raw.trim();
      if (line === '') return;
      const fields = fieldsOf(line);
      if (fields.includes('network')) {
        columns = columnsOf(fields);
        return;
      }
      if (!columns) return;
      const range = rangeOf(fields[columns.network] ?? '');
      const latitude = Number(fields[columns.latitude]);
      const longitude = Number(fields[columns.longitude]);
      // An empty coordinate (MaxMind leaves some networks unplaced) locates nothing.
      if (!range || fields[columns.latitude] === '' || fields[columns.longitude] === '' || !(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) return;
      const city = columns.city >= 0 ? fields[columns.city] : undefined;
      const country = columns.country >= 0 ? fields[columns.country] : undefined;
      rows[range.family].push({ start: range.start, end: range.end, location: { latitude, longitude, ...(city && { city }), ...(country && { country }) } });
    },
    build() {
      const size = rows[4].length + rows[6].length;
      const tables = { 4: new RangeTable(rows[4]), 6: new RangeTable(rows[6]) };
      return {
        size,
        locate(ipAddress) {
          const address = addressValue(ipAddress);
          return address && tables[address.family].find(address.value);
        },
      };
    },
  };
}

/** The database from the file's text (tests, small files). */
export function parseGeoDatabase(text: string): GeoDatabase & { size: number } {
  const builder = geoDatabaseBuilder();
  for (const line of text.split('\n')) builder.addLine(line);
  return builder.build();
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The great-circle distance between two places (haversine). */
export function distanceKm(a: GeoLocation, b: GeoLocation): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The fastest a traveller goes between sign-ins (an airliner); faster than this is impossible travel. */
export const TRAVEL_SPEED_KMH = 1000;

/** Whether going from one place to the other in the time between is faster than TRAVEL_SPEED_KMH. */
export function isImpossibleTravel(from: GeoLocation, to: GeoLocation, elapsedMs: number): boolean {
  return distanceKm(from, to) > (TRAVEL_SPEED_KMH * Math.max(0, elapsedMs)) / 3_600_000;
}
