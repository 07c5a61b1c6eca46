/**
 * GitHub Projects stack through the running stack: sync requests and their runs (every page,
 * flags, events exactly once, revoked tokens, rate limits — crawled by a scraper-runner this file
 * starts on the projects_sync queue), the list and search, user isolation, grounded AI
 * descriptions and intro-video uploads through signed URLs.
 *
 * GitHub is the loopback fake (`env.fakes.github`, controlled through its `/_fake/github/...`
 * endpoints); users connect it through the real OAuth flow of the integrations stack. Gemini is
 * the loopback fake (`env.fakes.gemini`); its key prefixes pick its behaviour.
 *
 * Starts its own runner, so the stack's must not run (tests/run.ts runs this file with the runner
 * tests, after the other API tests).
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { request } from "@octokit/request";
import {
  FAKE_GEMINI_GEN_INVALID_KEY,
  FAKE_GEMINI_GEN_QUOTA_KEY,
  FAKE_GEMINI_INVENT_KEY,
  FAKE_GEMINI_INVENT_LIST_KEY,
  FAKE_GEMINI_INVENT_ONCE_KEY,
  FAKE_GEMINI_INVENTED,
  fakeGeminiValidKey,
} from "../fakes/gemini.js";
import { FAKE_GITHUB_CLIENT_ID, FAKE_GITHUB_CLIENT_SECRET } from "../fakes/github.js";
import { generatedRepos } from "../fakes/github-repos.js";
import { type RunningFakes, startFakes } from "../fakes/server.js";
import {
  anonClient,
  callFunction,
  env,
  newUser,
  saveToken,
  serviceClient,
  type TestUser,
  withSql,
} from "../support/env.js";
import { connectGitHub } from "../support/github.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const PROJECTS = "projects/v1/projects";
const SYNC = `${PROJECTS}/sync`;
const SYNC_RUNS = `${PROJECTS}/sync-runs`;

/** The runner that crawls GitHub for this file's sync requests (queue projects_sync). */
let syncRunner: RunnerProcess | undefined;
before(async () => {
  await assertNoStackRunner();
  syncRunner = await startRunner({ queues: ["projects_sync"], name: "projects-test" });
});
after(async () => {
  if (syncRunner) await killRunner(syncRunner);
});

interface SyncRun {
  id: string;
  trigger: string;
  status: "queued" | "running" | "succeeded" | "failed";
  synced_count: number | null;
  detected_count: number | null;
  updated_count: number | null;
  error: { code: string; message: string; retry_after_s: number | null } | null;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown> & { fields?: { path: string }[] };
  };
}
interface Project {
  id: string;
  provider_repo_id: number;
  name: string;
  full_name: string;
  html_url: string;
  description: string | null;
  description_ai: string | null;
  description_ai_at: string | null;
  languages: string[];
  topics: string[];
  stars: number;
  fork: boolean;
  archived: boolean;
  private: boolean;
  pushed_at: string | null;
  default_branch: string | null;
  last_synced_at: string | null;
  has_intro_video: boolean;
  video: null | { id: string; status: string; duration_sec: number | null; failure_reason: string | null };
}
interface ProjectPage {
  items: Project[];
  total: number;
  page: number;
  page_size: number;
  last_synced_at: string | null;
  github: { status: string; login: string | null };
  summary: { repositories: number; described: number; with_video: number };
}

const errorOf = (body: unknown) => (body as ErrorBody).error;
const login = () => `cp-${randomBytes(5).toString("hex")}`;

// ------------------------------------------------------------------ helpers: the fakes

async function fake(path: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${env.fakes.github}/_fake/github/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `fake ${path}: ${await res.clone().text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function hits(name: string): Promise<{ total: number; routes: Record<string, number> }> {
  return (await fake(`hits?login=${name}`)) as { total: number; routes: Record<string, number> };
}

async function geminiUsage(
  key: string,
): Promise<{ requests: number; generate: number; lastPrompt?: string }> {
  const res = await fetch(`${env.fakes.gemini}/_fake/gemini/usage`);
  const body = (await res.json()) as {
    usage: Record<string, { requests: number; generate: number; lastPrompt?: string }>;
  };
  return body.usage[key] ?? { requests: 0, generate: 0 };
}

// ------------------------------------------------------------------ helpers: the stack

async function saveGeminiKey(user: TestUser, key: string): Promise<void> {
  await saveToken(user, "gemini", key);
}

/** `POST /v1/projects/sync` as `user`: 202 with the run, or an error. */
async function requestSync(user: TestUser) {
  return callFunction(SYNC, { method: "POST", token: user.accessToken });
}

/** Polls `GET /v1/projects/sync-runs/{id}` until the run succeeded or failed. */
async function finishedRun(user: TestUser, id: string, timeoutMs = 60_000): Promise<SyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await callFunction(`${SYNC_RUNS}/${id}`, { token: user.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const run = res.body as SyncRun;
    if (run.status === "succeeded" || run.status === "failed") return run;
    if (Date.now() > deadline) assert.fail(`sync run ${id} still ${run.status} after ${timeoutMs} ms`);
    await sleep(150);
  }
}

/** Asks for a sync (202) and waits until the runner has finished its run. */
async function sync(user: TestUser): Promise<SyncRun> {
  const res = await requestSync(user);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return await finishedRun(user, (res.body as SyncRun).id);
}

/** {@link sync}, which must succeed. */
async function syncOk(user: TestUser): Promise<SyncRun> {
  const run = await sync(user);
  assert.equal(run.status, "succeeded", JSON.stringify(run.error));
  return run;
}

async function list(user: TestUser, query = ""): Promise<ProjectPage> {
  const res = await callFunction(`${PROJECTS}${query ? `?${query}` : ""}`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as ProjectPage;
}

async function allProjects(user: TestUser): Promise<Project[]> {
  const out: Project[] = [];
  for (let page = 1; ; page++) {
    const p = await list(user, `page=${page}&page_size=100`);
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) return out;
  }
}

async function byName(user: TestUser, name: string): Promise<Project> {
  const p = (await allProjects(user)).find((x) => x.name === name);
  assert.ok(p, `project ${name} is listed`);
  return p;
}

/** Payloads of the user's events of `type`, oldest first. */
async function events(userId: string, type: string): Promise<Record<string, unknown>[]> {
  return withSql((sql) =>
    sql<{ payload: Record<string, unknown> }[]>`
      select payload from public.event_log where event_type = ${type} and payload ->> 'user_id' = ${userId}
      order by id`.then((rows) => rows.map((r) => r.payload)),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connecting GitHub emits integrations.github.connected, which a running scraper-runner turns into
 * a sync of its own. Tests that count syncs, events or GitHub requests wait for that sync to end
 * (it sees an empty account: see {@link connectedUser}); when no runner consumes the queue, the
 * message is removed so none started later interferes.
 */
async function settleConnectedSync(userId: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    const [row] = await withSql(
      (sql) =>
        sql<{ unread: number; reading: number; done: number }[]>`
        select (select count(*)::int from pgmq.q_projects_sync
                 where message -> 'payload' ->> 'user_id' = ${userId} and read_ct = 0) as unread,
               (select count(*)::int from pgmq.q_projects_sync
                 where message -> 'payload' ->> 'user_id' = ${userId} and read_ct > 0) as reading,
               (select count(*)::int from pgmq.a_projects_sync
                 where message -> 'payload' ->> 'user_id' = ${userId}) as done`,
    );
    if (row && row.reading === 0 && row.unread === 0) return;
    if (row && row.reading === 0 && row.unread > 0 && Date.now() - started > 1500) {
      await withSql(
        (sql) => sql`
          select pgmq.delete('projects_sync', msg_id) from pgmq.q_projects_sync
          where message -> 'payload' ->> 'user_id' = ${userId} and read_ct = 0`,
      );
      return;
    }
    await sleep(200);
  }
  throw new Error("the runner's sync after connecting did not finish in 30 s");
}

/**
 * A signed-in user with GitHub connected as a fresh login whose repositories are then `seed`
 * (the default set unless `count` is given). The account is empty while connecting, so a runner's
 * automatic sync (if one runs) finds nothing; GitHub request counts start at zero.
 */
async function connectedUser(prefix: string, seed: { count?: number } = {}, scope?: string) {
  const user = await newUser(prefix);
  const name = login();
  await fake("repos", { login: name, count: 0 });
  await connectGitHub(user, name, scope);
  await settleConnectedSync(user.userId);
  await fake("repos", { login: name, ...seed });
  await fake(`hits?login=${name}`, undefined, "DELETE");
  return { user, name };
}

/** projects.synced events of manual syncs (a runner's github_connected sync is left out). */
async function manualSyncs(userId: string) {
  return (await events(userId, "projects.synced")).filter((e) => e.trigger === "manual");
}

// ==================================================================================================
describe("the GitHub fake speaks GitHub's repository shapes (driven by @octokit/request)", () => {
  let fakes: RunningFakes;
  before(async () => {
    fakes = await startFakes();
  });
  after(async () => {
    await fakes.close();
  });

  async function token(name: string, scope = "read:user,repo"): Promise<string> {
    const gh = request.defaults({ baseUrl: fakes.github.url });
    const authorize = new URL(`${fakes.github.url}/login/oauth/authorize`);
    authorize.search = new URLSearchParams({
      client_id: FAKE_GITHUB_CLIENT_ID,
      redirect_uri: "http://127.0.0.1:9/cb",
      scope,
      login: name,
      state: "s",
    }).toString();
    const back = await fetch(authorize, { redirect: "manual" });
    const code = new URL(back.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const res = await gh("POST /login/oauth/access_token", {
      baseUrl: fakes.github.url,
      headers: { accept: "application/json" },
      client_id: FAKE_GITHUB_CLIENT_ID,
      client_secret: FAKE_GITHUB_CLIENT_SECRET,
      code,
    });
    return (res.data as { access_token: string }).access_token;
  }

  test("/user/repos: pages of per_page with Link rel=next/last, rate-limit headers, topics, private only with scope repo", async () => {
    const name = login();
    fakes.github.fake.repositories.repos.set(name, generatedRepos(name, 230));
    const gh = request.defaults({
      baseUrl: fakes.github.url,
      headers: { authorization: `token ${await token(name)}` },
    });
    const first = await gh("GET /user/repos", {
      visibility: "all",
      affiliation: "owner,collaborator",
      per_page: 100,
    });
    assert.equal((first.data as unknown[]).length, 100);
    const link = String(first.headers.link);
    assert.match(link, /[?&]page=2[^>]*>; rel="next"/);
    assert.match(link, /[?&]page=3[^>]*>; rel="last"/);
    assert.equal(first.headers["x-ratelimit-limit"], "5000");
    assert.ok(Number(first.headers["x-ratelimit-remaining"]) < 5000);
    assert.match(String(first.headers["x-ratelimit-reset"]), /^\d{10}$/);
    assert.equal(first.headers["x-oauth-scopes"], "read:user, repo");
    const repo = (first.data as Record<string, unknown>[])[0] ?? {};
    for (const key of [
      "id",
      "name",
      "full_name",
      "owner",
      "private",
      "html_url",
      "description",
      "fork",
      "topics",
      "stargazers_count",
      "archived",
      "pushed_at",
      "default_branch",
      "visibility",
      "permissions",
    ]) {
      assert.ok(key in repo, `repository objects have ${key}`);
    }
    const third = await gh("GET /user/repos", { per_page: 100, page: 3 });
    assert.equal((third.data as unknown[]).length, 30);
    assert.doesNotMatch(String(third.headers.link), /rel="next"/);
    assert.match(String(third.headers.link), /rel="prev"/);

    const publicOnly = request.defaults({
      baseUrl: fakes.github.url,
      headers: { authorization: `token ${await token(name, "read:user")}` },
    });
    const pub = await publicOnly("GET /user/repos", { per_page: 100, page: 2 });
    const total = 230 - Math.floor(230 / 7);
    assert.equal((pub.data as unknown[]).length, total - 100, "private repositories need scope repo");
    assert.doesNotMatch(String(pub.headers.link), /rel="next"/);
  });

  test("languages, README (raw and base64 JSON), commits; 404 / 409 like GitHub", async () => {
    const name = login();
    const gh = request.defaults({
      baseUrl: fakes.github.url,
      headers: { authorization: `token ${await token(name)}` },
    });
    const langs = await gh("GET /repos/{owner}/{repo}/languages", { owner: name, repo: "task-api" });
    assert.deepEqual(Object.keys(langs.data as object), ["Python", "Dockerfile", "Shell"]);
    const raw = await gh("GET /repos/{owner}/{repo}/readme", {
      owner: name,
      repo: "task-api",
      headers: { accept: "application/vnd.github.raw" },
    });
    assert.equal(typeof raw.data, "string");
    assert.match(String(raw.data), /FastAPI/);
    const json = await gh("GET /repos/{owner}/{repo}/readme", { owner: name, repo: "task-api" });
    const file = json.data as { encoding: string; content: string; type: string; name: string };
    assert.equal(file.encoding, "base64");
    assert.equal(file.type, "file");
    assert.equal(Buffer.from(file.content, "base64").toString("utf8"), raw.data);
    await assert.rejects(
      gh("GET /repos/{owner}/{repo}/readme", { owner: name, repo: "dotfiles" }),
      (e: Error & { status?: number }) => e.status === 404,
    );
    const commits = await gh("GET /repos/{owner}/{repo}/commits", {
      owner: name,
      repo: "task-api",
      per_page: 2,
    });
    const c = commits.data as { sha: string; commit: { message: string } }[];
    assert.equal(c.length, 2);
    assert.match(c[0]?.sha ?? "", /^[0-9a-f]{40}$/);
    assert.equal(c[0]?.commit.message, "Paginate GET /tasks");
    await assert.rejects(
      gh("GET /repos/{owner}/{repo}/languages", { owner: "someone-else", repo: "private-notes" }),
      (e: Error & { status?: number }) => e.status === 404,
      "another account's private repository is invisible",
    );
  });

  test("a revoked token gets 401 Bad credentials; a forced rate limit 403 with x-ratelimit-remaining 0", async () => {
    const name = login();
    const gh = request.defaults({
      baseUrl: fakes.github.url,
      headers: { authorization: `token ${await token(name)}` },
    });
    fakes.github.fake.repositories.limits.set(name.toLowerCase(), {
      reset: Math.floor(Date.now() / 1000) + 120,
    });
    await assert.rejects(
      gh("GET /user/repos"),
      (
        e: Error & {
          status?: number;
          response?: { headers: Record<string, string>; data: { message: string } };
        },
      ) =>
        e.status === 403 &&
        e.response?.headers["x-ratelimit-remaining"] === "0" &&
        /API rate limit exceeded/.test(e.response?.data.message ?? ""),
    );
    fakes.github.fake.repositories.limits.clear();
    fakes.github.fake.revokeLogin(name);
    await assert.rejects(
      gh("GET /user/repos"),
      (e: Error & { status?: number; response?: { data: { message: string } } }) =>
        e.status === 401 && e.response?.data.message === "Bad credentials",
    );
  });
});

// ==================================================================================================
describe("POST /v1/projects/sync → a sync run the runner finishes", () => {
  test("without GitHub connected → 409 github_not_connected, no run; needs a signed-in user", async () => {
    const user = await newUser("proj-nogh");
    const res = await requestSync(user);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "github_not_connected");
    assert.equal((await callFunction(SYNC, { method: "POST" })).status, 401);
    const latest = await callFunction(`${SYNC_RUNS}/latest`, { token: user.accessToken });
    assert.equal(latest.status, 404);
    assert.equal(errorOf(latest.body).code, "not_found");
    const page = await list(user);
    assert.deepEqual(page.github, { status: "not_connected", login: null });
    assert.equal(page.total, 0);
    assert.deepEqual(page.summary, { repositories: 0, described: 0, with_video: 0 });
    assert.equal(page.last_synced_at, null);
  });

  test("answers 202 at once with a queued run; the run is the caller's alone; a malformed id is 422", async () => {
    const { user } = await connectedUser("proj-202");
    const t0 = Date.now();
    const res = await requestSync(user);
    const ms = Date.now() - t0;
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const run = res.body as SyncRun;
    assert.equal(run.trigger, "manual");
    assert.ok(["queued", "running", "succeeded"].includes(run.status), run.status);
    assert.ok(ms < 2000, `answered in ${ms} ms, without waiting for GitHub`);
    const [event] = await withSql(
      (sql) => sql<{ payload: Record<string, unknown>; queues: string[] }[]>`
        select payload, queues from public.event_log
         where event_type = 'projects.sync.requested' and payload ->> 'run_id' = ${run.id}`,
    );
    assert.deepEqual(event?.payload, { user_id: user.userId, trigger: "manual", run_id: run.id });
    assert.deepEqual(event?.queues, ["projects_sync"]);

    const done = await finishedRun(user, run.id);
    assert.equal(done.status, "succeeded");
    assert.equal(done.detected_count, 8);
    const latest = await callFunction(`${SYNC_RUNS}/latest`, { token: user.accessToken });
    assert.equal((latest.body as SyncRun).id, run.id);

    const stranger = await newUser("proj-202-stranger");
    const theirs = await callFunction(`${SYNC_RUNS}/${run.id}`, { token: stranger.accessToken });
    assert.equal(theirs.status, 404, "another user's run is not found");
    assert.equal((await callFunction(`${SYNC_RUNS}/${run.id}`)).status, 401);
    const bad = await callFunction(`${SYNC_RUNS}/nope`, { token: user.accessToken });
    assert.equal(bad.status, 422);
  });

  test("a second request while a run is queued or running joins it instead of queuing another", async () => {
    const { user } = await connectedUser("proj-join");
    // In one transaction that is rolled back, so the runner never sees these requests.
    const ids = await withSql(async (sql) => {
      let out: string[] = [];
      const claims = JSON.stringify({ sub: user.userId, role: "authenticated" });
      await sql
        .begin(async (tx) => {
          await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
          const a = await tx<{ id: string }[]>`select id from private.request_project_sync()`;
          const b = await tx<{ id: string }[]>`select id from private.request_project_sync()`;
          await tx`set local role postgres`; // the event log is not readable as a user
          const events = await tx<{ n: number }[]>`
            select count(*)::int as n from public.event_log
             where event_type = 'projects.sync.requested' and payload ->> 'user_id' = ${user.userId}`;
          out = [a[0]?.id ?? "", b[0]?.id ?? "", String(events[0]?.n)];
          throw new Error("rollback");
        })
        .catch((err: Error) => {
          if (err.message !== "rollback") throw err;
        });
      return out;
    });
    assert.equal(ids[0], ids[1], "the same run");
    assert.equal(ids[2], "1", "one event");
  });

  test("230 repositories: every page, languages once per new repository, events exactly once; a push emits repo.updated", async () => {
    const { user, name } = await connectedUser("proj-230", { count: 230 });

    const r1 = await syncOk(user);
    assert.equal(r1.synced_count, 230);
    assert.equal(r1.detected_count, 230);
    assert.equal(r1.updated_count, 0);
    assert.ok(Math.abs(Date.parse(r1.finished_at ?? "") - Date.now()) < 60_000);
    let h = await hits(name);
    assert.equal(h.routes["GET /user/repos"], 3, "3 pages of 100");
    assert.equal(h.routes["GET /repos/{owner}/{repo}/languages"], 230, "languages once per new repository");

    const page = await list(user, "page=3&page_size=100");
    assert.equal(page.total, 230);
    assert.equal(page.items.length, 30);
    assert.equal(page.last_synced_at, r1.finished_at, "recorded in the run's transaction");
    assert.deepEqual(page.github, { status: "connected", login: name });
    const all = await allProjects(user);
    assert.equal(new Set(all.map((p) => p.provider_repo_id)).size, 230);
    assert.equal(all.filter((p) => p.fork).length, 23, "forks are flagged, not dropped");
    assert.equal(all.filter((p) => p.archived).length, 15, "archived ones too");
    assert.equal(all.filter((p) => p.private).length, 32, "private ones with scope repo");

    const detected = await events(user.userId, "repo.detected");
    assert.equal(detected.length, 230);
    assert.ok(detected.every((e) => e.initial_import === true));
    const one = detected.find((e) => e.name === "repo-001");
    const repo001 = all.find((p) => p.name === "repo-001");
    assert.deepEqual(one, {
      user_id: user.userId,
      repo_id: repo001?.id,
      provider_repo_id: repo001?.provider_repo_id,
      name: "repo-001",
      full_name: `${name}/repo-001`,
      html_url: `https://github.com/${name}/repo-001`,
      initial_import: true,
    });
    assert.deepEqual(await manualSyncs(user.userId), [
      {
        user_id: user.userId,
        synced_count: 230,
        detected_count: 230,
        updated_count: 0,
        initial_import: true,
        trigger: "manual",
      },
    ]);

    // Nothing changed at GitHub: nothing new is detected or updated, no languages are fetched.
    const second = await syncOk(user);
    assert.deepEqual([second.synced_count, second.detected_count, second.updated_count], [230, 0, 0]);
    h = await hits(name);
    assert.equal(h.routes["GET /user/repos"], 6);
    assert.equal(h.routes["GET /repos/{owner}/{repo}/languages"], 230);
    assert.equal((await events(user.userId, "repo.detected")).length, 230);
    assert.equal((await events(user.userId, "repo.updated")).length, 0);
    assert.equal((await manualSyncs(user.userId)).at(-1)?.initial_import, false);

    // A push that also changes the description: one repo.updated, one languages call.
    await fake("push", { login: name, repo: "repo-005", description: "Now with a better description" });
    const third = await syncOk(user);
    assert.equal(third.updated_count, 1);
    const updated = await events(user.userId, "repo.updated");
    assert.deepEqual(updated, [
      {
        user_id: user.userId,
        repo_id: all.find((p) => p.name === "repo-005")?.id,
        name: "repo-005",
        changed: ["pushed_at", "description"],
      },
    ]);
    assert.equal((await hits(name)).routes["GET /repos/{owner}/{repo}/languages"], 231);
    assert.equal((await byName(user, "repo-005")).description, "Now with a better description");

    // Languages that change with a push are reported as such.
    await fake("push", { login: name, repo: "repo-006", languages: { Python: 100, Cython: 20 } });
    await syncOk(user);
    assert.deepEqual((await events(user.userId, "repo.updated")).at(-1)?.changed, ["pushed_at", "languages"]);
    assert.deepEqual((await byName(user, "repo-006")).languages, ["Python", "Cython"]);
  });

  test("the default set: forks, archived and private flagged; without scope repo no private ones", async () => {
    const { user } = await connectedUser("proj-default");
    await syncOk(user);
    const all = await allProjects(user);
    assert.equal(all.length, 8);
    const flags = Object.fromEntries(all.map((p) => [p.name, [p.fork, p.archived, p.private]]));
    assert.deepEqual(flags.react, [true, false, false]);
    assert.deepEqual(flags["old-android-app"], [false, true, false]);
    assert.deepEqual(flags["private-notes"], [false, false, true]);
    const portfolio = all.find((p) => p.name === "portfolio-site");
    assert.deepEqual(portfolio?.languages, ["TypeScript", "CSS", "JavaScript"], "largest first");
    assert.deepEqual(portfolio?.topics, ["nextjs", "portfolio", "tailwindcss"]);
    assert.equal(portfolio?.stars, 12);
    assert.equal(portfolio?.default_branch, "main");
    assert.equal(portfolio?.has_intro_video, false);
    assert.equal(portfolio?.video, null);

    const { user: limited } = await connectedUser("proj-public", {}, "read:user");
    await syncOk(limited);
    const names = (await allProjects(limited)).map((p) => p.name);
    assert.equal(names.length, 7);
    assert.ok(!names.includes("private-notes"));
    const [row] = await withSql(
      (sql) => sql<{ includes_private: boolean }[]>`
        select includes_private from public.repository_syncs where user_id = ${limited.userId}`,
    );
    assert.equal(
      row?.includes_private,
      false,
      "the sync records that private repositories were out of scope",
    );
  });

  test("a revoked token → the run fails github_reconnect_required, the integration needs reconnecting, one event; no retries", async () => {
    const { user, name } = await connectedUser("proj-revoked");
    await syncOk(user);
    await fake("revoke", { login: name });
    await fake(`hits?login=${name}`, undefined, "DELETE");

    const run = await sync(user);
    assert.equal(run.status, "failed");
    assert.equal(run.error?.code, "github_reconnect_required");
    assert.match(run.error?.message ?? "", /Reconnect GitHub in Settings/);
    const integrations = await callFunction("integrations/v1/integrations", { token: user.accessToken });
    const gh = (integrations.body as { items: { provider: string; status: string }[] }).items.find(
      (i) => i.provider === "github",
    );
    assert.equal(gh?.status, "needs_reconnect");
    assert.equal((await list(user)).github.status, "needs_reconnect");
    assert.deepEqual(await events(user.userId, "integrations.token.rejected"), [
      { user_id: user.userId, provider: "github" },
    ]);
    assert.equal((await hits(name)).total, 1, "one request, no retry");

    const again = await requestSync(user);
    assert.equal(again.status, 409);
    assert.equal(errorOf(again.body).code, "github_reconnect_required");
    assert.equal(
      (await hits(name)).total,
      1,
      "GitHub is not asked again while the integration needs reconnecting",
    );
    assert.equal((await events(user.userId, "integrations.token.rejected")).length, 1, "told once");
    assert.equal((await list(user)).total, 8, "the repositories already synced stay");

    // Reconnecting fixes it.
    await connectGitHub(user, name);
    await syncOk(user);
  });

  test("GitHub rate limit → the run fails github_rate_limited with retry_after_s, one request, nothing written", async () => {
    const { user, name } = await connectedUser("proj-ratelimit");
    await fake("rate-limit", { login: name, reset_in_s: 600 });
    const run = await sync(user);
    assert.equal(run.status, "failed");
    assert.equal(run.error?.code, "github_rate_limited");
    const wait = Number(run.error?.retry_after_s);
    assert.ok(wait > 590 && wait <= 600, `retry_after_s from x-ratelimit-reset (${wait})`);
    assert.equal((await hits(name)).total, 1, "never retried in a loop");
    assert.equal((await list(user)).total, 0);
    assert.equal((await manualSyncs(user.userId)).length, 0);

    await fake("rate-limit", { login: name, retry_after_s: 42 });
    const secondary = await sync(user);
    assert.equal(secondary.error?.code, "github_rate_limited");
    assert.equal(secondary.error?.retry_after_s, 42, "a secondary limit's retry-after");

    await fake("rate-limit", { login: name, clear: true });
    await syncOk(user);
    assert.equal(
      (await list(user)).github.status,
      "connected",
      "a rate limit does not touch the integration",
    );
  });
});

// ==================================================================================================
describe("GET /v1/projects", () => {
  let user: TestUser;
  before(async () => {
    ({ user } = await connectedUser("proj-list"));
    await syncOk(user);
  });

  test("search covers name, description, languages and topics", async () => {
    const names = async (q: string) =>
      (await list(user, `q=${encodeURIComponent(q)}`)).items.map((p) => p.name).sort();
    assert.deepEqual(await names("python"), ["ml-notebooks", "task-api"]);
    assert.deepEqual(await names("PORTFOLIO"), ["portfolio-site"]);
    assert.deepEqual(await names("campus events"), ["old-android-app"]);
    assert.deepEqual(await names("redis"), ["go-url-shortener"]);
    assert.deepEqual(await names("%"), [], "LIKE wildcards are literal");
    assert.equal((await list(user, "q=python")).total, 2);
  });

  test("summary counts all the caller's repositories, whatever the page or search", async () => {
    const searched = await list(user, "q=python&page_size=1");
    assert.equal(searched.total, 2);
    assert.deepEqual(searched.summary, { repositories: 8, described: 0, with_video: 0 });
    // A described repository and a transcoded video show up in the counts (written as the
    // function and the runner write them).
    const [a, b] = (await list(user, "page_size=2")).items;
    await withSql(async (sql) => {
      await sql`update public.repositories set description_ai = 'A portfolio site.', description_ai_at = now()
                 where id = ${a?.id ?? ""}`;
      await sql`update public.repositories set has_intro_video = true where id = ${b?.id ?? ""}`;
    });
    assert.deepEqual((await list(user, "page=2")).summary, { repositories: 8, described: 1, with_video: 1 });
  });

  test("pages and sorts; most recently pushed first by default", async () => {
    const first = await list(user, "page_size=3");
    assert.deepEqual(
      first.items.map((p) => p.name),
      ["portfolio-site", "private-notes", "task-api"],
    );
    assert.equal(first.total, 8);
    const third = await list(user, "page_size=3&page=3");
    assert.deepEqual(
      third.items.map((p) => p.name),
      ["react", "old-android-app"],
    );
    const byStars = await list(user, "sort=-stars&page_size=1");
    assert.equal(byStars.items[0]?.name, "go-url-shortener");
    const byNameAsc = await list(user, "sort=name&page_size=2");
    assert.deepEqual(
      byNameAsc.items.map((p) => p.name),
      ["dotfiles", "go-url-shortener"],
    );
  });

  test("bad query → 422 naming the field", async () => {
    for (const [query, field] of [
      ["page_size=500", "page_size"],
      ["page=0", "page"],
      ["sort=owner", "sort"],
      [`q=${"x".repeat(201)}`, "q"],
    ] as const) {
      const res = await callFunction(`${PROJECTS}?${query}`, { token: user.accessToken });
      assert.equal(res.status, 422, query);
      assert.ok(
        errorOf(res.body).details?.fields?.some((f) => f.path === field),
        `${query} names ${field}`,
      );
    }
  });

  test("GET /v1/projects/:id: the caller's project; 404 for an unknown id; 422 for a malformed one", async () => {
    const p = (await list(user, "page_size=1")).items[0];
    const one = await callFunction(`${PROJECTS}/${p?.id}`, { token: user.accessToken });
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, p);
    assert.equal(
      (await callFunction(`${PROJECTS}/${randomUUID()}`, { token: user.accessToken })).status,
      404,
    );
    assert.equal((await callFunction(`${PROJECTS}/not-a-uuid`, { token: user.accessToken })).status, 422);
  });
});

// ==================================================================================================
describe("user isolation", () => {
  test("another user's project is not found anywhere; user_id in query or body changes nothing", async () => {
    const { user: owner } = await connectedUser("proj-owner");
    await syncOk(owner);
    const target = (await list(owner)).items[0];
    assert.ok(target);
    const stranger = await newUser("proj-stranger");

    for (const [method, path, body] of [
      ["GET", `${PROJECTS}/${target.id}`, undefined],
      ["POST", `${PROJECTS}/${target.id}/describe`, { regenerate: true }],
      ["POST", `${PROJECTS}/${target.id}/video/signed-url`, { content_type: "video/webm", size: 1000 }],
      ["GET", `${PROJECTS}/${target.id}/video`, undefined],
    ] as const) {
      const res = await callFunction(path, { method, token: stranger.accessToken, body });
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(errorOf(res.body).code, "not_found");
    }
    const page = await list(stranger, `user_id=${owner.userId}`);
    assert.equal(page.total, 0, "a user_id in the query is ignored");
    const synced = await callFunction(SYNC, {
      method: "POST",
      token: stranger.accessToken,
      body: { user_id: owner.userId },
    });
    assert.equal(errorOf(synced.body).code, "github_not_connected", "a user_id in the body is ignored");
    const rows = await withSql(
      (sql) => sql`select 1 from public.project_videos where repo_id = ${target.id}`,
    );
    assert.equal(rows.length, 0, "no video row was written for the stranger");
  });
});

// ==================================================================================================
describe("POST /v1/projects/:id/describe", () => {
  let user: TestUser;
  let name: string;
  let taskApi: Project;
  before(async () => {
    ({ user, name } = await connectedUser("proj-describe"));
    await syncOk(user);
    taskApi = await byName(user, "task-api");
  });
  const describeCall = (id: string, body: unknown = { regenerate: true }) =>
    callFunction(`${PROJECTS}/${id}/describe`, { method: "POST", token: user.accessToken, body });

  test("without a Gemini key → 409 gemini_key_missing telling where to add one", async () => {
    const res = await describeCall(taskApi.id);
    assert.equal(res.status, 409);
    assert.equal(errorOf(res.body).code, "gemini_key_missing");
    assert.match(errorOf(res.body).message, /Settings › API keys & tokens/);
  });

  test("grounded in README, languages, topics and commits; stored; returned again unless regenerate", async () => {
    const key = fakeGeminiValidKey(randomBytes(6).toString("hex"));
    await saveGeminiKey(user, key);
    const res = await describeCall(taskApi.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body as { description_ai: string; description_ai_at: string; technologies: string[] };
    assert.match(body.description_ai, /task-api/);
    assert.match(body.description_ai, /Python/);
    // Known technologies get their usual names (the fake answered with GitHub's language and topic spellings).
    assert.deepEqual(body.technologies, ["Python", "Docker", "Shell", "FastAPI", "PostgreSQL", "rest-api"]);
    const usage = await geminiUsage(key);
    assert.equal(usage.generate, 1);
    assert.match(
      usage.lastPrompt ?? "",
      /written in Python with FastAPI and SQLAlchemy/,
      "the README excerpt",
    );
    assert.match(usage.lastPrompt ?? "", /- Paginate GET \/tasks/, "recent commit messages");
    assert.match(usage.lastPrompt ?? "", /Topics: fastapi, postgresql, rest-api/);
    assert.match(usage.lastPrompt ?? "", /Languages \(by size\): Python 9\d\.\d%/);

    const stored = await callFunction(`${PROJECTS}/${taskApi.id}`, { token: user.accessToken });
    assert.equal((stored.body as Project).description_ai, body.description_ai);
    assert.equal((stored.body as Project).description_ai_at, body.description_ai_at);

    const again = await describeCall(taskApi.id, { regenerate: false });
    assert.deepEqual(again.body, {
      description_ai: body.description_ai,
      description_ai_at: body.description_ai_at,
    });
    assert.equal(
      (await geminiUsage(key)).generate,
      1,
      "the stored description is returned without calling Gemini",
    );
    const empty = await callFunction(`${PROJECTS}/${taskApi.id}/describe`, {
      method: "POST",
      token: user.accessToken,
    });
    assert.equal(empty.status, 200, "regenerate defaults to false");
    assert.equal((await geminiUsage(key)).generate, 1);
    const fresh = await describeCall(taskApi.id, { regenerate: true });
    assert.equal(fresh.status, 200);
    assert.notEqual((fresh.body as { description_ai_at: string }).description_ai_at, body.description_ai_at);
    assert.equal((await geminiUsage(key)).generate, 2);
    assert.equal((await describeCall(taskApi.id, { regenerate: "yes" })).status, 422);
  });

  test("a technology listed but not in the facts is dropped", async () => {
    await saveGeminiKey(user, FAKE_GEMINI_INVENT_LIST_KEY);
    const res = await describeCall(taskApi.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(!(res.body as { technologies: string[] }).technologies.includes(FAKE_GEMINI_INVENTED));
  });

  test("a description naming an unshown technology is retried once, strictly; twice → 502 llm_ungrounded, nothing saved", async () => {
    await saveGeminiKey(user, FAKE_GEMINI_INVENT_ONCE_KEY);
    const before = (await geminiUsage(FAKE_GEMINI_INVENT_ONCE_KEY)).generate;
    const res = await describeCall(taskApi.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.doesNotMatch((res.body as { description_ai: string }).description_ai, /Kubernetes/);
    const usage = await geminiUsage(FAKE_GEMINI_INVENT_ONCE_KEY);
    assert.equal(usage.generate - before, 2, "one retry");
    assert.match(usage.lastPrompt ?? "", /STRICT GROUNDING: your previous answer named Kubernetes/);

    const stored = (await callFunction(`${PROJECTS}/${taskApi.id}`, { token: user.accessToken }))
      .body as Project;
    await saveGeminiKey(user, FAKE_GEMINI_INVENT_KEY);
    const bad = await describeCall(taskApi.id);
    assert.equal(bad.status, 502, JSON.stringify(bad.body));
    assert.equal(errorOf(bad.body).code, "llm_ungrounded");
    assert.deepEqual(errorOf(bad.body).details?.unsupported, ["Kubernetes"]);
    const after = (await callFunction(`${PROJECTS}/${taskApi.id}`, { token: user.accessToken }))
      .body as Project;
    assert.equal(after.description_ai, stored.description_ai, "nothing saved");
  });

  test("Gemini rejects the key → 422 invalid_api_key; throttles it → 429 llm_rate_limited with retry_after_s", async () => {
    await saveGeminiKey(user, FAKE_GEMINI_GEN_INVALID_KEY);
    const invalid = await describeCall(taskApi.id);
    assert.equal(invalid.status, 422);
    assert.equal(errorOf(invalid.body).code, "invalid_api_key");
    assert.match(errorOf(invalid.body).message, /Settings/);
    await saveGeminiKey(user, FAKE_GEMINI_GEN_QUOTA_KEY);
    const limited = await describeCall(taskApi.id);
    assert.equal(limited.status, 429);
    assert.equal(errorOf(limited.body).code, "llm_rate_limited");
    assert.equal(errorOf(limited.body).details?.retry_after_s, 43);
    assert.equal((await geminiUsage(FAKE_GEMINI_GEN_QUOTA_KEY)).generate, 1, "not retried");
  });

  test("GitHub refuses the token while fetching facts → 409 github_reconnect_required", async () => {
    await saveGeminiKey(user, fakeGeminiValidKey(randomBytes(6).toString("hex")));
    await fake("revoke", { login: name });
    const res = await describeCall((await byName(user, "portfolio-site")).id);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "github_reconnect_required");
  });
});

// ==================================================================================================
describe("intro videos", () => {
  let user: TestUser;
  let project: Project;
  before(async () => {
    ({ user } = await connectedUser("proj-video"));
    await syncOk(user);
    project = await byName(user, "portfolio-site");
  });
  const signedUrl = (body: unknown, id = project.id) =>
    callFunction(`${PROJECTS}/${id}/video/signed-url`, { method: "POST", token: user.accessToken, body });
  const video = async (id = project.id) => {
    const res = await callFunction(`${PROJECTS}/${id}/video`, { token: user.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as Record<string, unknown>;
  };
  const videoRows = () =>
    withSql((sql) =>
      sql<{ id: string; status: string }[]>`
        select id, status::text from public.project_videos where repo_id = ${project.id} order by created_at`.then(
        (r) => [...r],
      ),
    );

  test("no video yet → status none", async () => {
    assert.deepEqual(await video(), { status: "none" });
  });

  test("bad input → 422 naming the field, nothing written", async () => {
    for (const [body, field] of [
      [{ content_type: "image/png", size: 1000 }, "content_type"],
      [{ content_type: "video/webm", size: 0 }, "size"],
      [{ content_type: "video/mp4", size: 50 * 1024 * 1024 + 1 }, "size"],
      [{ content_type: "video/mp4", size: 1.5 }, "size"],
      [{ content_type: "video/webm" }, "size"],
      [{ content_type: "video/webm", size: 10, path: "../x" }, "path"],
    ] as const) {
      const res = await signedUrl(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(
        errorOf(res.body).details?.fields?.some((f) => f.path === field),
        `${JSON.stringify(body)} names ${field}`,
      );
    }
    assert.deepEqual(await videoRows(), []);
  });

  test("upload through the signed URL (supabase-js) → uploaded, project_video.uploaded queued for the runner once", async () => {
    const res = await signedUrl({ content_type: "video/webm", size: 2048 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const target = res.body as {
      upload_url: string;
      storage_path: string;
      video_id: string;
      token: string;
      expires_in: number;
    };
    assert.equal(target.storage_path, `${user.userId}/${project.id}/${target.video_id}.webm`);
    assert.ok(target.upload_url.startsWith(`${env.apiUrl}/storage/v1/object/upload/sign/project-videos/`));
    assert.equal(target.expires_in, 7200);
    assert.equal((await video()).status, "pending");
    assert.equal((await byName(user, "portfolio-site")).video?.status, "pending");

    // Asking again replaces the pending, never-uploaded one.
    const again = await signedUrl({ content_type: "video/webm", size: 2048 });
    const target2 = again.body as typeof target;
    assert.deepEqual(
      (await videoRows()).map((r) => r.id),
      [target2.video_id],
    );

    const { error } = await anonClient()
      .storage.from("project-videos")
      .uploadToSignedUrl(
        target2.storage_path,
        target2.token,
        new Blob([randomBytes(2048)], { type: "video/webm" }),
        {
          contentType: "video/webm",
        },
      );
    assert.equal(error, null);
    const [row] = await videoRows();
    assert.notEqual(row?.status, "pending", "the upload was detected");
    // (A running scraper-runner may already have picked it up.)
    assert.ok(["uploaded", "processing", "failed", "transcoded"].includes(String((await video()).status)));

    const uploaded = await events(user.userId, "project_video.uploaded");
    assert.deepEqual(uploaded, [
      {
        user_id: user.userId,
        repo_id: project.id,
        video_id: target2.video_id,
        storage_path: target2.storage_path,
        content_type: "video/webm",
      },
    ]);
    const queued = await withSql(
      (sql) =>
        sql<{ n: number }[]>`
        select count(*)::int as n from (
          select message from pgmq.q_project_videos union all select message from pgmq.a_project_videos
        ) m where m.message -> 'payload' ->> 'video_id' = ${target2.video_id}`,
    );
    assert.equal(queued[0]?.n, 1, "exactly one message in the project_videos queue");

    // The same object again (upsert) is not a second upload.
    const { error: again2 } = await anonClient()
      .storage.from("project-videos")
      .uploadToSignedUrl(
        target2.storage_path,
        target2.token,
        new Blob([randomBytes(16)], { type: "video/webm" }),
      );
    assert.ok(again2, "a signed upload URL works once");
    assert.equal((await events(user.userId, "project_video.uploaded")).length, 1);
  });

  test("attack: a file larger than the size declared for its URL is refused — video failed, file queued for deletion", async () => {
    const repo = await byName(user, "react");
    const res = await signedUrl({ content_type: "video/webm", size: 1024 }, repo.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const target = res.body as { storage_path: string; video_id: string; token: string };
    const { error } = await anonClient()
      .storage.from("project-videos")
      .uploadToSignedUrl(
        target.storage_path,
        target.token,
        new Blob([randomBytes(2 * 1024 * 1024)], { type: "video/webm" }),
        {
          contentType: "video/webm",
        },
      );
    assert.equal(error, null, "Storage itself accepts it: under the bucket's cap");
    const v = await video(repo.id);
    assert.equal(v.status, "failed");
    assert.equal(
      v.failure_reason,
      "The uploaded file (2.0 MB) is larger than the 1.0 KB announced when the upload started, so it was deleted. Record or choose the video again.",
    );
    assert.deepEqual(
      await events(user.userId, "project_video.uploaded").then((e) =>
        e.filter((p) => p.video_id === target.video_id),
      ),
      [],
      "never sent to the transcoder",
    );
    const cleanup = await withSql(
      (sql) => sql<{ n: number }[]>`
        select count(*)::int as n from pgmq.q_storage_cleanup
         where message ->> 'event_type' = 'storage.object.rejected' and message -> 'payload' ->> 'path' = ${target.storage_path}`,
    );
    assert.equal(cleanup[0]?.n, 1, "its deletion waits for the runner (runner-storage-cleanup.test.ts)");
  });

  test("attack: 60 MiB behind a 1 kB declaration is refused by Storage at the bucket's 50 MiB cap, nothing stored", async () => {
    const repo = await byName(user, "old-android-app");
    const res = await signedUrl({ content_type: "video/webm", size: 1000 }, repo.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const target = res.body as { storage_path: string; token: string };
    const { error } = await anonClient()
      .storage.from("project-videos")
      .uploadToSignedUrl(
        target.storage_path,
        target.token,
        new Blob([new Uint8Array(60 * 1024 * 1024)], { type: "video/webm" }),
        {
          contentType: "video/webm",
        },
      );
    assert.ok(error, "the upload is refused");
    assert.equal((error as { statusCode?: string }).statusCode, "413");
    const stored = await withSql(
      (sql) =>
        sql<
          { n: number }[]
        >`select count(*)::int as n from storage.objects where name = ${target.storage_path}`,
    );
    assert.equal(stored[0]?.n, 0, "no object row");
    assert.equal((await video(repo.id)).status, "pending", "nothing arrived");
  });

  test("GET video follows the runner's outcome: processing, transcoded (signed playback + poster URLs), failed", async () => {
    const repo = await byName(user, "task-api");
    const vid = randomUUID();
    const base = `${user.userId}/${repo.id}/${vid}`;
    // Arrange an uploaded video without emitting (the runner is simulated here through its SQL contract).
    await withSql(
      (sql) => sql`
        insert into public.project_videos (id, user_id, repo_id, storage_path, content_type, size_bytes, status)
        values (${vid}, ${user.userId}, ${repo.id}, ${`${base}.mp4`}, 'video/mp4', 1000, 'uploaded')`,
    );
    assert.equal((await video(repo.id)).status, "uploaded");
    await withSql((sql) =>
      sql.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`select private.video_begin_processing(${vid}::uuid)`;
      }),
    );
    assert.equal((await video(repo.id)).status, "processing");

    const service = serviceClient();
    const mp4 = randomBytes(512);
    const jpg = randomBytes(256);
    assert.equal(
      (
        await service.storage
          .from("project-videos")
          .upload(`${base}/intro.mp4`, mp4, { contentType: "video/mp4" })
      ).error,
      null,
    );
    assert.equal(
      (
        await service.storage
          .from("project-videos")
          .upload(`${base}/poster.jpg`, jpg, { contentType: "image/jpeg" })
      ).error,
      null,
    );
    await withSql((sql) =>
      sql.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`select private.video_finish(${vid}::uuid, 'transcoded', 24.5, ${`${base}/intro.mp4`}, ${`${base}/poster.jpg`}, null)`;
      }),
    );
    const done = await video(repo.id);
    assert.equal(done.status, "transcoded");
    assert.equal(done.video_id, vid);
    assert.equal(done.duration_sec, 24.5);
    assert.equal(done.expires_in, 3600);
    const playback = await fetch(String(done.playback_url));
    assert.equal(playback.status, 200);
    assert.deepEqual(Buffer.from(await playback.arrayBuffer()), mp4);
    const poster = await fetch(String(done.poster_url));
    assert.deepEqual(Buffer.from(await poster.arrayBuffer()), jpg);
    const item = await byName(user, "task-api");
    assert.equal(item.has_intro_video, true);
    assert.deepEqual(item.video, { id: vid, status: "transcoded", duration_sec: 24.5, failure_reason: null });

    // A new clip that is rejected becomes the current video; the repository keeps its transcoded one.
    const vid2 = randomUUID();
    await withSql(
      (sql) => sql`
        insert into public.project_videos (id, user_id, repo_id, storage_path, content_type, size_bytes, status)
        values (${vid2}, ${user.userId}, ${repo.id}, ${`${base}-2.webm`}, 'video/webm', 1000, 'uploaded')`,
    );
    const reason = "The clip is 12.4 s long; intro videos must be 20–30 s.";
    await withSql((sql) =>
      sql.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`select private.video_finish(${vid2}::uuid, 'failed', 12.4, null, null, ${reason})`;
      }),
    );
    assert.deepEqual(await video(repo.id), {
      status: "failed",
      video_id: vid2,
      duration_sec: 12.4,
      failure_reason: reason,
    });
    assert.equal((await byName(user, "task-api")).has_intro_video, true);
    // (Only this repository's: a running scraper-runner rejects the random bytes uploaded above.)
    const processed = (await events(user.userId, "project_video.processed")).filter(
      (e) => e.repo_id === repo.id,
    );
    assert.deepEqual(
      processed.map((e) => [e.video_id, e.status, e.reason ?? null, e.repo_name]),
      [
        [vid, "transcoded", null, "task-api"],
        [vid2, "failed", reason, "task-api"],
      ],
    );
  });
});

// ==================================================================================================
describe("upload URL rate limit", () => {
  test("attack: upload URLs on repeat → 429 upload_rate_limited with retry_after after 20 an hour; other users unaffected", async () => {
    const [{ user }, { user: other }] = await Promise.all([
      connectedUser("proj-rate"),
      connectedUser("proj-rate-other"),
    ]);
    await Promise.all([syncOk(user), syncOk(other)]);
    const repo = await byName(user, "portfolio-site");
    const ask = (who: TestUser, id: string) =>
      callFunction(`${PROJECTS}/${id}/video/signed-url`, {
        method: "POST",
        token: who.accessToken,
        body: { content_type: "video/webm", size: 1000 },
      });
    for (let i = 1; i <= 20; i++) {
      const ok = await ask(user, repo.id);
      assert.equal(ok.status, 200, `request ${i}: ${JSON.stringify(ok.body)}`);
    }
    const limited = await ask(user, repo.id);
    assert.equal(limited.status, 429, JSON.stringify(limited.body));
    assert.equal(errorOf(limited.body).code, "upload_rate_limited");
    const retryAfter =
      (errorOf(limited.body).details as { retry_after_s?: number } | undefined)?.retry_after_s ?? 0;
    assert.ok(retryAfter > 3500 && retryAfter <= 3600, `retry_after_s ${retryAfter}`);
    assert.equal(limited.headers.get("retry-after"), String(retryAfter));
    assert.match(errorOf(limited.body).message, /try again in \d+ minutes/);

    const otherRepo = await byName(other, "portfolio-site");
    assert.equal((await ask(other, otherRepo.id)).status, 200, "another user is unaffected");
  });
});

// ==================================================================================================
describe("the daily schedule", () => {
  test("the daily job asks for a sync of every user with GitHub connected", async () => {
    const { user } = await connectedUser("proj-daily");
    const stranger = await newUser("proj-daily-nogh");
    // Run the job's function in a transaction that is rolled back: the requests are checked
    // there, and no other test's users get synced by a running scraper-runner.
    const requested = await withSql(async (sql) => {
      let rows: { user_id: string; queued: boolean }[] = [];
      await sql
        .begin(async (tx) => {
          await tx`select private.request_daily_project_sync()`;
          rows = [
            ...(await tx<{ user_id: string; queued: boolean }[]>`
              select payload ->> 'user_id' as user_id, 'projects_sync' = any(queues) as queued
              from public.event_log where event_type = 'projects.sync.requested'
                and payload ->> 'trigger' = 'daily'
                and payload ->> 'user_id' in (${user.userId}, ${stranger.userId})`),
          ];
          throw new Error("rollback");
        })
        .catch((err: Error) => {
          if (err.message !== "rollback") throw err;
        });
      return rows;
    });
    assert.deepEqual(requested, [{ user_id: user.userId, queued: true }]);
  });
});
