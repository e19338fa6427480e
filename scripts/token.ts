import { parseArgs } from 'node:util';
import { ORGS, type Caller, type Org } from '../src/auth/caller';
import { signToken } from '../src/auth/tokens';
import { ConfigError, loadConfig } from '../src/config';

/**
 * `npm run token -- --org HRSS --district 210500 [--bank CODE] [--uscc CODE] [--sub NAME] [--ttl 8h]`
 * prints a bearer token signed with JWT_SECRET (or the development default).
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      district: { type: 'string', default: '210500' },
      bank: { type: 'string' },
      uscc: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!values.org || !(ORGS as readonly string[]).includes(values.org)) {
    fail(`--org is required, one of: ${ORGS.join(', ')}`);
  }
  const caller: Caller = {
    sub: values.sub ?? `${values.org!.toLowerCase()}-${values.district}`,
    org: values.org as Org,
    district: values.district!,
  };
  if (values.bank) caller.bank = values.bank;
  if (values.uscc) caller.uscc = values.uscc;
  const ttl = /^\d+$/.test(values.ttl!) ? Number(values.ttl) : values.ttl!;
  try {
    process.stdout.write(signToken(caller, loadConfig().jwtSecret, ttl) + '\n');
  } catch (err) {
    fail((err as Error).message);
  }
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
