import { PROVIDER_RULES } from './rules/providers';

/**
 * The receiving provider behind a bounce: the mailbox provider or filtering service that answered.
 *
 * Ids are stable short names stored with every event (`stats --by provider`); `amazon` is SES
 * itself (it refused to send), `other` means nothing identified the receiver.
 */
export const PROVIDER_IDS = [
  'google',
  'microsoft',
  'yahoo',
  'apple',
  'comcast',
  'cox',
  'charter',
  'att',
  'verizon',
  'orange',
  'free',
  'laposte',
  'gmx',
  'tonline',
  'mailru',
  'yandex',
  'tencent',
  'netease',
  'naver',
  'zoho',
  'proton',
  'fastmail',
  'rackspace',
  'godaddy',
  'mimecast',
  'proofpoint',
  'barracuda',
  'cisco',
  'trendmicro',
  'symantec',
  'sophos',
  'hornetsecurity',
  'vade',
  'amazon',
  'other',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** What one bounced recipient tells about the receiver; every field may be missing. */
export interface ProviderEvidence {
  /** The receiver's reply as SES reports it (`diagnosticCode`), with or without the `smtp;` prefix. */
  diagnostic?: string | undefined;
  /**
   * The receiving host when known: a DSN's Remote-MTA, or SES's `remoteMtaIp` / `reportingMTA`.
   * An IP address, or SES's own reporting host (`dsn; a8-30.smtp-out.amazonses.com`), identifies nobody.
   */
  remoteMta?: string | undefined;
  /** The recipient address (or a bare domain). */
  recipient?: string | undefined;
}

interface Marker {
  /** Lower-case literal as it appears in replies. */
  text: string;
  provider: ProviderId;
  /** The marker is the start of a longer code (`[tss0` of `[TSS04]`): no boundary is checked after it. */
  prefix?: boolean;
}

const marker = (provider: ProviderId, texts: readonly string[], prefix = false): Marker[] =>
  texts.map((text) => (prefix ? { text, provider, prefix } : { text, provider }));

/**
 * Host names, URLs and codes that only one receiver puts into its replies. Host names are
 * suffixes (`outlook.com` matches `eur.olc.protection.outlook.com`). Sources: the providers'
 * postmaster pages cited in `shared/rules/providers/*.ts`, and their published MX host names
 * (Gmail `*.google.com` and "gsmtp" per https://support.google.com/a/answer/3726730; Microsoft
 * `*.protection.outlook.com` per https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online;
 * Yahoo `*.am0.yahoodns.net` per https://senders.yahooinc.com/outbound-mail-servers/; Fastmail
 * `messagingengine.com`; Rackspace `emailsrvr.com`; GoDaddy `secureserver.net`; Cisco
 * `iphmx.com`; Proofpoint `pphosted.com`; Symantec `messagelabs.com`). The codes of the
 * providers' code tables are added below (`codeMarkers`), so the two never disagree.
 */
const HOST_MARKERS: readonly Marker[] = [
  ...marker('google', ['gsmtp', 'gcdp', 'google.com', 'gmail.com', 'googlemail.com', '1e100.net']),
  ...marker('microsoft', ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'office365.com', 'office.com', 'microsoft.com']),
  ...marker('yahoo', ['yahoo.com', 'yahoodns.net', 'yahoo.net', 'yahooinc.com', 'ymail.com', 'aol.com', 'aol.net', 'verizonmedia.com']),
  ...marker('yahoo', ['[tss0', '[ts0', '[ph0', '[bl2', 'rtr:', 'rly:', 'dyn:t', 'hvu:', 'con:b'], true),
  ...marker('other', ['yahoo.co.jp']),
  ...marker('apple', ['icloud.com', 'me.com', 'mac.com', 'apple.com']),
  ...marker('comcast', ['comcast.net', 'xfinity.com']),
  ...marker('cox', ['cox.net', 'cox.com']),
  ...marker('charter', ['charter.net', 'charter.com', 'spectrum.net', 'spectrum.com', 'rr.com', 'twc.com']),
  ...marker('charter', ['aup#i-', 'aup#in-'], true),
  ...marker('att', ['att.net', 'sbcglobal.net', 'bellsouth.net', 'prodigy.net', 'pacbell.net', 'swbell.net', 'ameritech.net', 'abuse-att.net', 'attrbl', 'dc=bellsouth']),
  ...marker('verizon', ['verizon.net']),
  ...marker('orange', ['orange.fr', 'wanadoo.fr', 'orange.com']),
  ...marker('orange', ['ofr_', 'ofr0'], true),
  ...marker('free', ['free.fr', 'proxad.net']),
  ...marker('laposte', ['laposte.net', 'laposte.fr']),
  ...marker('gmx', ['gmx.net', 'gmx.com', 'gmx.de', 'gmx.at', 'gmx.ch', 'web.de', 'mail.com']),
  ...marker('gmx', ['mxgmx'], true),
  ...marker('tonline', ['t-online.de', 't-online.com']),
  ...marker('mailru', ['mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'corp.mail.ru']),
  ...marker('yandex', ['yandex.ru', 'yandex.net', 'yandex.com', 'yandex-team.ru', 'ya.ru']),
  ...marker('tencent', ['qq.com', 'exmail.qq.com', 'foxmail.com', 'tencent.com']),
  ...marker('netease', ['163.com', '126.com', 'yeah.net', 'netease.com', '163.net']),
  ...marker('naver', ['naver.com', 'navercorp.com']),
  ...marker('zoho', ['zoho.com', 'zoho.eu', 'zoho.in', 'zohomail.com', 'zohomail.eu']),
  ...marker('proton', ['protonmail.ch', 'protonmail.com', 'proton.me', 'pm.me']),
  ...marker('fastmail', ['messagingengine.com', 'fastmail.com', 'fastmail.fm']),
  ...marker('rackspace', ['emailsrvr.com', 'rackspace.com']),
  ...marker('godaddy', ['secureserver.net', 'godaddy.com']),
  ...marker('mimecast', ['mimecast.com', 'mimecast.org', 'mimecast-offshore.com']),
  ...marker('proofpoint', ['pphosted.com', 'ppe-hosted.com', 'proofpoint.com']),
  ...marker('barracuda', ['barracudanetworks.com', 'ess.barracuda.com', 'barracuda.com', 'cuda_nsu']),
  ...marker('cisco', ['iphmx.com', 'ironport.com', 'cisco.com']),
  ...marker('trendmicro', ['trendmicro.com', 'trendmicro.eu', 'tmes.trendmicro.com']),
  ...marker('symantec', ['messagelabs.com', 'symanteccloud.com']),
  ...marker('sophos', ['sophos.com', 'hydra.sophos.com']),
  ...marker('hornetsecurity', ['hornetsecurity.com', 'hornetsecurity.de']),
  // Vade (OX App Suite hosted mail) replies carry OXSUS/OXSEU codes (https://postmaster-oxsus.vadesecure.com/).
  ...marker('vade', ['vadesecure.com', 'vade threat list']),
  // SES's own words when it did not send (https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html);
  // its host names (amazonses.com) appear in receivers' replies about SES, so they name nobody.
  ...marker('amazon', ['amazon ses has suppressed', 'amazon ses did not send', 'suppression list for your account']),
];

/**
 * Every code of the providers' code tables that is one term and needs no status to be read
 * (a `5.7.23` could be part of an IP address, so status-guarded codes stay out): a reply that
 * carries `RESOLVER.ADR.RecipientNotFound` or `AUP#CXBL` names its receiver as surely as a host.
 */
function codeMarkers(): Marker[] {
  return PROVIDER_RULES.flatMap((family) => family.rules).flatMap(({ match, provider }) => {
    if (match.status || !isProviderId(provider)) return [];
    return (match.phrases ?? [])
      .filter((phrase) => !phrase.includes(' ... ') && /^[\x20-\x7e]+$/.test(phrase))
      .map((phrase) => (phrase.endsWith('*') ? { text: phrase.slice(0, -1), provider, prefix: true } : { text: phrase, provider }));
  });
}

const PROVIDER_ID_SET: ReadonlySet<string> = new Set(PROVIDER_IDS);

/** Is `id` one of `PROVIDER_IDS`? */
export function isProviderId(id: string | undefined): id is ProviderId {
  return id !== undefined && PROVIDER_ID_SET.has(id);
}

/** All markers, each text once; where a code table repeats a host marker, the host marker stands. */
function allMarkers(): Marker[] {
  const seen = new Set<string>();
  return [...HOST_MARKERS, ...codeMarkers()].filter(({ text }) => !seen.has(text) && Boolean(seen.add(text)));
}

/**
 * Mailbox domains whose mail a well-known provider hosts. A domain matches itself and its
 * subdomains. Sources: each provider's own sign-up domains (Gmail, Outlook.com, Yahoo, AOL,
 * iCloud, the US cable and telephone ISPs' customer domains, the French, German, Russian,
 * Chinese and Korean webmail services).
 */
const RECIPIENT_DOMAINS: ReadonlyMap<string, ProviderId> = new Map<string, ProviderId>([
  ...domains('google', ['gmail.com', 'googlemail.com']),
  ...domains('yahoo', ['aim.com']),
  // Verizon's and AT&T's mailboxes are served by Yahoo now; a Yahoo host in the reply says so first.
  ...domains('verizon', ['verizon.net']),
  ...domains('other', ['yahoo.co.jp']),
  ...domains('apple', ['icloud.com', 'me.com', 'mac.com']),
  ...domains('comcast', ['comcast.net']),
  ...domains('cox', ['cox.net']),
  ...domains('charter', ['charter.net', 'spectrum.net', 'rr.com', 'twc.com', 'roadrunner.com', 'brighthouse.com']),
  ...domains('att', ['att.net', 'sbcglobal.net', 'bellsouth.net', 'prodigy.net', 'pacbell.net', 'swbell.net', 'ameritech.net', 'flash.net', 'nvbell.net', 'snet.net', 'wans.net', 'currently.com']),
  ...domains('orange', ['orange.fr', 'wanadoo.fr']),
  ...domains('free', ['free.fr']),
  ...domains('laposte', ['laposte.net']),
  ...domains('gmx', ['web.de', 'mail.com']),
  ...domains('tonline', ['t-online.de']),
  ...domains('mailru', ['mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'internet.ru']),
  ...domains('yandex', ['ya.ru']),
  ...domains('tencent', ['qq.com', 'foxmail.com', 'vip.qq.com']),
  ...domains('netease', ['163.com', '126.com', 'yeah.net', '188.com', 'vip.163.com']),
  ...domains('naver', ['naver.com']),
  ...domains('proton', ['proton.me', 'pm.me']),
]);

/**
 * Brands that keep their name under many top-level domains (`hotmail.co.uk`, `yahoo.com.br`,
 * `gmx.at`): the first label decides when the rest is a public suffix of short labels.
 */
const BRAND_LABELS: ReadonlyMap<string, ProviderId> = new Map<string, ProviderId>([
  ...domains('microsoft', ['outlook', 'hotmail', 'live', 'msn', 'windowslive']),
  ...domains('yahoo', ['yahoo', 'ymail', 'rocketmail', 'aol']),
  ...domains('gmx', ['gmx']),
  ...domains('yandex', ['yandex']),
  ...domains('zoho', ['zoho', 'zohomail']),
  ...domains('proton', ['protonmail']),
  ...domains('fastmail', ['fastmail']),
]);

function domains(provider: ProviderId, names: readonly string[]): [string, ProviderId][] {
  return names.map((name) => [name, provider]);
}

/** Rows of the transition table are this many symbols wide, so a state's row is `state << 6`. */
const ROW_BITS = 6;

/**
 * An Aho-Corasick automaton over the markers, ASCII-case-insensitive, built once: one pass over
 * the text finds every marker, which keeps detection to about a microsecond per verdict
 * however many markers there are.
 */
function buildScanner(markers: readonly Marker[]) {
  // Characters that occur in markers get their own symbol; every other character is symbol 0,
  // which no marker contains.
  const symbolOf = new Uint8Array(128);
  let symbols = 1;
  for (const { text } of markers) {
    for (const char of text) {
      const code = char.charCodeAt(0);
      if (code >= 128 || (code >= 65 && code <= 90)) throw new Error(`provider marker "${text}" must be lower-case ASCII`);
      if (symbolOf[code] === 0) symbolOf[code] = symbols++;
    }
  }
  if (symbols > 1 << ROW_BITS) throw new Error('provider markers use too many distinct characters');
  for (let upper = 65; upper <= 90; upper++) symbolOf[upper] = symbolOf[upper + 32]!;

  // The trie, then breadth-first failure links folded into a dense transition table whose
  // entries are row offsets, so scanning needs no multiplication.
  const children: number[][] = [[]];
  const ending: number[] = [-1];
  markers.forEach(({ text }, index) => {
    let state = 0;
    for (const char of text) {
      const symbol = symbolOf[char.charCodeAt(0)]!;
      let child = children[state]![symbol];
      if (child === undefined) {
        child = children.push([]) - 1;
        ending.push(-1);
        children[state]![symbol] = child;
      }
      state = child;
    }
    ending[state] = index;
  });
  const states = children.length;
  const next = new Int32Array(states << ROW_BITS);
  const fail = new Int32Array(states);
  // The nearest state on the failure chain (itself included) where a marker ends, or -1.
  const output = new Int32Array(states).fill(-1);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    output[state] = ending[state]! >= 0 ? state : state === 0 ? -1 : output[fail[state]!]!;
    for (let symbol = 0; symbol < symbols; symbol++) {
      const child = children[state]![symbol];
      if (child === undefined) {
        next[(state << ROW_BITS) + symbol] = state === 0 ? 0 : next[(fail[state]! << ROW_BITS) + symbol]!;
      } else {
        fail[child] = state === 0 ? 0 : next[(fail[state]! << ROW_BITS) + symbol]! >> ROW_BITS;
        next[(state << ROW_BITS) + symbol] = child << ROW_BITS;
        queue.push(child);
      }
    }
  }
  const maxLength = Math.max(...markers.map(({ text }) => text.length));
  return { markers, symbolOf, next, fail, output, ending, maxLength };
}

// Built on the first detection, so modules that only need the ids pay nothing for it.
let scanner: ReturnType<typeof buildScanner> | undefined;

/** Letters and digits: a marker must not continue a longer word (`kaolin`, `acme.com`). */
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code >= 128;
}

/**
 * The provider of the first marker in `text` (the longest one where two start together), or
 * undefined. A domain right after `@` is an address, which names the recipient rather than the
 * host that answered, so it is skipped here.
 */
function scan(text: string): ProviderId | undefined {
  scanner ??= buildScanner(allMarkers());
  const { markers, symbolOf, next, fail, output, ending, maxLength } = scanner;
  let row = 0;
  let bestStart = Infinity;
  let bestLength = 0;
  let best: ProviderId | undefined;
  for (let i = 0; i < text.length; i++) {
    // No marker found from here on can start before the best one.
    if (i - maxLength >= bestStart) break;
    const code = text.charCodeAt(i);
    row = next[row + (code < 128 ? symbolOf[code]! : 0)]!;
    for (let hit = output[row >> ROW_BITS]!; hit > 0; hit = output[fail[hit]!]!) {
      const found = markers[ending[hit]!]!;
      const start = i - found.text.length + 1;
      if (start > bestStart || (start === bestStart && found.text.length <= bestLength)) continue;
      const before = start > 0 ? text.charCodeAt(start - 1) : 32;
      if (isWordChar(before) || before === 64 /* @ */) continue;
      if (!found.prefix && i + 1 < text.length && isWordChar(text.charCodeAt(i + 1))) continue;
      bestStart = start;
      bestLength = found.text.length;
      best = found.provider;
    }
  }
  return best;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The provider hosting `domain`'s mailboxes when it is a well-known mailbox domain. */
function providerOfDomain(domain: string): ProviderId | undefined {
  // Full-width and other compatibility forms (ＧＭＡＩＬ.ＣＯＭ) fold to ASCII; plain ASCII skips the work.
  let name = (NON_ASCII.test(domain) ? domain.normalize('NFKC') : domain).toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  const firstDot = name.indexOf('.');
  if (firstDot <= 0) return undefined;
  for (let at = 0, dot = firstDot; dot > 0; at = dot + 1, dot = name.indexOf('.', at)) {
    const known = RECIPIENT_DOMAINS.get(at === 0 ? name : name.slice(at));
    if (known) return known;
  }
  // A brand label followed only by short labels (a public suffix such as `co.uk`, `com.br`).
  for (let at = 0, dot = firstDot; dot > 0; at = dot + 1, dot = name.indexOf('.', at)) {
    const brand = BRAND_LABELS.get(name.slice(at, dot));
    if (brand && onlyShortLabels(name, dot + 1)) return brand;
  }
  return undefined;
}

/** Are all labels of `name` from `from` on at most three characters long? */
function onlyShortLabels(name: string, from: number): boolean {
  for (let at = from; ; ) {
    const dot = name.indexOf('.', at);
    if ((dot < 0 ? name.length : dot) - at > 3) return false;
    if (dot < 0) return true;
    at = dot + 1;
  }
}

/**
 * The provider that answered for one bounced recipient, from the strongest evidence down:
 *
 * 1. host names, URLs and provider codes in the diagnostic (the first one named wins), which
 *    also finds a custom domain hosted at Google (`gsmtp`) or Microsoft (`protection.outlook.com`);
 * 2. the remote MTA's host name (an IP address or SES's own host names nobody);
 * 3. the recipient domain's well-known provider (`gmail.com`, `hotmail.co.uk`, `aol.com`...).
 *
 * Pure and allocation-light: one automaton pass over the diagnostic and a few map look-ups.
 * Returns `other` when nothing identifies the receiver; never throws.
 */
export function detectProvider({ diagnostic, remoteMta, recipient }: ProviderEvidence): ProviderId {
  const fromText = diagnostic ? scan(diagnostic) : undefined;
  if (fromText) return fromText;
  if (remoteMta) {
    const fromHost = scan(remoteMta);
    if (fromHost) return fromHost;
  }
  if (recipient) {
    const at = recipient.lastIndexOf('@');
    const end = recipient.indexOf('>', at);
    const fromDomain = providerOfDomain(recipient.slice(at + 1, end < 0 ? undefined : end).trim());
    if (fromDomain) return fromDomain;
  }
  return 'other';
}
