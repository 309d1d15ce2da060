import { describe, expect, it } from '@jest/globals';
import { computeSlackSignature, signatureHeaders, verifySlackSignature } from '../../src/sandbox/index.js';

// Slack's worked example (shared/docs/slack-testing.md §5.1).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
  '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
  '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('request signing', () => {
  it("reproduces Slack's documented test vector", () => {
    expect(computeSlackSignature(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  it('builds the two headers Slack sends', () => {
    expect(signatureHeaders(SECRET, BODY, TIMESTAMP)).toEqual({
      'X-Slack-Signature': EXPECTED,
      'X-Slack-Request-Timestamp': '1531420618',
    });
  });

  it('verifies the vector and rejects a changed body, a wrong secret and a 301 s old timestamp', () => {
    const headers = { signature: EXPECTED, timestamp: String(TIMESTAMP) };
    expect(verifySlackSignature(SECRET, headers, BODY, TIMESTAMP + 10)).toBe(true);
    expect(verifySlackSignature(SECRET, headers, `${BODY}x`, TIMESTAMP + 10)).toBe(false);
    expect(verifySlackSignature('other-secret', headers, BODY, TIMESTAMP + 10)).toBe(false);
    expect(verifySlackSignature(SECRET, headers, BODY, TIMESTAMP + 301)).toBe(false);
  });
});
