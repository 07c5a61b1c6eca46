/**
 * The shared contract (supabase/functions/_shared/contract) against what it describes:
 *   - its event payload schemas equal `private.event_types.payload_schema` in the live database,
 *     type for type and key for key, and its zod schemas accept and refuse the same payloads as
 *     `private.envelope_errors`;
 *   - its token crypto opens in Node what Deno sealed and the other way round, and reproduces the
 *     node:crypto known-answer vectors in Node (Deno checks them in crypto_test.ts).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import {
  decryptToken,
  encryptToken,
  parseKeyring,
  signValue,
  toBase64Url,
  tokenAad,
  verifyValue,
} from "../../supabase/functions/_shared/contract/crypto.ts";
import { KAT } from "../../supabase/functions/_shared/contract/crypto_vectors.ts";
import {
  EVENT_PAYLOADS,
  EVENT_SCHEMAS,
  EVENT_TYPES,
  type EventType,
  type FieldType,
  type PayloadSchema,
} from "../../supabase/functions/_shared/contract/events.ts";
import { withSql } from "../support/env.js";

const REPO_ROOT = path.resolve(new URL("../..", import.meta.url).pathname);
const CRYPTO_URL = new URL("../../supabase/functions/_shared/contract/crypto.ts", import.meta.url).href;

/** A valid value of each payload field type, and one of the wrong type. */
const SAMPLE: Record<FieldType, () => { good: unknown; bad: unknown }> = {
  string: () => ({ good: "x", bad: 1 }),
  uuid: () => ({ good: randomUUID(), bad: "not-a-uuid" }),
  timestamptz: () => ({ good: new Date().toISOString(), bad: "2026-11-30 10:00" }),
  integer: () => ({ good: 3, bad: 3.5 }),
  number: () => ({ good: 2.5, bad: "2.5" }),
  boolean: () => ({ good: true, bad: "true" }),
  object: () => ({ good: { a: 1 }, bad: [1] }),
  array: () => ({ good: [1, "a"], bad: { a: 1 } }),
  "string[]": () => ({ good: ["a", "b"], bad: ["a", 1] }),
  "uuid[]": () => ({ good: [randomUUID()], bad: ["x"] }),
};

function samplePayload(schema: PayloadSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, t] of Object.entries({ ...schema.required, ...schema.optional })) out[k] = SAMPLE[t]().good;
  return out;
}

describe("contract: event schemas = private.event_types", () => {
  test("the same event types with the same payload schemas, key for key", async () => {
    const rows = await withSql(
      (sql) =>
        sql<{ event_type: string; payload_schema: PayloadSchema }[]>`
        select event_type, payload_schema from private.event_types order by event_type`,
    );
    const registered = Object.fromEntries(
      rows.map((r) => [
        r.event_type,
        { required: r.payload_schema.required ?? {}, optional: r.payload_schema.optional ?? {} },
      ]),
    );
    const contract = Object.fromEntries(
      [...EVENT_TYPES].sort().map((t) => {
        const s: PayloadSchema = EVENT_PAYLOADS[t];
        return [t, { required: { ...s.required }, optional: { ...s.optional } }];
      }),
    );
    assert.deepEqual(
      contract,
      registered,
      "contract/events.ts and the migrations' private.register_event_type calls must agree",
    );
  });

  test("zod and private.envelope_errors accept and refuse the same payloads", async () => {
    const cases: { type: EventType; what: string; payload: Record<string, unknown> }[] = [];
    for (const type of EVENT_TYPES) {
      const schema: PayloadSchema = EVENT_PAYLOADS[type];
      const good = samplePayload(schema);
      cases.push({ type, what: "complete", payload: good });
      cases.push({ type, what: "extra key", payload: { ...good, extra_key: "kept by neither" } });
      for (const [k, t] of Object.entries(schema.required ?? {})) {
        const { [k]: _dropped, ...missing } = good;
        cases.push({ type, what: `without ${k}`, payload: missing });
        cases.push({ type, what: `${k} null`, payload: { ...good, [k]: null } });
        cases.push({ type, what: `${k} wrong type`, payload: { ...good, [k]: SAMPLE[t]().bad } });
      }
      for (const [k, t] of Object.entries(schema.optional ?? {})) {
        const { [k]: _dropped, ...missing } = good;
        cases.push({ type, what: `without optional ${k}`, payload: missing });
        cases.push({ type, what: `optional ${k} null`, payload: { ...good, [k]: null } });
        cases.push({ type, what: `optional ${k} wrong type`, payload: { ...good, [k]: SAMPLE[t]().bad } });
      }
    }
    const envelopes = cases.map((c, i) => ({
      event_id: i + 1,
      event_type: c.type,
      emitted_at: new Date().toISOString(),
      payload: c.payload,
    }));
    const sqlProblems = await withSql(
      (sql) =>
        sql<{ n: number; problems: string[] }[]>`
        select e.n::int, private.envelope_errors(e.message) as problems
        from jsonb_array_elements(${JSON.stringify(envelopes)}::text::jsonb) with ordinality as e(message, n)
        order by e.n`,
    );
    assert.equal(sqlProblems.length, cases.length);
    let refused = 0;
    for (const [i, c] of cases.entries()) {
      const sqlOk = (sqlProblems[i]?.problems ?? ["missing"]).length === 0;
      const zodOk = EVENT_SCHEMAS[c.type].safeParse(c.payload).success;
      assert.equal(zodOk, sqlOk, `${c.type} ${c.what}: zod ${zodOk}, SQL ${sqlProblems[i]?.problems}`);
      if (!sqlOk) refused += 1;
    }
    assert.ok(refused > cases.length / 3, "the cases include refusals, not only passes");
  });
});

/** Runs `code` (TypeScript, with `crypto` bound to the contract's crypto module) in Deno; returns stdout. */
async function inDeno(code: string): Promise<string> {
  const script = `import * as c from ${JSON.stringify(CRYPTO_URL)};\n${code}`;
  const { stdout } = await promisify(execFile)(
    path.join(REPO_ROOT, "node_modules/.bin/deno"),
    ["eval", "--quiet", "--ext=ts", script],
    { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } },
  );
  return stdout.trim();
}

describe("contract: token crypto is the same in Node and Deno", () => {
  test("Node reproduces the node:crypto known-answer vectors", async () => {
    const ring = parseKeyring(KAT.keyring);
    const aad = tokenAad(KAT.user, KAT.provider);
    assert.equal((await encryptToken(ring, KAT.token, aad, KAT.iv)).envelope, KAT.envelope);
    assert.equal(await decryptToken(ring, KAT.envelope, aad), KAT.token);
    assert.equal(await signValue(ring, KAT.signedPurpose, KAT.signedValue), KAT.signed);
    assert.deepEqual(await verifyValue(ring, KAT.signedPurpose, KAT.signed), KAT.signedValue);
  });

  test("sealed in Deno, opened in Node; sealed in Node, opened in Deno; wrong row refused in both", async () => {
    const keyring = `live:${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
    const ring = parseKeyring(keyring);
    const user = randomUUID();
    const aad = tokenAad(user, "linkedin");
    const secret = `li_${randomUUID()}_ünïcødé`;

    const fromDeno = await inDeno(
      `const r = c.parseKeyring(${JSON.stringify(keyring)});
       console.log((await c.encryptToken(r, ${JSON.stringify(secret)}, c.tokenAad(${JSON.stringify(user)}, "linkedin"))).envelope);`,
    );
    assert.match(fromDeno, /^v1\.live\./);
    assert.equal(await decryptToken(ring, fromDeno, aad), secret);
    await assert.rejects(() => decryptToken(ring, fromDeno, tokenAad(user, "gmail")));

    const fromNode = (await encryptToken(ring, secret, aad)).envelope;
    const opened = await inDeno(
      `const r = c.parseKeyring(${JSON.stringify(keyring)});
       console.log(JSON.stringify(await c.decryptToken(r, ${JSON.stringify(fromNode)}, c.tokenAad(${JSON.stringify(user)}, "linkedin"))));
       try { await c.decryptToken(r, ${JSON.stringify(fromNode)}, c.tokenAad(${JSON.stringify(user)}, "gmail")); console.log("opened"); }
       catch (e) { console.log((e as Error).name); }`,
    );
    assert.deepEqual(opened.split("\n"), [JSON.stringify(secret), "DecryptError"]);

    const signed = await inDeno(
      `console.log(await c.signValue(c.parseKeyring(${JSON.stringify(keyring)}), "p", {u: ${JSON.stringify(user)}}));`,
    );
    assert.deepEqual(await verifyValue(ring, "p", signed), { u: user });
    assert.equal(await verifyValue(ring, "other", signed), null);
  });
});
