import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClassifier, type EvidenceWords } from '../shared/rules/engine';
import { createPhraseMatcher, MAX_GAP, PhraseError } from '../shared/rules/phrases';
import type { BounceRule, RuleFamily } from '../shared/rules/types';

const occurs = (phrases: string[], text: string) => {
  const scan = createPhraseMatcher(phrases)(text);
  return phrases.map((_, id) => scan.has(id));
};

describe('phrases', () => {
  it('match terms in order with words between them', () => {
    const phrase = ['too many ... connections'];
    expect(occurs(phrase, '421 too many concurrent smtp connections from this ip')).toEqual([true]);
    expect(occurs(phrase, 'too many connections')).toEqual([true]);
    expect(occurs(phrase, 'connections: too many')).toEqual([false]);
  });

  it('bound terms at word edges unless the term ends with *', () => {
    expect(occurs(['unknown user'], 'unknown users')).toEqual([false]);
    expect(occurs(['unknown user'], 'xunknown user')).toEqual([false]);
    expect(occurs(['unknown user'], '<unknown user>')).toEqual([true]);
    expect(occurs(['blacklist*'], 'you are blacklisted')).toEqual([true]);
    expect(occurs(['spam'], 'blocked using zen.spamhaus.org')).toEqual([false]);
    expect(occurs(['certificate verif* fail*'], 'certificate verification failed')).toEqual([true]);
    expect(occurs(['benutzer unbekannt'], 'empfänger: benutzer unbekannt')).toEqual([true]);
    expect(occurs(['ungültig'], 'ungültige adresse')).toEqual([false]);
  });

  it('match terms of scripts without spaces anywhere', () => {
    expect(occurs(['存在しません'], '宛先のアドレスは存在しません。')).toEqual([true]);
    // A gap may be empty: in such scripts the terms often touch.
    expect(occurs(['用户 ... 不存在'], '该用户不存在')).toEqual([true]);
    expect(occurs(['不存在 ... 用户'], '该用户不存在')).toEqual([false]);
  });

  it(`limit a gap to ${MAX_GAP} characters`, () => {
    const near = `user ${'x'.repeat(MAX_GAP - 2)} unknown`;
    const far = `user ${'x'.repeat(MAX_GAP + 1)} unknown`;
    expect(occurs(['user ... unknown'], near)).toEqual([true]);
    expect(occurs(['user ... unknown'], far)).toEqual([false]);
  });

  it('try later occurrences of a term when the first cannot complete the phrase', () => {
    expect(occurs(['address ... rejected'], `address ${'y'.repeat(80)} then address rejected`)).toEqual([true]);
  });

  it('refuse phrases that break the grammar, naming them', () => {
    expect(() => createPhraseMatcher(['User Unknown'])).toThrow(PhraseError);
    expect(() => createPhraseMatcher(['a ...  ... b'])).toThrow(/a \.\.\.  \.\.\. b/);
    expect(() => createPhraseMatcher(['a*b'])).toThrow(PhraseError);
  });

  it('keep no state from one text to the next', () => {
    const scan = createPhraseMatcher(['mailbox ... full', 'user unknown']);
    expect(scan('mailbox is full').has(0)).toBe(true);
    const next = scan('user unknown');
    expect([next.has(0), next.has(1)]).toEqual([false, true]);
  });

  // A direct reading of the grammar, to hold the automaton against.
  function naive(phrase: string, text: string): boolean {
    const word = (c: string | undefined) => c !== undefined && /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}0-9]/u.test(c) && c !== '×' && c !== '÷';
    const terms = phrase.split(' ... ').map((raw) => ({ text: raw.replace(/\*$/, ''), prefix: raw.endsWith('*') }));
    const at = (k: number, from: number, to: number): boolean => {
      if (k === terms.length) return true;
      const { text: term, prefix } = terms[k]!;
      for (let start = text.indexOf(term, from); start !== -1 && start <= to; start = text.indexOf(term, start + 1)) {
        const end = start + term.length;
        if (word(term[0]) && word(text[start - 1])) continue;
        if (!prefix && word(term[term.length - 1]) && word(text[end])) continue;
        if (at(k + 1, end, end + MAX_GAP)) return true;
      }
      return false;
    };
    return at(0, 0, text.length);
  }

  it('agree with a direct reading of the grammar on random texts, scanned one after another', () => {
    const words = ['user', 'unknown', 'mailbox', 'full', 'block', 'blocked', 'é', 'ü', 'x', '5.1.1', '存在'];
    const phrases = ['user unknown', 'unknown ... user', 'mailbox ... full', 'block*', 'blocked', 'user ... mailbox ... full', '存在', '5.1.1 ... user'];
    const scan = createPhraseMatcher(phrases);
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...words, ' ', '-', '.'), { maxLength: 40 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 5 }), (texts) => {
        for (const text of texts) {
          const result = scan(text);
          expect(phrases.map((_, id) => result.has(id))).toEqual(phrases.map((phrase) => naive(phrase, text)));
        }
      }),
      { numRuns: 400 },
    );
  });
});

const rule = (id: string, reason: BounceRule['reason'], match: BounceRule['match'], extra: Partial<BounceRule> = {}): BounceRule => ({
  id,
  reason,
  match,
  party: reason === 'userunknown' ? 'recipient' : 'sender',
  action: reason === 'userunknown' ? 'suppress' : 'review',
  explanation: `${id} explained.`,
  remediation: `${id} remedied.`,
  ...extra,
});

const families: RuleFamily[] = [
  { name: 'suppressed', rules: [rule('suppressed.ses', 'suppressed', { ses: ['*/OnAccountSuppressionList'] }, { authoritative: true })] },
  {
    name: 'blocked',
    rules: [
      rule('blocked.list', 'blocked', { phrases: ['blocked using'] }, { blocklist: { name: 'L', delistUrl: 'https://example.org/' } }),
      rule('blocked.ip', 'blocked', { phrases: ['your ip ... refused'] }),
    ],
  },
  { name: 'mailboxfull', rules: [rule('mailboxfull.words', 'mailboxfull', { phrases: ['mailbox ... full'] }), rule('mailboxfull.status', 'mailboxfull', { status: ['5.2.2'] })] },
  {
    name: 'userunknown',
    rules: [
      rule('userunknown.words', 'userunknown', { phrases: ['user unknown'] }),
      rule('userunknown.guarded', 'userunknown', { phrases: ['address rejected'], status: ['5.1.'], unless: ['sender address rejected'] }),
      rule('userunknown.status', 'userunknown', { status: ['5.1.1'] }),
    ],
  },
  { name: 'onhold', rules: [rule('onhold.general', 'onhold', { ses: ['Permanent/General'] })] },
];
const evidence: EvidenceWords[] = [
  { reason: 'mailboxfull', weight: 3, phrases: ['quota'] },
  { reason: 'blocked', weight: 2, phrases: ['blacklist*'] },
  { reason: 'userunknown', weight: 1, phrases: ['unknown'] },
];
const fallback = rule('undefined.none', 'undefined', {});
const classify = createClassifier({
  providers: [],
  families,
  evidence,
  afterContent: { phrases: ['end of data'], rule: rule('filtered.after', 'filtered', {}) },
  fallback,
});

describe('classifier passes', () => {
  it("take SES's authoritative sub-type over any text", () => {
    const verdict = classify({ diagnostic: 'blocked using x', bounceType: 'Permanent', bounceSubType: 'OnAccountSuppressionList' });
    expect([verdict.reason, verdict.confidence, verdict.suppress]).toEqual(['suppressed', 'rule', true]);
  });

  it('take the first text rule in precedence order, before any code rule', () => {
    const verdict = classify({ diagnostic: '550 5.1.1 blocked using list.example; user unknown', status: '5.1.1' });
    expect([verdict.rule, verdict.confidence, verdict.suppress, verdict.blocklist?.name]).toEqual(['blocked.list', 'rule', false, 'L']);
  });

  it('apply status guards and unless phrases to text rules', () => {
    expect(classify({ diagnostic: '550 5.1.1 address rejected' }).rule).toBe('userunknown.guarded');
    expect(classify({ diagnostic: '550 5.7.1 address rejected' }).rule).not.toBe('userunknown.guarded');
    expect(classify({ diagnostic: '550 5.1.0 sender address rejected' }).rule).not.toBe('userunknown.guarded');
  });

  it('weigh the words when no rule matches, the code adding to its side', () => {
    const verdict = classify({ diagnostic: '552 recipient over quota', status: '5.2.2' });
    expect([verdict.reason, verdict.rule, verdict.confidence]).toEqual(['mailboxfull', 'evidence.mailboxfull', 'evidence']);
  });

  it('fall back to codes, then SES types, then nothing', () => {
    expect(classify({ diagnostic: 'something else', status: '5.2.2' })).toMatchObject({ rule: 'mailboxfull.status', confidence: 'code' });
    expect(classify({ bounceType: 'Permanent', bounceSubType: 'General' })).toMatchObject({ rule: 'onhold.general', confidence: 'code' });
    expect(classify({ diagnostic: 'nothing here' })).toMatchObject({ reason: 'undefined', confidence: 'none', suppress: false });
  });

  it('never let a code outweigh words naming another cause', () => {
    const verdict = classify({ diagnostic: '552 5.1.1 recipient rejected: quota violation', status: '5.1.1' });
    expect([verdict.reason, verdict.suppress]).toEqual(['mailboxfull', false]);
    const blacklisted = classify({ diagnostic: '550 5.1.1 user unknown, you are blacklisted', status: '5.1.1' });
    expect([blacklisted.reason, blacklisted.suppress, blacklisted.confidence]).toEqual(['blocked', false, 'evidence']);
    // An evidence verdict names no list: the words did not say which.
    expect([blacklisted.rule, blacklisted.blocklist]).toEqual(['evidence.blocked', undefined]);
  });

  it('read a user-unknown answer after the content as a filter', () => {
    const verdict = classify({ diagnostic: 'said: 550 user unknown (in reply to end of data command)' });
    expect([verdict.reason, verdict.suppress]).toEqual(['filtered', false]);
    expect(classify({ diagnostic: 'said: 550 user unknown (in reply to rcpt to command)' }).suppress).toBe(true);
  });

  it('suppress a dead address only on a permanent answer', () => {
    expect(classify({ diagnostic: '450 4.1.1 user unknown' })).toMatchObject({ reason: 'userunknown', suppress: false, action: 'retry' });
    expect(classify({ diagnostic: 'user unknown' })).toMatchObject({ permanence: 'undetermined', suppress: false, action: 'review' });
    expect(classify({ diagnostic: 'user unknown', bounceType: 'Permanent' })).toMatchObject({ suppress: true, action: 'suppress' });
  });

  it('read garbled UTF-8 again once repaired', () => {
    const garbled = Buffer.from('550 5.1.1 user unknown — 存在', 'utf8').toString('latin1');
    expect(classify({ diagnostic: garbled }).rule).toBe('userunknown.words');
  });
});
