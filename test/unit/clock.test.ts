import { advanceClock, now, nowMs, resetClock, setClock, todayInShanghai } from '../../src/clock';
import { TEST_NOW, TEST_TODAY } from '../support/test-clock';

describe("the hub's clock", () => {
  afterEach(() => setClock(TEST_NOW));

  it('starts every test file at the suite instant, whatever the machine says', () => {
    expect(todayInShanghai()).toBe(TEST_TODAY);
    expect(Math.abs(nowMs() - Date.parse(TEST_NOW))).toBeLessThan(60_000);
  });

  it('runs on from a set instant, and stands still when frozen', async () => {
    setClock('2027-02-10T23:59:59.990+08:00');
    await new Promise((r) => setTimeout(r, 30));
    // Running: 30 ms later it is the next Shanghai day.
    expect(todayInShanghai()).toBe('2027-02-11');
    setClock('2027-02-10T23:59:59.990+08:00', { frozen: true });
    await new Promise((r) => setTimeout(r, 30));
    expect(now().toISOString()).toBe('2027-02-10T15:59:59.990Z');
  });

  it('gives the Shanghai date, not the UTC one, around midnight', () => {
    setClock('2026-12-31T16:30:00Z', { frozen: true });
    expect(todayInShanghai()).toBe('2027-01-01');
    advanceClock(-3_600_000);
    expect(todayInShanghai()).toBe('2026-12-31');
  });

  it('goes back to the machine clock when reset', () => {
    setClock('2030-01-01T00:00:00Z', { frozen: true });
    resetClock();
    expect(Math.abs(nowMs() - Date.now())).toBeLessThan(1000);
  });

  it('refuses an instant that is not one', () => {
    expect(() => setClock('2026-02-30T25:00')).toThrow(/not a date-time/);
  });
});
