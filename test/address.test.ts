import { describe, expect, it } from 'vitest';
import { InvalidAddressError, addressKey, domainOf, lookupAddress, normaliseAddress } from '../shared/address';

describe('normaliseAddress', () => {
  it.each([
    ['ann@EXAMPLE.com', 'ann@example.com'],
    ['Ann.Lee@Example.COM', 'ann.lee@example.com'],
    ['  ann@example.com  ', 'ann@example.com'],
    ['"Ann Lee" <ann@Example.com>', 'ann@example.com'],
    ['Ann Lee <ann@example.com>', 'ann@example.com'],
    ['<ann@example.com>', 'ann@example.com'],
    ['Ann@Exämple.COM', 'ann@xn--exmple-cua.com'],
    ['postmaster@[192.0.2.1]', 'postmaster@[192.0.2.1]'],
    ['ann@mail_relay.example.com', 'ann@mail_relay.example.com'],
    ['ann@bücher.example', 'ann@xn--bcher-kva.example'],
    ['ann@xn--exmple-cua.com', 'ann@xn--exmple-cua.com'],
    ['first+tag@sub.Example.org', 'first+tag@sub.example.org'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });

  it('makes the Unicode and punycode spellings of a domain one recipient', () => {
    expect(normaliseAddress('ann@EXÄMPLE.com')).toBe(normaliseAddress('ann@xn--exmple-cua.com'));
  });

  it('makes every spelling of the local part one recipient, so a pre-send check cannot miss by case', () => {
    expect(normaliseAddress('ANN@example.com')).toBe(normaliseAddress('ann@Example.com'));
  });

  it('uses the last @, so a quoted local part with @ survives', () => {
    expect(normaliseAddress('"a@b"@Example.com')).toBe('"a@b"@example.com');
  });

  it.each([
    '',
    'ann',
    'ann@',
    '@example.com',
    'ann lee@example.com',
    'ann@exa mple.com',
    'bad@@example.com',
    'ann@example..com',
    'ann@-example.com',
    'ann@example.com,bob@example.org',
    'ann@example.com;bob@example.org',
    `ann@${'a'.repeat(64)}.com`,
  ])(
    'rejects %j with InvalidAddressError',
    (raw) => {
      expect(() => normaliseAddress(raw)).toThrow(InvalidAddressError);
      expect(() => normaliseAddress(raw)).toThrow('is not an e-mail address');
    },
  );
});

describe('addressKey', () => {
  it('keeps an address it cannot parse, lower-cased, and never returns an empty key', () => {
    expect(addressKey(' Bad@ ')).toBe('bad@');
    expect(addressKey('   ')).toBe('(blank)@invalid');
  });
});

describe('domainOf', () => {
  it('gives a domainless address the reserved domain invalid, since index keys cannot be empty', () => {
    expect(domainOf('bad@')).toBe('invalid');
  });

  it('returns the part after the last @', () => {
    expect(domainOf('ann@example.com')).toBe('example.com');
    expect(domainOf('"a@b"@example.com')).toBe('example.com');
  });
});

describe('lookupAddress', () => {
  it('refuses addresses longer than RFC 5321 allows, naming the limit, and normalises the rest', () => {
    expect(lookupAddress('Ann@Example.COM')).toBe('ann@example.com');
    expect(() => lookupAddress(`${'a'.repeat(2_100)}@example.com`)).toThrow(InvalidAddressError);
    expect(() => lookupAddress(`${'a'.repeat(65)}@example.com`)).toThrow(/local part longer than 64 octets/);
    expect(() => lookupAddress(`a@${'b'.repeat(250)}.com`)).toThrow(/254 characters|not an e-mail address/);
  });
});
