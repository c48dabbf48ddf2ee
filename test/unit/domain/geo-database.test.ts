// The geo database's parsing and lookup, and the travel arithmetic (pure logic).
import { describe, expect, it } from 'vitest';
import { addressValue, distanceKm, isImpossibleTravel, parseGeoDatabase } from '../../../src/domain/risk/geo-database.js';

const BLOCKS_HEADER = 'network,geoname_id,registered_country_geoname_id,represented_country_geoname_id,is_anonymous_proxy,is_satellite_provider,postal_code,latitude,longitude,accuracy_radius,is_anycast';

describe('parseGeoDatabase', () => {
  const db = parseGeoDatabase([
    BLOCKS_HEADER,
    '1.0.0.0/24,2077456,2077456,,0,0,,-33.4940,143.2104,1000,',
    '1.0.1.0/24,1814991,1814991,,0,0,,34.7732,113.7220,1000,',
    '10.0.0.0/8,,,,0,0,,,,,', // unplaced: locates nothing
    '255.255.255.255/32,1,1,,0,0,,1.5,2.5,1,',
    'not-a-network,1,1,,0,0,,1,1,1,',
    // The IPv6 Blocks file appended, its header repeated.
    BLOCKS_HEADER,
    '2001:db8::/32,1850147,1861060,,0,0,"100-0001",35.6895,139.6917,50,',
    '2001:db8:1::/48,1,1,,0,0,,10,20,1,', // inside the /32 but sorted after it
    '2a00::/12,2,2,,0,0,,48.8,2.3,100,',
    '',
  ].join('\r\n'));

  it('locates IPv4 addresses by their network, including its first and last address', () => {
    expect(db.size).toBe(6);
    expect(db.locate('1.0.0.0')).toEqual({ latitude: -33.494, longitude: 143.2104 });
    expect(db.locate('1.0.0.255')?.latitude).toBe(-33.494);
    expect(db.locate('1.0.1.7')).toEqual({ latitude: 34.7732, longitude: 113.722 });
    expect(db.locate('255.255.255.255')).toEqual({ latitude: 1.5, longitude: 2.5 });
    expect(db.locate('::ffff:1.0.1.7')?.latitude).toBe(34.7732);
  });

  it('finds nothing between networks, for unplaced networks, or for what is not an address', () => {
    expect(db.locate('1.0.2.0')).toBeUndefined();
    expect(db.locate('0.255.255.255')).toBeUndefined();
    expect(db.locate('10.1.2.3')).toBeUndefined();
    expect(db.locate('example.com')).toBeUndefined();
    expect(db.locate('')).toBeUndefined();
  });

  it('locates IPv6 addresses, in every notation, with quoted fields', () => {
    expect(db.locate('2001:db8::1')).toEqual({ latitude: 35.6895, longitude: 139.6917 });
    expect(db.locate('2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff')?.latitude).toBe(35.6895);
    expect(db.locate('2001:db8:1::5')).toEqual({ latitude: 10, longitude: 20 });
    expect(db.locate('2001:db8:2::')?.latitude).toBe(35.6895);
    expect(db.locate('2001:db9::')).toBeUndefined();
    expect(db.locate('2a0f:ffff::1')?.latitude).toBe(48.8);
    expect(db.locate('2a10::1')).toBeUndefined();
    expect(db.locate('::1')).toBeUndefined();
  });

  it('takes City and Country from city_name and country_name (or country_iso_code) where the file has them', () => {
    const named = parseGeoDatabase('network,latitude,longitude,city_name,country_name\n192.0.2.0/24,48.85,2.35,"Paris, Île-de-France",France\n');
    expect(named.locate('192.0.2.9')).toEqual({ latitude: 48.85, longitude: 2.35, city: 'Paris, Île-de-France', country: 'France' });
    const iso = parseGeoDatabase('network,latitude,longitude,country_iso_code\n192.0.2.0/24,48.85,2.35,FR\n');
    expect(iso.locate('192.0.2.9')).toEqual({ latitude: 48.85, longitude: 2.35, country: 'FR' });
  });

  it('needs a header naming network, latitude and longitude', () => {
    expect(parseGeoDatabase('1.0.0.0/24,1,1\n').size).toBe(0);
    expect(parseGeoDatabase('network,lat,lon\n1.0.0.0/24,1,1\n').size).toBe(0);
  });
});

describe('addressValue', () => {
  it('reads IPv4, IPv6 with :: and an IPv4 tail', () => {
    expect(addressValue('1.2.3.4')).toEqual({ family: 4, value: 0x01020304n });
    expect(addressValue('::ffff:1.2.3.4')).toEqual({ family: 4, value: 0x01020304n });
    expect(addressValue('::1')).toEqual({ family: 6, value: 1n });
    expect(addressValue('64:ff9b::1.2.3.4')).toEqual({ family: 6, value: (0x64ff9bn << 96n) | 0x01020304n });
    expect(addressValue('fe80::1:2')).toEqual({ family: 6, value: (0xfe80n << 112n) | 0x10002n });
    expect(addressValue('1.2.3')).toBeUndefined();
  });
});

describe('travel', () => {
  const berlin = { latitude: 52.52, longitude: 13.405 };
  const sydney = { latitude: -33.8688, longitude: 151.2093 };
  const potsdam = { latitude: 52.3906, longitude: 13.0645 };
  const hours = (n: number) => n * 3_600_000;

  it('measures great-circle distances', () => {
    expect(distanceKm(berlin, berlin)).toBe(0);
    expect(distanceKm(berlin, sydney)).toBeGreaterThan(16_000);
    expect(distanceKm(berlin, sydney)).toBeLessThan(16_200);
    expect(distanceKm(berlin, potsdam)).toBeGreaterThan(20);
    expect(distanceKm(berlin, potsdam)).toBeLessThan(35);
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(Math.PI * 6371, 3);
  });

  it('is impossible faster than 1,000 km/h', () => {
    expect(isImpossibleTravel(berlin, sydney, hours(1))).toBe(true);
    expect(isImpossibleTravel(berlin, sydney, hours(16))).toBe(true);
    expect(isImpossibleTravel(berlin, sydney, hours(17))).toBe(false);
    expect(isImpossibleTravel(berlin, potsdam, hours(0.01))).toBe(true);
    expect(isImpossibleTravel(berlin, potsdam, hours(0.5))).toBe(false);
    expect(isImpossibleTravel(berlin, berlin, 0)).toBe(false);
  });
});
