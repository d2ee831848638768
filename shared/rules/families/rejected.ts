import type { Phrase, RuleFamily } from '../types';

const reason = 'rejected';
const party = 'sender';
const action = 'fix-sender-address';

const domainDns =
  'Check that the domain after the @ in your MAIL FROM (return-path) and From addresses exists in public DNS with an MX or A record. On SES, a custom MAIL FROM domain needs its MX record pointing to feedback-smtp.<region>.amazonses.com.';

/** Whose list of refused senders a receiver may name: the user's own, or the whole domain's. */
const userListOwners = ["recipient's", 'recipients', 'recipient', "user's", 'users', 'user', 'personal'];
const domainListOwners = ["domain's", 'domain', 'organization', 'organisation'];
const listNames = ['block list', 'blocklist', 'black list', 'blacklist', 'deny list', 'denylist', 'reject list', 'blocked senders', 'blocked sender list'];

/** The sender itself, as opposed to its IP, named as blocked or listed. */
const senderListed: readonly Phrase[] = ['sender address', 'sender domain', 'sender email', 'from address', 'your address', 'email address', 'your domain'].flatMap(
  (who) => ['blacklisted', 'blocklisted', 'black listed', 'is blocked', 'has been blocked', 'is banned', 'on the block list', 'on the blacklist'].map((what) => `${who} ... ${what}`),
);

/**
 * The sender named as listed with no list's name: a receiver's own list of refused senders
 * ("sender is blacklisted", "sender black listed"). Public lists are named (Spamhaus, SpamCop,
 * an RBL zone) and name the IP, so the `blocked` rules that know them come first; the generic
 * `blocked.listed` steps aside for these words.
 */
export const SENDER_ON_OWN_LIST: readonly Phrase[] = ['sender is', 'sender has been', 'sender', 'sender was'].flatMap((who) =>
  ['blacklisted', 'black listed', 'blocklisted', 'block listed', 'denylisted'].map((what) => `${who} ${what}`),
);

export const rejected: RuleFamily = {
  name: 'rejected',
  rules: [
    {
      id: 'rejected.sender-domain-unverifiable',
      reason,
      match: {
        // Postfix reject_unknown_sender_domain "Sender address rejected: Domain not found"
        // (https://www.postfix.org/postconf.5.html), sendmail "Domain of sender address ... does
        // not exist", RFC 7505 section 4.2 ("Sender address has null MX", 5.7.27).
        phrases: [
          'sender address rejected: domain not found', 'cannot verify the existence of your domain', 'cannot verify your domain',
          "cannot verify the sender's domain", 'cannot verify the sender domain', 'unable to verify sender domain',
          'unable to verify the sender domain', 'could not verify sender domain', 'could not verify the sender domain',
          'domain of sender address ... does not exist', 'sender domain must exist', 'sender domain must resolve', 'sender ... domain must exist', 'sender ... domain must resolve',
          'sender domain not found', 'sender domain does not exist', 'sender domain unresolvable', 'unresolvable sender domain',
          'sender domain ... not resolv*', 'sender domain ... no mx', 'sender address has null mx', 'sender domain has null mx',
          'sender domain ... null mx', 'mail from domain ... does not exist', 'envelope sender domain ... does not exist',
          // Coremail "Requested action not taken: no smtp MX only": the sender domain has no MX
          // (https://www.icoremail.vip/support/index.php?cate_id=84).
          'no smtp mx only', 'from:domain must resolve', 'from: domain must resolve', 'from domain must resolve',
          // "This message has been blocked because the return email domain is invalid (failed to
          // obtain DNS record for domain ...)".
          'return email domain is invalid', 'return domain is invalid', 'return-path domain ... invalid',
        ],
      },
      party,
      action,
      explanation: "The receiver looked up the domain of your sending address and could not find it in DNS, so it cannot trust or reply to it.",
      remediation: `You (the sender) must fix the DNS of your sending domain. ${domainDns}`,
    },
    {
      id: 'rejected.user-blocklist',
      reason,
      match: {
        // The recipient personally refuses the sender: "blocklisted at the user level", Rackspace
        // "Sender address rejected: Blocked by this recipient", "registered as spammer (by user's
        // reject list)".
        phrases: [
          'at the user level', 'user level ... list', 'user-level ... list', 'blocked by this recipient', 'blocked by the recipient',
          'blocked by recipient', 'blocked by the user', 'recipient has blocked', 'user has blocked', "doesn't want your mail",
          'does not want your mail', 'does not wish to receive', "doesn't wish to receive",
          ...userListOwners.flatMap((owner) => listNames.map((list) => `${owner} ${list}`)),
        ],
      },
      party: 'recipient',
      action: 'contact-recipient',
      explanation:
        'The recipient personally put your sending address or domain on the block list of their own mailbox; no public blocklist is involved.',
      remediation:
        'Only the recipient can lift it, by removing you from their blocked senders. Respect it: if they blocked you on purpose, stop mailing them.',
    },
    {
      id: 'rejected.recipient-blocklist',
      reason,
      match: {
        // The sender is on a list the recipient's domain keeps: "blocklisted at the domain
        // level", Mimecast "Envelope blocked - User Entry" and "manually Blocked Senders"
        // (https://community.mimecast.com/docs/DOC-1369), Rackspace "Sender address rejected:
        // Blocked by this domain", Coremail "User in blacklist".
        phrases: [
          'at the domain level', 'domain level ... list', 'domain-level ... list', 'envelope blocked', 'blocked senders',
          'blocked sender list', 'blocked by this domain', "isn't on the recipient's list of senders", 'not on the list of allowed senders',
          'user in blacklist', 'black mail address',
          ...domainListOwners.flatMap((owner) => listNames.map((list) => `${owner} ${list}`)),
          ...senderListed,
        ],
      },
      party: 'recipient',
      action: 'contact-recipient',
      explanation:
        "The recipient's domain keeps your sending address or domain on its own list of refused senders; no public blocklist is involved.",
      remediation:
        "Only the recipient side can lift it: ask the recipient to have their mail administrator remove you from the domain's block list, or to safelist you for their own mailbox.",
    },
    {
      id: 'rejected.sender-listed',
      reason,
      // "550 5.1.1 <sender> sender is blacklisted" (https://support.grhosting.cz/kb/a290/email-se-vratil-odesilateli-jako-nedorucitelny.aspx,
      // https://support.forpsi.com/kb/a3302/incoming-emails-limitiation-on-the-mailserver-mxavas_forpsi_com.aspx).
      match: {
        phrases: SENDER_ON_OWN_LIST,
        // A public list or the IP named with it makes it the IP's listing (`blocked`).
        unless: ['sender ip', 'ip address', 'client host', 'rbl', 'dnsbl', 'spamhaus', 'spamcop', 'barracuda', 'using', 'listed at', 'listed in', 'listed on'],
      },
      party: 'recipient',
      action: 'contact-recipient',
      explanation:
        "The receiver keeps your sending address or domain on a list of refused senders of its own; it names no public blocklist, and no public delisting form applies.",
      remediation:
        "Only the recipient side can lift it: ask the recipient to have their mail administrator take your address or domain off their list, or to safelist you.",
    },
    {
      id: 'rejected.invalid-sender-domain',
      reason,
      // smtpf "sender <...> from unknown TLD #129" (http://www.milter.info/smtp/smtpf/reply.html).
      match: {
        phrases: [
          ...['sending domain', 'sender domain'].flatMap((domain) => ['is not valid', 'not valid', 'invalid', 'is invalid'].map((verdict) => `${domain} ${verdict}`)),
          'invalid sender domain', 'from: domain is invalid', 'invalid domain in sender', 'sender ... unknown tld',
        ],
      },
      party,
      action,
      explanation: 'The receiver considers the domain you send from invalid (malformed, unregistered or not resolvable).',
      remediation: `Send from a real domain you own and have verified in SES. ${domainDns}`,
    },
    {
      id: 'rejected.sender-address-unknown',
      reason,
      match: {
        // Postfix reject_unverified_sender, Exim "Sender verify failed", sendmail and the like.
        phrases: [
          'sender address rejected: user unknown', 'sender address rejected: not found', 'sender address rejected: mailbox not found',
          'sender address rejected: undeliverable', 'sender address rejected: access denied', 'sender address rejected: unverified',
          ...['sender', 'sender address', 'sender mailbox', 'from address', 'sending address'].flatMap((who) =>
            ['does not exist', 'not found', 'unknown'].map((what) => `${who} ${what}`),
          ),
          'unknown sender', 'sender verify failed', 'sender verification failed', 'sender address verification failed',
          'verify mailfrom failed', 'mailfrom verif* fail*', 'mail from verif* fail*',
          // Exim's sender callout: "Callback setup failed while verifying <a@b>" (result of an earlier callout reused).
          'callback setup failed', 'callback verification failed', 'earlier callout',
          // SES's own refusal when a sending identity is not verified in the region
          // (https://docs.aws.amazon.com/ses/latest/dg/verify-addresses-and-domains.html):
          // "Email address is not verified. The following identities failed the check".
          'identities failed the check', 'email address is not verified',
          // The sender does not match the authenticated user ("Username a@b and sender doesn't match").
          "sender doesn't match", 'sender does not match',
          'could not verify sender', 'unable to verify sender', 'sender callout', 'callout verification fail*',
          'full address you sent from does not exist', 'full email address you sent from does not exist',
          'sender address ... not a valid', 'invalid sender', 'fake sender', 'bogus sender', 'bad sender', 'bad outbound sender',
        ],
      },
      party,
      action,
      explanation: 'The receiver refused the sending address itself: it does not exist, cannot be verified, or is not a valid address.',
      remediation:
        'You (the sender) must send from an address that really receives mail: create it as a mailbox, list or alias at your mail host, or switch to an existing address.',
    },
    {
      id: 'rejected.group-posting-denied',
      reason,
      match: {
        // Google Groups words the refusal in the poster's language, but every version links
        // the same help page.
        phrases: [
          'not a member of this list', 'not a member of the list', 'not a member of this mailing list', 'not a member of the mailing list',
          'not have permission to post', 'without permission to post', 'permission to post messages',
          'no tienes los permisos necesarios para publicar', 'nicht die erforderlichen berechtigungen', 'pas autoris*',
          'groups.google.com/support',
        ],
      },
      party,
      action,
      explanation: 'The recipient is a mailing list or group that accepts posts only from its members or approved senders.',
      remediation:
        "Ask the group's owner to allow your sending address (or to moderate instead of rejecting), or send from an address that is a member.",
    },
    {
      id: 'rejected.sender-refused',
      reason,
      match: {
        phrases: [
          ...['sender', 'sender address', 'sender is', 'sender address is', 'sender has been', 'envelope sender', 'null sender is', 'empty sender is'].flatMap(
            (who) => ['rejected', 'refused', 'denied', 'blocked', 'banned', 'not allowed', 'not accepted', 'not permitted'].map((what) => `${who} ${what}`),
          ),
          'envelope sender', 'envelope from ... rejected', 'no access for this domain', 'return-path ... rejected', 'banned sender', 'not a registered gateway user',
          'access denied (in reply to mail from', 'after mail from: ... does not exist',
          'empty envelope sender', 'null sender', 'mail from < ... rejected', 'mail from < ... refused', 'domain ... is banned',
          'domain ... has been banned', 'denies the sender', 'sender is unvalidated', 'sender < ... listed', 'sender < ... blacklisted', 'sender < ... blocked',
        ],
        // "Sender IP address rejected" is about the IP (`blocked`); "sender OK, recipient
        // rejected" is about the recipient.
        unless: ['sender ip', 'recipient address rejected'],
      },
      party,
      action,
      explanation: 'The receiver refused the envelope sender (MAIL FROM) address or its domain.',
      remediation: `You (the sender) must check the return-path address SES uses. ${domainDns} If the address is valid, ask the recipient's administrator why it is refused.`,
    },
    {
      id: 'rejected.status',
      reason,
      match: { status: ['5.1.7', '5.1.8', '4.1.7', '4.1.8', '5.7.27', '4.7.27'] },
      party,
      action,
      explanation: 'The status code says the sender address is invalid or its domain cannot receive mail (x.1.7, x.1.8, or x.7.27 for a null MX).',
      remediation: `You (the sender) must send from an address whose domain accepts mail. ${domainDns}`,
    },
  ],
};
