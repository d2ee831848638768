import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verdictsFor } from '../shared/classify';
import { NotificationParseError, SES_TYPES, type SesNotification, type SesType, parseNotification } from '../shared/notification';
import { VerdictSchema } from '../shared/verdict';

const mail = {
  timestamp: '2025-03-01T10:00:00.000Z',
  messageId: '0100018f-aaaa-bbbb-cccc-000000',
  source: 'news@sender.example',
  destination: ['ann@example.com'],
};

const bounce = {
  bounceType: 'Permanent',
  bounceSubType: 'General',
  bouncedRecipients: [
    {
      emailAddress: 'ann@example.com',
      action: 'failed',
      status: '5.1.1',
      diagnosticCode: 'smtp; 550 5.1.1 <ann@example.com>: user unknown',
    },
  ],
  timestamp: '2025-03-01T10:00:02.000Z',
  feedbackId: '0100018f-bounce-1',
  reportingMTA: 'dns; a8-50.smtp-out.amazonses.com',
};

const complaint = {
  complainedRecipients: [{ emailAddress: 'bob@example.com' }],
  timestamp: '2025-03-01T11:00:00.000Z',
  feedbackId: '0100018f-complaint-1',
  complaintFeedbackType: 'abuse',
  userAgent: 'Yahoo!-Mail-Feedback/2.0',
};

const delivery = {
  timestamp: '2025-03-01T10:00:01.000Z',
  processingTimeMillis: 546,
  recipients: ['carol@example.com'],
  smtpResponse: '250 2.0.0 OK',
};

const BODIES = {
  Bounce: { bounce },
  Complaint: { complaint },
  Delivery: { delivery },
} as const;

type Kind = keyof typeof BODIES;

const raw = (kind: Kind, body: object = BODIES[kind]) => ({ notificationType: kind, mail, ...body });
const record = (kind: Kind, body: object = BODIES[kind]) => ({ eventType: kind, mail, ...body });
const sns = (message: string, type = 'Notification') => ({
  Type: type,
  MessageId: 'b1c2d3',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
  Message: message,
  Timestamp: '2025-03-01T10:00:03.000Z',
  SignatureVersion: '1',
});

const FORMS = {
  'SNS envelope': (kind: Kind) => JSON.stringify(sns(JSON.stringify(raw(kind)))),
  'raw notification (notificationType)': (kind: Kind) => JSON.stringify(raw(kind)),
  'event-publishing record (eventType)': (kind: Kind) => JSON.stringify(record(kind)),
};

const KINDS: Kind[] = ['Bounce', 'Complaint', 'Delivery'];

function parseError(text: string): NotificationParseError {
  try {
    parseNotification(text);
  } catch (error) {
    expect(error).toBeInstanceOf(NotificationParseError);
    return error as NotificationParseError;
  }
  throw new Error(`parsed without error: ${text}`);
}

function sesNotification(text: string): SesNotification {
  const parsed = parseNotification(text);
  if (parsed.type === 'ignored') throw new Error(`ignored: ${text}`);
  return parsed;
}

/** What the parser keeps of each body: every field it names, none it does not (userAgent, processingTimeMillis). */
const { userAgent: _userAgent, ...parsedComplaint } = complaint;
const { processingTimeMillis: _processingTime, ...parsedDelivery } = delivery;
const PARSED_BODIES = { Bounce: { bounce }, Complaint: { complaint: parsedComplaint }, Delivery: { delivery: parsedDelivery } };
const parsedMail = { timestamp: mail.timestamp, messageId: mail.messageId, source: mail.source };

describe('parseNotification: accepted forms', () => {
  for (const [form, build] of Object.entries(FORMS)) {
    for (const kind of KINDS) {
      it(`${form} x ${kind}`, () => {
        // The whole result, exactly: a parser that drops or renames a field fails here.
        expect(parseNotification(build(kind))).toEqual({ type: kind, mail: parsedMail, ...PARSED_BODIES[kind] });
      });
    }
  }

  it('rejects a time that is not ISO 8601, which would sort after every real one', () => {
    expect(() => sesNotification(JSON.stringify(raw('Bounce', { bounce: { ...bounce, timestamp: 'n/a' } })))).toThrow(
      'invalid Bounce notification: bounce.timestamp: expected an ISO 8601 time',
    );
  });

  describe('times within the window around now (1 year back, 1 day ahead), when asked', () => {
    const now = new Date('2025-03-02T00:00:00.000Z');
    const at = (time: string) => JSON.stringify(raw('Bounce', { bounce: { ...bounce, timestamp: time } }));

    it.each(['2024-03-02T00:00:00.000Z', '2025-03-03T00:00:00.000Z', bounce.timestamp])('accepts %s', (time) => {
      expect(parseNotification(at(time), { now })).toMatchObject({ type: 'Bounce', bounce: { timestamp: time } });
    });

    it.each(['9999-12-31T23:59:59.999Z', '2025-03-03T00:00:00.001Z', '2024-03-01T23:59:59.999Z', '1970-01-01T00:00:00.000Z'])(
      'rejects %s, naming the field and the window',
      (time) => {
        expect(() => parseNotification(at(time), { now })).toThrow(
          `invalid Bounce notification: bounce.timestamp: ${time} is outside the accepted window, 365 days back to 1 day ahead of now (2024-03-02T00:00:00.000Z to 2025-03-03T00:00:00.000Z)`,
        );
      },
    );

    it('checks the mail timestamp too', () => {
      const text = JSON.stringify({ ...raw('Complaint'), mail: { ...mail, timestamp: '9999-12-31T23:59:59.999Z' } });
      expect(() => parseNotification(text, { now })).toThrow(/^invalid Complaint notification: mail\.timestamp: 9999-12-31T23:59:59\.999Z is outside/);
    });

    it('leaves times unchecked without `now`, for classifying archives', () => {
      expect(parseNotification(at('9999-12-31T23:59:59.999Z'))).toMatchObject({ type: 'Bounce' });
    });
  });

  it('accepts fields SES adds that the schema does not name, and leaves them out of the result', () => {
    const parsed = sesNotification(JSON.stringify(raw('Bounce', { bounce: { ...bounce, smtpPipelineStage: 'RCPT' } })));
    expect(parsed.type === 'Bounce' && parsed.bounce).toEqual(bounce);
  });

});

/**
 * Every type SES documents, as SES spells it, with the object SES puts beside `mail`:
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html (eventType),
 * https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html (notificationType),
 * https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html (Received).
 */
const EVENT_PUBLISHING: Record<string, object> = {
  Bounce: { bounce },
  Complaint: { complaint },
  Delivery: { delivery },
  Send: { send: {} },
  Reject: { reject: { reason: 'Bad content' } },
  Open: { open: { ipAddress: '192.0.2.1', timestamp: '2025-03-01T12:00:00.000Z', userAgent: 'Mozilla/5.0' } },
  Click: { click: { ipAddress: '192.0.2.1', link: 'https://example.com/', timestamp: '2025-03-01T12:00:00.000Z' } },
  'Rendering Failure': { failure: { errorMessage: 'Attribute name is missing', templateName: 'welcome' } },
  DeliveryDelay: {
    deliveryDelay: {
      delayType: 'MailboxFull',
      delayedRecipients: [{ emailAddress: 'ann@example.com', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 Mailbox full' }],
      expirationTime: '2025-03-01T22:00:00.000Z',
      timestamp: '2025-03-01T12:00:00.000Z',
    },
  },
  Subscription: { subscription: { contactList: 'news', timestamp: '2025-03-01T12:00:00.000Z', source: 'UnsubscribeHeader' } },
};
const SNS_NOTIFICATIONS: Record<string, object> = {
  Bounce: { bounce },
  Complaint: { complaint },
  Delivery: { delivery },
  Received: { receipt: { action: { type: 'SNS' } }, content: '' },
  AmazonSnsSubscriptionSucceeded: { message: 'You have successfully subscribed' },
};

describe('SES types: one table, every documented type used or ignored on purpose', () => {
  it('names exactly the documented types, in SES spelling', () => {
    expect(Object.keys(SES_TYPES).sort()).toEqual([...new Set([...Object.keys(EVENT_PUBLISHING), ...Object.keys(SNS_NOTIFICATIONS)])].sort());
    expect(SES_TYPES).toHaveProperty(['Rendering Failure', 'handling'], 'ignored');
    expect(SES_TYPES).not.toHaveProperty('RenderingFailure');
  });

  const cases = [
    ...Object.entries(EVENT_PUBLISHING).map(([type, body]) => ['eventType', type, body] as const),
    ...Object.entries(SNS_NOTIFICATIONS).map(([type, body]) => ['notificationType', type, body] as const),
  ];
  it.each(cases)('%s %s: as the table says, raw and in an SNS envelope', (field, type, body) => {
    const handling = SES_TYPES[type as SesType];
    const text = JSON.stringify({ [field]: type, mail, ...body });
    for (const form of [text, JSON.stringify(sns(text))]) {
      const parsed = parseNotification(form);
      if (handling.handling === 'used') expect(parsed).toMatchObject({ type, mail: parsedMail });
      else expect(parsed).toEqual({ type: 'ignored', eventType: type, known: true });
    }
  });

  it('ignores a type SES adds later, marked unknown, instead of rejecting valid SES output', () => {
    const future = JSON.stringify({ eventType: 'Unsubscribe Request', mail, unsubscribe: {} });
    expect(parseNotification(future)).toEqual({ type: 'ignored', eventType: 'Unsubscribe Request', known: false });
    expect(parseNotification(JSON.stringify(sns(future)))).toEqual({ type: 'ignored', eventType: 'Unsubscribe Request', known: false });
    // The spelling without the space is not SES's: an unknown type, not the known one.
    expect(parseNotification(JSON.stringify({ eventType: 'RenderingFailure', mail }))).toMatchObject({ known: false });
  });
});

describe('SNS subscription messages', () => {
  const subscription = (Type: string, extra: object = {}) =>
    JSON.stringify({
      ...sns('You have chosen to subscribe to the topic', Type),
      Token: '2336412f37fb687f5d51e6e2425f004a',
      SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336',
      ...extra,
    });

  it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)('a %s is ignored, carrying what confirming needs', (Type) => {
    expect(parseNotification(subscription(Type))).toEqual({
      type: 'ignored',
      eventType: Type,
      known: true,
      subscription: {
        messageType: Type,
        topicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
        token: '2336412f37fb687f5d51e6e2425f004a',
        subscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336',
      },
    });
  });

  it('rejects one without a token, naming the field', () => {
    expect(() => parseNotification(subscription('SubscriptionConfirmation', { Token: undefined }))).toThrow(
      /^invalid SNS SubscriptionConfirmation: Token: /,
    );
  });
});

describe('parseNotification: rejected input', () => {
  const withoutMessageId = { ...raw('Bounce'), mail: { ...mail, messageId: undefined } };
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'this is not json', /^input is not JSON \(.+\)$/],
    ['an empty line', '', /^input is not JSON/],
    ['JSON but an array', '[1, 2]', /^input is not a JSON object$/],
    ['JSON but a string', '"Bounce"', /^input is not a JSON object$/],
    ['JSON null', 'null', /^input is not a JSON object$/],
    [
      'an object that is not an SES notification',
      '{"hello": "world"}',
      /^input is not an SES notification: it has neither "notificationType" nor "eventType"$/,
    ],
    [
      'an unknown notificationType without the mail object every SES notification has',
      JSON.stringify({ notificationType: 'Bouncy' }),
      /^input has unknown SES notification type "Bouncy" and no "mail" object$/,
    ],
    [
      'a notificationType named like an Object.prototype member',
      JSON.stringify({ notificationType: 'constructor' }),
      /^input has unknown SES notification type "constructor" and no "mail" object$/,
    ],
    [
      'a Bounce without bouncedRecipients',
      JSON.stringify(raw('Bounce', { bounce: { ...bounce, bouncedRecipients: undefined } })),
      /^invalid Bounce notification: bounce\.bouncedRecipients: /,
    ],
    [
      'a Bounce with empty bouncedRecipients',
      JSON.stringify(raw('Bounce', { bounce: { ...bounce, bouncedRecipients: [] } })),
      /^invalid Bounce notification: bounce\.bouncedRecipients: .*(?:small|>=1)/i,
    ],
    [
      'a Complaint without complainedRecipients',
      JSON.stringify(record('Complaint', { complaint: { ...complaint, complainedRecipients: undefined } })),
      /^invalid Complaint notification: complaint\.complainedRecipients: /,
    ],
    [
      'an SNS envelope whose Message is not JSON',
      JSON.stringify(sns('Successfully validated SNS topic for Amazon SES event publishing.')),
      /^SNS Message is not JSON \(.+\)$/,
    ],
    [
      'an SNS envelope whose Message is not an SES notification',
      JSON.stringify(sns('{"hello": "world"}')),
      /^SNS Message is not an SES notification/,
    ],
    [
      'an SNS message of a type that carries no SES notification',
      JSON.stringify(sns('', 'Unknown')),
      /^SNS message of type "Unknown" carries no SES notification$/,
    ],
    [
      'an SNS Notification without Message',
      JSON.stringify({ Type: 'Notification', MessageId: 'x' }),
      /^invalid SNS envelope: Message: /,
    ],
    ['a notification without mail.messageId', JSON.stringify(withoutMessageId), /^invalid Bounce notification: mail\.messageId: /],
  ];

  it.each(cases)('rejects %s', (_, text, message) => {
    expect(parseError(text).message).toMatch(message);
  });

  it('names the error NotificationParseError', () => {
    expect(parseError('{').name).toBe('NotificationParseError');
  });
});

describe('parseNotification: only NotificationParseError escapes', () => {
  function parsesOrRejects(text: string): void {
    try {
      parseNotification(text);
    } catch (error) {
      if (!(error instanceof NotificationParseError)) throw error;
    }
  }

  // Names that exist on every object's prototype: a lookup with `in` would find them.
  const kindName = fc.oneof(
    fc.constantFrom(...KINDS, 'Open', 'AmazonSnsSubscriptionSucceeded', 'toString', 'constructor', '__proto__', 'hasOwnProperty'),
    fc.string(),
  );
  const nearlyNotification = fc.record(
    {
      notificationType: kindName,
      eventType: kindName,
      mail: fc.oneof(fc.constant(mail), fc.jsonValue()),
      bounce: fc.oneof(fc.constant(bounce), fc.jsonValue()),
      complaint: fc.oneof(fc.constant(complaint), fc.jsonValue()),
      delivery: fc.oneof(fc.constant(delivery), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );

  it('holds for arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), parsesOrRejects), { numRuns: 2_000 });
  });

  it('holds for arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => parsesOrRejects(JSON.stringify(value))), { numRuns: 2_000 });
  });

  it('holds for objects shaped nearly like notifications, raw or in an SNS envelope', () => {
    fc.assert(
      fc.property(nearlyNotification, fc.boolean(), (value, wrap) => {
        const text = JSON.stringify(value);
        parsesOrRejects(wrap ? JSON.stringify(sns(text)) : text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives verdictsFor only notifications it can turn into valid verdicts', () => {
    const anyRecipient = fc.record(
      {
        emailAddress: fc.string({ minLength: 1 }),
        status: fc.string(),
        diagnosticCode: fc.string(),
      },
      { requiredKeys: ['emailAddress'] },
    );
    fc.assert(
      fc.property(fc.array(anyRecipient, { minLength: 1, maxLength: 3 }), fc.string({ minLength: 1 }), (recipients, bounceType) => {
        const notification = sesNotification(
          JSON.stringify(raw('Bounce', { bounce: { ...bounce, bounceType, bouncedRecipients: recipients } })),
        );
        for (const verdict of verdictsFor(notification)) VerdictSchema.parse(verdict);
      }),
      { numRuns: 500 },
    );
  });
});

describe('verdictsFor', () => {
  it('gives one verdict per bounced recipient, in order, with normalised addresses', () => {
    const recipients = [
      { emailAddress: 'Ann <ann@EXAMPLE.com>', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      { emailAddress: 'bob@Bücher.example', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      { emailAddress: 'carol@example.com', status: '4.0.0' },
    ];
    const verdicts = verdictsFor(
      sesNotification(JSON.stringify(raw('Bounce', { bounce: { ...bounce, bouncedRecipients: recipients } }))),
    );
    expect(verdicts.map((verdict) => verdict.recipient)).toEqual([
      'ann@example.com',
      'bob@xn--bcher-kva.example',
      'carol@example.com',
    ]);
    for (const verdict of verdicts) {
      expect(VerdictSchema.parse(verdict)).toEqual(verdict);
      expect(verdict).toMatchObject({
        notificationType: 'Bounce',
        feedbackId: bounce.feedbackId,
        messageId: mail.messageId,
        timestamp: bounce.timestamp,
        mailTimestamp: mail.timestamp,
        bounceType: 'Permanent',
        bounceSubType: 'General',
      });
    }
    expect(verdicts[0]).toMatchObject({ diagnostic: recipients[0]!.diagnosticCode, status: '5.1.1' });
    expect(verdicts[2]).not.toHaveProperty('diagnostic');
  });

  it('suppresses a recipient whose mailbox does not exist', () => {
    const [verdict] = verdictsFor(sesNotification(FORMS['SNS envelope']('Bounce')));
    expect(verdict).toMatchObject({ reason: 'userunknown', permanence: 'permanent', suppress: true, action: 'suppress' });
  });

  it('turns a complaint into a feedback verdict that suppresses each complainant', () => {
    const complainedRecipients = [{ emailAddress: 'bob@example.com' }, { emailAddress: 'Dan@EXAMPLE.org' }];
    const verdicts = verdictsFor(
      sesNotification(JSON.stringify(record('Complaint', { complaint: { ...complaint, complainedRecipients } }))),
    );
    expect(verdicts).toHaveLength(2);
    for (const verdict of verdicts) {
      expect(VerdictSchema.parse(verdict)).toEqual(verdict);
      expect(verdict).toMatchObject({
        notificationType: 'Complaint',
        reason: 'feedback',
        suppress: true,
        complaintFeedbackType: 'abuse',
        feedbackId: complaint.feedbackId,
      });
    }
    expect(verdicts.map((verdict) => verdict.recipient)).toEqual(['bob@example.com', 'dan@example.org']);
  });

  it('does not call a message SES never sent (complaintSubType OnAccountSuppressionList) a complaint', () => {
    const notSent = { ...complaint, complaintSubType: 'OnAccountSuppressionList' };
    const [verdict] = verdictsFor(sesNotification(JSON.stringify(record('Complaint', { complaint: notSent }))));
    expect(verdict).toMatchObject({ notificationType: 'Complaint', reason: 'suppressed', suppress: true, rule: 'suppressed.complaint-on-account-list' });
  });

  it.each([
    // RFC 5965 / 6591 / 6430 feedback types: only a person not wanting the mail suppresses.
    ['abuse', { reason: 'feedback', suppress: true, action: 'suppress', party: 'recipient' }],
    ['fraud', { reason: 'feedback', suppress: true, action: 'suppress', rule: 'feedback.fraud' }],
    ['other', { reason: 'feedback', suppress: true, action: 'suppress' }],
    [undefined, { reason: 'feedback', suppress: true, action: 'suppress' }],
    ['some-future-type', { reason: 'feedback', suppress: true, action: 'suppress' }],
    ['Not-Spam', { reason: 'feedback', suppress: false, action: 'review', party: 'nobody', rule: 'feedback.not-spam' }],
    ['not-spam', { reason: 'feedback', suppress: false, action: 'review', party: 'nobody', rule: 'feedback.not-spam' }],
    ['virus', { reason: 'virusdetected', suppress: false, party: 'message', rule: 'feedback.virus' }],
    ['auth-failure', { reason: 'authfailure', suppress: false, party: 'sender', action: 'fix-authentication' }],
  ] as const)('decides a complaint of feedback type %s by its type', (complaintFeedbackType, expected) => {
    const [verdict] = verdictsFor(sesNotification(JSON.stringify(record('Complaint', { complaint: { ...complaint, complaintFeedbackType } }))));
    expect(verdict).toMatchObject({ notificationType: 'Complaint', ...expected });
    expect(VerdictSchema.parse(verdict)).toEqual(verdict);
  });

  it('gives no verdict for a delivery', () => {
    expect(verdictsFor(sesNotification(FORMS['raw notification (notificationType)']('Delivery')))).toEqual([]);
  });

  it('keeps an address it cannot normalise as given, trimmed', () => {
    const recipients = [{ emailAddress: ' not-an-address ', status: '5.1.1' }];
    const [verdict] = verdictsFor(
      sesNotification(JSON.stringify(raw('Bounce', { bounce: { ...bounce, bouncedRecipients: recipients } }))),
    );
    expect(verdict?.recipient).toBe('not-an-address');
  });
});
