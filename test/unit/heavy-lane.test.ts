import { HeavyLane } from '../../src/http/limits/heavy-lane';
import { requestTimeout } from '../../src/http/limits/request-budget';

const tick = () => new Promise((r) => setImmediate(r));

describe('the heavy lane', () => {
  it('runs one operation per agency, and hands a freed place to the agencies waiting in turn', async () => {
    const lane = new HeavyLane(2);
    const order: string[] = [];
    const enter = (agency: string, name: string) =>
      lane.enter(agency).then((leave) => {
        order.push(name);
        return leave;
      });
    const a1 = enter('bank:A', 'a1');
    const b1 = enter('bank:B', 'b1');
    const a2 = enter('bank:A', 'a2'); // A already runs one: it waits
    const a3 = enter('bank:A', 'a3');
    const c1 = enter('HRSS:210502', 'c1');
    await tick();
    expect(order).toEqual(['a1', 'b1']);
    expect(lane.stats()).toEqual({ running: 2, waiting: 3 });
    (await b1)();
    await tick();
    // B's place: A still runs a1, so C (waiting behind A) is next, not A's second.
    expect(order).toEqual(['a1', 'b1', 'c1']);
    (await a1)();
    await tick();
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2']);
    (await c1)();
    await tick();
    expect(order).toHaveLength(4); // a3 waits for A's own a2, not for a place
    (await a2)();
    await tick();
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
    (await a3)();
    expect(lane.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('drops a waiter whose request is stopped, with the stop as its answer', async () => {
    const lane = new HeavyLane(1);
    const leave = await lane.enter('bank:A');
    const stop = new AbortController();
    const waiting = lane.enter('bank:B', stop.signal);
    stop.abort(requestTimeout(10_000));
    await expect(waiting).rejects.toMatchObject({ extensions: { code: 'REQUEST_TIMEOUT' } });
    expect(lane.stats()).toEqual({ running: 1, waiting: 0 });
    leave();
    leave(); // freeing twice frees once
    expect(lane.stats()).toEqual({ running: 0, waiting: 0 });
  });
});
