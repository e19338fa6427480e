/** `npm run token` refuses to issue what the hub would refuse: a token past TOKEN_MAX_LIFETIME_HOURS. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';

const ROOT = path.join(__dirname, '..', '..');

function token(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(
    process.execPath,
    ['-r', './src/register.js', 'scripts/token.ts', '--org', 'HRSS', ...args],
    { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } },
  );
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

describe('npm run token and the maximum lifetime', () => {
  it('issues a token up to the maximum and refuses a longer one, naming the setting', () => {
    const ninetyDays = token(['--ttl', '90d']);
    expect(ninetyDays.status).toBe(0);
    const claims = jwt.decode(ninetyDays.stdout) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(90 * 86400);

    const longer = token(['--ttl', '91d']);
    expect(longer.status).toBe(2);
    expect(longer.stdout).toBe('');
    expect(longer.stderr).toBe(
      "token: --ttl 91d is longer than the hub's maximum token lifetime of 2160 hours (TOKEN_MAX_LIFETIME_HOURS): the hub would refuse it",
    );
    const shorter = token(['--ttl', '9h'], { TOKEN_MAX_LIFETIME_HOURS: '8' });
    expect(shorter.status).toBe(2);
    expect(shorter.stderr).toMatch(/maximum token lifetime of 8 hours/);
    expect(token(['--ttl', '8h'], { TOKEN_MAX_LIFETIME_HOURS: '8' }).status).toBe(0);
  }, 60_000); // four runs of the script, each starting node and its TypeScript loader
});
