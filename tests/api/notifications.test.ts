/**
 * Notifications stack through the running stack: `GET /v1/notifications` (paging, `type` and
 * `read` filters, unread count), `GET /v1/notifications/unread-count`, mark read / unread / all
 * read, the caller's preferences (`GET|PUT /v1/notifications/preferences`), bad input (422),
 * user isolation (another user's id is 404, admins included), and events end to end: emitted
 * (directly or by a real flow), consumed by `private.run_sql_consumer`, read through the API —
 * exactly once, and not at all when the user turned in-app notifications off.
 *
 * The Projects flow starts its own runner (sync requests are crawled by the projects_sync
 * consumer), so the stack's must not run: tests/run.ts runs this file with the runner tests.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { NOTIFICATION_TYPES } from "../../supabase/functions/_shared/contract/enums.ts";
import { callFunction, env, newAdmin, newUser, type TestUser, withSql } from "../support/env.js";
import { connectGitHub } from "../support/github.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const BASE = "notifications/v1/notifications";

interface Notification {
  id: string;
  type: string;
  title: string;
  body: string | null;
  link_url: string | null;
  read: boolean;
  read_at: string | null;
  created_at: string;
  payload: Record<string, unknown>;
}

interface NotificationPage {
  items: Notification[];
  total: number;
  page: number;
  page_size: number;
  unread_count: number;
}

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { path: string }[] } };
}

async function list(user: TestUser, query = ""): Promise<NotificationPage> {
  const res = await callFunction(`${BASE}${query ? `?${query}` : ""}`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as NotificationPage;
}

async function unread(user: TestUser): Promise<number> {
  const res = await callFunction(`${BASE}/unread-count`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { unread_count: number }).unread_count;
}

/** Arranges notifications for a user (the consumer is the only writer; the API cannot create them). */
async function seed(
  user: TestUser,
  rows: { type: string; title: string; read?: boolean; minutesAgo: number; link_url?: string }[],
): Promise<string[]> {
  return withSql(async (sql) => {
    const ids: string[] = [];
    for (const r of rows) {
      const [row] = await sql<{ id: string }[]>`
        insert into public.notifications (user_id, type, title, read, link_url, created_at)
        values (${user.userId}, ${r.type}, ${r.title}, ${r.read ?? false}, ${r.link_url ?? null},
                now() - make_interval(mins => ${r.minutesAgo}))
        returning id`;
      if (!row) throw new Error("insert returned nothing");
      ids.push(row.id);
    }
    return ids;
  });
}

/** Emits an event as a stack would (private.emit, service path) and returns its event id. */
async function emit(type: string, payload: Record<string, unknown>): Promise<number> {
  return withSql(async (sql) => {
    const [row] = await sql<
      { id: string }[]
    >`select private.emit(${type}::text, ${sql.json(payload as never)}::jsonb)::text as id`;
    return Number(row?.id);
  });
}

/**
 * Runs the notifications consumer until nothing visible is left in its queue (pg_cron does one
 * batch a minute; other suites' events may be queued ahead of this test's).
 */
async function consume(): Promise<void> {
  await withSql(async (sql) => {
    for (let i = 0; i < 200; i++) {
      const [row] = await sql<{ read: number }[]>`
        select (private.run_sql_consumer('notifications') ->> 'read')::int as read`;
      if (!row || row.read === 0) return;
    }
  });
}

function assertValidationFailed(res: { status: number; body: unknown }, fields: string[], label: string) {
  assert.equal(res.status, 422, `${label} → ${JSON.stringify(res.body)}`);
  const error = (res.body as ErrorBody).error;
  assert.equal(error.code, "validation_failed", label);
  const paths = [...new Set(error.details?.fields?.map((f) => f.path))].sort();
  assert.deepEqual(paths, [...fields].sort(), `${label}: ${JSON.stringify(error.details)}`);
}

describe("authentication", () => {
  test("every route needs a signed-in user", async () => {
    const id = randomUUID();
    for (const [method, path] of [
      ["GET", BASE],
      ["GET", `${BASE}/unread-count`],
      ["PUT", `${BASE}/${id}/read`],
      ["DELETE", `${BASE}/${id}/read`],
      ["POST", `${BASE}/read-all`],
      ["GET", `${BASE}/preferences`],
      ["PUT", `${BASE}/preferences`],
    ] as const) {
      const res = await callFunction(path, { method });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
  });
});

describe("notification types", () => {
  test("every type a template notifies with has its label and icon in the web (NOTIFICATION_TYPES)", async () => {
    const rows = await withSql(
      (sql) =>
        sql<{ t: string }[]>`select distinct notification_type as t from notifications.templates order by 1`,
    );
    const registered = rows.map((r) => r.t);
    assert.ok(registered.length >= 10, registered.join(", "));
    assert.deepEqual(
      registered.filter((t) => !(NOTIFICATION_TYPES as readonly string[]).includes(t)),
      [],
      "a template type without a label shows as a generic 'Update'",
    );
  });
});

describe("GET /v1/notifications", () => {
  let user: TestUser;
  let ids: string[];
  before(async () => {
    user = await newUser("notif-list");
    ids = await seed(user, [
      { type: "repo.detected", title: "New repository detected: alpha", minutesAgo: 50 },
      { type: "repo.detected", title: "New repository detected: beta", minutesAgo: 40, read: true },
      { type: "projects.synced", title: "Imported 2 repositories from GitHub", minutesAgo: 30 },
      { type: "project_video.processed", title: "Intro video ready for alpha", minutesAgo: 20, read: true },
      { type: "integrations.github.connected", title: "GitHub connected as @asha", minutesAgo: 10 },
    ]);
  });

  test("a new user has none", async () => {
    const fresh = await newUser("notif-empty");
    assert.deepEqual(await list(fresh), { items: [], total: 0, page: 1, page_size: 20, unread_count: 0 });
    assert.equal(await unread(fresh), 0);
  });

  test("lists newest first with every field, the total and the unread count", async () => {
    const page = await list(user);
    assert.equal(page.total, 5);
    assert.equal(page.unread_count, 3);
    assert.deepEqual(
      page.items.map((n) => n.title),
      [
        "GitHub connected as @asha",
        "Intro video ready for alpha",
        "Imported 2 repositories from GitHub",
        "New repository detected: beta",
        "New repository detected: alpha",
      ],
    );
    const alpha = page.items[4];
    assert.ok(alpha);
    assert.equal(alpha.id, ids[0]);
    assert.deepEqual(Object.keys(alpha).sort(), [
      "body",
      "created_at",
      "id",
      "link_url",
      "payload",
      "read",
      "read_at",
      "title",
      "type",
    ]);
    assert.equal(alpha.read, false);
    assert.equal(alpha.read_at, null);
    assert.deepEqual(alpha.payload, {});
    const beta = page.items[3];
    assert.ok(beta?.read && beta.read_at, "a read notification has read_at");
    assert.equal(await unread(user), 3);
  });

  test("pages: page_size 2 splits five into 2 + 2 + 1, oldest first on request", async () => {
    const titles: string[] = [];
    for (const p of [1, 2, 3]) {
      const page = await list(user, `page=${p}&page_size=2`);
      assert.equal(page.total, 5);
      assert.equal(page.page, p);
      assert.equal(page.page_size, 2);
      titles.push(...page.items.map((n) => n.title));
    }
    assert.equal(titles.length, 5);
    assert.equal(new Set(titles).size, 5, "no notification on two pages");
    assert.deepEqual((await list(user, "page=4&page_size=2")).items, []);
    assert.equal(
      (await list(user, "sort=created_at&page_size=1")).items[0]?.title,
      "New repository detected: alpha",
    );
  });

  test("filters by type and read state, together; the unread count ignores the filters", async () => {
    const repos = await list(user, "type=repo.detected");
    assert.deepEqual(
      repos.items.map((n) => n.title),
      ["New repository detected: beta", "New repository detected: alpha"],
    );
    assert.equal(repos.total, 2);
    assert.equal(repos.unread_count, 3);

    const unreadOnes = await list(user, "read=false");
    assert.equal(unreadOnes.total, 3);
    assert.ok(unreadOnes.items.every((n) => !n.read));

    const readOnes = await list(user, "read=true");
    assert.deepEqual(
      readOnes.items.map((n) => n.title),
      ["Intro video ready for alpha", "New repository detected: beta"],
    );

    const both = await list(user, "type=repo.detected&read=false");
    assert.deepEqual(
      both.items.map((n) => n.title),
      ["New repository detected: alpha"],
    );
    assert.equal((await list(user, "type=user.onboarding.completed")).total, 0);
    // Types are registered by each stack's migration, so a well-formed type the API has never
    // heard of is a filter that matches nothing, not an error.
    assert.equal((await list(user, "type=certificates.verification.finished")).total, 0);
  });

  test("bad query parameters are 422 naming the parameter", async () => {
    const cases: [string, string[]][] = [
      ["type=jobs", ["type"]],
      ["type=", ["type"]],
      ["type=repo.detected%27%3B%20drop", ["type"]],
      ["read=yes", ["read"]],
      ["read=1", ["read"]],
      ["page=0", ["page"]],
      ["page_size=101", ["page_size"]],
      ["sort=title", ["sort"]],
      ["page=x&read=no", ["page", "read"]],
    ];
    for (const [query, fields] of cases) {
      assertValidationFailed(
        await callFunction(`${BASE}?${query}`, { token: user.accessToken }),
        fields,
        query,
      );
    }
  });
});

describe("marking read and unread", () => {
  let user: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let ids: string[];
  before(async () => {
    [user, other, admin] = await Promise.all([
      newUser("notif-mark"),
      newUser("notif-other"),
      newAdmin("notif-admin"),
    ]);
    ids = await seed(user, [
      { type: "repo.detected", title: "One", minutesAgo: 3 },
      { type: "repo.detected", title: "Two", minutesAgo: 2 },
      { type: "projects.synced", title: "Three", minutesAgo: 1 },
    ]);
    await seed(other, [{ type: "repo.detected", title: "Other's", minutesAgo: 1 }]);
  });

  const byId = async (u: TestUser, id: string) => (await list(u)).items.find((n) => n.id === id);

  test("PUT …/:id/read marks one read; again keeps its read_at; DELETE marks it unread", async () => {
    const id = ids[0] as string;
    let res = await callFunction(`${BASE}/${id}/read`, { method: "PUT", token: user.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { read: true });
    const first = await byId(user, id);
    assert.ok(first?.read && first.read_at);
    assert.equal(await unread(user), 2);

    res = await callFunction(`${BASE}/${id}/read`, { method: "PUT", token: user.accessToken });
    assert.deepEqual([res.status, res.body], [200, { read: true }]);
    assert.equal(
      (await byId(user, id))?.read_at,
      first.read_at,
      "marking read again keeps the first read_at",
    );

    res = await callFunction(`${BASE}/${id}/read`, { method: "DELETE", token: user.accessToken });
    assert.deepEqual([res.status, res.body], [200, { read: false }]);
    const after = await byId(user, id);
    assert.equal(after?.read, false);
    assert.equal(after?.read_at, null);
    assert.equal(await unread(user), 3);
  });

  test("another user's notification is 404 for a stranger and for an admin, and stays unread", async () => {
    const id = ids[1] as string;
    for (const caller of [other, admin]) {
      for (const method of ["PUT", "DELETE"]) {
        const res = await callFunction(`${BASE}/${id}/read`, { method, token: caller.accessToken });
        assert.equal(res.status, 404, `${method}: ${JSON.stringify(res.body)}`);
        assert.equal((res.body as ErrorBody).error.code, "not_found");
      }
    }
    assert.equal((await byId(user, id))?.read, false);
    assert.ok(!(await list(other)).items.some((n) => n.id === id), "the stranger's list leaves it out");
    assert.deepEqual((await list(admin)).items, [], "an admin's own list holds only their own notifications");
  });

  test("an unknown id is 404, a malformed one 422", async () => {
    const res = await callFunction(`${BASE}/${randomUUID()}/read`, {
      method: "PUT",
      token: user.accessToken,
    });
    assert.equal(res.status, 404);
    assertValidationFailed(
      await callFunction(`${BASE}/not-a-uuid/read`, { method: "PUT", token: user.accessToken }),
      ["id"],
      "PUT not-a-uuid",
    );
    assertValidationFailed(
      await callFunction(`${BASE}/12345/read`, { method: "DELETE", token: user.accessToken }),
      ["id"],
      "DELETE 12345",
    );
  });

  test("POST …/read-all marks every unread one read, only the caller's, and reports how many", async () => {
    let res = await callFunction(`${BASE}/read-all`, { method: "POST", token: user.accessToken });
    assert.deepEqual([res.status, res.body], [200, { updated: 3 }]);
    assert.equal(await unread(user), 0);
    assert.ok((await list(user)).items.every((n) => n.read && n.read_at));
    res = await callFunction(`${BASE}/read-all`, { method: "POST", token: user.accessToken });
    assert.deepEqual([res.status, res.body], [200, { updated: 0 }]);
    assert.equal(await unread(other), 1, "the other user's notification is still unread");
  });
});

describe("GET|PUT /v1/notifications/preferences", () => {
  const PREFS = `${BASE}/preferences`;

  test("the defaults until saved; a save merges the fields sent and is the caller's only", async () => {
    const user = await newUser("notif-prefs");
    const other = await newUser("notif-prefs-other");
    const defaults = {
      email_digest: "weekly",
      in_app: true,
      product_updates: false,
      email_notifications: true,
      email_muted_types: [],
    };
    assert.deepEqual((await callFunction(PREFS, { token: user.accessToken })).body, defaults);

    const saved = await callFunction(PREFS, {
      method: "PUT",
      token: user.accessToken,
      body: { email_digest: "daily", product_updates: true },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body, { ...defaults, email_digest: "daily", product_updates: true });
    const again = await callFunction(PREFS, {
      method: "PUT",
      token: user.accessToken,
      body: { in_app: false },
    });
    assert.deepEqual(again.body, {
      ...defaults,
      email_digest: "daily",
      in_app: false,
      product_updates: true,
    });
    assert.deepEqual((await callFunction(PREFS, { token: user.accessToken })).body, again.body);

    assert.deepEqual(
      (await callFunction(PREFS, { token: other.accessToken })).body,
      defaults,
      "not another user's",
    );
    const rows = await withSql(
      (sql) =>
        sql`select user_id from public.notification_preferences where user_id in (${user.userId}, ${other.userId})`,
    );
    assert.deepEqual(
      rows.map((r) => r.user_id),
      [user.userId],
      "one row, the saver's",
    );
  });

  test("bad input is 422 naming the field and changes nothing; no token is 401", async () => {
    const user = await newUser("notif-prefs-bad");
    const cases: [unknown, string[]][] = [
      [{ email_digest: "hourly" }, ["email_digest"]],
      [{ in_app: "false" }, ["in_app"]],
      [{ user_id: randomUUID(), in_app: false }, ["user_id"]],
    ];
    for (const [body, fields] of cases) {
      assertValidationFailed(
        await callFunction(PREFS, { method: "PUT", token: user.accessToken, body }),
        fields,
        JSON.stringify(body),
      );
    }
    const empty = await callFunction(PREFS, { method: "PUT", token: user.accessToken, body: {} });
    assert.equal(empty.status, 422, JSON.stringify(empty.body));
    assert.deepEqual((await callFunction(PREFS, { token: user.accessToken })).body, {
      email_digest: "weekly",
      in_app: true,
      product_updates: false,
      email_notifications: true,
      email_muted_types: [],
    });
    assert.equal((await callFunction(PREFS)).status, 401);
    assert.equal((await callFunction(PREFS, { method: "PUT", body: { in_app: false } })).status, 401);
  });
});

describe("events → notifications (the SQL consumer)", () => {
  test("repo.detected becomes exactly one 'New repository detected' with a deep link, even when redelivered", async () => {
    const user = await newUser("notif-event");
    const repoId = randomUUID();
    const eventId = await emit("repo.detected", {
      user_id: user.userId,
      repo_id: repoId,
      provider_repo_id: 4242,
      name: "careerpilot-demo",
      full_name: "asha/careerpilot-demo",
      html_url: "https://github.com/asha/careerpilot-demo",
      initial_import: false,
    });
    await consume();
    await consume();
    // Redelivery of the same envelope (e.g. a replayed dead letter).
    await withSql(
      (sql) => sql`select pgmq.send('notifications', a.message) from pgmq.a_notifications a
                   where (a.message ->> 'event_id')::bigint = ${eventId} limit 1`,
    );
    await consume();

    const page = await list(user);
    assert.equal(page.total, 1, JSON.stringify(page.items));
    const n = page.items[0];
    assert.equal(n?.type, "repo.detected");
    assert.equal(n?.title, "New repository detected: careerpilot-demo");
    assert.equal(n?.link_url, `/projects?repo=${repoId}`);
    assert.equal(n?.payload.full_name, "asha/careerpilot-demo");
    assert.equal(page.unread_count, 1);
    assert.equal((await list(user, "type=repo.detected&read=false")).total, 1);
  });

  test("completing onboarding through the API leads to one 'Welcome to CareerPilot'", async () => {
    const user = await newUser("notif-welcome");
    for (let i = 0; i < 2; i++) {
      const res = await callFunction("onboarding/v1/onboarding", {
        method: "PUT",
        token: user.accessToken,
        body: { roles_targeted: ["SDE"], completed: true },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await consume();
    const page = await list(user);
    assert.deepEqual(
      page.items.map((n) => [n.type, n.title, n.link_url]),
      [["user.onboarding.completed", "Welcome to CareerPilot", "/dashboard"]],
    );
  });

  test("with in-app notifications turned off in Settings, events notify nothing", async () => {
    const user = await newUser("notif-muted");
    const muted = await callFunction(`${BASE}/preferences`, {
      method: "PUT",
      token: user.accessToken,
      body: { in_app: false },
    });
    assert.equal(muted.status, 200, JSON.stringify(muted.body));
    const rejectedId = await emit("integrations.token.rejected", {
      user_id: user.userId,
      provider: "github",
    });
    const onboarded = await callFunction("onboarding/v1/onboarding", {
      method: "PUT",
      token: user.accessToken,
      body: { completed: true },
    });
    assert.equal(onboarded.status, 200, JSON.stringify(onboarded.body));
    await consume();
    const [handled] = await withSql(
      (sql) => sql<{ archived: number; queued: number }[]>`
        select (select count(*)::int from pgmq.a_notifications where (message ->> 'event_id')::bigint = ${rejectedId}) as archived,
               (select count(*)::int from pgmq.q_notifications where message -> 'payload' ->> 'user_id' = ${user.userId}) as queued`,
    );
    assert.deepEqual(handled, { archived: 1, queued: 0 }, "the consumer handled the muted user's events");
    assert.equal((await list(user)).total, 0);

    // Turned back on, the next event notifies.
    const unmuted = await callFunction(`${BASE}/preferences`, {
      method: "PUT",
      token: user.accessToken,
      body: { in_app: true },
    });
    assert.equal(unmuted.status, 200, JSON.stringify(unmuted.body));
    await emit("integrations.token.rejected", { user_id: user.userId, provider: "github" });
    await consume();
    assert.deepEqual(
      (await list(user)).items.map((n) => [n.title, n.link_url]),
      [["GitHub access expired — reconnect in Settings", "/settings#github"]],
    );
  });
});

describe("the Projects flow notifies (GitHub fake → runner sync → event → consumer)", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let syncRunner: RunnerProcess | undefined;
  before(async () => {
    await assertNoStackRunner();
    syncRunner = await startRunner({ queues: ["projects_sync"], name: "notifications-test" });
  });
  after(async () => {
    if (syncRunner) await killRunner(syncRunner);
  });

  async function fake(path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${env.fakes.github}/_fake/github/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(res.status, 200, `fake ${path}: ${await res.clone().text()}`);
    return (await res.json()) as Record<string, unknown>;
  }

  async function repoNames(login: string): Promise<string[]> {
    const body = (await fake(`repos?login=${login}`)) as unknown as
      | { repos?: { name: string }[] }
      | { name: string }[];
    const repos = Array.isArray(body) ? body : (body.repos ?? []);
    return repos.map((r) => r.name);
  }

  /** Lets a running scraper-runner finish the sync it starts after connecting (or drops it when none runs). */
  async function settleConnectedSync(userId: string): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      const [row] = await withSql(
        (sql) => sql<{ unread: number; reading: number }[]>`
          select count(*) filter (where read_ct = 0)::int as unread, count(*) filter (where read_ct > 0)::int as reading
          from pgmq.q_projects_sync where message -> 'payload' ->> 'user_id' = ${userId}`,
      );
      if (row && row.reading === 0 && row.unread === 0) return;
      if (row && row.reading === 0 && Date.now() - started > 1500) {
        await withSql(
          (sql) => sql`select pgmq.delete('projects_sync', msg_id) from pgmq.q_projects_sync
                       where message -> 'payload' ->> 'user_id' = ${userId} and read_ct = 0`,
        );
        return;
      }
      await sleep(200);
    }
    throw new Error("the runner's sync after connecting did not finish in 30 s");
  }

  /** Asks for a sync; when it was queued (202), waits until the runner finished the run. */
  async function syncNow(
    user: TestUser,
  ): Promise<{ status: number; run?: { status: string; error: unknown } }> {
    const res = await callFunction("projects/v1/projects/sync", { method: "POST", token: user.accessToken });
    if (res.status !== 202) return { status: res.status };
    const id = (res.body as { id: string }).id;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(150)) {
      const run = await callFunction(`projects/v1/projects/sync-runs/${id}`, { token: user.accessToken });
      const body = run.body as { status: string; error: unknown };
      if (body.status === "succeeded" || body.status === "failed") return { status: 202, run: body };
    }
    throw new Error(`sync run ${id} did not finish in 60 s`);
  }

  test("connect, first import, a new repository and a revoked token each notify once", async () => {
    const user = await newUser("notif-flow");
    const login = `cp-${randomUUID().slice(0, 8)}`;
    await fake("repos", { login, count: 0 });
    await connectGitHub(user, login);
    await settleConnectedSync(user.userId);
    await consume();
    assert.deepEqual(
      (await list(user)).items.map((n) => n.title),
      [`GitHub connected as @${login}`],
      "connecting notifies; an empty account's sync does not",
    );

    await fake("repos", { login, count: 3 });
    let res = await syncNow(user);
    assert.equal(res.run?.status, "succeeded", JSON.stringify(res));
    await consume();
    assert.deepEqual(
      (await list(user)).items.map((n) => n.title),
      ["Imported 3 repositories from GitHub", `GitHub connected as @${login}`],
      "the first import is one notification, not one per repository",
    );

    const before = await repoNames(login);
    await fake("repos", { login, count: 4 });
    const added = (await repoNames(login)).filter((n) => !before.includes(n));
    assert.equal(added.length, 1, `one new repository: ${JSON.stringify(added)}`);
    res = await syncNow(user);
    assert.equal(res.run?.status, "succeeded", JSON.stringify(res));
    await consume();
    await consume();
    const detected = await list(user, "type=repo.detected");
    assert.equal(detected.total, 1, JSON.stringify(detected.items));
    const n = detected.items[0];
    assert.equal(n?.title, `New repository detected: ${added[0]}`);
    const [repo] = await withSql(
      (sql) =>
        sql<
          { id: string }[]
        >`select id from public.repositories where user_id = ${user.userId} and name = ${added[0] ?? ""}`,
    );
    assert.equal(n?.link_url, `/projects?repo=${repo?.id}`, "the deep link names the synced repository");

    await fake("revoke", { login });
    res = await syncNow(user);
    assert.equal(res.run?.status, "failed", "GitHub refused the token");
    res = await syncNow(user);
    assert.equal(res.status, 409, "the integration needs reconnecting: no run is queued");
    await consume();
    const rejected = await list(user, "type=integrations.token.rejected");
    assert.deepEqual(
      rejected.items.map((x) => [x.title, x.link_url]),
      [["GitHub access expired — reconnect in Settings", "/settings#github"]],
      "told once, however often the token is refused",
    );
    assert.equal((await list(user)).unread_count, 4);
  });
});

describe("email preferences", () => {
  test("muted email types come back in the preferences; saving the list turns the others back on", async () => {
    const user = await newUser("notif-muted");
    await withSql(
      (sql) => sql`select private.unsubscribe_email(${user.userId}::uuid, 'integrations.token.rejected'),
                          private.unsubscribe_email(${user.userId}::uuid, 'project_video.processed')`,
    );
    const PREFS = "notifications/v1/notifications/preferences";
    const read = await callFunction(PREFS, { token: user.accessToken });
    assert.deepEqual((read.body as { email_muted_types: string[] }).email_muted_types, [
      "integrations.token.rejected",
      "project_video.processed",
    ]);
    const saved = await callFunction(PREFS, {
      method: "PUT",
      token: user.accessToken,
      body: { email_muted_types: ["project_video.processed"] },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual((saved.body as { email_muted_types: string[] }).email_muted_types, [
      "project_video.processed",
    ]);
    const bad = await callFunction(PREFS, {
      method: "PUT",
      token: user.accessToken,
      body: { email_muted_types: ["Not A Type"] },
    });
    assert.equal(bad.status, 422);
  });
});
