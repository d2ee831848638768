import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { VerdictPublishError, createVerdictPublisher } from '../shared/actions/verdict-events';
import { acceptAllEvents, fakeEventBridge, recordingBackoff, verdict } from './helpers/action-fakes';

const BUS = 'verdicts';
const MAX_BYTES = 256 * 1024;

const verdicts = (count: number) =>
  Array.from({ length: count }, (_, index) => verdict({ recipient: `r${index}@example.com`, feedbackId: `feedback-${index}` }));

/** EventBridge's size of an entry: Source, DetailType and Detail in UTF-8, 14 bytes for Time. */
const entryBytes = (entry: PutEventsRequestEntry) =>
  Buffer.byteLength(entry.Source ?? '') + Buffer.byteLength(entry.DetailType ?? '') + Buffer.byteLength(entry.Detail ?? '') + (entry.Time ? 14 : 0);

describe('createVerdictPublisher', () => {
  it('sends 25 verdicts in 3 PutEvents calls of at most 10 entries', async () => {
    const eventBridge = fakeEventBridge(acceptAllEvents);
    await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS }).publish(verdicts(25));
    expect(eventBridge.commands.map((command) => command.input.Entries?.length)).toEqual([10, 10, 5]);
  });

  it('sends each verdict as a Bounce Verdict event with the verdict as detail', async () => {
    const eventBridge = fakeEventBridge(acceptAllEvents);
    const sent = verdict();
    await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS, source: 'ses-bounce-pipeline' }).publish([sent]);
    const entry = eventBridge.commands[0]?.input.Entries?.[0];
    expect(entry).toMatchObject({ EventBusName: BUS, Source: 'ses-bounce-pipeline', DetailType: 'Bounce Verdict' });
    expect(entry?.Time).toEqual(new Date(sent.timestamp));
    expect(JSON.parse(entry?.Detail ?? '')).toEqual(sent);
  });

  it('sends nothing for no verdicts', async () => {
    const eventBridge = fakeEventBridge(acceptAllEvents);
    await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS }).publish([]);
    expect(eventBridge.commands).toHaveLength(0);
  });

  it('retries only the entries EventBridge refused, with backoff', async () => {
    const eventBridge = fakeEventBridge((command, call) => {
      if (call > 1) return acceptAllEvents(command);
      const refused = new Set([1, 3]);
      return {
        FailedEntryCount: refused.size,
        Entries: (command.input.Entries ?? []).map((_, index) =>
          refused.has(index) ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `event-${index}` },
        ),
      };
    });
    const backoff = recordingBackoff();
    await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS, backoff }).publish(verdicts(5));
    expect(eventBridge.commands).toHaveLength(2);
    const retried = eventBridge.commands[1]?.input.Entries?.map((entry) => JSON.parse(entry.Detail ?? '').recipient);
    expect(retried).toEqual(['r1@example.com', 'r3@example.com']);
    expect(backoff.delays).toEqual([200]);
  });

  it('throws a typed error naming the entries still refused after the retries', async () => {
    const eventBridge = fakeEventBridge((command) => ({
      FailedEntryCount: 1,
      Entries: (command.input.Entries ?? []).map((_, index) =>
        index === 0 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' } : { EventId: `event-${index}` },
      ),
    }));
    const error = await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS, retries: 2, backoff: recordingBackoff() })
      .publish(verdicts(3))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VerdictPublishError);
    expect((error as VerdictPublishError).failures).toEqual([
      { recipient: 'r0@example.com', feedbackId: 'feedback-0', errorCode: 'InternalFailure', errorMessage: 'oops' },
    ]);
    expect(eventBridge.commands).toHaveLength(3);
  });

  it('truncates a diagnostic that would break the 256 KB entry limit', async () => {
    const eventBridge = fakeEventBridge(acceptAllEvents);
    const diagnostic = `550 ${'"quoted" ünïcödé '.repeat(20_000)}`;
    await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS }).publish([verdict({ diagnostic })]);
    const entry = eventBridge.commands[0]?.input.Entries?.[0];
    expect(entry).toBeDefined();
    expect(entryBytes(entry as PutEventsRequestEntry)).toBeLessThanOrEqual(MAX_BYTES);
    const sent = JSON.parse(entry?.Detail ?? '') as { diagnostic: string };
    expect(sent.diagnostic.endsWith('…')).toBe(true);
    expect(diagnostic.startsWith(sent.diagnostic.slice(0, -1))).toBe(true);
    expect(sent.diagnostic).not.toContain('\uFFFD');
  });

  it('keeps every request under 256 KB, splitting before 10 entries when they are large', async () => {
    const eventBridge = fakeEventBridge(acceptAllEvents);
    const large = verdicts(4).map((sent) => ({ ...sent, diagnostic: 'x'.repeat(100 * 1024) }));
    await createVerdictPublisher({ eventBridge: eventBridge.api, busName: BUS }).publish(large);
    const requests = eventBridge.commands.map((command) => command.input.Entries ?? []);
    expect(requests.map((entries) => entries.length)).toEqual([2, 2]);
    for (const entries of requests) {
      expect(entries.reduce((sum, entry) => sum + entryBytes(entry), 0)).toBeLessThanOrEqual(MAX_BYTES);
    }
  });
});
