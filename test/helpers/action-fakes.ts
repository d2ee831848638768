import type { PutEventsCommand, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type {
  DeleteSuppressedDestinationCommand,
  ListSuppressedDestinationsCommand,
  ListSuppressedDestinationsCommandOutput,
  PutSuppressedDestinationCommand,
} from '@aws-sdk/client-sesv2';
import type { Backoff } from '../../shared/actions/rate-limit';
import type { SuppressionApi } from '../../shared/actions/suppression-sync';
import type { PutEventsApi } from '../../shared/actions/verdict-events';
import type { Verdict } from '../../shared/verdict';

/** Verdicts and hand-rolled SESv2/EventBridge fakes: neither service has a local emulator. */

export function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    recipient: 'ann@example.com',
    notificationType: 'Bounce',
    reason: 'userunknown',
    permanence: 'permanent',
    suppress: true,
    party: 'recipient',
    action: 'suppress',
    rule: 'userunknown.test',
    explanation: 'The mailbox does not exist.',
    remediation: 'Stop mailing it.',
    bounceType: 'Permanent',
    bounceSubType: 'General',
    diagnostic: 'smtp; 550 5.1.1 User unknown',
    feedbackId: 'feedback-1',
    messageId: 'message-1',
    timestamp: '2025-03-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A sender-fault verdict: SES listed the address for a blocklisted sending IP. */
export const blockedVerdict = (overrides: Partial<Verdict> = {}) =>
  verdict({
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    rule: 'blocked.test',
    diagnostic: 'smtp; 554 5.7.1 blocked using zen.spamhaus.org',
    ...overrides,
  });

export type SesCommand = PutSuppressedDestinationCommand | DeleteSuppressedDestinationCommand | ListSuppressedDestinationsCommand;

/**
 * A SESv2 fake that records every command and answers with `respond`, which may throw the SDK's
 * exception classes. The default answers every call with an empty success.
 */
export function fakeSes(respond: (command: SesCommand, call: number) => Partial<ListSuppressedDestinationsCommandOutput> = () => ({})) {
  const commands: SesCommand[] = [];
  const api: SuppressionApi = {
    async send(command: SesCommand): Promise<ListSuppressedDestinationsCommandOutput> {
      commands.push(command);
      return { $metadata: {}, ...respond(command, commands.length) };
    },
  };
  return { api, commands };
}

export function fakeEventBridge(respond: (command: PutEventsCommand, call: number) => Partial<PutEventsCommandOutput>) {
  const commands: PutEventsCommand[] = [];
  const api: PutEventsApi = {
    async send(command) {
      commands.push(command);
      return { $metadata: {}, ...respond(command, commands.length) };
    },
  };
  return { api, commands };
}

/** The answer of a PutEvents that accepted every entry. */
export const acceptAllEvents = (command: PutEventsCommand): Partial<PutEventsCommandOutput> => ({
  FailedEntryCount: 0,
  Entries: (command.input.Entries ?? []).map((_, index) => ({ EventId: `event-${index}` })),
});

/** A backoff that records its delays instead of sleeping, with jitter pinned to the cap. */
export function recordingBackoff(): Pick<Backoff, 'sleep' | 'random'> & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    random: () => 1,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}
