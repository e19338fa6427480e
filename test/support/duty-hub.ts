import type { Client } from 'pg';
import type { TestHub } from './test-hub';
import { useHubWithSql } from './hub-with-sql';
import { must } from './fixtures';
import { rulesInput, SET_RULES } from './duty-fixtures';

/**
 * What every duty-alert test file starts with: a hub without jobs (the test runs each sweep
 * itself), a client on its database to read the outbox, and the deposit rules watched from
 * 2026-01-01 so that every duty is in force. `ready` hands the hub and the client to the file's
 * own variables once they exist (jest's hooks run after the file's top level).
 */
export function useDutyHub(ready: (hub: TestHub, pg: Client) => void): {
  /** "TOPIC recipient" of every notice about the alert, in a stable order */
  notices(alertId: string): Promise<string[]>;
} {
  let pg: Client;
  useHubWithSql(
    (hub, client) => {
      pg = client;
      ready(hub, client);
    },
    async (hub) => {
      await must(
        hub.gql(hub.token({ org: 'HRSS', district: '210500' }), SET_RULES, { i: rulesInput('2026-01-01') }),
      );
    },
  );
  return {
    notices: async (alertId) =>
      (
        await pg.query(
          `select topic, recipient from outbox_notice where payload->>'alertId' = $1 order by topic, recipient`,
          [alertId],
        )
      ).rows.map((r) => `${r.topic} ${r.recipient}`),
  };
}
