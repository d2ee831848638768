import type { RuleFamily } from '../types';

const reduce =
  'Most receivers allow only a handful of simultaneous connections per sending IP; some (Rackspace, for one) allow five. SES manages its own connections; if you relay through your own server, cap concurrent connections to this receiver at five or fewer and let the deferred mail retry.';

export const toomanyconn: RuleFamily = {
  name: 'toomanyconn',
  rules: [
    {
      id: 'toomanyconn.concurrent-connections',
      reason: 'toomanyconn',
      match: {
        // Exim smtp_accept_max_per_host "Too many concurrent SMTP connections from this IP
        // address" (https://www.exim.org/exim-html-current/doc/html/spec_html/ch-main_configuration.html),
        // Postfix anvil "Too many connections from", Comcast "Too many sessions opened",
        // Microsoft 4.3.2 "maximum number of concurrent connections ... exceeded a limit".
        phrases: [
          'too many ... connections', 'too many ... sessions', 'concurrent connections', 'simultaneous connections',
          'parallel connections', 'concurrent smtp', 'concurrent sessions', 'simultaneous sessions',
          'connection count exceeded', 'connection limit exceeded', 'connection count reached', 'connection limit reached',
          'connection limit', 'maximum number of connections', 'maximum number of concurrent', 'max connections',
          'number of sessions exceeds', 'session limit', 'concurrency limit',
          // "Too many connections" in the languages receivers answer in (Orange's own reply is
          // bilingual: "Trop de connexions ... Too many connections", OFR005).
          'zu viele verbindungen', 'trop de connexions', 'demasiadas conexiones', 'troppe connessioni', 'muitas conexões', 'muitas conexoes',
          'te veel verbindingen', 'zbyt wiele połączeń', 'zbyt dużo połączeń', 'слишком много соединений', 'слишком много подключений',
          'příliš mnoho spojení', 'příliš mnoho připojení', '连接数过多', '并发连接数', '接続数が多すぎ', '同時接続数', '연결이 너무 많', '동시 접속',
        ],
        // A limit of recipients or messages per connection is about one session's size
        // (Momentum "recipients per connection limit reached"), not the number of connections.
        unless: ['recipients per connection', 'recipients per session', 'messages per connection', 'messages per session'],
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The sending server held more connections open to this receiver at once than it permits.',
      remediation: reduce,
    },
    {
      id: 'toomanyconn.frequency-limited',
      reason: 'toomanyconn',
      match: {
        // QQ Mail "Connection frequency limited" (https://service.mail.qq.com/detail/122/171) and
        // connection-rate limits such as Postfix's smtpd_client_connection_rate_limit.
        phrases: [
          'connection frequency limited', 'connection frequency', 'too many connections from', 'too many connection attempts',
          'connection rate limit*', 'connection rate exceeded', 'connecting too fast', 'connections too fast', 'connecting too often',
        ],
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The receiver limits how often one IP may connect, and the sending IP went over that limit.',
      remediation: `Slow down sending to this receiver and retry later. ${reduce}`,
    },
  ],
};
