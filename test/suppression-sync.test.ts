import {
  BadRequestException,
  DeleteSuppressedDestinationCommand,
  ListSuppressedDestinationsCommand,
  NotFoundException,
  PutSuppressedDestinationCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../shared/actions/rate-limit';
import {
  SuppressionSyncError,
  createSuppressionSync,
  planSuppressionChange,
} from '../shared/actions/suppression-sync';
import { blockedVerdict, fakeSes, recordingBackoff, verdict } from './helpers/action-fakes';

const ON = { unsuppressSenderFaults: true };
const OFF = { unsuppressSenderFaults: false };
const AT = new Date('2025-03-02T00:00:00.000Z');
const unlimited = { take: async () => undefined };

const throttled = () => new TooManyRequestsException({ message: 'Too many requests', $metadata: {} });

describe('planSuppressionChange', () => {
  it('puts a suppressed bounce on the list as BOUNCE', () => {
    expect(planSuppressionChange(verdict(), OFF)).toMatchObject({ kind: 'put', reason: 'BOUNCE' });
  });

  it('puts a complaint on the list as COMPLAINT', () => {
    const complaint = verdict({ notificationType: 'Complaint', reason: 'feedback', bounceType: undefined });
    expect(planSuppressionChange(complaint, OFF)).toMatchObject({ kind: 'put', reason: 'COMPLAINT' });
  });

  it('leaves a recipient-side bounce that does not suppress alone', () => {
    const full = verdict({ reason: 'mailboxfull', suppress: false, permanence: 'transient', bounceType: 'Transient' });
    expect(planSuppressionChange(full, ON)).toMatchObject({ kind: 'none' });
  });

  it('takes a sender fault off the list SES put it on for a Permanent bounce', () => {
    expect(planSuppressionChange(blockedVerdict(), ON)).toMatchObject({ kind: 'delete' });
  });

  it('takes a sender fault off the list when SES refused to send for it', () => {
    const skipped = blockedVerdict({ bounceType: undefined, bounceSubType: 'OnAccountSuppressionList' });
    expect(planSuppressionChange(skipped, ON)).toMatchObject({ kind: 'delete' });
  });

  it('leaves a sender fault listed while unsuppressSenderFaults is off', () => {
    const plan = planSuppressionChange(blockedVerdict(), OFF);
    expect(plan).toMatchObject({ kind: 'none' });
    expect(plan.why).toContain('unsuppressSenderFaults is off');
  });

  it('does nothing for a sender fault on a transient bounce, which SES never lists', () => {
    expect(planSuppressionChange(blockedVerdict({ bounceType: 'Transient' }), ON)).toMatchObject({ kind: 'none' });
  });

  it.each([
    ['message party', { reason: 'mesgtoobig', party: 'message' }],
    ['sender reason with an infrastructure party', { reason: 'requireptr', party: 'infrastructure' }],
    ['sender reason with a recipient party', { reason: 'speeding', party: 'recipient' }],
  ] as const)('counts a %s as a sender fault', (_name, overrides) => {
    expect(planSuppressionChange(blockedVerdict(overrides), ON)).toMatchObject({ kind: 'delete' });
  });

  it('never deletes an address our verdict suppresses, whoever else is at fault', () => {
    expect(planSuppressionChange(blockedVerdict({ suppress: true }), ON)).toMatchObject({ kind: 'put' });
  });
});

describe('createSuppressionSync', () => {
  const create = (ses: ReturnType<typeof fakeSes>, options: Partial<Parameters<typeof createSuppressionSync>[0]> = {}) =>
    createSuppressionSync({ sesv2: ses.api, unsuppressSenderFaults: true, limiter: unlimited, now: () => AT, ...options });

  it('puts a suppressed address and says why', async () => {
    const ses = fakeSes();
    const outcome = await create(ses).syncVerdict(verdict());
    expect(ses.commands).toHaveLength(1);
    expect(ses.commands[0]).toBeInstanceOf(PutSuppressedDestinationCommand);
    expect(ses.commands[0]?.input).toEqual({ EmailAddress: 'ann@example.com', Reason: 'BOUNCE' });
    expect(outcome).toEqual({
      recipient: 'ann@example.com',
      action: 'put',
      reason: 'BOUNCE',
      why: expect.stringContaining('userunknown'),
      at: AT.toISOString(),
    });
  });

  it('deletes a sender-fault address', async () => {
    const ses = fakeSes();
    const outcome = await create(ses).syncVerdict(blockedVerdict());
    expect(ses.commands[0]).toBeInstanceOf(DeleteSuppressedDestinationCommand);
    expect(ses.commands[0]?.input).toEqual({ EmailAddress: 'ann@example.com' });
    expect(outcome).toMatchObject({ action: 'delete', why: expect.stringContaining('blocked') });
  });

  it('leaves a sender-fault address listed when our status table suppresses it (a late verdict)', async () => {
    const ses = fakeSes();
    const asked: string[] = [];
    const isSuppressedByUs = async (address: string) => (asked.push(address), true);
    const outcome = await create(ses, { isSuppressedByUs }).syncVerdict(blockedVerdict());
    expect(asked).toEqual(['ann@example.com']);
    expect(ses.commands).toHaveLength(0);
    expect(outcome).toMatchObject({ action: 'none', why: expect.stringContaining('our status table suppresses it') });
  });

  it('calls nothing when there is nothing to do', async () => {
    const ses = fakeSes();
    const outcome = await create(ses, { unsuppressSenderFaults: false }).syncVerdict(blockedVerdict());
    expect(ses.commands).toHaveLength(0);
    expect(outcome).toMatchObject({ action: 'none', at: AT.toISOString() });
  });

  it('treats deleting an absent address as done', async () => {
    const ses = fakeSes(() => {
      throw new NotFoundException({ message: 'not on the list', $metadata: {} });
    });
    const outcome = await create(ses).syncVerdict(blockedVerdict());
    expect(ses.commands).toHaveLength(1);
    expect(outcome).toMatchObject({ action: 'delete', why: expect.stringContaining('had not listed it') });
  });

  it('backs off on throttling and then succeeds', async () => {
    const ses = fakeSes((_command, call) => {
      if (call <= 2) throw throttled();
      return {};
    });
    const backoff = recordingBackoff();
    const outcome = await create(ses, { backoff }).syncVerdict(verdict());
    expect(outcome.action).toBe('put');
    expect(ses.commands).toHaveLength(3);
    // Full jitter with random() pinned to 1: the exponential cap itself, 200 ms then 400 ms.
    expect(backoff.delays).toEqual([200, 400]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const ses = fakeSes((_command, call) => {
      if (call <= 4) throw throttled();
      return {};
    });
    const backoff = recordingBackoff();
    await create(ses, { backoff: { ...backoff, maxDelayMs: 500 } }).syncVerdict(verdict());
    expect(backoff.delays).toEqual([200, 400, 500, 500]);
  });

  it('gives up after the retries with a typed error', async () => {
    const ses = fakeSes(() => {
      throw throttled();
    });
    const error = await create(ses, { retries: 2, backoff: recordingBackoff() })
      .syncVerdict(verdict())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SuppressionSyncError);
    expect(error).toMatchObject({ recipient: 'ann@example.com', attempts: 3 });
    expect((error as SuppressionSyncError).cause).toBeInstanceOf(TooManyRequestsException);
    expect(ses.commands).toHaveLength(3);
  });

  it('does not retry an error that will not pass', async () => {
    const ses = fakeSes(() => {
      throw new BadRequestException({ message: 'bad address', $metadata: {} });
    });
    await expect(create(ses, { backoff: recordingBackoff() }).syncVerdict(verdict())).rejects.toMatchObject({
      name: 'SuppressionSyncError',
      attempts: 1,
    });
    expect(ses.commands).toHaveLength(1);
  });

  it('takes a token for every attempt, retries included', async () => {
    let taken = 0;
    const ses = fakeSes((_command, call) => {
      if (call === 1) throw throttled();
      return {};
    });
    await create(ses, { limiter: { take: async () => void (taken += 1) }, backoff: recordingBackoff() }).syncVerdict(verdict());
    expect(taken).toBe(2);
  });

  it('lists every page of the SES suppression list', async () => {
    const updated = new Date('2025-01-01T00:00:00.000Z');
    const ses = fakeSes((command) => {
      if (!(command instanceof ListSuppressedDestinationsCommand)) throw new Error('unexpected command');
      return command.input.NextToken === undefined
        ? { SuppressedDestinationSummaries: [{ EmailAddress: 'a@example.com', Reason: 'BOUNCE', LastUpdateTime: updated }], NextToken: 'page-2' }
        : { SuppressedDestinationSummaries: [{ EmailAddress: 'b@example.com', Reason: 'COMPLAINT', LastUpdateTime: updated }] };
    });
    const listed = [];
    for await (const entry of create(ses).list()) listed.push(entry);
    expect(listed).toEqual([
      { address: 'a@example.com', reason: 'BOUNCE', lastUpdated: updated.toISOString() },
      { address: 'b@example.com', reason: 'COMPLAINT', lastUpdated: updated.toISOString() },
    ]);
    expect(ses.commands.map((command) => command.input)).toEqual([
      { PageSize: 1000, NextToken: undefined },
      { PageSize: 1000, NextToken: 'page-2' },
    ]);
  });
});

describe('createTokenBucket', () => {
  /** A clock that only moves when the bucket sleeps, so waits are exact. */
  function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    return {
      sleeps,
      now: () => now,
      advance: (ms: number) => void (now += ms),
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
  }

  it('spaces concurrent callers one interval apart, in arrival order', async () => {
    // Time stands still: all three arrive at once, and each must wait off the debt before it.
    const sleeps: number[] = [];
    const bucket = createTokenBucket({ ratePerSecond: 1, now: () => 0, sleep: async (ms) => void sleeps.push(ms) });
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('lets a caller through at once after an idle interval, but no burst beyond it', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 1, now: clock.now, sleep: clock.sleep });
    await bucket.take();
    clock.advance(5000);
    await bucket.take();
    await bucket.take();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('follows the configured rate', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 4, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 4; i += 1) await bucket.take();
    expect(clock.sleeps).toEqual([250, 250, 250]);
  });
});
