import { describe, expect, it } from 'vitest';
import { diffSuppressions, reconciliationPlans } from '../shared/actions/suppression-diff';
import type { RecipientStatus } from '../shared/store';

function status(address: string, overrides: Partial<RecipientStatus> = {}): RecipientStatus {
  return {
    address,
    domain: address.slice(address.indexOf('@') + 1),
    suppressed: false,
    bounceCount: 1,
    hardBounceCount: 1,
    softBounceCount: 0,
    complaintCount: 0,
    softRun: { count: 0 },
    ...overrides,
  };
}

const suppressed = (address: string, reason: RecipientStatus['suppressedReason']) =>
  status(address, { suppressed: true, suppressedReason: reason, reason: reason === 'soft-bounce-escalation' ? 'mailboxfull' : reason, action: 'suppress' });

describe('diffSuppressions', () => {
  const blocked = status('blocked@example.com', { reason: 'blocked', party: 'sender', action: 'request-delisting' });
  const dead = suppressed('dead@example.com', 'userunknown');
  const complained = suppressed('complained@example.com', 'feedback');
  const escalated = suppressed('full@example.com', 'soft-bounce-escalation');
  const mixedCase = status('bob@example.com', { reason: 'authfailure', party: 'sender' });

  const diff = diffSuppressions({
    ses: [
      { address: 'blocked@example.com', reason: 'BOUNCE' },
      { address: 'dead@example.com', reason: 'BOUNCE' },
      { address: 'stranger@example.com', reason: 'BOUNCE' },
      // SES may spell the address differently from our normalised key.
      { address: 'Bob@EXAMPLE.com', reason: 'BOUNCE' },
    ],
    statuses: new Map([
      [blocked.address, blocked],
      [dead.address, dead],
      [mixedCase.address, mixedCase],
    ]),
    suppressed: [dead, complained, escalated],
  });

  it('finds addresses SES suppresses that our verdicts call sendable, with our reason', () => {
    expect(diff.sesOnly).toEqual([
      { address: 'blocked@example.com', sesReason: 'BOUNCE', ourReason: 'blocked', party: 'sender' },
      { address: 'Bob@EXAMPLE.com', sesReason: 'BOUNCE', ourReason: 'authfailure', party: 'sender' },
    ]);
  });

  it('finds addresses we suppress that SES does not list, complaints as COMPLAINT', () => {
    expect(diff.oursOnly).toEqual([
      { address: 'complained@example.com', ourReason: 'feedback', listReason: 'COMPLAINT' },
      { address: 'full@example.com', ourReason: 'soft-bounce-escalation', listReason: 'BOUNCE' },
    ]);
  });

  it('reports addresses SES lists that we have no record of', () => {
    expect(diff.unknown).toEqual([{ address: 'stranger@example.com', sesReason: 'BOUNCE' }]);
  });

  it('finds nothing when both agree', () => {
    expect(
      diffSuppressions({
        ses: [{ address: dead.address, reason: 'BOUNCE' }],
        statuses: new Map([[dead.address, dead]]),
        suppressed: [dead],
      }),
    ).toEqual({ sesOnly: [], oursOnly: [], unknown: [] });
  });

  it('plans deletes for SES-only and puts for ours-only, and leaves unknown addresses alone', () => {
    expect(reconciliationPlans(diff)).toEqual([
      { address: 'blocked@example.com', plan: { kind: 'delete', why: expect.stringContaining('blocked') } },
      { address: 'Bob@EXAMPLE.com', plan: { kind: 'delete', why: expect.stringContaining('authfailure') } },
      { address: 'complained@example.com', plan: { kind: 'put', reason: 'COMPLAINT', why: expect.stringContaining('feedback') } },
      { address: 'full@example.com', plan: { kind: 'put', reason: 'BOUNCE', why: expect.stringContaining('soft-bounce-escalation') } },
    ]);
  });
});
