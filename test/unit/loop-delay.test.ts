import { createHistogram } from 'node:perf_hooks';
import { loopDelay, MIN_TURNS_JUDGED, windowJudge } from '../../src/http/limits/loop-delay';

const ms = (n: number) => n * 1e6;
const busy = (forMs: number) => {
  const end = Date.now() + forMs;
  while (Date.now() < end);
};

describe('how late the request thread runs (admission)', () => {
  it('does not read one long pause, alone in its window, as a thread that is behind', () => {
    const samples = createHistogram();
    const judge = windowJudge(samples);
    for (let i = 0; i < 40; i++) samples.record(ms(10.2)); // a quiet window: turns 0.2 ms late
    judge.endWindow();
    expect(judge.lateMs()).toBeCloseTo(0.2, 1);
    samples.record(ms(1200)); // the machine stalled just after the window opened: its only turn
    judge.endWindow();
    expect(judge.lateMs()).toBeLessThan(1); // not judged yet: carried into the next window
    for (let i = 0; i < 40; i++) samples.record(ms(10.3));
    judge.endWindow();
    expect(judge.lateMs()).toBeLessThan(1);
  });

  it(`finds a thread that is late at every turn once ${MIN_TURNS_JUDGED} of its turns are in`, () => {
    const samples = createHistogram();
    const judge = windowJudge(samples);
    const lateTurns = [1310, 1290, 1305];
    for (const turn of lateTurns.slice(0, -1)) {
      samples.record(ms(turn));
      judge.endWindow();
      expect(judge.lateMs()).toBe(0); // one late turn a window: too few to judge
    }
    samples.record(ms(lateTurns.at(-1)!));
    judge.endWindow();
    expect(judge.lateMs()).toBeGreaterThan(1250);
    for (let i = 0; i < 40; i++) samples.record(ms(10.1)); // caught up
    judge.endWindow();
    expect(judge.lateMs()).toBeLessThan(1);
  });

  it('on the real thread: busy turns are found, and a quiet spell clears them', async () => {
    const delay = loopDelay(100);
    try {
      const turns = Date.now() + 900;
      while (Date.now() < turns) {
        busy(120);
        await new Promise((r) => setImmediate(r));
      }
      expect(delay.lateMs()).toBeGreaterThan(60);
      await new Promise((r) => setTimeout(r, 400));
      expect(delay.lateMs()).toBeLessThan(50); // a loaded machine runs a quiet timer a little late too
    } finally {
      delay.close();
    }
  });
});
