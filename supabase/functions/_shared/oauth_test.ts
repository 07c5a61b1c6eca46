import { assertEquals } from "./test_assert.ts";
import { parseKeyring, signValue, toBase64Url } from "./contract/crypto.ts";
import { readState, signState } from "./oauth.ts";

const key = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
const ring = parseKeyring(`s1:${key()}`);
const nonce = "7d7c2a1e-3c39-4f9e-9d55-2c5d0b1a7e10";
const user = "0b6f1c2a-93a4-4f4c-8d2e-5a1c7e9b3d20";
const inTenMinutes = () => new Date(Date.now() + 600_000);

Deno.test("state: round trip binds nonce, user and provider", async () => {
  const expiresAt = inTenMinutes();
  const signed = await signState(ring, { nonce, userId: user, provider: "github", expiresAt });
  const read = await readState(ring, signed);
  assertEquals(read.ok, true);
  if (read.ok) {
    assertEquals(read.state.nonce, nonce);
    assertEquals(read.state.userId, user);
    assertEquals(read.state.expiresAt.getTime(), Math.floor(expiresAt.getTime() / 1000) * 1000);
  }
});

Deno.test("state: expired, missing, oversized, foreign-keyed or wrong-shaped states are refused", async () => {
  const past = new Date(Date.now() - 1000);
  assertEquals(
    await readState(
      ring,
      await signState(ring, { nonce, userId: user, provider: "github", expiresAt: past }),
    ),
    { ok: false, reason: "expired_state" },
  );
  const invalid = { ok: false, reason: "invalid_state" };
  assertEquals(await readState(ring, undefined), invalid);
  assertEquals(await readState(ring, "x".repeat(2000)), invalid);
  const other = parseKeyring(`s1:${key()}`);
  const foreign = await signState(other, {
    nonce,
    userId: user,
    provider: "github",
    expiresAt: inTenMinutes(),
  });
  assertEquals(await readState(ring, foreign), invalid);
  // Signed with the right key for another purpose, or with the wrong shape: refused.
  assertEquals(
    await readState(ring, await signValue(ring, "other", { n: nonce, u: user, p: "github", e: 9e9 })),
    invalid,
  );
  assertEquals(
    await readState(
      ring,
      await signValue(ring, "integrations.oauth-state", { n: "x", u: user, p: "github", e: 9e9 }),
    ),
    invalid,
  );
});

Deno.test("state: still readable after the key moved to second place (rotation)", async () => {
  const old = parseKeyring(`s0:${key()}`);
  const signed = await signState(old, { nonce, userId: user, provider: "github", expiresAt: inTenMinutes() });
  const rotated = parseKeyring(`s1:${key()},s0:${toBase64Url(old.keys.get("s0")!)}`);
  assertEquals((await readState(rotated, signed)).ok, true);
});
