import { z } from 'zod';
import { PROVIDER_IDS } from '../providers';
import { REASON_NAMES } from '../reasons';
import { ACTIONS, BlocklistSchema } from '../verdict';

/**
 * The shapes of sender incidents: as items in the events table (RunItemSchema, DetailItemSchema)
 * and as the CLI, the query API, the typed client and EventBridge show them (IncidentSchema).
 */

export const INCIDENT_STATES = ['open', 'resolved'] as const;
export type IncidentStateName = (typeof INCIDENT_STATES)[number];

/** A string set as DynamoDB returns it (a Set), or a list; sorted for stable output. */
const StringSet = z
  .union([z.set(z.string()), z.array(z.string())])
  .optional()
  .transform((value) => [...(value ?? [])].sort());

/** The counters of one run of a cause: updated by every event of the run. Kept under 1 KB. */
export const RunItemSchema = z.object({
  address: z.string(),
  eventKey: z.string(),
  id: z.string(),
  causeKey: z.string(),
  reason: z.enum(REASON_NAMES),
  blocklist: BlocklistSchema.optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
  /** The quiet period the run was created under (ms), so readers derive its state alone. */
  quietPeriodMs: z.number().int().positive(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  count: z.number().int().nonnegative(),
  recipients: z.number().int().nonnegative(),
  domains: z.number().int().nonnegative(),
  topDomains: z.record(z.string(), z.number().int()),
  pending: z.array(z.number()).default([]),
  openedAt: z.string().optional(),
  sources: StringSet,
  identities: StringSet,
  configurationSets: StringSet,
  sendingIps: StringSet,
  /** byIncidentState keys: present once opened. */
  incidentState: z.enum(INCIDENT_STATES).optional(),
  incidentStateAt: z.string().optional(),
  /** When the sweep published `Sender Incident Opened`. */
  announcedAt: z.string().optional(),
  /** When the sweep marked the incident resolved. */
  resolvedAt: z.string().optional(),
});
export type RunItem = z.infer<typeof RunItemSchema>;

/** What rarely changes: the texts, written with the run and while examples are collected. */
export const DetailItemSchema = z.object({
  examples: z.array(z.string()),
  action: z.enum(ACTIONS),
  rule: z.string(),
  remediation: z.string(),
});
export type DetailItem = z.infer<typeof DetailItemSchema>;

/** A sender incident as every surface shows it. */
export const IncidentSchema = z.object({
  id: z.string(),
  state: z.enum(INCIDENT_STATES),
  reason: z.enum(REASON_NAMES),
  /** The blocklist every event of the incident named; absent for a reason at a provider. */
  blocklist: BlocklistSchema.optional(),
  /** The receiving provider, for an incident that is no blocklist listing. */
  provider: z.enum(PROVIDER_IDS).optional(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** When the threshold was reached (event time). */
  openedAt: z.string(),
  /** A quiet period after the last event; present once resolved. */
  resolvedAt: z.string().optional(),
  /** Events. */
  count: z.number().int().nonnegative(),
  /** Distinct recipient addresses. */
  recipients: z.number().int().nonnegative(),
  /** Distinct recipient domains. */
  domains: z.number().int().nonnegative(),
  /** The domains with the most distinct recipients, most first (at most 5). */
  topDomains: z.array(z.object({ domain: z.string(), recipients: z.number().int() })),
  /** The sending side seen: `mail.source`, SES identities, configuration sets, and the IPs receivers named. */
  sending: z.object({
    sources: z.array(z.string()),
    identities: z.array(z.string()),
    configurationSets: z.array(z.string()),
    ips: z.array(z.string()),
  }),
  /** Up to three distinct diagnostics of the incident's events. */
  examples: z.array(z.string()),
  action: z.enum(ACTIONS),
  /** The classifier rule of the first event, whose remediation this is. */
  rule: z.string(),
  remediation: z.string(),
});
export type Incident = z.infer<typeof IncidentSchema>;
