/**
 * Known-answer vectors of the token envelope and signed values, produced with node:crypto (an
 * implementation independent of `crypto.ts`). Deno (`crypto_test.ts`) and Node
 * (`tests/api/contract.test.ts`) both check `crypto.ts` against them byte for byte.
 */
export const KAT = {
  /** base64 of bytes 0..31. */
  key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
  keyring: "kat-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
  /** bytes a0..ab. */
  iv: Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i),
  user: "00000000-0000-4000-8000-000000000001",
  provider: "github",
  token: "gho_16C7e42F292c6912E7710c838347Ae178B4a",
  envelope:
    "v1.kat-1.oKGio6Slpqeoqaqr.gXATcnT9QYgHUbWVNUPyvUaVaCLXgHVdrG0etUeYQTaTE3bIl2BnXDQh1ndbdgqVZDzbRgYUC_8",
  /** `signValue(keyring, "oauth-state", {n: "x", e: 1})`. */
  signedPurpose: "oauth-state",
  signedValue: { n: "x", e: 1 },
  signed: "kat-1.eyJuIjoieCIsImUiOjF9.hxHzTgCOYasfkMZihK0x-VkhkaRM0CEInzZPtZQjQa0",
} as const;
