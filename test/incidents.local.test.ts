import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../shared/incidents/records';
import { incidentBounce, incidentMix } from './helpers/incident-fixtures';

/**
 * Sender incidents end to end, as a user sees them: the mix published to `bounces local`
 * (SNS → SQS → the processing handler → DynamoDB Local), read back with the bundled CLI.
 */

const CLI = join(import.meta.dirname, '..', 'dist', 'bounces.js');
const dataDir = mkdtempSync(join(tmpdir(), 'bounces-incidents-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
const local = (...args: string[]) => run(...args, '--local', '--data', dataDir);

let child: ChildProcess;
// Two hours ago, so every incident of the mix is still open.
const mix = incidentMix('local', Date.now() - 2 * 3_600_000);
const file = join(dataDir, 'mix.jsonl');

beforeAll(async () => {
  child = spawn('node', [CLI, 'local', '--data', dataDir], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(dataDir, 'stack.json'))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('bounces local did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  writeFileSync(file, `${mix.map((bounce) => JSON.stringify(incidentBounce(bounce))).join('\n')}\n`);
}, 120_000);

afterAll(async () => {
  // SIGTERM, not SIGKILL: `bounces local` then stops its DynamoDB Local, which runs in a process
  // group of its own and would outlive a killed parent.
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function incidents(): Promise<{ items: Incident[]; cursor: string | null }> {
  const result = await local('incidents', '--json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

const summary = (items: Incident[]) =>
  items
    .map((incident) => [incident.state, incident.blocklist?.name ?? `${incident.reason}@${incident.provider}`, incident.count, incident.recipients, incident.domains])
    .sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : 1));

describe('sender incidents through `bounces local`', () => {
  it('shows exactly the sender-side incidents of a mix, with exact counts and the delisting link', async () => {
    expect(JSON.parse((await local('send', file, '--wait', '--json')).stdout)).toMatchObject({ published: mix.length, processed: mix.length });
    const { items, cursor } = await incidents();
    expect(cursor).toBeNull();
    expect(summary(items)).toEqual([
      ['open', 'Spamhaus ZEN', 7, 6, 4],
      ['open', 'authfailure@google', 5, 5, 1],
      ['open', 'speeding@microsoft', 6, 5, 3],
    ]);
    expect(items.find((incident) => incident.blocklist)).toMatchObject({
      blocklist: { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' },
      action: 'request-delisting',
      sending: { ips: ['192.0.2.1'], configurationSets: ['marketing'] },
    });
    // The dead addresses are suppressed, and belong to no incident.
    const dead = JSON.parse((await local('status', 'gone0@example.org', '--json')).stdout);
    expect(dead).toMatchObject({ suppressed: true, reason: 'userunknown' });
    expect(dead.incident).toBeUndefined();
    // A blocklisted recipient is not suppressed; its status names the incident.
    const listed = JSON.parse((await local('status', 'cid@example.net', '--json')).stdout);
    expect(listed).toMatchObject({ suppressed: false, incident: { blocklist: { name: 'Spamhaus ZEN' }, state: 'open' } });
    expect((await local('status', 'cid@example.net')).stdout).toMatch(/incident\s+Spamhaus ZEN listing, open since .*delist at https:\/\/www\.spamhaus\.org\/lookup\//);
  }, 120_000);

  it('changes nothing when the same mix is delivered again', async () => {
    const before = await incidents();
    expect(JSON.parse((await local('send', file, '--wait', '--json')).stdout)).toMatchObject({ processed: mix.length });
    expect(await incidents()).toEqual(before);
  }, 120_000);

  it('filters open incidents and prints a readable table', async () => {
    const open = await local('incidents', '--open', '--since', '1d');
    expect(open.stdout).toMatch(/^state\s+cause\s+opened/);
    expect(open.stdout).toContain('Spamhaus ZEN listing');
    expect(open.stdout).toContain('delist: https://www.spamhaus.org/lookup/');
    expect((await local('incidents', '--since', '1m', '--json')).stdout).toBe('{"items":[],"cursor":null}\n');
  });

  it('counts events by provider and lists them by provider', async () => {
    const stats = JSON.parse((await local('stats', '--by', 'provider', '--json')).stdout);
    expect(Object.fromEntries(stats.groups.map((group: { key: string; events: number }) => [group.key, group.events]))).toEqual({
      other: 15,
      microsoft: 9,
      google: 5,
    });
    const listed = JSON.parse((await local('list', '--provider', 'google', '--json')).stdout);
    expect(listed.items.map((event: { address: string }) => event.address).sort()).toEqual(['user0', 'user1', 'user2', 'user3', 'user4'].map((u) => `${u}@hosted.example`));
  });
});
