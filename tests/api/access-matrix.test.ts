/**
 * The access matrix: for EVERY route the functions serve (the gateway's `/docs/routes.json`),
 * the status each kind of caller gets — anon (no token), the user, another user, an admin (and, for
 * internal routes, the project's service-role key).
 *
 * A served route without a row fails; a row for a route that is no longer served fails. When
 * you add a route, add its row here: say what each caller must get, and send a request that
 * proves the gate without destroying the fixtures (e.g. a body that fails validation for a
 * destructive route, so a signed-in caller gets 422 where anon gets 401).
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { callFunction, env, newAdmin, newUser, type TestUser, withSql } from "../support/env.js";

type Actor = "anon" | "user" | "other" | "admin";
const ACTORS: Actor[] = ["anon", "user", "other", "admin"];

/** The callers, created once: `user` owns the fixtures; `other` is a stranger to them. */
interface Actors {
  user: TestUser;
  other: TestUser;
  admin: TestUser;
}

interface Row {
  /** Status per caller. */
  expect: Record<Actor, number>;
  /** JSON body to send (every caller gets the same one). */
  body?: unknown;
  /** Values for the route's `:params`, usually ids of fixtures owned by `user`. */
  params?: (actors: Actors) => Promise<Record<string, string>> | Record<string, string>;
  /** Query string (without `?`). */
  query?: string;
  /** Why the row sends what it sends, when not obvious. */
  note?: string;
  /** Status for the project's service-role key as the bearer (internal routes); omitted: not checked. */
  service?: number;
}

const ALL_SIGNED_IN = { anon: 401, user: 200, other: 200, admin: 200 };

/** An export owned by `user`, still being made (arranged in SQL: exports are in insights.test.ts). */
async function userExport(user: TestUser): Promise<string> {
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.report_exports (user_id, scope, type, format)
      values (${user.userId}, 'user', 'jobs', 'pdf') returning id`,
  );
  if (!row) throw new Error("no export inserted");
  return row.id;
}

/** A notification owned by `user` (only the notifications consumer writes them; arranged in SQL). */
async function userNotification(user: TestUser): Promise<string> {
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.notifications (user_id, type, title)
      values (${user.userId}, 'repo.detected', 'New repository detected: matrix') returning id`,
  );
  if (!row) throw new Error("no notification inserted");
  return row.id;
}

/** A submitted application of `user` on one of their jobs (only the apply functions write them; arranged in SQL). */
async function userApplication(user: TestUser): Promise<{ id: string; run: string }> {
  const job = await userJob(user);
  return await withSql(async (sql) => {
    const [app] = await sql<{ id: string }[]>`
      select application_id as id from private.create_job_application(${user.userId}::uuid, ${job}::uuid, 'manual', null, 'queued')`;
    const [run] = await sql<{ id: string }[]>`
      insert into public.job_apply_runs (user_id, mode, total_queued) values (${user.userId}, 'manual', 1) returning id`;
    await sql`update public.job_applications set status = 'submitted', applied_at = now(), attempt_started_at = now(),
                run_id = ${run!.id} where id = ${app!.id}`;
    return { id: app!.id, run: run!.id };
  });
}

/** A fetched job of `user` (only the ingest route writes them; arranged through it). */
async function userJob(user: TestUser): Promise<string> {
  const id = `matrix-${Math.floor(Math.random() * 1e9)}`;
  const res = await callFunction("job-fetcher/v1/internal/jobs/ingest", {
    method: "POST",
    token: env.serviceRoleKey,
    body: {
      user_id: user.userId,
      portal: "naukri",
      jobs: [
        {
          external_job_id: id,
          title: "Matrix Engineer",
          company: "Matrix",
          job_url: `https://www.naukri.com/${id}`,
        },
      ],
    },
  });
  if (res.status !== 200) throw new Error(`ingest failed: ${JSON.stringify(res.body)}`);
  const [row] = await withSql(
    (sql) =>
      sql<
        { id: string }[]
      >`select id from public.fetched_jobs where user_id = ${user.userId} and external_job_id = ${id}`,
  );
  if (!row) throw new Error("no job stored");
  return row.id;
}

/** A repository of `user` with a stored AI description (only the sync writes them; arranged in SQL). */
async function userRepository(user: TestUser): Promise<string> {
  const providerId = 1 + Math.floor(Math.random() * 2_000_000_000);
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url, description_ai, description_ai_at)
      values (${user.userId}, ${providerId}, 'matrix', 'matrix/matrix', 'https://github.com/matrix/matrix',
              'A repository for the access matrix.', now())
      returning id`,
  );
  if (!row) throw new Error("no repository inserted");
  return row.id;
}

/** A repository of `user` whose intro video is being processed (the runner's state; arranged in SQL). */
async function userRepositoryWithProcessingVideo(user: TestUser): Promise<string> {
  const id = await userRepository(user);
  await withSql(
    (sql) => sql`
      insert into public.project_videos (user_id, repo_id, storage_path, content_type, size_bytes, status)
      values (${user.userId}, ${id}, ${`${user.userId}/${id}/${crypto.randomUUID()}.webm`}, 'video/webm', 1024, 'processing')`,
  );
  return id;
}

/** A finished sync run of `user` (only the runner finishes them; arranged in SQL). */
async function userSyncRun(user: TestUser): Promise<string> {
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.project_sync_runs
        (user_id, trigger, status, synced_count, detected_count, updated_count, started_at, finished_at)
      values (${user.userId}, 'manual', 'succeeded', 0, 0, 0, now(), now())
      returning id`,
  );
  if (!row) throw new Error("no sync run inserted");
  return row.id;
}

/** An uploaded certificate of `user` (upload URL through the API, the file through Storage). */
async function userCertificate(user: TestUser): Promise<string> {
  const res = await callFunction("verification/v1/certificates", {
    method: "POST",
    token: user.accessToken,
    body: { document_type: "course", content_type: "image/png", size: 4 },
  });
  if (res.status !== 201) throw new Error(`no certificate: ${JSON.stringify(res.body)}`);
  const t = res.body as { certificate_id: string; storage_path: string; token: string };
  const up = await user.client.storage
    .from("certificates")
    .uploadToSignedUrl(t.storage_path, t.token, new Blob(["cert"], { type: "image/png" }), {
      contentType: "image/png",
    });
  if (up.error) throw new Error(`upload failed: ${up.error.message}`);
  return t.certificate_id;
}

/** An uploaded certificate of `user` already verified (arranged in SQL): deciding it again is 409, deleting it 409. */
async function userVerifiedCertificate(user: TestUser): Promise<string> {
  const id = await userCertificate(user);
  await withSql(
    (sql) => sql`update public.certificates set status = 'verified', reviewed_at = now() where id = ${id}`,
  );
  return id;
}

const ADMIN_ONLY = { anon: 401, user: 403, other: 403, admin: 200 };

/** The user's shared resume fixture (rows that do not delete it share one: the limit is 10). */
const sharedResume = new Map<string, Promise<{ id: string; version_id: string }>>();
function userResume(user: TestUser): Promise<{ id: string; version_id: string }> {
  let p = sharedResume.get(user.userId);
  if (!p) {
    p = newUserResume(user);
    sharedResume.set(user.userId, p);
  }
  return p;
}

/** A new resume of `user` with one published version (arranged in SQL: builds need Gemini). */
async function newUserResume(user: TestUser): Promise<{ id: string; version_id: string }> {
  return withSql(async (sql) => {
    const [r] = await sql<{ id: string }[]>`
      insert into public.resumes (user_id, name, role_type) values (${user.userId}, 'Matrix', 'Engineer') returning id`;
    if (!r) throw new Error("no resume inserted");
    const [v] = await sql<{ id: string }[]>`
      insert into public.resume_versions (resume_id, user_id, number, generated_from, template, content_json)
      values (${r.id}, ${user.userId}, 1, 'manual', 'ats', ${sql.json({ basics: { name: "Matrix" }, meta: { provenance: {} } })})
      returning id`;
    if (!v) throw new Error("no version inserted");
    await sql`update public.resumes set active_version_id = ${v.id} where id = ${r.id}`;
    return { id: r.id, version_id: v.id };
  });
}

/** A career-record entry of `user`. */
async function userEntry(user: TestUser): Promise<string> {
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.career_entries (user_id, kind, data) values (${user.userId}, 'skill', ${sql.json({ name: "Matrix" })})
      returning id`,
  );
  if (!row) throw new Error("no entry inserted");
  return row.id;
}

/** A resume-PDF import of `user` (arranged in SQL: the upload URL comes from Storage). */
async function userImport(user: TestUser): Promise<string> {
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.resume_imports (user_id, storage_path, size_bytes)
      values (${user.userId}, ${`${user.userId}/imports/${crypto.randomUUID()}.pdf`}, 1000) returning id`,
  );
  if (!row) throw new Error("no import inserted");
  return row.id;
}

const OWNER_ONLY = { anon: 401, user: 200, other: 404, admin: 404 };

/** `METHOD /<function>/<path>` → row. Keep grouped by function, in route order. */
const MATRIX: Record<string, Row> = {
  // ------------------------------------------------------------------ auth-identity
  "GET /auth-identity/v1/auth/session": { expect: ALL_SIGNED_IN },
  "GET /auth-identity/v1/auth/profile": { expect: ALL_SIGNED_IN, note: "each caller reads only their own" },
  "PATCH /auth-identity/v1/auth/profile": { expect: ALL_SIGNED_IN, body: { display_name: "Matrix Caller" } },
  "DELETE /auth-identity/v1/auth/account": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { confirm: "not yet" },
    note: "a wrong confirmation proves the gate without deleting anyone; deletion is in auth-identity.test.ts",
  },
  // ------------------------------------------------------------------ onboarding
  "GET /onboarding/v1/onboarding": { expect: ALL_SIGNED_IN, note: "each caller gets their own record" },
  "PUT /onboarding/v1/onboarding": { expect: ALL_SIGNED_IN, body: { current_step: "career" } },
  "GET /onboarding/v1/settings/job": { expect: ALL_SIGNED_IN },
  "PUT /onboarding/v1/settings/job": {
    expect: ALL_SIGNED_IN,
    body: {
      search_active: false,
      auto_apply: false,
      portals: [],
      roles: [],
      locations: [],
      min_lpa: null,
      company_types: [],
    },
  },
  // ------------------------------------------------------------------ integrations
  "GET /integrations/v1/integrations": { expect: ALL_SIGNED_IN, note: "each caller sees only their own" },
  "POST /integrations/v1/integrations/github/connect": {
    expect: ALL_SIGNED_IN,
    body: {},
    note: "needs GITHUB_CLIENT_ID/SECRET in the stack's env (503 integration_not_configured otherwise)",
  },
  "GET /integrations/v1/integrations/github/callback": {
    expect: { anon: 401, user: 400, other: 400, admin: 400 },
    query: "code=0123456789abcdef0123&state=forged.state.value",
    note: "the web app's callback page forwards GitHub's code + state with the user's token: anon 401, a forged state 400 oauth_state_invalid; the flow and its attacks are in integrations.test.ts",
  },
  "POST /integrations/v1/integrations/tokens": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { provider: "github", token: "not-saved-here" },
    note: "github cannot be pasted (422) — proves the gate without storing anything",
  },
  "DELETE /integrations/v1/integrations/:provider": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    params: () => ({ provider: "not-a-provider" }),
    note: "an unknown provider proves the gate without revoking anything",
  },
  // ------------------------------------------------------------------ projects
  "POST /projects/v1/projects/sync": {
    expect: { anon: 401, user: 409, other: 409, admin: 409 },
    note: "nobody here connected GitHub: 409 github_not_connected proves the gate; syncs are in projects.test.ts",
  },
  "GET /projects/v1/projects": { expect: ALL_SIGNED_IN, note: "each caller lists only their own" },
  "GET /projects/v1/projects/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
    note: "the user's repository: a stranger and an admin get 404 (the API is the owner's view)",
  },
  "POST /projects/v1/projects/:id/describe": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
    body: { regenerate: false },
    note: "regenerate false returns the stored description without calling Gemini",
  },
  "POST /projects/v1/projects/:id/video/signed-url": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
    body: { content_type: "video/webm", size: 1024 },
  },
  "GET /projects/v1/projects/:id/video": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
  },
  "POST /projects/v1/projects/:id/video/share": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
    note: "the owner's repository has no transcoded video yet (409); a stranger's or an admin's attempt is 404",
  },
  "DELETE /projects/v1/projects/:id/video/share": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
    note: "revokes only the owner's links (none here: revoked 0)",
  },
  "GET /projects/v1/video-shares/:slug": {
    expect: { anon: 404, user: 404, other: 404, admin: 404 },
    params: () => ({ slug: "AAAAAAAAAAAAAAAAAAAAAA" }),
    note: "public by design (the unguessable link authorises); an unknown slug is 404 for everyone; the flow and its attacks are in video-shares.test.ts",
  },
  "PUT /projects/v1/projects/:id/description": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepository(user) }),
    body: { description: "The user's own words about the matrix repository." },
  },
  "DELETE /projects/v1/projects/:id/video": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userRepositoryWithProcessingVideo(user) }),
    note: "a clip being processed cannot be deleted: 409 proves the gate without deleting anything",
  },
  "GET /projects/v1/projects/sync-runs/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userSyncRun(user) }),
    note: "the user's sync run: a stranger and an admin get 404 (the API is the owner's view)",
  },
  // ------------------------------------------------------------------ verification
  "POST /verification/v1/certificates": {
    expect: { anon: 401, user: 201, other: 201, admin: 201 },
    body: { document_type: "degree", content_type: "application/pdf", size: 1024 },
    note: "each caller gets an upload URL for their own new certificate",
  },
  "GET /verification/v1/certificates": { expect: ALL_SIGNED_IN, note: "each caller lists only their own" },
  "GET /verification/v1/certificates/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userCertificate(user) }),
    note: "the owner's view: a stranger and an admin get 404 (admins use /v1/admin/certificates/:id)",
  },
  "DELETE /verification/v1/certificates/:id": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userVerifiedCertificate(user) }),
    note: "a verified certificate: its owner gets 409 (not deletable), everyone else 404; deletion is in verification.test.ts",
  },
  "GET /verification/v1/admin/certificates": { expect: ADMIN_ONLY, query: "status=pending" },
  "GET /verification/v1/admin/users/:user_id/certificates": {
    expect: ADMIN_ONLY,
    params: ({ user }) => ({ user_id: user.userId }),
  },
  "GET /verification/v1/admin/certificates/:id": {
    expect: ADMIN_ONLY,
    params: async ({ user }) => ({ id: await userCertificate(user) }),
  },
  "POST /verification/v1/admin/certificates/:id/approve": {
    expect: { anon: 401, user: 403, other: 403, admin: 409 },
    params: async ({ user }) => ({ id: await userVerifiedCertificate(user) }),
    note: "an already verified certificate: the admin gets 409, proving the gate without deciding anything",
  },
  "POST /verification/v1/admin/certificates/:id/reject": {
    expect: { anon: 401, user: 403, other: 403, admin: 422 },
    params: async ({ user }) => ({ id: await userCertificate(user) }),
    body: { notes: "" },
    note: "empty notes: the admin gets 422, a user 403 before the body is looked at",
  },
  // ------------------------------------------------------------------ admin
  "GET /admin/v1/admin/dashboard": { expect: ADMIN_ONLY },
  "GET /admin/v1/admin/users": { expect: ADMIN_ONLY, query: "q=matrix&sort=-created_at" },
  "GET /admin/v1/admin/users/:user_id": {
    expect: ADMIN_ONLY,
    params: ({ user }) => ({ user_id: user.userId }),
  },
  "POST /admin/v1/admin/notifications": {
    expect: { anon: 401, user: 403, other: 403, admin: 422 },
    body: { broadcast_id: "00000000-0000-4000-8000-000000000000", title: "", audience: "all" },
    note: "an empty title: the admin gets 422 without telling anyone; broadcasts are in admin.test.ts",
  },
  "GET /admin/v1/admin/audit": { expect: ADMIN_ONLY, query: "action=certificate.approve" },
  // ------------------------------------------------------------------ api-management
  "GET /api-management/v1/admin/api-management": { expect: ADMIN_ONLY },
  "PUT /api-management/v1/admin/api-management/:service": {
    expect: { anon: 401, user: 403, other: 403, admin: 422 },
    params: () => ({ service: "apify" }),
    body: { key: "short" },
    note: "a too-short key: the admin gets 422 without rotating anything; rotations are in api-management.test.ts",
  },
  // ------------------------------------------------------------------ insights
  "GET /insights/v1/dashboard/summary": { expect: ALL_SIGNED_IN, note: "each caller's own cards" },
  "GET /insights/v1/reports/applications/series": { expect: ALL_SIGNED_IN, query: "interval=week" },
  "GET /insights/v1/reports/applications/summary": { expect: ALL_SIGNED_IN },
  "GET /insights/v1/reports/resume-performance": { expect: ALL_SIGNED_IN },
  "GET /insights/v1/insights/skill-gaps": { expect: ALL_SIGNED_IN, query: "severity[]=high" },
  "GET /insights/v1/reports/exports": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    query: "type=everything",
    note: "an unknown type proves the gate without recording an export; exports are in insights.test.ts",
  },
  "GET /insights/v1/reports/exports/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userExport(user) }),
    note: "the user's own export: a stranger and an admin get 404 (admins read exports in the audit, not here)",
  },
  "GET /insights/v1/reports/email/subscription": { expect: ALL_SIGNED_IN },
  "POST /insights/v1/reports/email/subscription": {
    expect: ALL_SIGNED_IN,
    body: { schedule: "weekly" },
    note: "saves only the caller's own schedule",
  },
  "GET /insights/v1/admin/dashboard/summary": { expect: ADMIN_ONLY },
  "GET /insights/v1/admin/reports/applications/series": {
    expect: ADMIN_ONLY,
    query: "interval=week&portal[]=naukri",
  },
  "GET /insights/v1/admin/reports/applications/list": { expect: ADMIN_ONLY, query: "q=matrix" },
  "GET /insights/v1/admin/reports/resume-performance": { expect: ADMIN_ONLY },
  "GET /insights/v1/admin/reports/certificates/stats": { expect: ADMIN_ONLY },
  "GET /insights/v1/admin/reports/users": { expect: ADMIN_ONLY, query: "q=matrix" },
  "GET /insights/v1/admin/reports/exports": {
    expect: { anon: 401, user: 403, other: 403, admin: 422 },
    query: "type=everything",
    note: "an unknown type: the admin gets 422 without an export or an audit row",
  },
  // ------------------------------------------------------------------ resumes
  "GET /resumes/v1/career-record": { expect: ALL_SIGNED_IN, note: "each caller reads only their own" },
  "POST /resumes/v1/career-record": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { kind: "hobby", data: {} },
    note: "an unknown kind proves the gate without adding anything",
  },
  "PATCH /resumes/v1/career-record/:id": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: await userEntry(user) }),
    body: { position: 1 },
  },
  "DELETE /resumes/v1/career-record/:id": {
    expect: { anon: 401, user: 204, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userEntry(user) }),
    note: "the user deletes their own entry; a stranger or admin gets 404 (already gone or not theirs)",
  },
  "POST /resumes/v1/career-record/import": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { size: 6 * 1024 * 1024 },
    note: "over 5 MiB proves the gate without issuing an upload URL; imports are in runner-resumes.test.ts",
  },
  "GET /resumes/v1/career-record/imports/:id": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: await userImport(user) }),
  },
  "GET /resumes/v1/resumes": {
    expect: ALL_SIGNED_IN,
    note: "each caller lists only their own, with the limit",
  },
  "POST /resumes/v1/resumes": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: {},
    note: "a missing name proves the gate without using a slot",
  },
  "GET /resumes/v1/resumes/:id": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
  },
  "PATCH /resumes/v1/resumes/:id": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
    body: { name: "Matrix 2" },
  },
  "DELETE /resumes/v1/resumes/:id": {
    expect: { anon: 401, user: 204, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await newUserResume(user)).id }),
  },
  "PUT /resumes/v1/resumes/:id/auto-tailor": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
    body: { enabled: false },
  },
  "POST /resumes/v1/resumes/:id/build": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
    body: { mode: "ai" },
    note: "no Gemini key: the owner gets 409 gemini_key_missing, others 404; builds are in resumes.test.ts",
  },
  "GET /resumes/v1/resumes/:id/versions": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
  },
  "GET /resumes/v1/resumes/:id/versions/:version_id": {
    expect: OWNER_ONLY,
    params: async ({ user }) => await userResume(user),
  },
  "POST /resumes/v1/resumes/:id/versions/:version_id/activate": {
    expect: OWNER_ONLY,
    params: async ({ user }) => await userResume(user),
  },
  "DELETE /resumes/v1/resumes/:id/versions/:version_id": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => await userResume(user),
    note: "a published version is kept (409); drafts are discarded in resumes.test.ts",
  },
  "POST /resumes/v1/resumes/:id/ats": {
    expect: OWNER_ONLY,
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
    body: { job_description: "A backend engineer with PostgreSQL and Kafka experience." },
  },
  "GET /resumes/v1/resumes/:id/download": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userResume(user)).id }),
    note: "the PDF is not rendered (no runner): 409 resume_pdf_not_ready for the owner",
  },
  // ------------------------------------------------------------------ notifications
  "GET /notifications/v1/notifications": { expect: ALL_SIGNED_IN, note: "each caller lists only their own" },
  "GET /notifications/v1/notifications/unread-count": { expect: ALL_SIGNED_IN },
  "PUT /notifications/v1/notifications/:id/read": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userNotification(user) }),
    note: "the user's own notification: a stranger and an admin get 404 (admins read, never mark)",
  },
  "DELETE /notifications/v1/notifications/:id/read": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userNotification(user) }),
  },
  "POST /notifications/v1/notifications/read-all": {
    expect: ALL_SIGNED_IN,
    note: "marks only the caller's own",
  },
  "GET /notifications/v1/notifications/preferences": { expect: ALL_SIGNED_IN, note: "the caller's own" },
  "PUT /notifications/v1/notifications/preferences": {
    expect: ALL_SIGNED_IN,
    body: { product_updates: true },
    note: "saves only the caller's own",
  },
  "GET /notifications/v1/notifications/unsubscribe": {
    expect: { anon: 400, user: 400, other: 400, admin: 400 },
    query: "token=forged.token.value",
    note: "no sign-in by design: the signed token from the email authorises (a forged one: 400 unsubscribe_token_invalid); the flow and its attacks are in runner-email.test.ts",
  },
  "POST /notifications/v1/notifications/unsubscribe": {
    expect: { anon: 400, user: 400, other: 400, admin: 400 },
    query: "token=forged.token.value",
    note: "RFC 8058 one-click target, no sign-in by design (the signed token authorises); a forged token changes nothing",
  },
  // ------------------------------------------------------------------ job fetcher
  "POST /job-fetcher/v1/internal/jobs/ingest": {
    expect: { anon: 401, user: 403, other: 403, admin: 403 },
    service: 404,
    body: { user_id: "00000000-0000-4000-8000-000000000000", portal: "naukri", jobs: [] },
    note: "the service key only: it passes the gate and gets 404 for a user that does not exist (ingests are in job-fetcher.test.ts)",
  },
  "POST /job-fetcher/v1/internal/jobs/rescore": {
    expect: { anon: 401, user: 403, other: 403, admin: 403 },
    service: 404,
    body: { user_id: "00000000-0000-4000-8000-000000000000" },
    note: "the service key only: it passes the gate and gets 404 for a user that does not exist (rescores are in job-fetcher.test.ts)",
  },
  "POST /job-fetcher/v1/job-fetcher/sync": {
    expect: { anon: 401, user: 409, other: 409, admin: 409 },
    body: {},
    note: "nobody here enabled a portal: 409 proves the gate; fetch runs are in job-fetcher.test.ts",
  },
  "GET /job-fetcher/v1/job-fetcher/runs": { expect: ALL_SIGNED_IN, note: "each caller lists only their own" },
  "GET /job-fetcher/v1/job-fetcher/schedule": { expect: ALL_SIGNED_IN, note: "the caller's own portals" },
  "GET /job-fetcher/v1/jobs": { expect: ALL_SIGNED_IN, note: "each caller lists only their own" },
  "GET /job-fetcher/v1/jobs/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userJob(user) }),
    note: "the user's job: a stranger and an admin get 404 (the API is the owner's view)",
  },
  "PUT /job-fetcher/v1/jobs/:id/status": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: await userJob(user) }),
    body: { status: "reviewed" },
  },
  // ------------------------------------------------------------------ job apply
  "POST /job-apply/v1/job-apply/activate": {
    expect: ALL_SIGNED_IN,
    body: { auto_apply: false },
    note: "each caller's own job_settings.auto_apply",
  },
  "POST /job-apply/v1/job-apply/single/:job_id/preview": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ job_id: await userJob(user) }),
    body: { generate_cover_letter: false },
    note: "nothing is saved; the user's job: a stranger and an admin get 404",
  },
  "POST /job-apply/v1/job-apply/single/:job_id": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    params: async ({ user }) => ({ job_id: await userJob(user) }),
    body: { cover_letter: 5 },
    note: "an invalid body proves the gate without applying; applications are in job-apply.test.ts",
  },
  "POST /job-apply/v1/job-apply/batch": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { job_ids: [] },
  },
  "GET /job-apply/v1/job-apply/runs": { expect: ALL_SIGNED_IN, note: "each caller lists only their own" },
  "GET /job-apply/v1/job-apply/runs/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userApplication(user)).run }),
  },
  "GET /job-apply/v1/job-apply/applications": {
    expect: ALL_SIGNED_IN,
    note: "each caller lists only their own",
  },
  "GET /job-apply/v1/job-apply/applications/:id": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userApplication(user)).id }),
    note: "the owner's view; admins use /v1/admin/job-apply/applications",
  },
  "PUT /job-apply/v1/job-apply/applications/:id/response": {
    expect: { anon: 401, user: 200, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userApplication(user)).id }),
    body: { response_status: "viewed" },
  },
  "GET /job-apply/v1/job-apply/approvals": { expect: ALL_SIGNED_IN },
  "POST /job-apply/v1/job-apply/applications/:id/approve": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userApplication(user)).id }),
    body: {},
    note: "a submitted application: not waiting for approval (409) for its owner, unknown to everyone else",
  },
  "POST /job-apply/v1/job-apply/applications/:id/reject": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userApplication(user)).id }),
    note: "a submitted application cannot be withdrawn (409)",
  },
  "POST /job-apply/v1/job-apply/applications/:id/answers": {
    expect: { anon: 401, user: 409, other: 404, admin: 404 },
    params: async ({ user }) => ({ id: (await userApplication(user)).id }),
    body: { answers: [{ question_id: "q", value: "x" }] },
  },
  "POST /job-apply/v1/job-apply/approvals/approve-all": {
    expect: ALL_SIGNED_IN,
    body: {},
    note: "each caller's own queue (empty here)",
  },
  "GET /job-apply/v1/job-apply/settings": { expect: ALL_SIGNED_IN },
  "PUT /job-apply/v1/job-apply/settings": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { match_threshold: 101 },
  },
  "GET /job-apply/v1/job-apply/answer-bank": { expect: ALL_SIGNED_IN },
  "PUT /job-apply/v1/job-apply/answer-bank": {
    expect: { anon: 401, user: 422, other: 422, admin: 422 },
    body: { notice_period_days: -1 },
  },
  "GET /job-apply/v1/job-apply/usage": { expect: ALL_SIGNED_IN },
  "POST /job-apply/v1/job-apply/portals/:portal/resume": {
    expect: ALL_SIGNED_IN,
    params: () => ({ portal: "naukri" }),
    note: "each caller's own portal (nothing paused here)",
  },
  "POST /job-apply/v1/admin/job-apply/user/:user_id": {
    expect: { anon: 401, user: 403, other: 403, admin: 404 },
    params: () => ({ user_id: "00000000-0000-4000-8000-000000000000" }),
    body: { pause: false },
    note: "an unknown user: the admin gets 404, proving the gate without pausing anyone",
  },
  "GET /job-apply/v1/admin/job-apply/emergency-stop": { expect: ADMIN_ONLY },
  "POST /job-apply/v1/admin/job-apply/emergency-stop": {
    expect: { anon: 401, user: 403, other: 403, admin: 422 },
    body: { enabled: "yes" },
    note: "an invalid body: the admin gets 422, a user 403 before the body is looked at (never flips the platform's stop)",
  },
  "GET /job-apply/v1/admin/job-apply/runs": { expect: ADMIN_ONLY },
  "GET /job-apply/v1/admin/job-apply/applications": { expect: ADMIN_ONLY },
};

interface RouteEntry {
  function: string;
  method: string;
  path: string;
}

const routesRes = await fetch(`${env.apiUrl}/docs/routes.json`);
assert.equal(routesRes.status, 200, "the gateway lists the functions' routes at /docs/routes.json");
const routes = (await routesRes.json()) as RouteEntry[];
const served = new Map(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r]));

describe("access matrix", () => {
  test("the gateway serves at least the auth-identity routes", () => {
    assert.ok(served.has("GET /auth-identity/v1/auth/session"), JSON.stringify(routes));
  });

  test("every served route has a row", () => {
    const missing = [...served.keys()].filter((k) => !(k in MATRIX)).sort();
    assert.deepEqual(
      missing,
      [],
      `add rows to tests/api/access-matrix.test.ts for:\n  ${missing.join("\n  ")}`,
    );
  });

  test("every row names a served route", () => {
    const stale = Object.keys(MATRIX)
      .filter((k) => !served.has(k))
      .sort();
    assert.deepEqual(
      stale,
      [],
      `these rows name routes no function serves any more:\n  ${stale.join("\n  ")}`,
    );
  });

  test("every function answers an unknown route with 404 not_found", async () => {
    for (const fn of new Set(routes.map((r) => r.function))) {
      const res = await callFunction(`${fn}/v1/__no_such_route__`);
      assert.equal(res.status, 404, fn);
      assert.equal((res.body as { error?: { code?: string } }).error?.code, "not_found", fn);
    }
  });

  describe("statuses per caller", () => {
    let actors: Actors;
    before(async () => {
      const [user, other, admin] = await Promise.all([
        newUser("matrix-user"),
        newUser("matrix-other"),
        newAdmin(),
      ]);
      actors = { user, other, admin };
    });

    for (const [key, row] of Object.entries(MATRIX)) {
      if (!served.has(key)) continue; // reported by "every row names a served route"
      test(key, async () => {
        const [method, template] = key.split(" ") as [string, string];
        const params = row.params ? await row.params(actors) : {};
        const path = template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
          const value = params[name];
          assert.ok(value, `row ${key} gives no value for :${name}`);
          return encodeURIComponent(value);
        });
        const got: Record<Actor, number> = { anon: 0, user: 0, other: 0, admin: 0 };
        const bodies: Partial<Record<Actor, unknown>> = {};
        for (const actor of ACTORS) {
          const token = actor === "anon" ? null : actors[actor].accessToken;
          const res = await callFunction(`${path.replace(/^\//, "")}${row.query ? `?${row.query}` : ""}`, {
            method,
            token,
            body: row.body,
          });
          got[actor] = res.status;
          if (res.status !== row.expect[actor]) bodies[actor] = res.body;
        }
        assert.deepEqual(got, row.expect, `${key}: unexpected statuses; bodies ${JSON.stringify(bodies)}`);
        if (row.service !== undefined) {
          const res = await callFunction(`${path.replace(/^\//, "")}${row.query ? `?${row.query}` : ""}`, {
            method,
            token: env.serviceRoleKey,
            body: row.body,
          });
          assert.equal(res.status, row.service, `${key}: the service key got ${JSON.stringify(res.body)}`);
        }
      });
    }
  });
});
