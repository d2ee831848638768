import type { RuleFamily } from '../types';
import { OTHER_CAUSE } from './guards';

const explanation =
  'The receiver holds back the first message from a sender it has not seen before (greylisting) and accepts it when the sending server tries again after a short wait.';
const remediation =
  'Nothing to fix: SES retries deferred messages by itself and the retry is accepted. Only if the same recipient is greylisted for days should its administrator check their greylisting setup.';

export const greylisting: RuleFamily = {
  name: 'greylisting',
  rules: [
    {
      id: 'greylisting.deferred',
      reason: 'greylisting',
      // Greylisting (Harris 2003; RFC 6647) answers the first attempt of an unknown (client,
      // sender, recipient) triple with a 4xx and accepts a retry after a delay. Postgrey:
      // "Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/...";
      // milter-greylist: "Greylisting in action, please come back later"; sqlgrey, rspamd and
      // Plesk use the same word. Only the word is safe: a bare "try again later" is also
      // every server's wording for overload and rate limits.
      match: {
        phrases: [
          'greylist*',
          'graylist*',
          'grey-list*',
          'gray-list*',
          'grey list*',
          'gray list*',
          'postgrey',
          'sqlgrey',
          'liste grise',
          'listes grises',
          'lista gris',
          'listas grises',
          'grijze lijst',
          '灰名单',
          '灰名單',
          'グレーリスト',
          'グレイリスト',
          'グレーリスティング',
          'グレイリスティング',
        ],
        // A sender-verification probe that was itself greylisted refuses the envelope sender
        // ("Sender address rejected: unverified address: ... Greylisted"): that is the sender's.
        unless: ['sender address rejected', 'unverified address'],
      },
      party: 'nobody',
      action: 'retry',
      explanation,
      remediation,
    },
    {
      id: 'greylisting.policy-deferral',
      reason: 'greylisting',
      // 4.7.1 is "delivery not authorized" for now (RFC 3463): greylisting milters and policy
      // servers (milter-greylist, Yandex's forwarders, vSMTP) send it with nothing but "try again
      // later". Any word naming a cause (a list, a rate, spam, the sender) leaves it to that cause.
      match: {
        phrases: ['try again later', 'please try again', 'try later', 'come back later', 'retry later'],
        status: ['4.7.1'],
        unless: [...OTHER_CAUSE, 'unavailable', 'busy', 'overload*', 'resources', 'excessive', 'volume', 'due to'],
      },
      party: 'nobody',
      action: 'retry',
      explanation:
        'The receiver deferred the message under a temporary policy code (4.7.1) with no cause but "try again later", which is how greylisting servers answer a first attempt.',
      remediation,
    },
  ],
};
