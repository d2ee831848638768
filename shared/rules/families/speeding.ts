import type { RuleFamily } from '../types';

const remediation =
  'Spread sending to this receiver over a longer time: lower your SES sending rate or batch size for this domain, and retry deferred messages later rather than at once.';

/** Words for a mailbox that holds too much, which the rate rules must leave to `mailboxfull`. */
const mailboxState = [
  'mailbox full', 'mailbox is full', 'over quota', 'mailbox quota', 'storage', 'in mailbox', 'in the mailbox', 'in folder', 'has too many messages', 'on the server', 'auf dem server', 'im postfach', 'dans la boîte', 'greylist*', 'graylist*',
];

export const speeding: RuleFamily = {
  name: 'speeding',
  rules: [
    {
      id: 'speeding.recipient-rate',
      reason: 'speeding',
      match: {
        // Gmail 450 4.2.1 "The user you are trying to contact is receiving mail at a rate that
        // prevents additional messages from being delivered" / "receiving mail too quickly"
        // (https://support.google.com/a/answer/3726730); Microsoft 5.2.122 "The recipient has
        // exceeded their limit for the number of messages they can receive per hour"; Comcast
        // "too many recent messages"; Apple "deferred due to excessive volume".
        phrases: [
          'receiving mail at a rate', 'receiving email at a rate', 'receiving mail too quickly', 'receiving email too quickly',
          'receiving ... at a rate that prevents', 'receiving ... too quickly',
          'receiving messages too quickly', 'receiving too much mail', 'receiving too much email', 'receiving too many messages',
          'receiving too many mails', 'receiving too many emails', 'recipient rate limit', 'recipient has exceeded their limit',
          'messages they can receive', 'too many recent messages', 'received too much email', 'received too much mail',
          'too much email in a short', 'too much mail in a short', 'deferred due to excessive volume', 'recipient thread limit',
        ],
        unless: mailboxState,
      },
      party: 'recipient',
      action: 'retry',
      explanation: 'This recipient is getting more mail than their provider lets in per hour, from everyone combined, so further messages are refused for now.',
      remediation: 'Retry later; the limit is on the recipient, not on you. If it repeats for one address, mail it less often.',
    },
    {
      id: 'speeding.sender-rate',
      reason: 'speeding',
      match: {
        // Rate and volume limits on the sender: "rate limit exceeded", "throttled", Gmail
        // "Daily sending quota exceeded", "Daily user sending limit exceeded", Microsoft 5.2.121
        // "The sender has exceeded the limit for the number of messages", QQ "Ip frequency
        // limited", "you send too many messages".
        phrases: [
          'rate limit*', 'rate-limit*', 'ratelimit*', 'too much mail from', 'too much email from', 'messaging limit*', 'sending rate', 'too many messages', 'too many mails', 'too many emails', 'too many e-mails',
          'too many mail', 'send too many', 'sent too many', 'sending too many',
          ...['message', 'mail', 'email'].flatMap((what) => [`${what} rate exceeded`, `${what} rate too high`, `${what} volume exceeded`, `${what} volume too high`]),
          'throttl*', 'unusual rate', 'exceeded the ... messages per', 'exceeded the ... emails per', 'exceeded the ... messages allowed',
          'exceeded the limit for the number of messages', 'sending limit exceeded', 'sending quota exceeded', 'relay limit exceeded',
          'sending limit', 'submission quota', 'sending too fast', 'sending too quickly', 'too fast', 'slow down',
          'messages per hour', 'messages per minute', 'emails per hour', 'ip frequency limited', 'frequency limited',
          'has exceeded permitted limits', 'exceeded permitted limits', 'mail flood', 'flooding',
          // "Message submission rate for this client has exceeded the configured limit" (Postfix
          // anvil's smtpd_client_message_rate_limit, https://www.postfix.org/postconf.5.html).
          'submission rate', 'message rate for this client', 'exceeded the configured limit',
          'messages per second', 'per second limit', 'send rate exceeded', 'hourly send rate',
          // cPanel/Exim outbound protection: "has exceeded the max defers and failures per hour".
          'defers and failures per hour', 'daily message limit', 'hourly message limit', 'message limit exceeded',
          // "Too many messages" in the languages receivers answer in (Orange: "Trop de messages
          // envoyes ... Too many messages").
          'zu viele nachrichten', 'zu viele e-mails', 'zu viele mails', 'trop de messages', 'trop de mails', 'demasiados mensajes', 'demasiados correos',
          'troppi messaggi', 'troppe email', 'muitas mensagens', 'te veel berichten', 'te veel e-mails', 'zbyt wiele wiadomości', 'zbyt dużo wiadomości',
          'слишком много писем', 'слишком много сообщений', 'příliš mnoho zpráv', 'příliš mnoho e-mailů', '发信频率', '发送频率', '频率过高', '送信数が多すぎ', '너무 많은 메일',
        ],
        unless: mailboxState,
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'You sent to this receiver faster than it accepts, so it refused or deferred the excess.',
      remediation,
    },
    {
      id: 'speeding.status',
      reason: 'speeding',
      match: { status: ['4.7.28', '5.7.28'] },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The status code (x.7.28) says the receiver saw a flood of mail from your sending IP.',
      remediation,
    },
  ],
};
