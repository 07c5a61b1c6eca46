/**
 * Unit tests of the recovery stand-in's pure parts: which redirect targets a recovery link may
 * carry, how a link token is stored, and GoTrue's duration syntax. The flow itself is tested
 * end to end in tests/api/auth-recovery.test.ts. Run:
 * `deno test --config supabase/functions/deno.json devstack/gateway/`.
 */
import assert from "node:assert/strict";
import { goDurationMs, type MailConfig, mailConfigFromEnv } from "./mailer.ts";
import { allowedRedirect, storedRecoveryToken } from "./recovery.ts";

const mail: MailConfig = {
  ...mailConfigFromEnv({ SITE_URL: "http://127.0.0.1:3000/" }),
  allowList: ["https://preview.example.com/**", "https://exact.example.com/auth/callback"],
};

Deno.test("redirect_to: the site and the allow list pass, anything else becomes the site URL", () => {
  const site = "http://127.0.0.1:3000";
  assert.equal(
    allowedRedirect(mail, `${site}/auth/callback?next=%2Fauth%2Freset`),
    `${site}/auth/callback?next=%2Fauth%2Freset`,
  );
  assert.equal(
    allowedRedirect(mail, "https://preview.example.com/a/b?c=1"),
    "https://preview.example.com/a/b?c=1",
  );
  assert.equal(
    allowedRedirect(mail, "https://exact.example.com/auth/callback"),
    "https://exact.example.com/auth/callback",
  );
  for (
    const attack of [
      "https://exact.example.com/auth/callback/../../steal",
      "https://evil.example/",
      "http://127.0.0.1:3001/auth/callback",
      "http://127.0.0.1:3000.evil.example/",
      "javascript:alert(1)",
      "//evil.example",
      "not a url",
      "",
      null,
    ]
  ) {
    assert.equal(allowedRedirect(mail, attack), site, String(attack));
  }
});

Deno.test("a link token is stored only as a SHA-256 of its secret, keeping the flow prefix", () => {
  const secret = "ab".repeat(28);
  const stored = storedRecoveryToken(`pkce_${secret}`);
  assert.match(stored, /^pkce_[0-9a-f]{64}$/);
  assert.ok(!stored.includes(secret));
  assert.equal(
    storedRecoveryToken(secret),
    stored.slice("pkce_".length),
    "same secret, implicit flow: no prefix",
  );
  assert.equal(storedRecoveryToken(`pkce_${secret.toUpperCase()}`), stored, "hex case does not matter");
  assert.notEqual(storedRecoveryToken(`pkce_${"ab".repeat(27)}ac`), stored);
});

Deno.test("GoTrue durations", () => {
  assert.equal(goDurationMs("60s", 1), 60_000);
  assert.equal(goDurationMs("1m30s", 1), 90_000);
  assert.equal(goDurationMs("500ms", 1), 500);
  assert.equal(goDurationMs("2h", 1), 7_200_000);
  assert.equal(goDurationMs("soon", 7), 7);
  assert.equal(goDurationMs("60", 7), 7);
  assert.equal(goDurationMs(undefined, 7), 7);
});
