import type { RuleFamily } from '../types';
import { SENDER_ADDRESS } from './guards';

const explanation = 'The recipient domain does not exist, or DNS has no mail server for it.';
const remediation =
  'Stop mailing this address and check the domain for typos (gmial.com, hotmal.com). If the domain is right, its owner must publish MX records before it can receive mail.';

/**
 * What servers say when the recipient's domain does not exist: RFC 3463 x.1.2 "Bad destination
 * system address"; Sendmail "Host unknown (Name server: ...: host not found)"; qmail "Sorry, I
 * couldn't find any host named ... (#5.1.2)"; Gmail "We weren't able to find the recipient
 * domain" (5.1.2) and "DNS Error: ... Domain name not found"; Microsoft
 * "SMTPSEND.DNS.NonExistentDomain; nonexistent domain".
 */
export const UNKNOWN_DOMAIN = [
  'host unknown',
  'unknown host',
  'no such domain',
  'no such host',
  'domain does not exist',
  "domain doesn't exist",
  'domain ... does not exist',
  'domain name does not exist',
  'domain not found',
  'domain name not found',
  'domain ... not found',
  'host not found',
  'host name not found',
  "couldn't find any host",
  'could not find any host',
  'find the recipient domain',
  'illegal host',
  'dns lookup failure',
  'domain may not exist',
  'domain ... does not resolve',
  'unknown domain',
  'unknown mail domain',
  'domain is unknown',
  'nonexistent domain',
  'non-existent domain',
  'nonexistentdomain',
  'nxdomain',
  'bad destination system address',
  'no route found to domain',
  'could not be found in domain name service',
  'could not be found in dns',
  // A DNS answer with no records of the type asked (NODATA): Aliyun "526 No data by dns resolve".
  'no data by dns',
];

/**
 * The domain that failed is the sender's or the sending host's: "Sender address rejected:
 * Domain not found", "Helo command rejected: Host not found", sender verification.
 */
export const NOT_THE_RECIPIENTS = [...SENDER_ADDRESS, 'helo', 'ehlo', 'client host', 'your host', 'hostname of your', 'reverse', 'ptr'];

export const hostunknown: RuleFamily = {
  name: 'hostunknown',
  rules: [
    {
      id: 'hostunknown.no-mx-host',
      reason: 'hostunknown',
      // Postfix "Host or domain name not found. Name service error ... type=MX"; Exim "all
      // relevant MX records point to non-existent hosts".
      match: {
        phrases: [
          'host or domain name not found',
          'mx host not found',
          'no mx host found',
          'no mx server found',
          'mx records point to non-existent hosts',
          'mx records point to nonexistent hosts',
          'no mx records',
          'no mx or a record*',
        ],
        unless: NOT_THE_RECIPIENTS,
      },
      party: 'recipient',
      action: 'suppress',
      explanation: 'DNS has no mail server (MX record) for the recipient domain, so there is nowhere to deliver to.',
      remediation:
        'This message will not be delivered. Check the domain for typos; if it is correct, the recipient must have MX records created at their DNS host before they can receive mail.',
    },
    {
      id: 'hostunknown.unrouteable',
      reason: 'hostunknown',
      // Exim's "Unrouteable address"; Exim also says it when verifying a *sender*.
      match: { phrases: ['unroutable', 'unrouteable', 'unable to route'], unless: [...NOT_THE_RECIPIENTS, 'verification failed'] },
      party: 'recipient',
      action: 'suppress',
      explanation:
        "The receiver found no route for the address: either the address does not exist or the recipient domain's DNS is broken.",
      remediation:
        "Check the address for misspellings and resend only if you find one. If it is correct, the recipient's administrator must fix the domain's DNS so mail can be routed to it.",
    },
    {
      id: 'hostunknown.no-such-domain',
      reason: 'hostunknown',
      match: {
        phrases: UNKNOWN_DOMAIN,
        unless: [...NOT_THE_RECIPIENTS, 'try again'],
      },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'hostunknown.in-other-languages',
      reason: 'hostunknown',
      match: {
        phrases: [
          // German
          'domain ... existiert nicht',
          'domain nicht gefunden',
          'unbekannte domain',
          'host nicht gefunden',
          'unbekannter host',
          // French
          'domaine inconnu',
          'domaine introuvable',
          "domaine ... n'existe pas",
          'hôte inconnu',
          'hote inconnu',
          // Spanish
          'dominio desconocido',
          'dominio inexistente',
          'dominio ... no existe',
          'dominio no encontrado',
          // Portuguese
          'domínio desconhecido',
          'dominio desconhecido',
          'domínio inexistente',
          'domínio ... não existe',
          'dominio ... nao existe',
          'domínio não encontrado',
          // Italian
          'dominio sconosciuto',
          'dominio ... non esiste',
          'dominio non trovato',
          // Dutch
          'domein bestaat niet',
          'domein ... bestaat niet',
          'onbekend domein',
          'domein niet gevonden',
          // Polish
          'domena ... nie istnieje',
          'nieznana domena',
          'nie znaleziono domeny',
          // Russian
          'домен ... не существует',
          'домен не найден',
          'неизвестный домен',
          'несуществующий домен',
          // Japanese
          'ドメインが見つかりません',
          'ドメインが存在しません',
          'ドメインは存在しません',
          'ホストが見つかりません',
          // Chinese
          '域名不存在',
          '網域不存在',
          '网域不存在',
          '找不到域名',
          // Korean
          '존재하지 않는 도메인*',
          '도메인을 찾을 수 없*',
          '도메인이 존재하지 않*',
        ],
        unless: NOT_THE_RECIPIENTS,
      },
      party: 'recipient',
      action: 'suppress',
      explanation: "The receiving side says, in its own language, that the recipient's domain does not exist.",
      remediation,
    },
    {
      id: 'hostunknown.status',
      reason: 'hostunknown',
      match: { status: ['5.1.2', '4.1.2', '5.4.4'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'The status code says the recipient domain could not be resolved (x.1.2 bad destination system address, x.4.4 unable to route).',
      remediation,
    },
  ],
};
