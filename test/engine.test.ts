import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAMILIES, FALLBACK_RULE, classifyBounce } from '../shared/rules';
import { createCandidateFilter, probesOf, type Scan } from '../shared/rules/anchors';
import type { BounceEvidence } from '../shared/rules/engine';
import type { BounceRule, RuleMatch } from '../shared/rules/types';

const split = (pattern: RegExp) => probesOf(pattern).map((probe) => [probe.pattern.source, probe.anchors]);
const anchorsOf = (pattern: RegExp) => {
  const [probe, ...rest] = probesOf(pattern);
  expect(rest).toEqual([]);
  return probe!.anchors;
};

describe('anchor derivation', () => {
  it('splits top-level alternatives and takes the literal runs of each', () => {
    expect(split(/spamcop|sender score|b\.barracuda/)).toEqual([
      ['spamcop', [['spamcop']]],
      ['sender score', [['sender score']]],
      ['b\\.barracuda', [['b.barracuda']]],
    ]);
  });

  it('reads escaped metacharacters as literals and never splits on an escaped bar', () => {
    expect(anchorsOf(/pipe to \|/)).toEqual([['pipe to |']]);
    expect(anchorsOf(/access denied \(in reply/)).toEqual([['access denied (in reply']]);
    expect(anchorsOf(/cox\.com\/x/)).toEqual([['cox.com/x']]);
  });

  it('drops a character made optional and ends the run there', () => {
    expect(anchorsOf(/outlook'?s? blocked/)).toEqual([[' blocked'], ['outlook']]);
    expect(anchorsOf(/block ?list/)).toEqual([['block'], ['list']]);
    expect(anchorsOf(/abcd*efg/)).toEqual([['abc']]);
    expect(anchorsOf(/abcd{0,3}efg/)).toEqual([['abc']]);
  });

  it('keeps a repeated character but does not join across it', () => {
    expect(anchorsOf(/xy+zzzz/)).toEqual([['zzzz']]);
    expect(anchorsOf(/wxyz+ab/)).toEqual([['wxyz']]);
    expect(anchorsOf(/wxyz{2,5}ab/)).toEqual([['wxyz']]);
    expect(anchorsOf(/abc{1}def/)).toEqual([['abcdef']]);
  });

  it('requires every required run and group, the rarest clause first', () => {
    expect(anchorsOf(/(?:user|mailbox) (?:is )?unknown/)).toEqual([['unknown'], ['user', 'mailbox']]);
    expect(anchorsOf(/no (?:valid|passing|acceptable) dk/)).toEqual([['valid', 'passing', 'acceptable']]);
    expect(anchorsOf(/no (?:valid|passing|acceptable) dkim/)).toEqual([[' dkim'], ['valid', 'passing', 'acceptable']]);
    expect(anchorsOf(/exit (?:code|status) \d/)).toEqual([['exit '], ['code', 'status']]);
    expect(anchorsOf(/(?:big )?x(?:large|huge)/)).toEqual([['large', 'huge']]);
  });

  it('gives a group of several alternatives one clause: the best literals of each', () => {
    expect(anchorsOf(/(?:a|b(?:cde|fgh))xy/)).toEqual([['xy']]);
    expect(anchorsOf(/(?:ab|cd(?:efgh|ijkl))/)).toEqual([['ab', 'efgh', 'ijkl']]);
    expect(anchorsOf(/(?:ab|cd(?:efgh|ijkl) mnop)/)).toEqual([['ab', ' mnop']]);
  });

  it('keeps extra clauses only when distinct and their literals are long enough to be rare', () => {
    expect(anchorsOf(/alpha (?:x|y)z beta/)).toEqual([['alpha '], ['z beta']]);
    expect(anchorsOf(/alpha.ab.beta/)).toEqual([['alpha'], ['beta']]);
    expect(anchorsOf(/alpha.beta.alpha/)).toEqual([['alpha'], ['beta']]);
  });

  it('gives no anchors when one alternative of a group has none', () => {
    expect(anchorsOf(/(?:spam|[a-z]+)/)).toEqual([]);
    expect(anchorsOf(/(?:spam|)x/)).toEqual([['x']]);
    expect(anchorsOf(/(?:spam|)/)).toEqual([]);
  });

  it('treats character classes, dots, \\d, \\b, ^ and $ as breaks, not literals', () => {
    expect(anchorsOf(/ab[xyz]cde/)).toEqual([['cde']]);
    expect(anchorsOf(/ab[\]|)]cde/)).toEqual([['cde']]);
    expect(anchorsOf(/ab.cde/)).toEqual([['cde']]);
    expect(anchorsOf(/\bube\b/)).toEqual([['ube']]);
    expect(anchorsOf(/^abc$/)).toEqual([['abc']]);
    expect(anchorsOf(/(?:^|[ :])[a-z]+ does not exist/)).toEqual([[' does not exist']]);
    expect(anchorsOf(/[a-z]+/)).toEqual([]);
  });

  it('ignores lookarounds and what they contain', () => {
    expect(anchorsOf(/(?<![\w.])550(?=[\s-]|$)/)).toEqual([['550']]);
    expect(anchorsOf(/(?=longer)ab/)).toEqual([['ab']]);
    expect(anchorsOf(/(?!no)abc/)).toEqual([['abc']]);
  });

  it('leaves a pattern whole, without anchors, when it has flags or unmodelled syntax', () => {
    for (const pattern of [/spam/i, /spam/g, /spam/u, /(a)x\1|b/, /\x41bc/, /a\u0041/, /\n/, /(?<n>a)\k<n>/]) {
      expect(probesOf(pattern)).toEqual([{ pattern, anchors: [] }]);
    }
  });

  it('derives anchors for every rule without loss of meaning', () => {
    for (const rule of FAMILIES.flatMap((family) => family.rules)) {
      if (!rule.match.text) continue;
      const probes = probesOf(rule.match.text);
      expect(probes.map((probe) => probe.pattern.source).join('|')).toBe(rule.match.text.source);
      for (const probe of probes) expect(probe.anchors.length, `${rule.id}: ${probe.pattern.source}`).toBeGreaterThan(0);
    }
  });
});

/** The candidate flags of a scan, one 0 or 1 per pattern. */
const flags = (scan: Scan, count: number) =>
  Array.from({ length: count }, (_, p) => (scan.candidates[p >> 5]! >>> (p & 31)) & 1);

describe('candidate filter', () => {
  it('finds overlapping anchors, anchors inside others, and non-ASCII ones', () => {
    const filter = createCandidateFilter([[['he']], [['she']], [['hers']], [['his']], [['rejeté']], [], [['xyz', 'rs']]]);
    expect(flags(filter('ushers'), 7)).toEqual([1, 1, 1, 0, 0, 1, 1]);
    expect(flags(filter('this'), 7)).toEqual([0, 0, 0, 1, 0, 1, 0]);
    expect(flags(filter('message rejeté'), 7)).toEqual([0, 0, 0, 0, 1, 1, 0]);
    expect(flags(filter(''), 7)).toEqual([0, 0, 0, 0, 0, 1, 0]);
  });

  it('makes a pattern a candidate only when every clause holds, in any order', () => {
    const filter = createCandidateFilter([[['user', 'mailbox'], ['unknown']], [['unknown']]]);
    expect(flags(filter('user unknown'), 2)).toEqual([1, 1]);
    expect(flags(filter('unknown mailbox'), 2)).toEqual([1, 1]);
    expect(flags(filter('host unknown'), 2)).toEqual([0, 1]);
    expect(flags(filter('user known'), 2)).toEqual([0, 0]);
  });

  it('keeps one bit per pattern across words', () => {
    const filter = createCandidateFilter(Array.from({ length: 70 }, (_, p) => [[`<${p}>`]]));
    expect(flags(filter('<0> <31> <32> <69>'), 70).flatMap((flag, p) => (flag ? [p] : []))).toEqual([0, 31, 32, 69]);
  });

  it('reads a run of whitespace as one space and says whether the text needs collapsing', () => {
    const filter = createCandidateFilter([[['user unknown']]]);
    for (const [text, found, uncollapsed] of [
      ['user unknown', 1, false],
      ['user  unknown', 1, true],
      ['user\tunknown', 1, true],
      ['user\u00a0\n unknown', 1, true],
      ['userunknown', 0, false],
      ['user unknown x', 1, false],
      ['user \t  unknown', 1, true],
    ] as const) {
      const scan = filter(text);
      expect([flags(scan, 1)[0], scan.uncollapsed], JSON.stringify(text)).toEqual([found, uncollapsed]);
    }
  });

  it('collapses whitespace before and inside anchors that start with a space', () => {
    const filter = createCandidateFilter([[[' unknown']], [['a b c']]]);
    for (const [text, expected, uncollapsed] of [
      ['user unknown', [1, 0], false],
      ['user  unknown', [1, 0], true],
      ['\tunknown', [1, 0], true],
      ['a  b\n\nc', [0, 1], true],
      ['a b  c unknown', [1, 1], true],
      ['ab c', [0, 0], false],
    ] as const) {
      const scan = filter(text);
      expect([flags(scan, 2), scan.uncollapsed], JSON.stringify(text)).toEqual([expected, uncollapsed]);
    }
  });
});

describe('prefilter over the rules', () => {
  const textRules = FAMILIES.flatMap((family) => family.rules).filter((rule) => rule.match.text);
  const probes = textRules.map((rule) => probesOf(rule.match.text!));
  const offsets = probes.map((_, r) => probes.slice(0, r).reduce((sum, list) => sum + list.length, 0));
  const filter = createCandidateFilter(probes.flat().map((probe) => probe.anchors));
  const candidateMatches = (r: number, text: string) => {
    const { candidates } = filter(text);
    return probes[r]!.some((probe, k) => {
      const p = offsets[r]! + k;
      return ((candidates[p >> 5]! >>> (p & 31)) & 1) === 1 && probe.pattern.test(text);
    });
  };

  it.each(textRules.map((rule, r) => [rule.id, r] as const))('keeps %s a candidate for every text it matches', (_, r) => {
    const pattern = textRules[r]!.match.text!;
    // fast-check cannot generate for \b; without it the strings are a superset, which is fine.
    const nearMatches = fc.stringMatching(new RegExp(pattern.source.replaceAll('\\b', '')));
    fc.assert(
      fc.property(fc.oneof(nearMatches, fc.string()), (text) => {
        expect(candidateMatches(r, text)).toBe(pattern.test(text));
      }),
      { numRuns: 300 },
    );
  });
});

// The naive classifier the prefilter must agree with: every rule tested in order, each text
// pattern run whole. Normalisation and code extraction are the original one-liners.
const STATUS_IN_TEXT = /(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![.\d])/;
const REPLY_IN_TEXT = /(?<![\w.])([245][0-5]\d)(?=[\s-]|$)/;

function reference(evidence: BounceEvidence) {
  const text = (evidence.diagnostic ?? '').replace(/^\s*smtp\s*;\s*/i, '').toLowerCase().replace(/\s+/g, ' ').trim();
  let status = evidence.status?.trim() || undefined;
  if (!status || status.endsWith('.0.0')) {
    const fromText = STATUS_IN_TEXT.exec(text)?.[1];
    if (fromText && !(status && fromText.endsWith('.0.0'))) status = fromText;
  }
  const fromText = REPLY_IN_TEXT.exec(text)?.[1];
  const replyCode = evidence.replyCode ?? (fromText ? Number(fromText) : undefined);
  const ses = `${evidence.bounceType ?? ''}/${evidence.bounceSubType ?? ''}`;
  const holds = ({ text: pattern, status: statuses, replyCode: codes, ses: types }: RuleMatch) =>
    (!pattern || (text !== '' && pattern.test(text))) &&
    (!statuses || (!!status && statuses.some((s) => (s.endsWith('.') ? status.startsWith(s) : status === s)))) &&
    (!codes || (replyCode !== undefined && codes.includes(replyCode))) &&
    (!types || types.some((t) => (t.startsWith('*/') ? ses.endsWith(t.slice(1)) : ses === t)));
  const rules = FAMILIES.flatMap((family) => family.rules);
  const passes: ((rule: BounceRule) => boolean)[] = [
    (rule) => !!rule.authoritative,
    (rule) => !!rule.match.text,
    (rule) => !rule.authoritative && !rule.match.text && !!(rule.match.status || rule.match.replyCode),
    (rule) => !rule.authoritative && !rule.match.text && !rule.match.status && !rule.match.replyCode,
  ];
  const rule = passes.map((pass) => rules.find((r) => pass(r) && holds(r.match))).find(Boolean) ?? FALLBACK_RULE;
  return { rule: rule.id, status, replyCode };
}

function expectAgreement(evidence: BounceEvidence) {
  const { rule, status, replyCode } = classifyBounce(evidence);
  expect({ rule, status, replyCode }, JSON.stringify(evidence)).toEqual(reference(evidence));
}

/** Realistic diagnostics, in the shapes receivers really write them. */
const DIAGNOSTICS = [
  '550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
  "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos",
  '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
  '552 5.2.2 The email account that you tried to reach is over quota.',
  '452 4.2.2 Mailbox full',
  '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
  "550 5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC policy",
  '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.',
  '421 4.7.0 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
  '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
  '552 5.3.4 Message size exceeds fixed maximum message size',
  '550 5.1.2 Host unknown',
  '4.4.7 Message expired: unable to deliver in 840 minutes.',
  'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.',
  '554 5.7.1 Message rejected as spam by Content Filtering.',
  '550 Requested action not taken: mailbox unavailable',
  '550 Host unknown',
  '552 Too much mail data recipient-mailbox-is-full@docomo.ne.jp',
  '192.0.2.135 does not like recipient. Remote host said: 550 5.1.1 <userunknown@example.com>... User Unknown Giving up on 192.0.2.135.',
  '552 Message size exceeds fixed limit',
  '550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.4]',
  '554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.9',
  '550 5.7.1 Message rejected because of unacceptable content. For help, please quote incident ID 1234.',
  '554 5.7.1 [P4] Message blocked due to spam content in the message.',
  '550 OU-001 (SNT004-MC1F43) Unfortunately, messages from 192.0.2.2 weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150).',
  '550 5.7.1 Mail from 192.0.2.3 refused, see https://www.spamhaus.org/query/ip/192.0.2.3 (listed in pbl.spamhaus.org)',
  '554 5.7.1 Rejected: 192.0.2.4 listed at sbl.spamhaus.org',
  '550 5.7.1 Connection refused - 192.0.2.5 is listed in cbl.abuseat.org',
  '554 Your access to this mail system has been rejected due to the sending MTA\'s poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.',
  '421 4.7.0 [TSS04] Messages from 192.0.2.6 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
  '554 5.7.1 The message was rejected because it contains prohibited virus or spam content',
  '552 5.7.0 This message was blocked because its content presents a potential security issue.',
  '550 5.7.1 Message contains a virus (Eicar-Test-Signature)',
  '554 5.6.1 Attachment type not allowed: invoice.exe',
  '530 5.7.0 Must issue a STARTTLS command first',
  '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
  '550 5.7.1 SPF check failed for example.com: not authorized to send on behalf of example.com (spf fail)',
  '550 5.7.20 No passing DKIM signature found',
  '550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.',
  '421 Too many concurrent SMTP connections from this IP address; please try again later.',
  '421 4.7.28 [192.0.2.7] Our system has detected an unusual rate of unsolicited mail. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.',
  '452 4.5.3 Too many recipients',
  '550 5.7.1 Sender address rejected: Domain not found',
  '553 5.1.8 <bounce@example.com>... Domain of sender address bounce@example.com does not exist',
  '550 5.7.1 Sender verify failed',
  '550 5.7.1 You are not a member of this mailing list, you may not post.',
  '554 5.7.1 <x@example.net>: Relay access denied',
  '550 5.7.1 Unable to relay for x@example.org',
  '550 5.7.1 Message rejected due to local policy',
  '550 5.7.1 Your message violates our policy on bulk email',
  '550 5.7.1 Recipient has blocked the sender',
  '550 5.1.1 Message filtered. Please see the FAQs section on spam',
  '552 5.3.4 Message too big for system',
  '554 5.6.0 Message contains invalid MIME headers',
  '550 5.6.0 Message is not RFC 5322 compliant',
  '550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds',
  '551 5.1.6 User has moved; please try <new@example.com>',
  '550 5.1.1 No forwarding address for this user',
  '550 5.2.1 The email account that you tried to reach is disabled.',
  '554 5.2.1 Mailbox disabled for this recipient',
  '550 5.2.1 Account has been suspended',
  '552 5.2.2 Mailbox size limit exceeded',
  '452 4.2.2 Over quota: mailbox exceeded its storage limit',
  '550 5.1.1 <a@example.com>... No such user here',
  '550 5.1.1 unknown or illegal alias: a@example.com',
  '550 5.1.1 Recipient address rejected: undeliverable address: host example.com[192.0.2.8] said: 550 unknown user',
  '550 Address rejected a@example.com',
  '550 5.1.10 Recipient address rejected: Access denied',
  '556 5.1.10 Recipient address rejected: Domain example.com does not accept mail (nullMX)',
  '550 5.1.2 The domain example.invalid has a null MX record and does not accept mail',
  '451 4.4.0 DNS lookup failure for example.com: temporary failure',
  '451 4.4.3 Host not found, try again',
  '421 4.4.2 Connection timed out',
  '554 5.4.6 Too many hops 26 (25 max)',
  '550 5.4.4 Unrouteable address',
  '550 5.1.2 Domain does not exist',
  '550 Host example.invalid not found',
  '452 4.3.1 Insufficient system storage',
  '554 5.3.0 mailer error: command died with status 75',
  '550 5.3.0 procmail: Error while writing to /var/mail/x',
  '451 4.3.0 Temporary server error. Please try again later',
  '451 4.3.0 Internal server error',
  '4.4.7 Delivery time expired',
  'Retry timeout exceeded',
  '421 4.4.1 Unable to connect to example.com: Connection refused',
  '500 5.5.1 Syntax error, command unrecognized',
  '503 5.5.1 Bad sequence of commands',
  '550 5.2.0 Message is on hold',
  '554 5.7.1 This message has been blocked because it contains a banned attachment type',
  '550 5.7.1 Our system has detected that this message is likely unsolicited mail',
  '554 5.7.1 Blocked by SpamAssassin: spam score 12.3',
  '550 5.7.1 Your IP 192.0.2.10 is listed on the UCEPROTECT Level 2 list',
  '554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.11',
  '550 5.7.1 Rejected by Abusix Mail Intelligence',
  '554 5.7.1 Message refused by Cloudmark CSI (cmRBL)',
  '550 5.7.1 Listed by SORBS',
  '550 5.7.1 Blocked for abuse. See https://www.cox.com/residential/support/email-error-codes.html AUP#CDRBL',
  '554 rejected due to senderscore reputation',
  '550 5.7.606 Access denied, banned sending IP [192.0.2.12]. To request removal from this list please visit https://sender.office.com/',
  '550 5.7.1 Email rejected per DMARC policy for example.com',
  '550 5.7.1 Sender is on the user level block list',
  '550 5.7.1 mail rejete: no such user in local recipient table',
  '553 sorry, that domain isn\'t in my list of allowed rcpthosts (#5.7.1)',
  'smtp; 550  5.1.1\t<x@example.com>:\r\n  User   unknown',
  '\u00a0SMTP ;550 5.1.1 USER\u2028UNKNOWN\u00a0',
  'Mailbox is full / Blocks limit exceeded / Inode limit exceeded',
  '550 5.0.0 <x@example.com>... User unknown 550 5.1.1 <x@example.com>: Recipient address rejected',
  'Diagnostic-Code: X-Postfix; Host or domain name not found. Name service error for name=example.invalid type=AAAA: Host not found',
  '421 4.3.2 System not accepting network messages',
  '550 5.7.1 Split domain routing: external server says user does not exist',
  '5.4.14 Hop count exceeded - possible mail loop',
  '550 The mail server detected your message as spam and has prevented delivery.',
  '4.7.650 The mail server [192.0.2.13] has been temporarily rate limited due to IP reputation.',
  '',
  '   ',
];

describe('classifier with the anchor prefilter', () => {
  it('agrees with the naive classifier on realistic diagnostics, with and without codes', () => {
    expect(DIAGNOSTICS.length).toBeGreaterThanOrEqual(100);
    for (const diagnostic of DIAGNOSTICS) {
      for (const status of [undefined, '5.0.0', '4.0.0', '5.1.1']) {
        for (const replyCode of [undefined, 550]) {
          expectAgreement({ diagnostic, status, replyCode });
          expectAgreement({ diagnostic: `smtp; ${diagnostic.toUpperCase()}`, status, replyCode, bounceType: 'Permanent', bounceSubType: 'General' });
        }
      }
    }
  });

  // Fragments of the rules' own sources, so random texts hit anchors, near misses and matches.
  const KEYWORDS = [
    ...new Set(
      FAMILIES.flatMap((family) => family.rules)
        .flatMap((rule) => rule.match.text?.source.split(/[\\()[\]|?*+{}^$]+/) ?? [])
        .flatMap((fragment) => [fragment, ...fragment.split(' ')])
        .filter((fragment) => fragment.trim().length > 1),
    ),
  ];
  const noise = fc.string({ unit: fc.constantFrom(...'ab .-:;@<>[]/\t\n\u00a0ÉéSMTP0245.'), maxLength: 6 });
  const fragment = fc.oneof({ arbitrary: fc.constantFrom(...KEYWORDS), weight: 3 }, { arbitrary: noise, weight: 1 });
  const text = fc.oneof(
    fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(' ')),
    fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')),
    fc.tuple(fc.constantFrom(...DIAGNOSTICS), fc.nat(), fragment).map(([d, at, part]) => d.slice(0, at % (d.length + 1)) + part + d.slice(at % (d.length + 1))),
  );

  it('agrees with the naive classifier on random texts built from rule keywords and noise', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(undefined, '5.0.0', '4.4.0', '5.7.1'),
        fc.constantFrom(undefined, 421, 550),
        fc.boolean(),
        (diagnostic, status, replyCode, prefix) => {
          expectAgreement({ diagnostic: prefix ? `SMTP; ${diagnostic}` : diagnostic, status, replyCode });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
