import { createHash } from 'node:crypto';
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { REJECTED_WRITE_UNITS, batchGetAll, isConditionFailure, putIfAbsent, toItem, unitsOf } from '../store/expressions';
import { EVENTS } from '../store/schema';
import { truncateUtf8 } from '../text';
import type { Cause } from './cause';
import {
  DEFAULT_INCIDENT_POLICY,
  type IncidentEvent,
  type IncidentPolicy,
  type Membership,
  type RunDelta,
  deltaFor,
  emptyRun,
  openingTime,
  placeEvent,
  prunePending,
  resolvedAt,
  stateAt,
} from './model';
import { type DetailItem, DetailItemSchema, type Incident, type RunItem, RunItemSchema } from './records';

/**
 * Sender incidents in the events table, under reserved partition keys (they start with `#`,
 * so no recipient address can collide; see README "Data model"):
 *
 * - `#incident#<cause>` / `run#<bucket>`: one run of a cause, its counters (RunItemSchema);
 *   `#incident#<cause>` / `detail#<bucket>`: its texts (DetailItemSchema). The bucket is the
 *   start of the quiet-period-long slice of time its first event fell in.
 * - `#incident-members#<run id>` / `r#<address>` and `d#<domain>`: who a run has seen, so a
 *   recipient or domain is counted once, and each domain's events (for the top domains).
 *
 * Two events in one bucket are less than a quiet period apart, so they belong to one run: a
 * run is keyed by its bucket, and of two writers that find no run to join, one creates it (a
 * conditional put) and the other joins it. Every event joins with one atomic update (ADD and
 * guarded SETs), so a busy incident takes concurrent writers without an optimistic lock.
 */

const SPAN = EVENTS.partitionKey;
const SORT = EVENTS.sortKey;
const causePartition = (causeKey: string) => `#incident#${causeKey}`;
const membersPartition = (runId: string) => `#incident-members#${runId}`;
const RUN_PREFIX = 'run#';
const detailSortKey = (runKey: string) => `detail#${runKey.slice(RUN_PREFIX.length)}`;
const MAX_ATTEMPTS = 8;
const EXAMPLES = 3;
const EXAMPLE_BYTES = 300;
/** Examples are collected from a run's first events only, so later events pay nothing for them. */
const EXAMPLE_EVENTS = 2 * EXAMPLES;
const DAY_MS = 86_400_000;


function runIdOf(causeKey: string, runKey: string): string {
  return createHash('sha256').update(`${causeKey}\n${runKey}`).digest('base64url').slice(0, 16);
}

export interface IncidentStoreOptions {
  client: DynamoDBClient;
  /** The events table. */
  table: string;
  policy?: IncidentPolicy;
  /** Days incident items outlive their run's last event. @default 400 */
  retentionDays?: number;
}

/** An incident item pair as read. */
interface StoredRun {
  run: RunItem;
  detail?: DetailItem;
}

/** The public shape of a run that opened, at `now`. */
export function incidentOf({ run, detail }: StoredRun, now: Date): Incident | undefined {
  if (run.openedAt === undefined) return undefined;
  const state = stateAt(run, run.quietPeriodMs, now);
  return {
    id: run.id,
    state,
    reason: run.reason,
    ...(run.blocklist && { blocklist: run.blocklist }),
    ...(run.provider && { provider: run.provider }),
    firstSeen: run.firstSeen,
    lastSeen: run.lastSeen,
    openedAt: run.openedAt,
    ...(state === 'resolved' && { resolvedAt: resolvedAt(run, run.quietPeriodMs) }),
    count: run.count,
    recipients: run.recipients,
    domains: run.domains,
    topDomains: Object.entries(run.topDomains)
      .map(([domain, recipients]) => ({ domain, recipients }))
      .sort((a, b) => b.recipients - a.recipients || (a.domain < b.domain ? -1 : 1)),
    sending: { sources: run.sources, identities: run.identities, configurationSets: run.configurationSets, ips: run.sendingIps },
    examples: detail?.examples ?? [],
    action: detail?.action ?? 'review',
    rule: detail?.rule ?? '',
    remediation: detail?.remediation ?? '',
  };
}

export function createIncidentStore(options: IncidentStoreOptions) {
  const { client, table } = options;
  const policy = options.policy ?? DEFAULT_INCIDENT_POLICY;
  const retentionMs = (options.retentionDays ?? 400) * DAY_MS;
  const expiry = (at: string) => Math.floor((Date.parse(at) + retentionMs) / 1000);

  /** The key of the run an event at `at` creates: its quiet-period bucket. */
  function runSortKey(at: string): string {
    const bucket = Math.floor(Date.parse(at) / policy.quietPeriodMs) * policy.quietPeriodMs;
    return `${RUN_PREFIX}${new Date(bucket).toISOString()}`;
  }

  /**
   * The runs an event at `at` can belong to: the two last created in buckets up to the one a
   * quiet period later (the run holding `at`, or the one before it), and the first after
   * (created by a later event, it may reach back to `at`). Consistent for the writer, so a run
   * just created is seen.
   */
  async function candidateRuns(causeKey: string, at: string, consistent: boolean): Promise<RunItem[]> {
    const edge = runSortKey(new Date(Date.parse(at) + policy.quietPeriodMs).toISOString());
    const query = (condition: string, values: Record<string, string>, forward: boolean, limit: number) =>
      client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: `#pk = :pk AND ${condition}`,
          ExpressionAttributeNames: { '#pk': SPAN, '#sk': SORT },
          ExpressionAttributeValues: toItem({ ':pk': causePartition(causeKey), ...values }),
          ScanIndexForward: forward,
          Limit: limit,
          ConsistentRead: consistent,
        }),
      );
    // Only run items sort after `run#` in a cause's partition (the details are `detail#...`).
    const [before, after] = await Promise.all([
      query('#sk BETWEEN :run AND :edge', { ':run': RUN_PREFIX, ':edge': edge }, false, 2),
      query('#sk > :edge', { ':edge': edge }, true, 1),
    ]);
    return [...(before.Items ?? []), ...(after.Items ?? [])].map((item) => RunItemSchema.parse(unmarshall(item)));
  }

  /** Put an item unless it exists: true when this call created it. */
  const putNew = (item: Record<string, unknown>) => putIfAbsent(client, table, SPAN, item);

  /**
   * Count the event's recipient into the run's members, and a new recipient into its domain's,
   * once each. A recipient seen before (most of a long incident's events) costs one
   * eventually consistent read and no write: member items are never changed, so a stale read
   * can only miss a new one, which the conditional put then catches.
   */
  async function join(runId: string, event: IncidentEvent): Promise<{ membership: Membership; units: number }> {
    const members = membersPartition(runId);
    const key = { [SPAN]: members, [SORT]: `r#${event.address}` };
    const seen: { membership: Membership; units: number } = { membership: { newRecipient: false, newDomain: false }, units: 0 };
    const { Item } = await client.send(
      new GetItemCommand({ TableName: table, Key: toItem(key), ProjectionExpression: '#pk', ExpressionAttributeNames: { '#pk': SPAN } }),
    );
    if (Item) return seen;
    const recipient = await putNew({ ...key, [EVENTS.ttlAttribute]: expiry(event.at) });
    if (!recipient.created) return { ...seen, units: recipient.units };
    const { Attributes, ConsumedCapacity } = await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: toItem({ [SPAN]: members, [SORT]: `d#${event.domain}` }),
        UpdateExpression: 'ADD #recipients :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#recipients': 'recipients', '#ttl': EVENTS.ttlAttribute },
        ExpressionAttributeValues: toItem({ ':one': 1, ':ttl': expiry(event.at) }),
        ReturnValues: 'UPDATED_OLD',
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    const before = Attributes?.recipients?.N === undefined ? 0 : Number(Attributes.recipients.N);
    return {
      membership: { newRecipient: true, newDomain: before === 0, domainRecipients: before + 1 },
      units: recipient.units + unitsOf(ConsumedCapacity),
    };
  }

  function causeFields(cause: Cause) {
    return {
      causeKey: cause.key,
      reason: cause.reason,
      ...(cause.blocklist && { blocklist: cause.blocklist }),
      ...(cause.provider && { provider: cause.provider }),
    };
  }

  const example = (event: IncidentEvent) => (event.diagnostic ? truncateUtf8(event.diagnostic, EXAMPLE_BYTES) : undefined);

  /**
   * Create the event's run, empty, for the event to join next (a conditional put: when
   * another writer created it first, the event joins that one). Returns the write units.
   */
  async function createRun(event: IncidentEvent): Promise<number> {
    const runKey = runSortKey(event.at);
    const { sources: _s, identities: _i, configurationSets: _c, sendingIps: _ip, ...state } = emptyRun(event.at);
    const created = await putNew({
      [SPAN]: causePartition(event.cause.key),
      [SORT]: runKey,
      id: runIdOf(event.cause.key, runKey),
      ...causeFields(event.cause),
      quietPeriodMs: policy.quietPeriodMs,
      // String sets cannot be empty: the first ADD creates them.
      ...state,
      [EVENTS.ttlAttribute]: expiry(event.at),
    });
    if (!created.created) return created.units;
    const detail: DetailItem = { examples: [], action: event.action, rule: event.rule, remediation: event.remediation };
    const detailPut = await putNew({ [SPAN]: causePartition(event.cause.key), [SORT]: detailSortKey(runKey), ...detail, [EVENTS.ttlAttribute]: expiry(event.at) });
    return created.units + detailPut.units;
  }

  /** The UpdateItem of a delta: ADDs, SETs guarded so that times only widen. */
  function deltaUpdate(delta: RunDelta) {
    const names: Record<string, string> = { '#pk': SPAN, '#count': 'count', '#recipients': 'recipients', '#domains': 'domains' };
    const values: Record<string, unknown> = { ':one': 1, ':r': delta.recipients, ':d': delta.domains };
    const adds = ['#count :one', '#recipients :r', '#domains :d'];
    const sets: string[] = [];
    const removes: string[] = [];
    const conditions = ['attribute_exists(#pk)'];
    if (delta.firstSeen !== undefined) {
      names['#first'] = 'firstSeen';
      values[':first'] = delta.firstSeen;
      sets.push('#first = :first');
      conditions.push('#first > :first');
    }
    if (delta.lastSeen !== undefined) {
      names['#last'] = 'lastSeen';
      values[':last'] = delta.lastSeen;
      // The run lives as long as its newest event.
      names['#ttl'] = EVENTS.ttlAttribute;
      values[':ttl'] = expiry(delta.lastSeen);
      sets.push('#last = :last', '#ttl = :ttl');
      conditions.push('#last < :last');
    }
    if (delta.topDomain) {
      names['#top'] = 'topDomains';
      names['#domain'] = delta.topDomain.domain;
      values[':domainRecipients'] = delta.topDomain.recipients;
      sets.push('#top.#domain = :domainRecipients');
      // Counts only grow: a concurrent event of the domain may have set a bigger one.
      conditions.push('(attribute_not_exists(#top.#domain) OR #top.#domain < :domainRecipients)');
      if (delta.topDomain.evict !== undefined) {
        names['#evict'] = delta.topDomain.evict;
        removes.push('#top.#evict');
      }
    }
    if (delta.pending !== undefined) {
      names['#pending'] = 'pending';
      values[':pending'] = [delta.pending];
      values[':none'] = [];
      sets.push('#pending = list_append(if_not_exists(#pending, :none), :pending)');
    }
    for (const name of ['sources', 'identities', 'configurationSets', 'sendingIps'] as const) {
      if (delta[name].length === 0) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = new Set(delta[name]);
      adds.push(`#${name} :${name}`);
    }
    const clauses = [`ADD ${adds.join(', ')}`, sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''];
    return {
      UpdateExpression: clauses.filter(Boolean).join(' '),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    };
  }

  async function update(key: { causeKey: string; runKey: string }, parts: object): Promise<{ item?: RunItem; units: number }> {
    try {
      const { Attributes, ConsumedCapacity } = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: toItem({ [SPAN]: causePartition(key.causeKey), [SORT]: key.runKey }),
          ...parts,
          ReturnValues: 'ALL_NEW',
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      return { item: Attributes && RunItemSchema.parse(unmarshall(Attributes)), units: unitsOf(ConsumedCapacity) };
    } catch (error) {
      if (isConditionFailure(error)) return { units: REJECTED_WRITE_UNITS };
      throw error;
    }
  }

  /** After an event joined: open the run (or move its opening back), cut a long pending list. */
  async function settle(run: RunItem, event: IncidentEvent): Promise<number> {
    const key = { causeKey: run.causeKey, runKey: run.eventKey };
    let units = 0;
    const opening = openingTime(run.pending, policy);
    if (opening !== undefined && (run.openedAt === undefined || opening < run.openedAt)) {
      // One conditional update for both cases, so an opening set concurrently (later, from a
      // pending list without this event) is still moved back. The index keys are set once.
      units += (
        await update(key, {
          UpdateExpression: 'SET #opened = :opened, #state = if_not_exists(#state, :open), #stateAt = if_not_exists(#stateAt, :opened)',
          ConditionExpression: 'attribute_not_exists(#opened) OR #opened > :opened',
          ExpressionAttributeNames: { '#opened': 'openedAt', '#state': 'incidentState', '#stateAt': 'incidentStateAt' },
          ExpressionAttributeValues: toItem({ ':opened': opening, ':open': 'open' }),
        })
      ).units;
    }
    const pruned = prunePending(run.pending, policy);
    if (pruned) {
      units += (
        await update(key, {
          UpdateExpression: 'SET #pending = :pruned',
          ConditionExpression: 'size(#pending) = :size',
          ExpressionAttributeNames: { '#pending': 'pending' },
          ExpressionAttributeValues: toItem({ ':pruned': pruned, ':size': run.pending.length }),
        })
      ).units;
    }
    const text = example(event);
    if (text !== undefined && run.count <= EXAMPLE_EVENTS) {
      try {
        const { ConsumedCapacity } = await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: toItem({ [SPAN]: causePartition(run.causeKey), [SORT]: detailSortKey(run.eventKey) }),
            UpdateExpression: 'SET #examples = list_append(#examples, :example)',
            ConditionExpression: 'size(#examples) < :max AND NOT contains(#examples, :text)',
            ExpressionAttributeNames: { '#examples': 'examples' },
            ExpressionAttributeValues: toItem({ ':example': [text], ':text': text, ':max': EXAMPLES }),
            ReturnConsumedCapacity: 'INDEXES',
          }),
        );
        units += unitsOf(ConsumedCapacity);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        units += REJECTED_WRITE_UNITS;
      }
    }
    return units;
  }

  /**
   * Count one newly stored sender-side event into its cause's incident. Call it once per event
   * (the bounce store calls it only for an event it has just stored), so a redelivered
   * notification never counts twice. Returns the write units consumed.
   */
  async function recordEvent(event: IncidentEvent): Promise<number> {
    let units = 0;
    // Membership is counted once per run, however many times a lost race makes us retry.
    const joined = new Map<string, Membership>();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const run = placeEvent(await candidateRuns(event.cause.key, event.at, true), event.at, policy);
      if (!run) {
        units += await createRun(event);
        continue;
      }
      let membership = joined.get(run.id);
      if (!membership) {
        const result = await join(run.id, event);
        units += result.units;
        membership = result.membership;
        joined.set(run.id, membership);
      }
      const result = await update({ causeKey: run.causeKey, runKey: run.eventKey }, deltaUpdate(deltaFor(run, event, membership)));
      units += result.units;
      // A concurrent writer moved firstSeen, lastSeen or the domain's count past ours: read again and recompute.
      if (!result.item) continue;
      return units + (await settle(result.item, event));
    }
    throw new Error(`incident of ${event.cause.key}: gave up after ${MAX_ATTEMPTS} attempts lost to concurrent writers`);
  }

  /** Runs and their details by key, for the read side. */
  async function hydrate(keys: readonly { address: string; eventKey: string }[]): Promise<StoredRun[]> {
    const wanted = keys.flatMap((key) => [key, { address: key.address, eventKey: detailSortKey(key.eventKey) }]);
    const items = await batchGetAll(client, table, wanted.map((key) => toItem({ [SPAN]: key.address, [SORT]: key.eventKey })));
    const found = new Map(items.map((item) => [`${String(item[SPAN])}\n${String(item[SORT])}`, item]));
    return keys.flatMap((key) => {
      const run = found.get(`${key.address}\n${key.eventKey}`);
      if (!run) return [];
      const detail = found.get(`${key.address}\n${detailSortKey(key.eventKey)}`);
      return [{ run: RunItemSchema.parse(run), ...(detail && { detail: DetailItemSchema.parse(detail) }) }];
    });
  }

  /** One page of the byIncidentState index (keys only). */
  async function statePage(
    state: 'open' | 'resolved',
    input: { since?: string; limit: number; startKey?: Record<string, AttributeValue> },
  ): Promise<{ keys: { address: string; eventKey: string }[]; lastKey?: Record<string, AttributeValue> }> {
    const index = EVENTS.incidentIndex;
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: index.name,
        KeyConditionExpression: input.since === undefined ? '#pk = :pk' : '#pk = :pk AND #sk >= :since',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(input.since !== undefined && { '#sk': index.sortKey }) },
        ExpressionAttributeValues: toItem({ ':pk': state, ...(input.since !== undefined && { ':since': input.since }) }),
        ScanIndexForward: false,
        Limit: input.limit,
        ExclusiveStartKey: input.startKey,
      }),
    );
    return {
      keys: Items.map((item) => {
        const key = unmarshall(item);
        return { address: String(key[SPAN]), eventKey: String(key[SORT]) };
      }),
      ...(LastEvaluatedKey && { lastKey: LastEvaluatedKey }),
    };
  }

  /** The incident a stored sender-side event at `at` belongs to, if its run opened. */
  async function incidentAt(cause: Cause, at: string, now: Date): Promise<Incident | undefined> {
    const runs = await candidateRuns(cause.key, at, false);
    const run = runs.find((candidate) => candidate.firstSeen <= at && at <= candidate.lastSeen);
    if (!run?.openedAt) return undefined;
    const [stored] = await hydrate([{ address: run.address, eventKey: run.eventKey }]);
    return stored && incidentOf(stored, now);
  }

  /** Mark an open incident resolved in the index, unless an event came in since it was read. */
  async function markResolved(run: RunItem, now: Date): Promise<boolean> {
    const result = await update(
      { causeKey: run.causeKey, runKey: run.eventKey },
      {
        UpdateExpression: 'SET #state = :resolved, #stateAt = #last, #resolvedAt = :now',
        ConditionExpression: '#state = :open AND #last = :last',
        ExpressionAttributeNames: { '#state': 'incidentState', '#stateAt': 'incidentStateAt', '#last': 'lastSeen', '#resolvedAt': 'resolvedAt' },
        ExpressionAttributeValues: toItem({ ':resolved': 'resolved', ':open': 'open', ':now': now.toISOString(), ':last': run.lastSeen }),
      },
    );
    return result.item !== undefined;
  }

  async function markAnnounced(run: RunItem, now: Date): Promise<void> {
    await update(
      { causeKey: run.causeKey, runKey: run.eventKey },
      {
        UpdateExpression: 'SET #announced = :now',
        ExpressionAttributeNames: { '#announced': 'announcedAt' },
        ExpressionAttributeValues: toItem({ ':now': now.toISOString() }),
      },
    );
  }

  return { recordEvent, hydrate, statePage, incidentAt, markResolved, markAnnounced };
}

export type IncidentStore = ReturnType<typeof createIncidentStore>;
