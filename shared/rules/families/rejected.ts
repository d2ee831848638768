import type { RuleFamily } from '../types';

const reason = 'rejected';
const party = 'sender';
const action = 'fix-sender-address';

const domainDns =
  'Check that the domain after the @ in your MAIL FROM (return-path) and From addresses exists in public DNS with an MX or A record. On SES, a custom MAIL FROM domain needs its MX record pointing to feedback-smtp.<region>.amazonses.com.';

export const rejected: RuleFamily = {
  name: 'rejected',
  rules: [
    {
      id: 'rejected.sender-domain-unverifiable',
      reason,
      match: {
        text: /sender address rejected: domain not found|cannot verify (?:the existence of )?(?:your|the sender'?s?) domain|(?:unable|could not) (?:to )?verify (?:the )?sender (?:domain|address)|domain of sender address .{0,80}does not exist|sender domain (?:must (?:exist|resolve)|not found|does not exist|unresolvable)/,
      },
      party,
      action,
      explanation: "The receiver looked up the domain of your sending address and could not find it in DNS, so it cannot trust or reply to it.",
      remediation: `You (the sender) must fix the DNS of your sending domain. ${domainDns}`,
    },
    {
      id: 'rejected.invalid-sender-domain',
      reason,
      match: { text: /sending domain (?:is )?(?:not valid|invalid)|invalid sender domain|from: domain is invalid|sender domain (?:is )?(?:not valid|invalid)/ },
      party,
      action,
      explanation: 'The receiver considers the domain you send from invalid (malformed, unregistered or not resolvable).',
      remediation: `Send from a real domain you own and have verified in SES. ${domainDns}`,
    },
    {
      id: 'rejected.sender-address-unknown',
      reason,
      match: {
        text: /sender address rejected: (?:user unknown|not found|mailbox not found|undeliverable|access denied)|(?:sender|from) (?:address |mailbox )?(?:does not exist|not found|unknown)|unknown sender|sender verify failed|sender verification failed|full (?:email )?address you sent from does not exist/,
      },
      party,
      action,
      explanation: 'The domain you send from exists, but the exact sending address does not, and the receiver checks that it can reply to it.',
      remediation:
        'You (the sender) must send from an address that really receives mail: create it as a mailbox, list or alias at your mail host, or switch to an existing address.',
    },
    {
      id: 'rejected.group-posting-denied',
      reason,
      match: {
        // Google Groups words the refusal in the poster's language, but every version links
        // the same help page.
        text: /not a member of (?:this|the) (?:mailing )?list|(?:not have|without) permission to post|permission to post messages|no tienes los permisos necesarios para publicar|nicht die erforderlichen berechtigungen|pas autoris|groups\.google\.com\/support/,
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
        text: /sender address rejected|sender (?:address )?(?:is )?(?:rejected|refused|denied|blocked|not allowed)|envelope sender|not a registered gateway user|access denied \(in reply to mail from|after mail from:.{0,150}does not exist/,
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
