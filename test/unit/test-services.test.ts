import net from 'node:net';
import { requireServices } from '../support/services';

/** A port nothing listens on: taken from the OS, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// The integration project's global setup runs this first: a missing service must be named, with
// the command that starts it, rather than jest's bare ECONNREFUSED.
describe('the test services check', () => {
  it('names each missing service and how to start it', async () => {
    const [pgPort, redisPort] = [await closedPort(), await closedPort()];
    const check = requireServices(
      `postgres://postgres:secret@127.0.0.1:${pgPort}/postgres`,
      `redis://127.0.0.1:${redisPort}`,
    );
    await expect(check).rejects.toThrow(
      new RegExp(
        `PostgreSQL does not answer at postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${pgPort}/postgres`,
      ),
    );
    await expect(check).rejects.toThrow(/start it: {2}pg_ctlcluster --skip-systemctl-redirect/);
    await expect(check).rejects.toThrow(
      new RegExp(`Redis does not answer at redis://127\\.0\\.0\\.1:${redisPort}`),
    );
    await expect(check).rejects.toThrow(/start it: {2}redis-server --daemonize yes/);
    await expect(check).rejects.toThrow(/The unit tests need neither: npm run test:unit/);
  });
});
