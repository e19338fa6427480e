import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Docker does not run on the machines this project is built on, so the image and compose files
 * are checked by reading them: what an operator relies on when running `docker compose up`.
 */
const read = (file: string) => readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('docker-compose.yml');

/** The services and the text of each, from the two-space-indented keys under `services:`. */
function services(): Map<string, string> {
  const body = compose.slice(compose.indexOf('\nservices:\n'), compose.indexOf('\nvolumes:\n'));
  const out = new Map<string, string>();
  for (const part of body.split(/\n(?= {2}[a-z][\w-]*:\n)/).slice(1)) {
    out.set(part.trim().split(':')[0]!, part);
  }
  return out;
}

describe('the container image', () => {
  it('is built on a Node LTS in support (22 or 24), running the same command as npm start', () => {
    expect(dockerfile).toMatch(/^FROM node:(22|24)-[a-z]+-slim$/m);
    const pkg = JSON.parse(read('package.json')) as { scripts: { start: string } };
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd.join(' ')).toBe(pkg.scripts.start);
  });

  it('runs as an unprivileged user, in production mode', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
  });
});

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Redis and the hub, each restarted after a crash or a reboot', () => {
    const all = services();
    expect([...all.keys()]).toEqual(['postgres', 'redis', 'hub']);
    for (const [name, text] of all)
      expect([name, /\n {4}restart: (unless-stopped|always)\n/.test(text)]).toEqual([name, true]);
  });

  it('ships no password or secret: each must be set, and compose refuses to start without it', () => {
    for (const name of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'JWT_SECRET']) {
      const uses = compose.match(new RegExp(`\\$\\{${name}[^}]*\\}`, 'g')) ?? [];
      expect([name, uses.length > 0]).toEqual([name, true]);
      for (const use of uses) expect(use).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    }
    expect(compose).not.toMatch(/PASSWORD:-|SECRET:-/);
  });

  it('publishes only the hub, on loopback unless HUB_BIND says otherwise', () => {
    const all = services();
    for (const name of ['postgres', 'redis']) expect(all.get(name)).not.toMatch(/\n {4}ports:/);
    const ports = /\n {4}ports:\n((?: {6}- .+\n)+)/.exec(all.get('hub')!)![1]!.trim().split('\n');
    expect(ports).toEqual(["      - '${HUB_BIND:-127.0.0.1}:${HUB_PORT:-4000}:4000'".trim()]);
  });

  it('gives the hub longer to stop than its own shutdown limit', () => {
    const grace = Number(/stop_grace_period: (\d+)s/.exec(services().get('hub')!)![1]);
    const limitMs = Number(/SHUTDOWN_LIMIT_MS = ([\d_]+)/.exec(read('src/main.ts'))![1]!.replace(/_/g, ''));
    expect(grace * 1000).toBeGreaterThan(limitMs);
  });
});
