import { BadRequestException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { ActionsConfigError, VerdictActionsError, createVerdictActions, loadActionsConfig } from '../shared/actions/config';
import { SuppressionSyncError } from '../shared/actions/suppression-sync';
import { acceptAllEvents, blockedVerdict, fakeEventBridge, fakeSes, verdict } from './helpers/action-fakes';

describe('loadActionsConfig', () => {
  it('is off without configuration', () => {
    expect(loadActionsConfig({})).toEqual({});
  });

  it('reads what the CDK construct sets', () => {
    expect(
      loadActionsConfig({ SUPPRESSION_SYNC: 'on', UNSUPPRESS_SENDER_FAULTS: 'true', VERDICT_BUS_NAME: 'verdicts' }),
    ).toEqual({ suppressionSync: { unsuppressSenderFaults: true }, verdictBusName: 'verdicts' });
  });

  it('rejects values it does not know', () => {
    expect(() => loadActionsConfig({ SUPPRESSION_SYNC: 'yes' })).toThrow(ActionsConfigError);
  });
});

describe('createVerdictActions', () => {
  it('does nothing with both actions off', async () => {
    const ses = fakeSes();
    const actions = createVerdictActions({ SUPPRESSION_SYNC: 'off' }, { sesv2: ses.api, eventBridge: fakeEventBridge(acceptAllEvents).api });
    expect(await actions.afterStore([verdict()])).toEqual([]);
    expect(ses.commands).toHaveLength(0);
  });

  it('syncs and publishes each verdict, and reports what it did', async () => {
    const ses = fakeSes();
    const eventBridge = fakeEventBridge(acceptAllEvents);
    const actions = createVerdictActions(
      { SUPPRESSION_SYNC: 'on', UNSUPPRESS_SENDER_FAULTS: 'false', VERDICT_BUS_NAME: 'verdicts' },
      { sesv2: ses.api, eventBridge: eventBridge.api },
    );
    const outcomes = await actions.afterStore([verdict(), blockedVerdict({ recipient: 'bob@example.com', feedbackId: 'feedback-2' })]);
    expect(outcomes).toEqual([
      { recipient: 'ann@example.com', feedbackId: 'feedback-1', suppression: expect.objectContaining({ action: 'put', reason: 'BOUNCE' }), published: true },
      { recipient: 'bob@example.com', feedbackId: 'feedback-2', suppression: expect.objectContaining({ action: 'none' }), published: true },
    ]);
    expect(eventBridge.commands).toHaveLength(1);
  });

  it('publishes even when the sync fails, then reports the failure as one typed error', async () => {
    const ses = fakeSes(() => {
      throw new BadRequestException({ message: 'invalid address', $metadata: {} });
    });
    const eventBridge = fakeEventBridge(acceptAllEvents);
    const actions = createVerdictActions({ SUPPRESSION_SYNC: 'on', VERDICT_BUS_NAME: 'verdicts' }, { sesv2: ses.api, eventBridge: eventBridge.api });
    const error = await actions.afterStore([verdict({ recipient: 'c@example.com' })]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VerdictActionsError);
    expect((error as VerdictActionsError).errors[0]).toBeInstanceOf(SuppressionSyncError);
    expect(eventBridge.commands).toHaveLength(1);
  });
});
