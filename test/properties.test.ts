import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { verdictsFor } from '../shared/classify';
import { NotificationParseError, parseNotification } from '../shared/notification';
import { ADDRESS_DEAD_REASONS, type Reason, SENDER_FAULT_REASONS } from '../shared/reasons';
import { type BounceEvidence, FAMILIES, PROVIDER_RULES, classifyBounce } from '../shared/rules';
import { VerdictSchema } from '../shared/verdict';
import { bounceBody, complaintBody, day, snsEnvelope } from './helpers/bounce-fixtures';

/**
 * Properties of parse + classify on hostile input, beyond notification.test.ts (which checks
 * that parsing alone throws only NotificationParseError): the whole path to verdicts, verdicts
 * valid and deterministic, and the policy that a sender-side refusal never suppresses, on
 * diagnostics built from real bounce wording so that the rules actually fire.
 */

/** Pieces of real bounce texts: sender-side refusals. */
const SENDER_FRAGMENTS = [
  'Client host [192.0.2.1] blocked using zen.spamhaus.org',
  'listed on bl.spamcop.net',
  'Service unavailable; client host blocked using b.barracudacentral.org',
  "Unauthenticated email from example.com is not accepted due to domain's DMARC policy",
  'This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.',
  'SPF check failed',
  'DKIM signature verification failed',
  'Our system has detected an unusual rate of unsolicited mail originating from your IP address',
  'Message rejected as spam by Content Filtering',
  'message looks like spam',
  'Too many connections from your IP',
  'Rate limit exceeded, try again later',
  'sending rate exceeded',
  'Message size exceeds fixed maximum message size',
  'message too large',
  'Virus found in message',
  'reverse DNS lookup failed',
  'Client host rejected: cannot find your reverse hostname',
  'poor reputation',
  'Sender address rejected: Domain not found',
  'Relaying denied',
  'Too many recipients',
  'Message rejected due to local policy',
  'TLS required',
];

/** Pieces of real bounce texts: the address is dead or the mailbox in trouble. */
const RECIPIENT_FRAGMENTS = [
  'Recipient address rejected: User unknown in virtual mailbox table',
  "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos",
  'RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
  'Mailbox full',
  'The email account that you tried to reach is over quota',
  'Host or domain name not found',
  'Requested action not taken: mailbox unavailable',
  'account disabled',
  'No such user',
];

/** SES's own wording when it did not send: the one text that suppresses whatever else is said. */
const SES_SUPPRESSION = 'Amazon SES has suppressed sending to this address';
const SUPPRESSION_SUBTYPES = ['Suppressed', 'OnAccountSuppressionList'];

const CODES = ['550', '554', '552', '450', '451', '421', '5.1.1', '5.7.1', '5.7.26', '4.2.2', '4.7.0', '5.0.0', '5.3.4', '5.4.1'];

const noise = fc.string({ maxLength: 20 });
const diagnosticFrom = (fragments: readonly string[]) =>
  fc
    .tuple(fc.boolean(), fc.array(fc.oneof(fc.constantFrom(...fragments), fc.constantFrom(...CODES), noise), { maxLength: 6 }))
    .map(([prefixed, parts]) => `${prefixed ? 'smtp; ' : ''}${parts.join(' ')}`);

const status = fc.option(fc.oneof(fc.constantFrom('5.1.1', '4.2.2', '5.7.1', '5.0.0', '4.0.0', '5.7.26', '5.3.4', '4.4.7'), fc.string({ maxLength: 8 })), {
  nil: undefined,
});
const bounceType = fc.oneof(fc.constantFrom('Permanent', 'Transient', 'Undetermined'), fc.string({ maxLength: 12 }));
const bounceSubType = fc.option(
  fc.oneof(
    fc.constantFrom('General', 'NoEmail', 'MailboxFull', 'MessageTooLarge', 'ContentRejected', 'AttachmentRejected', ...SUPPRESSION_SUBTYPES),
    fc.string({ maxLength: 12 }),
  ),
  { nil: undefined },
);

const anyDiagnostic = diagnosticFrom([...SENDER_FRAGMENTS, ...RECIPIENT_FRAGMENTS, SES_SUPPRESSION]);
const evidence: fc.Arbitrary<BounceEvidence> = fc.record({
  diagnostic: fc.option(anyDiagnostic, { nil: undefined }),
  status,
  bounceType,
  bounceSubType,
});

/** An SES bounce notification around arbitrary evidence, and an arbitrary recipient string. */
const bounceNotification = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(fc.emailAddress(), fc.string({ minLength: 1 })), evidence), { minLength: 1, maxLength: 4 }),
    // SES always names a bounce type; an empty one is rejected by the parser, as it should be.
    bounceType.filter((type) => type !== ''),
    bounceSubType,
  )
  .map(([recipients, type, subType]) => {
    const body = bounceBody('placeholder@example.com', day(1));
    const bouncedRecipients = recipients.map(([emailAddress, item]) => ({
      emailAddress,
      action: 'failed',
      status: item.status,
      diagnosticCode: item.diagnostic,
    }));
    return { ...body, bounce: { ...body.bounce, bouncedRecipients, bounceType: type, bounceSubType: subType } };
  });

/** A valid notification with one field, anywhere in it, replaced by an arbitrary JSON value. */
function mutated(base: object): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    paths.push(path);
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(base, []);
  return fc.tuple(fc.constantFrom(...paths.filter((path) => path.length > 0)), fc.jsonValue()).map(([path, replacement]) => {
    const copy = structuredClone(base) as Record<string, unknown>;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    parent[path.at(-1) as string] = replacement;
    return copy;
  });
}

/** Parse and classify; a parse error is an acceptable outcome, any other throw is not. */
function verdictsOf(text: string) {
  try {
    const parsed = parseNotification(text);
    return parsed.type === 'ignored' ? [] : verdictsFor(parsed);
  } catch (error) {
    if (error instanceof NotificationParseError) return [];
    throw error;
  }
}

describe('parse + classify on hostile input', () => {
  it('throws only NotificationParseError and yields only valid verdicts, for valid notifications with one field replaced', () => {
    const bases = [bounceBody(['ann@example.com', 'bob@example.org'], day(1), 'blocklisted'), complaintBody('cid@example.com', day(2))];
    fc.assert(
      fc.property(fc.oneof(...bases.map(mutated)), fc.boolean(), (value, wrap) => {
        const text = wrap ? snsEnvelope(value as object) : JSON.stringify(value);
        for (const verdict of verdictsOf(text)) expect(VerdictSchema.safeParse(verdict).success).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('yields valid verdicts for SES-shaped bounces with arbitrary field values', () => {
    fc.assert(
      fc.property(bounceNotification, (body) => {
        const verdicts = verdictsOf(snsEnvelope(body));
        expect(verdicts).toHaveLength(body.bounce.bouncedRecipients.length);
        for (const verdict of verdicts) VerdictSchema.parse(verdict);
      }),
      { numRuns: 2_000 },
    );
  });

  it('classifies the same notification the same way every time', () => {
    fc.assert(
      fc.property(bounceNotification, (body) => {
        const text = snsEnvelope(body);
        expect(verdictsOf(text)).toEqual(verdictsOf(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it('classifies each input the same whatever was classified before it: no state leaks between different inputs', () => {
    // The scan reuses module-level buffers: a longer or different text classified before must
    // leave nothing behind. Reversing the order puts every input after different neighbours.
    const long = `smtp; 550 5.7.1 ${SENDER_FRAGMENTS.join(' ')} ${RECIPIENT_FRAGMENTS.join(' ')}`;
    fc.assert(
      fc.property(fc.array(evidence, { minLength: 2, maxLength: 8 }), (items) => {
        const forward = items.map((item) => classifyBounce(item));
        const backward = [...items].reverse().map((item) => classifyBounce(item)).reverse();
        const afterLong = items.map((item) => {
          classifyBounce({ diagnostic: long, bounceType: 'Permanent' });
          return classifyBounce(item);
        });
        expect(backward).toEqual(forward);
        expect(afterLong).toEqual(forward);
      }),
      { numRuns: 1_000 },
    );
  });

  it('classifies inputs in a long-used classifier as a freshly loaded one does: history leaves no trace', async () => {
    // A leak that accumulates (a score buffer never cleared) can look the same in every order:
    // only a classifier with no history tells it apart.
    // Known texts with their words shuffled reach the path that weighs words, and its buffers.
    const shuffled = fc
      .constantFrom(...SENDER_FRAGMENTS, ...RECIPIENT_FRAGMENTS)
      .chain((fragment) => fc.shuffledSubarray(fragment.split(' '), { minLength: fragment.split(' ').length }))
      .map((words): BounceEvidence => ({ diagnostic: words.join(' '), bounceType: 'Permanent' }));
    const used = classifyBounce;
    for (const item of fc.sample(evidence, 200)) used(item);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(evidence, shuffled), { minLength: 2, maxLength: 6 }), async (items) => {
        vi.resetModules();
        const { classifyBounce: fresh } = await import('../shared/rules');
        expect(fresh).not.toBe(used);
        expect([...items].reverse().map((item) => used(item)).reverse()).toEqual(items.map((item) => fresh(item)));
      }),
      { numRuns: 12 },
    );
  });

  it('gives each notification the same verdicts whatever notifications were parsed and classified before it', () => {
    fc.assert(
      fc.property(fc.array(bounceNotification, { minLength: 2, maxLength: 5 }), (bodies) => {
        const texts = bodies.map((body) => snsEnvelope(body));
        const forward = texts.map(verdictsOf);
        expect([...texts].reverse().map(verdictsOf).reverse()).toEqual(forward);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the suppression policy', () => {
  it('suppresses only for a dead address: never for a sender-side reason, and only on a permanent answer', () => {
    const seen = new Set<Reason>();
    fc.assert(
      fc.property(evidence, (item) => {
        const verdict = classifyBounce(item);
        seen.add(verdict.reason);
        expect(verdict).toEqual(classifyBounce(item));
        if (SENDER_FAULT_REASONS.has(verdict.reason)) expect(verdict).toMatchObject({ suppress: false });
        expect(verdict.action === 'suppress').toBe(verdict.suppress);
        if (verdict.suppress) {
          expect(ADDRESS_DEAD_REASONS.has(verdict.reason)).toBe(true);
          expect(verdict.permanence).toBe('permanent');
        }
      }),
      { numRuns: 5_000 },
    );
    // The generator must reach the rules it is meant to test, or the property holds vacuously.
    const senderReasonsSeen = [...SENDER_FAULT_REASONS].filter((reason) => seen.has(reason));
    expect(senderReasonsSeen.length).toBeGreaterThanOrEqual(12);
    for (const reason of ['userunknown', 'mailboxfull', 'suppressed'] as const) expect(seen).toContain(reason);
  });

  it('never suppresses when the text names a sender-side refusal, whatever recipient wording and codes surround it', () => {
    // Only fragments a sender-side *text* rule recognises on their own: the property is about
    // mixing. (The Gmail 5.7.26 wording, for one, is recognised only through its status code.)
    const textRules = new Set([...PROVIDER_RULES, ...FAMILIES].flatMap((family) => family.rules).filter((rule) => rule.match.phrases).map((rule) => rule.id));
    const recognised = (text: string) => {
      const { reason, rule } = classifyBounce({ diagnostic: text, bounceType: 'Permanent' });
      return SENDER_FAULT_REASONS.has(reason) && textRules.has(rule);
    };
    const senderOnly = SENDER_FRAGMENTS.filter(recognised);
    expect(senderOnly.length).toBeGreaterThanOrEqual(SENDER_FRAGMENTS.length - 4);
    const mixed = fc
      .tuple(fc.constantFrom(...senderOnly), diagnosticFrom(RECIPIENT_FRAGMENTS), diagnosticFrom(RECIPIENT_FRAGMENTS))
      .map(([refusal, before, after]) => `${before} ${refusal} ${after}`);
    const notSuppressionSubType = bounceSubType.filter((subType) => !SUPPRESSION_SUBTYPES.includes(subType ?? ''));
    fc.assert(
      fc.property(mixed, status, bounceType, notSuppressionSubType, (diagnostic, code, type, subType) => {
        const verdict = classifyBounce({ diagnostic, status: code, bounceType: type, bounceSubType: subType });
        expect(verdict, diagnostic).toMatchObject({ suppress: false });
        expect(ADDRESS_DEAD_REASONS.has(verdict.reason), `${verdict.reason}: ${diagnostic}`).toBe(false);
      }),
      { numRuns: 3_000 },
    );
  });

  it('never suppresses when the text names a state of the mailbox, whatever dead-address words and codes surround it', () => {
    // A full or disabled mailbox exists; a code or a loose phrase around it never outweighs that.
    const mailboxStates = ['Mailbox full', 'user is over quota', 'quota exceeded', 'account disabled', 'this account has been suspended', 'Postfach voll'];
    const deadWords = ['User unknown', 'No such user', 'mailbox unavailable', 'Recipient address rejected', 'invalid recipient', '5.1.1', '550'];
    fc.assert(
      fc.property(fc.constantFrom(...mailboxStates), diagnosticFrom(deadWords), diagnosticFrom(deadWords), fc.constantFrom('5.1.1', '5.0.0', '5.1.0', undefined), (state, before, after, code) => {
        const diagnostic = `${before} ${state} ${after}`;
        expect(classifyBounce({ diagnostic, status: code, bounceType: 'Permanent' }).suppress, diagnostic).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('turns every complaint into a suppressing feedback verdict per recipient', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.emailAddress(), fc.string({ minLength: 1 })), { minLength: 1, maxLength: 5 }), (addresses) => {
        const body = complaintBody('placeholder@example.com', day(1));
        body.complaint.complainedRecipients = addresses.map((emailAddress) => ({ emailAddress }));
        const verdicts = verdictsOf(snsEnvelope(body));
        expect(verdicts).toHaveLength(addresses.length);
        for (const verdict of verdicts) expect(verdict).toMatchObject({ reason: 'feedback', suppress: true, action: 'suppress' });
      }),
      { numRuns: 500 },
    );
  });
});
