import {
  NOTICE_BACKOFF_CAP_MS,
  noticeBackoffMs,
  noticeBody,
  outcomeOf,
} from '../../src/services/notice-relay';

describe('notice retry policy', () => {
  const now = new Date('2026-03-16T02:00:00.000Z');

  it('waits 30 s after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(noticeBackoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000,
    ]);
  });

  it('never waits more than an hour, however many attempts failed', () => {
    expect(noticeBackoffMs(8)).toBe(NOTICE_BACKOFF_CAP_MS);
    expect(noticeBackoffMs(9)).toBe(60 * 60_000);
    expect(noticeBackoffMs(1_000)).toBe(60 * 60_000);
    expect(noticeBackoffMs(0)).toBe(30_000);
  });

  it('marks a 2xx DELIVERED at once, with its status and no error', () => {
    expect(outcomeOf({ ok: true, status: 204 }, 3, now, 10)).toEqual({
      status: 'DELIVERED',
      attempts: 4,
      nextAttemptAt: now,
      lastError: null,
      lastHttpStatus: 204,
      deliveredAt: now,
    });
  });

  it('keeps a temporary failure PENDING and schedules it after the backoff', () => {
    const o = outcomeOf({ ok: false, retryable: true, status: 503, error: 'HTTP 503' }, 1, now, 10);
    expect(o).toMatchObject({ status: 'PENDING', attempts: 2, lastError: 'HTTP 503', lastHttpStatus: 503 });
    expect(o.nextAttemptAt.getTime() - now.getTime()).toBe(60_000);
    expect(o.deliveredAt).toBeNull();
  });

  it("honours a receiver's Retry-After when it is longer than the backoff, within the cap", () => {
    const longer = outcomeOf(
      { ok: false, retryable: true, status: 429, error: 'HTTP 429', retryAfterMs: 300_000 },
      0,
      now,
      10,
    );
    expect(longer.nextAttemptAt.getTime() - now.getTime()).toBe(300_000);
    const shorter = outcomeOf({ ok: false, retryable: true, error: 'x', retryAfterMs: 1_000 }, 0, now, 10);
    expect(shorter.nextAttemptAt.getTime() - now.getTime()).toBe(30_000);
    const huge = outcomeOf({ ok: false, retryable: true, error: 'x', retryAfterMs: 86_400_000 }, 0, now, 10);
    expect(huge.nextAttemptAt.getTime() - now.getTime()).toBe(NOTICE_BACKOFF_CAP_MS);
  });

  it('fails a permanent refusal at once, saying so', () => {
    const o = outcomeOf({ ok: false, retryable: false, status: 400, error: 'HTTP 400: bad' }, 0, now, 10);
    expect(o).toMatchObject({ status: 'FAILED', attempts: 1, lastHttpStatus: 400 });
    expect(o.lastError).toBe('permanent: HTTP 400: bad');
  });

  it('gives up on temporary failures at maxAttempts', () => {
    const ninth = outcomeOf({ ok: false, retryable: true, error: 'network error: ECONNREFUSED' }, 8, now, 10);
    expect(ninth.status).toBe('PENDING');
    const tenth = outcomeOf({ ok: false, retryable: true, error: 'network error: ECONNREFUSED' }, 9, now, 10);
    expect(tenth).toMatchObject({ status: 'FAILED', attempts: 10, lastHttpStatus: null });
    expect(tenth.lastError).toBe('gave up after 10 attempts: network error: ECONNREFUSED');
  });

  it('sends the same body on every attempt: the topic as type, the write time as timestamp', () => {
    const notice = {
      id: '0b7f9a52-5f3c-4c53-9d67-0d2f4a0a1e11',
      topic: 'ALERT_OPENED',
      recipient: 'BANK:ICBC_BENXI',
      payload: { alertId: 'a1', shortfall: '1000.00' },
      createdAt: new Date('2026-03-16T01:00:00.000Z'),
    };
    expect(noticeBody(notice).equals(noticeBody({ ...notice }))).toBe(true);
    expect(JSON.parse(noticeBody(notice).toString())).toEqual({
      id: notice.id,
      type: 'ALERT_OPENED',
      timestamp: '2026-03-16T01:00:00.000Z',
      recipient: 'BANK:ICBC_BENXI',
      data: { alertId: 'a1', shortfall: '1000.00' },
    });
  });
});
