/// <reference lib="dom" />
import type { Incident } from '../../incidents/records';
import type { AddressAnswer, AddressView, Breakdown, DashboardData, DeadLetters, Rate, Reputation, Suppression, Timeline } from '../model';
import { drawBreakdown, drawSuppression, drawTimeline } from './charts';
import { byId, el, externalLink, fields, show, table, when } from './dom';

/**
 * The dashboard page. Live (served by `bounces dashboard`): figures from /api/dashboard,
 * refreshed every minute, and the address search asks /api/address. Report (`bounces report
 * --html`): the figures and the searchable addresses are embedded; nothing is fetched.
 */

const REFRESH_MS = 60_000;
const embedded = document.getElementById('dashboard-data');
const mode: 'live' | 'report' = embedded ? 'report' : 'live';
let current: DashboardData | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The figures as the server (or the report) produced them from DashboardDataSchema's types.
 * Only their outline is checked here: zod in the page would triple its size, and the data comes
 * from this page's own server or file.
 */
function dashboardData(value: unknown): DashboardData {
  const parts = ['timeline', 'providers', 'domains', 'suppression', 'incidents', 'deadLetters'];
  if (!isObject(value) || parts.some((part) => !isObject(value[part]))) throw new Error('the figures are not in the expected shape');
  return value as unknown as DashboardData;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(fraction < 0.01 ? 3 : 2)}%`;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function renderTimeline(timeline: Timeline, since: string): void {
  const unit = timeline.bucket === 'day' ? 'day' : 'hour';
  const summary =
    `Bounces per ${unit} since ${when(since)} UTC, stacked by reason: ${plural(timeline.bounces, 'bounce')} ` +
    `(${timeline.series.map((series) => `${series.key} ${series.total}`).join(', ') || 'none'}) and ${plural(timeline.complaintTotal, 'complaint')}.`;
  const other = timeline.series.find((series) => series.includes);
  show(
    byId('timeline-note'),
    summary,
    other?.includes && ` "${other.key}" sums ${other.includes.join(', ')}.`,
    ' Each reason has its own colour and fill pattern; complaints are the dashed line with triangles.',
  );
  drawTimeline(timeline, summary);
  const rows = timeline.starts.map((start, index) => {
    const counts = timeline.series.map((series) => series.counts[index] ?? 0);
    const complaints = timeline.complaints[index] ?? 0;
    return [timeline.bucket === 'day' ? start.slice(0, 10) : when(start), ...counts, complaints];
  });
  show(
    byId('timeline-table'),
    table(
      `Bounces per ${unit} (UTC) by reason, and complaints`,
      [unit, ...timeline.series.map((series) => series.key), 'complaints'],
      rows.filter((row) => row.slice(1).some((count) => count !== 0)),
      ['total', ...timeline.series.map((series) => series.total), timeline.complaintTotal],
    ),
  );
}

function incidentTitle(incident: Incident): string {
  if (incident.blocklist) return `Listed on ${incident.blocklist.name} (${incident.reason})`;
  return `${incident.reason} at ${incident.provider ?? 'an unidentified provider'}`;
}

function renderIncident(incident: Incident): HTMLElement {
  const domains = incident.topDomains.map((entry) => `${entry.domain} (${plural(entry.recipients, 'recipient')})`).join(', ');
  return el(
    'article',
    { class: `incident ${incident.state}`, 'data-incident': incident.id },
    el('h3', {}, el('span', { class: 'badge' }, incident.state === 'open' ? 'OPEN' : 'resolved'), ' ', incidentTitle(incident)),
    fields([
      ['since', `${when(incident.firstSeen)} UTC (an incident from ${when(incident.openedAt)})`],
      ['last seen', `${when(incident.lastSeen)} UTC`],
      ['events', `${incident.count} events, ${plural(incident.recipients, 'recipient')}`],
      ['domains', `${incident.domains}: ${domains}`],
      ['what to do', `${incident.action}: ${incident.remediation}`],
      ...(incident.sending.ips.length > 0 ? [['sending IP', incident.sending.ips.join(', ')] as const] : []),
      ...(incident.blocklist ? [['delisting', externalLink(incident.blocklist.delistUrl, `Request delisting from ${incident.blocklist.name}`)] as const] : []),
    ]),
    incident.examples.length > 0 &&
      el('details', {}, el('summary', {}, 'What receivers said'), el('ul', {}, ...incident.examples.map((text) => el('li', { class: 'mono' }, text)))),
  );
}

function renderIncidents(incidents: readonly Incident[]): void {
  const open = incidents.filter((incident) => incident.state === 'open');
  show(
    byId('incident-list'),
    incidents.length === 0
      ? el('p', {}, 'No sender incidents in this window.')
      : el('p', { class: 'figure' }, `${open.length} open, ${incidents.length - open.length} resolved`),
    ...incidents.map(renderIncident),
  );
}

function reasonMix(group: Breakdown['groups'][number]): string {
  return group.reasons.map((entry) => `${entry.reason} ${entry.events}`).join(', ');
}

function renderBreakdown(name: 'providers' | 'domains', breakdown: Breakdown, timelineKeys: readonly string[]): void {
  const what = name === 'providers' ? 'provider' : 'recipient domain';
  const summary =
    breakdown.groups.length === 0
      ? `No events by ${what} in this window.`
      : `Events by ${what}, split by reason: ${breakdown.groups.map((group) => `${group.key} ${group.events}`).join(', ')}.`;
  drawBreakdown(`${name}-chart`, breakdown, timelineKeys, summary);
  const rows = breakdown.groups.map((group) => [group.key, group.events, reasonMix(group)]);
  if (breakdown.omitted) rows.push([`${breakdown.omitted.groups} more`, breakdown.omitted.events, '']);
  show(byId(`${name}-table`), table(`Events by ${what}`, [what, 'events', 'reasons'], rows));
}

function renderSuppression(suppression: Suppression): void {
  const inWindow = suppression.perDay.reduce((sum, entry) => sum + entry.count, 0);
  show(byId('suppression-total'), `${suppression.total} suppressed in total; ${inWindow} suppressed in this window.`);
  drawSuppression(suppression.perDay, `Recipients suppressed per day: ${inWindow} in this window, ${suppression.total} in total.`);
  show(
    byId('suppression-table'),
    table('Recipients suppressed per day (UTC)', ['day', 'suppressed'], suppression.perDay.filter((entry) => entry.count > 0).map((entry) => [entry.day, entry.count]), [
      'total in window',
      inWindow,
    ]),
  );
  const { sesList } = suppression;
  show(
    byId('ses-list'),
    sesList.perDay.length === 0
      ? el('p', {}, "No changes to SES's suppression list in this window: the SES-list sync is off, or had nothing to do.")
      : table(
          `SES suppression list: ${sesList.added} added, ${sesList.removed} removed`,
          ['day', 'added', 'removed'],
          sesList.perDay.map((entry) => [entry.day, entry.added, entry.removed]),
        ),
  );
}

function renderDeadLetters(deadLetters: DeadLetters): void {
  show(
    byId('dead-letter-list'),
    deadLetters.count === 0
      ? el('p', {}, 'The dead-letter queue is empty.')
      : el('p', { class: 'figure warn' }, `${plural(deadLetters.count, 'message')} in the dead-letter queue. Inspect with bounces dlq list; reprocess with bounces dlq redrive.`),
    deadLetters.count > 0 &&
      table(
        'Dead-lettered messages by their last error',
        ['error', 'messages', 'example message id'],
        deadLetters.errors.map((entry) => [el('span', { class: 'mono' }, entry.error ?? '(no error recorded)'), entry.count, entry.example]),
      ),
  );
}

/** Where a rate stands, in words (never by colour alone). */
const STANDING: Record<Rate['level'], (rate: Rate) => string> = {
  healthy: (rate) => `below the review level (${percent(rate.review)})`,
  review: (rate) => `AT OR ABOVE the review level (${percent(rate.review)}): SES reviews the account`,
  pause: (rate) => `AT OR ABOVE the pause level (${percent(rate.pause)}): SES may pause sending`,
  unknown: () => 'no value reported yet',
};

function renderReputation(reputation: Reputation | undefined): void {
  if (!reputation) {
    show(byId('reputation-body'), el('p', {}, "Shown with --stack: SES's reputation belongs to a deployed account, and a local pipeline has none."));
    return;
  }
  const value = (fraction: number | undefined) => (fraction === undefined ? 'none' : percent(fraction));
  const row = (name: string, rate: Rate) => [name, value(rate.now), value(rate.max), percent(rate.review), percent(rate.pause), el('span', { class: `level ${rate.level}` }, STANDING[rate.level](rate))];
  show(
    byId('reputation-body'),
    table(
      "SES reputation (hourly maxima) against the levels where SES reviews and pauses an account",
      ['rate', 'now', '14-day max', 'review at', 'pause at', 'standing'],
      [row('bounce rate', reputation.bounceRate), row('complaint rate', reputation.complaintRate)],
    ),
  );
}

function renderAddress(view: AddressView): HTMLElement {
  const { status, incident } = view;
  return el(
    'article',
    { class: 'address' },
    el('h3', {}, view.address),
    fields([
      ['suppressed', status.suppressed ? `yes: stop mailing this address (${status.suppressedReason ?? status.reason ?? 'see history'})` : 'no'],
      ['reason', status.reason ?? '-'],
      ['action', status.action ?? '-'],
      ['bounces', `${status.bounceCount} (${status.hardBounceCount} permanent, ${status.softBounceCount} transient)`],
      ['complaints', String(status.complaintCount)],
      ['incident', incident ? el('span', {}, `${incident.state}: ${incidentTitle(incident)} since ${when(incident.firstSeen)} UTC. `, incident.blocklist ? externalLink(incident.blocklist.delistUrl, 'Delisting') : '') : 'none'],
    ]),
    table(
      `History of ${view.address}, newest first`,
      ['time (UTC)', 'type', 'reason', 'action', 'diagnostic'],
      view.history.map((event) => [when(event.timestamp), event.notificationType, event.reason, event.action, el('span', { class: 'mono' }, event.diagnostic ?? '')]),
    ),
  );
}

/**
 * The key a report files an address under, as the pipeline normalises it: lower case, the
 * domain's IDN as punycode (which the URL parser produces), so `Ann@Exämple.com` is found.
 */
function addressKey(address: string): string {
  const at = address.lastIndexOf('@');
  try {
    return at < 1 ? address.toLowerCase() : `${address.slice(0, at).toLowerCase()}@${new URL(`http://${address.slice(at + 1)}`).hostname}`;
  } catch {
    return address.toLowerCase();
  }
}

async function lookUp(address: string): Promise<AddressAnswer> {
  if (mode === 'report') {
    const view = current?.addresses?.[addressKey(address)];
    return view ? { found: true, view } : { found: false, address };
  }
  const response = await fetch(`/api/address?email=${encodeURIComponent(address)}`, { headers: { accept: 'application/json' } });
  const body: unknown = await response.json();
  if (response.status === 400) return { found: false, address, error: (body as { error?: string }).error ?? 'not an e-mail address' };
  if (!response.ok) throw new Error((body as { error?: string }).error ?? `the server answered ${response.status}`);
  if (!isObject(body) || typeof body.found !== 'boolean') throw new Error('the server sent no lookup answer');
  return body as unknown as AddressAnswer;
}

function setUpSearch(): void {
  const form = byId<HTMLFormElement>('search-form');
  const input = byId<HTMLInputElement>('search-input');
  const result = byId('search-result');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const address = input.value.trim();
    if (address === '') {
      show(result, el('p', {}, 'Type an e-mail address first.'));
      return;
    }
    show(result, el('p', {}, `Looking up ${address}…`));
    lookUp(address)
      .then((answer) => {
        if (answer.found) show(result, renderAddress(answer.view));
        else show(result, el('p', {}, answer.error ? `${address}: ${answer.error}.` : `Nothing is recorded for ${answer.address}${mode === 'report' ? ' in this report' : ''}.`));
      })
      .catch((error: unknown) => show(result, el('p', { role: 'alert' }, `The lookup failed: ${error instanceof Error ? error.message : String(error)}`)));
  });
}

function render(data: DashboardData): void {
  current = data;
  const refresh = mode === 'live' ? 'refreshes every minute' : 'a snapshot';
  show(byId('meta'), `${data.source} · since ${when(data.since)} UTC · as of ${when(data.generatedAt)} UTC · ${refresh}`);
  renderTimeline(data.timeline, data.since);
  renderIncidents(data.incidents);
  const keys = data.timeline.series.map((series) => series.key);
  renderBreakdown('providers', data.providers, keys);
  renderBreakdown('domains', data.domains, keys);
  renderSuppression(data.suppression);
  renderDeadLetters(data.deadLetters);
  renderReputation(data.reputation);
  if (mode === 'report') {
    const count = Object.keys(data.addresses ?? {}).length;
    show(
      byId('search-note'),
      `This report can look up the ${plural(count, 'address', 'addresses')} that bounced most recently in its window` +
        `${data.addressesCapped ? ` (at most ${data.addressesCapped})` : ''}.`,
    );
  }
  document.body.dataset.state = 'ready';
}

function problem(message: string | undefined): void {
  const box = byId('problem');
  box.hidden = message === undefined;
  show(box, message);
}

let lastRefresh = 0;

async function refresh(): Promise<void> {
  lastRefresh = Date.now();
  try {
    const response = await fetch('/api/dashboard', { headers: { accept: 'application/json' } });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error((body as { error?: string }).error ?? `the server answered ${response.status}`);
    render(dashboardData(body));
    problem(undefined);
  } catch (error) {
    problem(`Could not ${current ? 'refresh' : 'load'} the figures: ${error instanceof Error ? error.message : String(error)}`);
    if (!current) document.body.dataset.state = 'failed';
  }
}

setUpSearch();
if (embedded) {
  render(dashboardData(JSON.parse(embedded.textContent ?? '')));
} else {
  void refresh();
  // Every refresh reads the window's events: a tab nobody sees does not ask, and catches up
  // as soon as it is shown again.
  setInterval(() => {
    if (!document.hidden) void refresh();
  }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && Date.now() - lastRefresh >= REFRESH_MS) void refresh();
  });
}
