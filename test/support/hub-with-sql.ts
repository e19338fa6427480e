import { Client } from 'pg';
import { startTestHub, type TestHub } from './test-hub';

/**
 * A file's hub without jobs (the test runs each evaluation itself) and a `pg` client on its
 * database, for reading what the hub stored; both closed after the file. `ready` hands them to the
 * file's own variables once they exist (jest's hooks run after the file's top level), after
 * `setUp`, if given, has run against them.
 */
export function useHubWithSql(
  ready: (hub: TestHub, pg: Client) => void,
  setUp?: (hub: TestHub, pg: Client) => Promise<void>,
): void {
  let pg: Client | undefined;
  let hub: TestHub | undefined;
  beforeAll(async () => {
    hub = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: hub.databaseUrl });
    await pg.connect();
    await setUp?.(hub, pg);
    ready(hub, pg);
  });
  afterAll(async () => {
    await pg?.end();
    await hub?.close();
  });
}
