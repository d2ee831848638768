import type { RuleFamily } from '../types';
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
import { tencent } from './tencent';
import { verizon } from './verizon';
import { yahoo } from './yahoo';

/**
 * Providers' documented reply codes, one family per provider, tried before the general
 * families: a code the provider documents decides the reason and carries its page. Within a
 * family, sender-side codes come before dead-address ones. Filtering services come first,
 * because their wording is what a gateway in front of any mailbox provider answers with.
 */
export const PROVIDER_RULES: readonly RuleFamily[] = [
  mimecast,
  proofpoint,
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
  tencent,
  netease,
  naver,
  godaddy,
];
