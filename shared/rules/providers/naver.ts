import { codeTable } from './table';

// Naver refuses senders whose IP is not registered with it and names its registration page,
// http://realip.naver.com ("Your IP(...) is filtered ... You must register your IP to http://realip.naver.com").
const NAVER_REALIP = 'http://realip.naver.com';

export const naver = codeTable('naver', NAVER_REALIP, [
  {
    name: 'unregistered-ip',
    reason: 'blocked',
    codes: ['realip.naver.com'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Naver filters mail from sending IPs that are not registered with its Real IP service.',
    remediation: 'Register the sending IP at http://realip.naver.com (with SES shared IPs, ask AWS Support which IPs to register or use dedicated IPs).',
    blocklist: { name: 'Naver Real IP', delistUrl: NAVER_REALIP },
  },
]);
