import { assert, assertEquals, assertMatch, assertRejects } from "../test_assert.ts";
import {
  DecryptError,
  decryptToken,
  encryptToken,
  envelopeKeyId,
  fromBase64Url,
  KeyringError,
  maskedSuffix,
  parseKeyring,
  signValue,
  toBase64Url,
  tokenAad,
  verifyValue,
} from "./crypto.ts";
import { KAT } from "./crypto_vectors.ts";

const KAT_KEY = KAT.key;
const KAT_IV = KAT.iv;
const KAT_USER = KAT.user;
const KAT_TOKEN = KAT.token;
const KAT_ENVELOPE = KAT.envelope;
const KAT_SIGNED = KAT.signed;

const randomKey = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

Deno.test("keyring: first entry is active; standard and url-safe base64 both accepted", () => {
  const ring = parseKeyring(`new:${randomKey()}, old:${KAT_KEY}`);
  assertEquals(ring.activeKeyId, "new");
  assertEquals([...ring.keys.keys()], ["new", "old"]);
  assertEquals(ring.keys.get("old")!.length, 32);
});

Deno.test("keyring: unset, malformed, short or repeated keys are refused without echoing a key", () => {
  const secret = toBase64Url(new Uint8Array(16).fill(7));
  for (
    const raw of [
      undefined,
      "",
      " , ",
      "nokid",
      `:${KAT_KEY}`,
      "bad kid:x",
      `k:${secret}`,
      "k:!!!",
      `a:${KAT_KEY},a:${KAT_KEY}`,
    ]
  ) {
    let caught: unknown;
    try {
      parseKeyring(raw);
    } catch (e) {
      caught = e;
    }
    assert(caught instanceof KeyringError, `expected KeyringError for ${JSON.stringify(raw)}`);
    assert(!(caught as Error).message.includes(secret), "the message never contains key material");
  }
});

Deno.test("envelope: matches the node:crypto known-answer vector, both ways", async () => {
  const ring = parseKeyring(`kat-1:${KAT_KEY}`);
  const aad = tokenAad(KAT_USER, "github");
  const { envelope, keyId } = await encryptToken(ring, KAT_TOKEN, aad, KAT_IV);
  assertEquals(envelope, KAT_ENVELOPE);
  assertEquals(keyId, "kat-1");
  assertEquals(await decryptToken(ring, KAT_ENVELOPE, aad), KAT_TOKEN);
});

Deno.test("envelope: random IV each time, versioned, names its key, hides the plaintext", async () => {
  const ring = parseKeyring(`k2:${randomKey()}`);
  const aad = tokenAad(KAT_USER, "gemini");
  const a = await encryptToken(ring, "AIzaSecretKeyValue1234", aad);
  const b = await encryptToken(ring, "AIzaSecretKeyValue1234", aad);
  assert(a.envelope !== b.envelope, "two encryptions differ");
  assertMatch(a.envelope, /^v1\.k2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  assertEquals(envelopeKeyId(a.envelope), "k2");
  assert(!a.envelope.includes("AIzaSecret"), "no plaintext in the envelope");
  assertEquals(await decryptToken(ring, b.envelope, aad), "AIzaSecretKeyValue1234");
});

Deno.test("envelope: AAD binds it to its row — another user or provider cannot open it", async () => {
  const ring = parseKeyring(`k:${randomKey()}`);
  const { envelope } = await encryptToken(ring, "secret-token", tokenAad(KAT_USER, "gemini"));
  await assertRejects(
    () => decryptToken(ring, envelope, tokenAad("00000000-0000-4000-8000-000000000002", "gemini")),
    DecryptError,
  );
  await assertRejects(() => decryptToken(ring, envelope, tokenAad(KAT_USER, "gmail")), DecryptError);
});

Deno.test("envelope: tampering, truncation, unknown key and garbage are DecryptErrors", async () => {
  const ring = parseKeyring(`kat-1:${KAT_KEY}`);
  const aad = tokenAad(KAT_USER, "github");
  const parts = KAT_ENVELOPE.split(".");
  const sealed = fromBase64Url(parts[3]!);
  sealed[0] = sealed[0]! ^ 1;
  const tampered = [...parts.slice(0, 3), toBase64Url(sealed)].join(".");
  for (
    const bad of [
      tampered,
      KAT_ENVELOPE.slice(0, 40),
      KAT_ENVELOPE.replace("v1.kat-1.", "v1.other."),
      KAT_ENVELOPE.replace("v1.", "v2."),
      "not an envelope",
    ]
  ) {
    await assertRejects(() => decryptToken(ring, bad, aad), DecryptError);
  }
});

Deno.test("envelope: after rotation the old key still opens old rows; new rows use the new key", async () => {
  const before = parseKeyring(`kat-1:${KAT_KEY}`);
  const after = parseKeyring(`kat-2:${randomKey()},kat-1:${KAT_KEY}`);
  const aad = tokenAad(KAT_USER, "github");
  assertEquals(await decryptToken(after, KAT_ENVELOPE, aad), KAT_TOKEN);
  const { envelope, keyId } = await encryptToken(after, KAT_TOKEN, aad);
  assertEquals(keyId, "kat-2");
  await assertRejects(() => decryptToken(before, envelope, aad), DecryptError);
});

Deno.test("signed values: known answer, round trip, purpose separation, tampering", async () => {
  const ring = parseKeyring(`kat-1:${KAT_KEY}`);
  assertEquals(await signValue(ring, "oauth-state", { n: "x", e: 1 }), KAT_SIGNED);
  assertEquals(await verifyValue(ring, "oauth-state", KAT_SIGNED), { n: "x", e: 1 });
  assertEquals(await verifyValue(ring, "other-purpose", KAT_SIGNED), null);

  const [kid, payload, mac] = KAT_SIGNED.split(".") as [string, string, string];
  const forged = toBase64Url(new TextEncoder().encode(JSON.stringify({ n: "y", e: 1 })));
  assertEquals(await verifyValue(ring, "oauth-state", `${kid}.${forged}.${mac}`), null);
  assertEquals(await verifyValue(ring, "oauth-state", `${kid}.${payload}.${mac.slice(1)}`), null);
  assertEquals(await verifyValue(ring, "oauth-state", `nokey.${payload}.${mac}`), null);
  assertEquals(await verifyValue(ring, "oauth-state", "garbage"), null);
  assertEquals(await verifyValue(parseKeyring(`kat-1:${randomKey()}`), "oauth-state", KAT_SIGNED), null);
});

Deno.test("maskedSuffix keeps only the last four characters", () => {
  assertEquals(maskedSuffix("AIzaSyExample1234abcd"), "abcd");
  assertEquals(maskedSuffix("abc"), "abc");
});
