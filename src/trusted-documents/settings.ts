import { ORGS } from '../auth/caller';
import type { AdhocCaller, TrustedDocumentsMode, TrustedDocumentsPolicy } from './plugin';

const MODES: TrustedDocumentsMode[] = ['refuse', 'log', 'allow'];

/**
 * TRUSTED_DOCUMENTS (refuse in production, allow elsewhere) and TRUSTED_DOCUMENTS_ADHOC_CALLERS
 * (default HRSS:210500, city HRSS, who administers the hub and needs ad-hoc queries; `none`: nobody).
 */
export function trustedDocumentsPolicy(
  env: Record<string, string | undefined>,
  nodeEnv: string,
  ConfigError: new (message: string) => Error,
): TrustedDocumentsPolicy {
  const rawMode = env.TRUSTED_DOCUMENTS || (nodeEnv === 'production' ? 'refuse' : 'allow');
  if (!MODES.includes(rawMode as TrustedDocumentsMode)) {
    throw new ConfigError(`TRUSTED_DOCUMENTS must be one of ${MODES.join(', ')}, got "${rawMode}"`);
  }
  const rawCallers = env.TRUSTED_DOCUMENTS_ADHOC_CALLERS || 'HRSS:210500';
  const adhocCallers: AdhocCaller[] = [];
  if (rawCallers.trim() !== 'none') {
    for (const item of rawCallers
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [org, district, ...rest] = item.split(':');
      if (
        !(ORGS as readonly string[]).includes(org) ||
        rest.length ||
        (district !== undefined && !/^\d{6}$/.test(district))
      ) {
        throw new ConfigError(
          `TRUSTED_DOCUMENTS_ADHOC_CALLERS must be "none" or a comma-separated list of ORG or ORG:DISTRICT (e.g. HRSS:210500), got "${item}"`,
        );
      }
      adhocCallers.push({ org, district: district ?? null });
    }
  }
  return { mode: rawMode as TrustedDocumentsMode, adhocCallers };
}
