/**
 * A mix of bounces for sender incidents: one blocklist named across several domains, DMARC
 * failures at one provider, rate limiting at another, a group below the threshold, and plain
 * dead addresses. Texts are our own, written so today's rules judge them unambiguously.
 */

/** The mix's default origin, epoch ms. */
export const ORIGIN = Date.parse('2026-11-20T08:00:00.000Z');
/** `n` minutes after the mix's origin (a fixed time unless given). */
export const minutes = (n: number, origin = ORIGIN) => new Date(origin + n * 60_000).toISOString();

export const TEXTS = {
  spamhaus: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
  dmarcAtGoogle: '550 5.7.26 The DMARC policy of the sending domain rejects this message: SPF and DKIM both failed. gsmtp',
  rateAtMicrosoft: '421 4.7.0 Too many messages from your server in a short time; slow down and retry later (protection.outlook.com)',
  dmarcAtMicrosoft: '550 5.7.1 Message rejected: the sending domain fails DMARC verification and its policy is reject (outbound.protection.outlook.com)',
  dead: '550 5.1.1 Recipient address rejected: User unknown',
} as const;

export interface MixedBounce {
  recipient: string;
  at: string;
  text: string;
  /** A stable id, so a replay of the mix is a redelivery of the same notifications. */
  id: string;
}

/** One SES bounce notification for one recipient, sent through a configuration set. */
export function incidentBounce(bounce: MixedBounce) {
  const transient = bounce.text.startsWith('4');
  return {
    notificationType: 'Bounce',
    mail: {
      messageId: `mail-${bounce.id}`,
      timestamp: bounce.at,
      source: 'news@sender.example',
      sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/sender.example',
      tags: { 'ses:configuration-set': ['marketing'] },
    },
    bounce: {
      bounceType: transient ? 'Transient' : 'Permanent',
      bounceSubType: 'General',
      feedbackId: `feedback-${bounce.id}`,
      timestamp: bounce.at,
      // The status the text itself gives, as SES reports it.
      bouncedRecipients: [{ emailAddress: bounce.recipient, action: 'failed', status: /\b[245]\.\d\.\d+\b/.exec(bounce.text)?.[0], diagnosticCode: `smtp; ${bounce.text}` }],
    },
  };
}

/**
 * The mix, from `origin` (epoch ms) on, over 93 minutes. Its sender incidents: Spamhaus ZEN (7
 * events, 6 recipients, 4 domains), authfailure at google (5, 5, 1), speeding at microsoft
 * (6, 5, 3); not the 3 DMARC failures at Microsoft (below the threshold) nor the dead addresses.
 */
export function incidentMix(tag = 'mix', origin = ORIGIN): MixedBounce[] {
  const bounces: MixedBounce[] = [];
  const add = (recipient: string, minute: number, text: string) => bounces.push({ recipient, at: minutes(minute, origin), text, id: `${tag}-${bounces.length}` });
  // Spamhaus at four domains: 7 events, 6 recipients (ann bounces twice), 4 domains.
  for (const [i, recipient] of ['ann@example.org', 'bob@example.org', 'cid@example.net', 'dan@example.com', 'eve@example.edu', 'fay@example.edu', 'ann@example.org'].entries()) {
    add(recipient, i * 2, TEXTS.spamhaus);
  }
  // DMARC failures at Google (custom domains it hosts): 5 events in 8 minutes.
  for (let i = 0; i < 5; i++) add(`user${i}@hosted.example`, 30 + i * 2, TEXTS.dmarcAtGoogle);
  // Rate limiting at Microsoft: 6 events, 5 recipients, in 10 minutes.
  for (const [i, recipient] of ['a@hotmail.com', 'b@hotmail.com', 'c@outlook.com', 'd@hotmail.com', 'e@live.com', 'a@hotmail.com'].entries()) {
    add(recipient, 60 + i * 2, TEXTS.rateAtMicrosoft);
  }
  // DMARC failures at Microsoft: 3 events, below the threshold: no incident.
  for (let i = 0; i < 3; i++) add(`user${i}@outlook.com`, 90 + i, TEXTS.dmarcAtMicrosoft);
  // Dead addresses: never an incident.
  for (let i = 0; i < 8; i++) add(`gone${i}@example.org`, 5 + i, TEXTS.dead);
  return bounces;
}
