/**
 * The admin function through the API: dashboard counts, the users list (search, sort, pages,
 * summary fields) and a user's page (no secrets), broadcasts (all or chosen users, one
 * notification each even when retried, audited) and the audit log's filters. Every route gives a
 * user token 403 and nothing else (also in access-matrix.test.ts).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";
import { callFunction, newAdmin, newUser, type TestUser, withSql } from "../support/env.js";

let adminUser: TestUser;
let alice: TestUser;
let bob: TestUser;
const tag = randomUUID().slice(0, 8);

interface UserItem {
  id: string;
  email: string;
  display_name: string;
  job_search_status: string;
  verified_docs_count: number;
  pending_docs_count: number;
  github_linked: boolean;
  applications_7d: number;
}

const get = (path: string, token = adminUser.accessToken) =>
  callFunction(`admin/v1/admin/${path}`, { token });

before(async () => {
  [adminUser, alice, bob] = await Promise.all([
    newAdmin("adm"),
    newUser(`alice-${tag}`),
    newUser(`bob-${tag}`),
  ]);
  await callFunction("auth-identity/v1/auth/profile", {
    method: "PATCH",
    token: alice.accessToken,
    body: { display_name: `Alice ${tag}` },
  });
  await callFunction("auth-identity/v1/auth/profile", {
    method: "PATCH",
    token: bob.accessToken,
    body: { display_name: `Bob ${tag}` },
  });
  // Alice: a verified certificate and an active job search (arranged in SQL: their own flows are tested elsewhere).
  await withSql(async (sql) => {
    await sql`insert into public.certificates (user_id, document_type, storage_path, content_type, size_bytes, ocr_status,
                                               status, uploaded_at, reviewed_at)
              values (${alice.userId}, 'degree', ${`${alice.userId}/${randomUUID()}.pdf`}, 'application/pdf', 10, 'extracted',
                      'verified', now(), now())`;
    await sql`insert into public.job_settings (user_id, search_active, portals, roles)
              values (${alice.userId}, true, '{naukri}', '{Backend Engineer}')`;
  });
});

describe("admin: users", () => {
  test("a user token gets 403 and nothing from every admin route", async () => {
    for (const path of ["dashboard", "users", `users/${alice.userId}`, "audit"]) {
      const res = await get(path, alice.accessToken);
      assert.equal(res.status, 403, path);
      assert.deepEqual(Object.keys(res.body as object), ["error"]);
      assert.ok(!JSON.stringify(res.body).includes(bob.email), "no other user's data");
    }
    const broadcast = await callFunction("admin/v1/admin/notifications", {
      method: "POST",
      token: alice.accessToken,
      body: { broadcast_id: randomUUID(), title: "pwned", audience: "all" },
    });
    assert.equal(broadcast.status, 403);
  });

  test("search, summary fields, sort and pages", async () => {
    const res = await get(`users?q=${tag}&sort=display_name`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const page = res.body as { items: UserItem[]; total: number };
    assert.equal(page.total, 2);
    assert.deepEqual(
      page.items.map((u) => u.display_name),
      [`Alice ${tag}`, `Bob ${tag}`],
    );
    const a = page.items[0]!;
    assert.deepEqual(
      {
        email: a.email,
        job: a.job_search_status,
        verified: a.verified_docs_count,
        github: a.github_linked,
        apps: a.applications_7d,
      },
      { email: alice.email, job: "active", verified: 1, github: false, apps: 0 },
    );
    assert.equal(page.items[1]?.job_search_status, "not_set_up");
    const desc = await get(`users?q=${tag}&sort=-display_name&page_size=1&page=2`);
    assert.deepEqual(
      (desc.body as { items: UserItem[] }).items.map((u) => u.display_name),
      [`Alice ${tag}`],
    );
    for (const bad of ["sort=password", "page=0", "page_size=1000", "role=root"]) {
      assert.equal((await get(`users?${bad}`)).status, 422, bad);
    }
  });

  test("a user's page: profile, settings, integrations status and counts, no secrets", async () => {
    const res = await get(`users/${alice.userId}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const d = res.body as {
      user: UserItem;
      job_settings: { portals: string[] };
      counts: { certificates: { verified: number } };
    };
    assert.equal(d.user.email, alice.email);
    assert.deepEqual(d.job_settings.portals, ["naukri"]);
    assert.equal(d.counts.certificates.verified, 1);
    assert.ok(
      !/token_encrypted|masked_suffix|v1\.[A-Za-z0-9_-]+\./.test(JSON.stringify(res.body)),
      "no token material",
    );
    assert.equal((await get(`users/${randomUUID()}`)).status, 404);
    assert.equal((await get("users/not-a-uuid")).status, 422);
  });

  test("dashboard counts include the pending certificates", async () => {
    const before = (await get("dashboard")).body as { pending_certificates: number; total_users: number };
    await withSql(
      (
        sql,
      ) => sql`insert into public.certificates (user_id, document_type, storage_path, content_type, size_bytes, ocr_status, uploaded_at)
                   values (${bob.userId}, 'course', ${`${bob.userId}/${randomUUID()}.png`}, 'image/png', 10, 'queued', now())`,
    );
    const after = (await get("dashboard")).body as { pending_certificates: number; total_users: number };
    // At least: other test files running alongside may add pending certificates too.
    assert.ok(after.pending_certificates >= before.pending_certificates + 1);
    assert.ok(after.total_users >= 3);
  });
});

describe("admin: broadcasts and the audit log", () => {
  test("to chosen users: one notification each, a retry sends nothing twice, audited", async () => {
    const id = randomUUID();
    const body = {
      broadcast_id: id,
      title: `Scheduled maintenance ${tag}`,
      body: "CareerPilot is read-only from 22:00 to 22:30 IST.",
      link_url: "/notifications",
      audience: { user_ids: [alice.userId, bob.userId, alice.userId] },
    };
    const send = () =>
      callFunction("admin/v1/admin/notifications", { method: "POST", token: adminUser.accessToken, body });
    const [first, retry] = await Promise.all([send(), send()]);
    for (const res of [first, retry]) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((res.body as { recipients: number }).recipients, 2);
    }
    for (const who of [alice, bob]) {
      const inbox = await callFunction("notifications/v1/notifications?page_size=100", {
        token: who.accessToken,
      });
      const mine = (inbox.body as { items: { title: string; link_url: string }[] }).items.filter(
        (n) => n.title === body.title,
      );
      assert.equal(mine.length, 1, "exactly one");
      assert.equal(mine[0]?.link_url, "/notifications");
    }
    const other = await callFunction("admin/v1/admin/notifications", {
      method: "POST",
      token: adminUser.accessToken,
      body: { ...body, title: "Something else" },
    });
    assert.equal(other.status, 409);
    const audit = await get(`audit?actor=${adminUser.userId}&action=notification.broadcast`);
    const entries = (audit.body as { items: { target_id: string; details: { recipients: number } }[] }).items;
    assert.deepEqual(
      entries.map((e) => [e.target_id, e.details.recipients]),
      [[id, 2]],
    );
  });

  test("bad broadcasts are 4xx and send nothing", async () => {
    const base = { broadcast_id: randomUUID(), title: "x", audience: "all" };
    const cases: [unknown, number][] = [
      [{ ...base, title: "" }, 422],
      [{ ...base, audience: "everyone" }, 422],
      [{ ...base, audience: { user_ids: [] } }, 422],
      [{ ...base, audience: { user_ids: [randomUUID()] } }, 404],
      [{ ...base, link_url: "https://evil.example/" }, 422],
      [{ ...base, link_url: "//evil.example/" }, 422],
      [{ ...base, broadcast_id: "nope" }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await callFunction("admin/v1/admin/notifications", {
        method: "POST",
        token: adminUser.accessToken,
        body,
      });
      assert.equal(res.status, status, JSON.stringify(body));
    }
    const [row] = await withSql(
      (sql) =>
        sql<
          { n: number }[]
        >`select count(*)::int as n from public.admin_broadcasts where id = ${base.broadcast_id}`,
    );
    assert.equal(row?.n, 0);
  });

  test("the audit log filters by actor, action, user acted upon and date", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = await get(`audit?actor=${adminUser.userId}&from=${today}&to=${today}`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.ok((all.body as { total: number }).total >= 1);
    const none = await get(`audit?actor=${adminUser.userId}&to=2020-01-01`);
    assert.equal((none.body as { total: number }).total, 0);
    assert.equal((await get("audit?from=2026-12-02&to=2026-12-01")).status, 422);
    assert.equal((await get("audit?action=DROP TABLE")).status, 422);
  });
});
