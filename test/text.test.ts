import { describe, expect, it } from 'vitest';
import { errorText, repairMojibake, truncateUtf8 } from '../shared/text';

const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('repairMojibake', () => {
  it.each(['ユーザー Neko は Domino ディレクトリには見つかりません', 'Dobrý den, skupina pravděpodobně neexistuje', 'Ελληνικά'])(
    'decodes UTF-8 that was read as Latin-1: %s',
    (text) => {
      expect(repairMojibake(asLatin1(text))).toBe(text);
    },
  );

  it.each(['550 5.1.1 user unknown', 'Adresse inconnue: café, déjà vu', 'ユーザーが見つかりません', ''])('leaves other text alone: %s', (text) => {
    expect(repairMojibake(text)).toBe(text);
  });
});

describe('truncateUtf8', () => {
  it('never splits a character', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('aé', 3)).toBe('aé');
  });
});

describe('errorText', () => {
  it('names the error class', () => {
    expect(errorText(new TypeError('bad'))).toBe('TypeError: bad');
    expect(errorText('plain')).toBe('plain');
  });
});
