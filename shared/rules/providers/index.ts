import { ADDRESS_DEAD_REASONS } from '../../reasons';
import type { BounceRule, RuleFamily } from '../types';
import { apple } from './apple';
import { att } from './att';
import { charter } from './charter';
import { comcast } from './comcast';
import { cox } from './cox';
import { gmx } from './gmx';
import { godaddy } from './godaddy';
import { google } from './google';
import { microsoft } from './microsoft';
import { mimecast } from './mimecast';
import { naver } from './naver';
import { netease } from './netease';
import { orange } from './orange';
import { proofpoint } from './proofpoint';
import { rackspace } from './rackspace';
import { tencent } from './tencent';
import { tonline } from './tonline';
import { trendmicro } from './trendmicro';
import { vade } from './vade';
import { verizon } from './verizon';
import { yahoo } from './yahoo';

/** The providers' code tables, filtering services first: a gateway answers in its own words in front of any mailbox provider. */
const TABLES: readonly RuleFamily[] = [
  mimecast,
  proofpoint,
  trendmicro,
  vade,
  rackspace,
  microsoft,
  google,
  yahoo,
  apple,
  comcast,
  cox,
  charter,
  att,
  verizon,
  orange,
  gmx,
  tonline,
  tencent,
  netease,
  naver,
  godaddy,
];

const saysAddressDead = (rule: BounceRule) => ADDRESS_DEAD_REASONS.has(rule.reason);

/**
 * Providers' documented reply codes, tried before the general families: a code the provider
 * documents decides the reason and carries its page. Every table's dead-address codes are
 * held back until all tables' other codes were tried, so a reply that also carries any
 * provider's sender-side or mailbox-state code is never read as a dead address.
 */
export const PROVIDER_RULES: readonly RuleFamily[] = [
  ...TABLES.map(({ name, rules }) => ({ name, rules: rules.filter((rule) => !saysAddressDead(rule)) })),
  ...TABLES.map(({ name, rules }) => ({ name, rules: rules.filter(saysAddressDead) })),
].filter(({ rules }) => rules.length > 0);
