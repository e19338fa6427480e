/**
 * Every test file starts with the hub's clock at one fixed instant, whatever the machine's date:
 * 10:00 in Shanghai on Tuesday 2026-12-01, a working day with the 2026 calendar loaded. The clock
 * runs on from there (timers, back-offs and token lifetimes behave); a test that needs another
 * date calls setClock itself.
 */
import { setClock } from '../../src/clock';

export const TEST_NOW = '2026-12-01T10:00:00+08:00';
export const TEST_TODAY = '2026-12-01';

setClock(TEST_NOW);
