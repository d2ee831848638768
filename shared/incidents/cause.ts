import type { ProviderId } from '../providers';
import { type Reason, SENDER_FAULT_REASONS } from '../reasons';
import type { Blocklist, Verdict } from '../verdict';

/**
 * What one sender incident is about: the blocklist when the receiver named one (Spamhaus ZEN
 * at every receiver is one incident), otherwise the reason at one receiving provider ("DMARC
 * failures at google").
 */
export interface Cause {
  /** Stable key: `blocklist:<name slug>` or `<reason>@<provider>`. */
  key: string;
  reason: Reason;
  blocklist?: Blocklist;
  /** Absent for a blocklist: the listing is the sender's wherever the refusal came from. */
  provider?: ProviderId;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The cause of a sender-side verdict, or undefined for everything else (dead addresses, full
 * mailboxes, network trouble, complaints): only the sender can fix an incident's cause. A
 * named blocklist makes any verdict sender-side: it lists the sending IP or domain.
 */
export function causeOf(verdict: Pick<Verdict, 'reason' | 'blocklist' | 'provider'>): Cause | undefined {
  const { reason, blocklist } = verdict;
  if (blocklist) return { key: `blocklist:${slug(blocklist.name)}`, reason, blocklist };
  if (!SENDER_FAULT_REASONS.has(reason)) return undefined;
  const provider = verdict.provider ?? 'other';
  return { key: `${reason}@${provider}`, reason, provider };
}

const IPV4 = String.raw`(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}`;
const IPV6 = String.raw`[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}`;
/**
 * Receivers name the connecting (sending) IP after words like "client host", "IP", "from" or
 * "sender", often in brackets: `Client host [192.0.2.1] blocked`, `from IP 192.0.2.1`,
 * `your IP (192.0.2.1)`. Any other address in the text (the receiver's own MX, a resolver) is
 * not taken.
 */
const SENDING_IP = new RegExp(
  String.raw`\b(?:client(?:\s+host)?|ip(?:\s+address)?|sender|source|connecting|from)\b[\s:=]*[[(]?(${IPV4}|${IPV6})\b`,
  'i',
);

/** The sending IP a diagnostic names, or undefined. */
export function sendingIpOf(diagnostic: string | undefined): string | undefined {
  if (!diagnostic) return undefined;
  return SENDING_IP.exec(diagnostic)?.[1]?.toLowerCase();
}

/** Who sent the message, as SES reports it on `mail`. */
export interface SendingIdentity {
  /** `mail.source`, the envelope sender. */
  source?: string;
  /** `mail.sourceArn`, the SES identity. */
  identity?: string;
  /** The `ses:configuration-set` tag. */
  configurationSet?: string;
}

/** The sending identity of a notification's `mail` object. */
export function sendingIdentityOf(mail: { source?: string | undefined; sourceArn?: string | undefined; tags?: Record<string, string[]> | undefined }): SendingIdentity {
  const configurationSet = mail.tags?.['ses:configuration-set']?.[0];
  return {
    ...(mail.source && { source: mail.source }),
    ...(mail.sourceArn && { identity: mail.sourceArn }),
    ...(configurationSet && { configurationSet }),
  };
}
