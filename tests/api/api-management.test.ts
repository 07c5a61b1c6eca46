/**
 * API Management through the API: admins list the platform keys (masked) and rotate them; the key
 * is stored encrypted, returned by no route, written to no log, in no database column as
 * plaintext, and every rotation is audited; a user token gets 403 and nothing else; the runner's
 * service-role path decrypts it.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { promisify } from "node:util";
import postgres from "postgres";
import { getProfile, isProfileName } from "../../devstack/src/config.js";
import { readKeys } from "../../devstack/src/keys.js";
import { runnerSecrets } from "../../devstack/src/services.js";
import { platformKey } from "../../scraper-runner/src/platform-keys.js";
import { parseKeyring, rotatePlatformKeys } from "../../scripts/keys-rotate.js";
import { callFunction, env, newAdmin, newUser, type TestUser, withSql } from "../support/env.js";

let admin: TestUser;
let user: TestUser;
const SECRET = `apify_api_${randomBytes(12).toString("hex")}`;
const SERVICE = "apify";

interface Key {
  service: string;
  masked_suffix: string | null;
  expiry_at: string | null;
  days_left: number | null;
  status: string;
  updated_by: { id: string; email: string } | null;
}

async function keys(token: string) {
  return callFunction("api-management/v1/admin/api-management", { token });
}

function rotate(token: string, service: string, body: unknown) {
  return callFunction(`api-management/v1/admin/api-management/${service}`, { method: "PUT", token, body });
}

/** The key ring the stack's functions encrypt with (the runner gets the same, by the same precedence). */
function functionsKeyring(): string {
  assert.ok(isProfileName(env.profile), "needs a devstack profile (its key ring)");
  const profile = getProfile(env.profile);
  const ring = runnerSecrets(profile, readKeys(profile.keysFile) ?? undefined).TOKEN_ENCRYPTION_KEYS;
  assert.ok(ring, "the profile has a key ring");
  return ring;
}

before(async () => {
  [admin, user] = await Promise.all([newAdmin("keys-admin"), newUser("keys-user")]);
});

describe("API management", () => {
  test("a user token gets 403 and nothing else", async () => {
    for (const res of [
      await keys(user.accessToken),
      await rotate(user.accessToken, SERVICE, { key: "user-chosen-key-1" }),
    ]) {
      assert.equal(res.status, 403);
      assert.deepEqual(Object.keys(res.body as object), ["error"]);
    }
    const anon = await keys("");
    assert.equal(anon.status, 401);
  });

  test("admins see every managed service", async () => {
    const res = await keys(admin.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const services = (res.body as { items: Key[] }).items.map((k) => k.service).sort();
    for (const s of [
      "apify",
      "indeed_scraper",
      "linkedin_scraper",
      "mail_provider",
      "naukri_scraper",
      "proxy_url",
    ]) {
      assert.ok(services.includes(s), s);
    }
  });

  test("bad rotations are refused with 4xx and change nothing", async () => {
    const before = (await keys(admin.accessToken)).body;
    const cases: [string, unknown, number][] = [
      ["no_such_service", { key: "0123456789abcdef" }, 404],
      ["Bad-Name", { key: "0123456789abcdef" }, 422],
      [SERVICE, { key: "short" }, 422],
      [SERVICE, { key: " padded-key-value " }, 422],
      [SERVICE, { key: "0123456789abcdef", expiry_at: "2020-01-01T00:00:00Z" }, 422],
      [SERVICE, { key: "0123456789abcdef", expiry_at: "tomorrow" }, 422],
      [SERVICE, { key: "0123456789abcdef", extra: 1 }, 422],
      [SERVICE, { key: "a\u0000bcdefghijk" }, 422],
    ];
    for (const [service, body, status] of cases) {
      const res = await rotate(admin.accessToken, service, body);
      assert.equal(res.status, status, `${service} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual((await keys(admin.accessToken)).body, before);
  });

  test("a rotation: masked everywhere, expiring status, audited, never stored or logged in clear", async () => {
    const expiry = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString();
    const res = await rotate(admin.accessToken, SERVICE, { key: SECRET, expiry_at: expiry });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      status: "updated",
      masked_suffix: `••••${SECRET.slice(-4)}`,
      expiry_at: expiry,
    });
    const list = await keys(admin.accessToken);
    const apify = (list.body as { items: Key[] }).items.find((k) => k.service === SERVICE);
    assert.equal(apify?.status, "expiring");
    assert.equal(apify?.days_left, 11);
    assert.equal(apify?.masked_suffix, `••••${SECRET.slice(-4)}`);
    assert.equal(apify?.updated_by?.email, admin.email);
    assert.ok(!JSON.stringify(list.body).includes(SECRET.slice(0, -4)), "no more than the suffix is listed");

    const audit = await withSql(
      (sql) =>
        sql`select action, details from public.admin_audit_log where actor_id = ${admin.userId} and target_id = ${SERVICE}`,
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, "api_key.rotate");
    assert.ok(!JSON.stringify(audit[0]?.details).includes(SECRET.slice(0, -4)), "the audit row holds no key");

    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", "--no-owner", env.dbUrl], {
      maxBuffer: 512 * 1024 * 1024,
    });
    assert.ok(stdout.includes("platform_api_keys"), "the dump has the table");
    assert.ok(!stdout.includes(SECRET), "the key is in no database column in clear");
    if (isProfileName(env.profile)) {
      const logs = getProfile(env.profile).logsDir;
      const gateway = readFileSync(path.join(logs, "gateway.log"), "utf8");
      assert.ok(gateway.length > 0);
      assert.ok(!gateway.includes(SECRET), "the gateway log does not hold the key");
    }
  });

  test("the runner's service-role path decrypts the key; no user or admin session can read the envelope", async () => {
    const ring = functionsKeyring();
    const db = postgres(env.dbUrl, { max: 1, onnotice: () => {} });
    try {
      const key = await platformKey(db, ring, SERVICE);
      assert.equal(key?.key, SECRET);
      assert.equal(key?.status, "active");
      assert.equal(await platformKey(db, ring, "proxy_url"), null, "a service without a key");
    } finally {
      await db.end({ timeout: 5 });
    }
    for (const who of [user, admin]) {
      const err = await withSql((sql) =>
        sql
          .begin(async (tx) => {
            await tx`select set_config('role', 'authenticated', true),
                            set_config('request.jwt.claims', ${JSON.stringify({ sub: who.userId, role: "authenticated" })}, true)`;
            await tx`select * from private.platform_key_envelope(${SERVICE})`;
          })
          .then(
            () => null,
            (e: { code?: string }) => e.code,
          ),
      );
      assert.equal(err, "42501");
    }
  });

  test("keys:rotate moves platform keys to a new active key, and back", async () => {
    const ring = functionsKeyring();
    const newer = `cert-rot:${randomBytes(32).toString("base64")}`;
    const db = postgres(env.dbUrl, { max: 1, onnotice: () => {} });
    try {
      const forward = await rotatePlatformKeys(db, parseKeyring(`${newer},${ring}`));
      assert.ok(forward.rotated >= 1, JSON.stringify(forward));
      // Rows under a key neither ring holds (saved under another key ring earlier) are reported, never changed.
      assert.equal(forward.remaining, forward.failed.length, JSON.stringify(forward));
      const [row] = await db<
        { key_id: string }[]
      >`select key_id from public.platform_api_keys where service = ${SERVICE}`;
      assert.equal(row?.key_id, "cert-rot");
      assert.equal(
        (await platformKey(db, `${newer},${ring}`, SERVICE))?.key,
        SECRET,
        "still opens under the new key",
      );
      const back = await rotatePlatformKeys(db, parseKeyring(`${ring},${newer}`));
      assert.equal(back.remaining, back.failed.length, JSON.stringify(back));
      assert.equal(
        (await platformKey(db, ring, SERVICE))?.key,
        SECRET,
        "and under the stack's own ring again",
      );
    } finally {
      await db.end({ timeout: 5 });
    }
  });
});
