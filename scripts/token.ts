import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import { ORGS, type Caller, type Org } from '../src/auth/caller';
import { signToken } from '../src/auth/tokens';
import { ConfigError, loadConfig } from '../src/config';
import { setClock } from '../src/clock';

/**
 * `npm run token -- --org HRSS --district 210500 [--bank CODE] [--uscc CODE] [--sub NAME] [--ttl 8h]`
 * prints a bearer token signed with the hub's signing key: JWT_SIGNING_KEY_ID's in JWT_KEYS (its id
 * goes in the header as `kid`), else JWT_SECRET (or the development default).
 */
const USAGE = `usage: npm run token -- --org ORG [--district CODE] [--bank CODE] [--uscc CODE] [--sub NAME] [--ttl TTL]

Prints a bearer token for the hub, signed with JWT_SECRET (unset: the development default).

  --org ORG        who the caller is, one of: ${ORGS.join(', ')}
  --district CODE  the caller's district (default 210500, the city)
  --bank CODE      a bank's own token (with --org BANK)
  --uscc CODE      an enterprise's own token (with --org CONTRACTOR): its unified social credit code
  --sub NAME       the token's subject, e.g. the agency system (default <org>-<district>)
  --ttl TTL        lifetime: seconds, or 30m, 8h, 7d (default 8h; at most TOKEN_MAX_LIFETIME_HOURS)
  --help           this text

example: npm run token -- --org HRSS --district 210500`;

const OPTIONS = {
  org: { type: 'string' },
  district: { type: 'string', default: '210500' },
  bank: { type: 'string' },
  uscc: { type: 'string' },
  sub: { type: 'string' },
  ttl: { type: 'string', default: '8h' },
  help: { type: 'boolean', short: 'h' },
} as const;

function main(): void {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (err) {
    // an unknown option or a missing value: say which, then how to call it
    process.stderr.write(`token: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!values.org || !(ORGS as readonly string[]).includes(values.org)) {
    fail(`--org is required, one of: ${ORGS.join(', ')} (npm run token -- --help)`);
  }
  const caller: Caller = {
    sub: values.sub ?? `${values.org!.toLowerCase()}-${values.district}`,
    org: values.org as Org,
    district: values.district!,
  };
  if (values.bank) caller.bank = values.bank;
  if (values.uscc) caller.uscc = values.uscc;
  const ttl = /^\d+$/.test(values.ttl!) ? Number(values.ttl) : values.ttl!;
  const config = loadConfig();
  // A rehearsal hub runs at HUB_CLOCK_AT: its tokens are dated in the same time, or it would judge them
  // issued in the future (or long expired).
  if (config.clockAt) setClock(config.clockAt);
  let token: string;
  try {
    token = signToken(caller, config.jwtKeys, ttl);
  } catch (err) {
    fail((err as Error).message);
  }
  // The hub refuses a token meant to live longer than TOKEN_MAX_LIFETIME_HOURS: say so now, not at use.
  const { iat, exp } = jwt.decode(token) as { iat: number; exp: number };
  if (exp - iat > config.tokenMaxLifetimeS) {
    fail(
      `--ttl ${values.ttl} is longer than the hub's maximum token lifetime of ${config.tokenMaxLifetimeS / 3600} hours (TOKEN_MAX_LIFETIME_HOURS): the hub would refuse it`,
    );
  }
  process.stdout.write(token + '\n');
}

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

try {
  main();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
