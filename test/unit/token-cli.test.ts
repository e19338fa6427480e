import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const token = (...args: string[]) =>
  spawnSync(process.execPath, ['-r', './src/register.js', 'scripts/token.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, JWT_SECRET: '', NODE_ENV: 'development' },
  });

describe('npm run token', () => {
  it('prints its usage for --help, and nothing else', () => {
    const r = token('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run token -- --org ORG/);
    expect(r.stdout).toContain('--ttl TTL');
    expect(r.stderr).toBe('');
  }, 30_000);

  it('names an unknown option and shows the usage, without a stack trace', () => {
    const r = token('--orgg', 'HRSS');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("token: Unknown option '--orgg'");
    expect(r.stderr).toContain('usage: npm run token');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  }, 30_000);

  it('prints a token for a known org', () => {
    const r = token('--org', 'HRSS');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('.')).toHaveLength(3);
  }, 30_000);
});
