import { SignatureRefused, sign, signedHeaders, verifySignature } from '../../src/http/webhook-signature';
import { now as clockNow } from '../../src/clock';

// The Standard Webhooks specification's own example (standard-webhooks/spec, "Signature scheme").
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TS = '1614265330';
const SPEC_BODY = Buffer.from('{"test": 2432232314}');
const SPEC_SIG = 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signature', () => {
  const at = (ts: string) => new Date(Number(ts) * 1000);
  const headers = (signature: string, timestamp = SPEC_TS) => ({ id: SPEC_ID, timestamp, signature });

  it("matches the specification's example", () => {
    expect(sign(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY)).toBe(SPEC_SIG);
    expect(() =>
      verifySignature(SPEC_SECRET, headers(`v1,${SPEC_SIG}`), SPEC_BODY, at(SPEC_TS)),
    ).not.toThrow();
  });

  it('refuses a changed body, a wrong version tag and a missing header', () => {
    expect(() =>
      verifySignature(SPEC_SECRET, headers(`v1,${SPEC_SIG}`), Buffer.from('{"test": 1}'), at(SPEC_TS)),
    ).toThrow(SignatureRefused);
    expect(() => verifySignature(SPEC_SECRET, headers(`v2,${SPEC_SIG}`), SPEC_BODY, at(SPEC_TS))).toThrow(
      /does not match/,
    );
    expect(() =>
      verifySignature(
        SPEC_SECRET,
        { id: SPEC_ID, timestamp: SPEC_TS, signature: undefined },
        SPEC_BODY,
        at(SPEC_TS),
      ),
    ).toThrow(/required/);
  });

  it('allows 5 minutes of clock difference in both directions, and no more', () => {
    const sig = `v1,${SPEC_SIG}`;
    for (const offset of [-300, 300]) {
      expect(() =>
        verifySignature(SPEC_SECRET, headers(sig), SPEC_BODY, at(String(Number(SPEC_TS) + offset))),
      ).not.toThrow();
    }
    for (const offset of [-301, 301]) {
      expect(() =>
        verifySignature(SPEC_SECRET, headers(sig), SPEC_BODY, at(String(Number(SPEC_TS) + offset))),
      ).toThrow(/away from the hub's clock/);
    }
    expect(() => verifySignature(SPEC_SECRET, headers(sig, '16142653.30'), SPEC_BODY, at(SPEC_TS))).toThrow(
      /Unix seconds/,
    );
  });

  it('signs what it verifies', () => {
    const body = Buffer.from('{"events":[]}');
    const h = signedHeaders(SPEC_SECRET, body, 'msg_1', clockNow());
    expect(() =>
      verifySignature(
        SPEC_SECRET,
        { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] },
        body,
        clockNow(),
      ),
    ).not.toThrow();
  });

  it('takes any of the secrets the hub holds (a rotation overlap) and says which one matched', () => {
    const current = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const sig = headers(`v1,${SPEC_SIG}`);
    expect(verifySignature([SPEC_SECRET], sig, SPEC_BODY, at(SPEC_TS))).toBe(0);
    expect(verifySignature([current, SPEC_SECRET], sig, SPEC_BODY, at(SPEC_TS))).toBe(1);
    expect(() => verifySignature([current], sig, SPEC_BODY, at(SPEC_TS))).toThrow(SignatureRefused);
    expect(() => verifySignature([], sig, SPEC_BODY, at(SPEC_TS))).toThrow(SignatureRefused);
  });
});
