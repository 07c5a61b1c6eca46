/**
 * The job-apply function through the gateway, with real Postgres/RLS and supabase-js users:
 * every user route (preview with the ATS choice and a grounded cover letter from the Gemini fake,
 * single, batch, activate, runs, applications with filters, detail with timeline, response,
 * approvals, answers, settings, answer bank, usage, portal resume), exactly once under double
 * POSTs and duplicate-group jobs, cross-user access, and the admin routes (as a user: 403; as an
 * admin: pause, emergency stop, cross-user lists, all audited).
 *
 * No runner here (tests/run.ts): applications stay where the function leaves them; the runner's
 * part is tests/api/runner-apply.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FAKE_GEMINI_VALID_KEY } from "../fakes/gemini.js";
import { COVER_LETTER_INVENTION } from "../fakes/gemini-cover-letter.js";
import { ADMIN_APPLY, APPLY, applySettings, giveResume, ingestJobs } from "../support/apply.js";
import { callFunction, newAdmin, newUser, saveToken, type TestUser, withSql } from "../support/env.js";

let owner: TestUser;
let stranger: TestUser;
let admin: TestUser;

before(async () => {
  [owner, stranger, admin] = await Promise.all([
    newUser("apply-owner"),
    newUser("apply-stranger"),
    newAdmin("apply-admin"),
  ]);
});
after(async () => {
  // Leave the platform as found, whatever a failed assertion left behind.
  await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
    method: "POST",
    token: admin.accessToken,
    body: { enabled: false },
  });
});

type Json = Record<string, unknown>;
const body = (r: { body: unknown }) => r.body as Json;

describe("job-apply: manual apply", () => {
  test("every user route refuses a request without a token", async () => {
    const paths: [string, string][] = [
      ["GET", "settings"],
      ["PUT", "settings"],
      ["GET", "usage"],
      ["GET", "answer-bank"],
      ["GET", "runs"],
      ["GET", "applications"],
      ["GET", "approvals"],
      ["POST", "batch"],
      ["POST", "activate"],
      ["POST", "single/00000000-0000-4000-8000-000000000000"],
      ["POST", "single/00000000-0000-4000-8000-000000000000/preview"],
    ];
    for (const [method, p] of paths) {
      const r = await callFunction(`${APPLY}/${p}`, {
        method,
        token: null,
        body: method === "GET" ? undefined : {},
      });
      assert.equal(r.status, 401, `${method} ${p}`);
    }
  });

  test("preview: the resume version with the best ATS score for the job, and a grounded cover letter", async () => {
    const user = await newUser("apply-preview");
    const [job] = await ingestJobs(user, "naukri", [
      {
        title: "Kafka Engineer",
        company: "Streamly",
        description: "Kafka, Go and Kubernetes for our event pipeline.",
        skills: ["Kafka", "Go"],
      },
    ]);
    const plain = await giveResume(user, { name: "Plain", skills: ["Excel"] });
    const kafka = await giveResume(user, {
      name: "Streaming",
      skills: ["Kafka", "Go"],
      summary: "Kafka and Go engineer.",
    });
    // Without a Gemini key: the choice still comes, the letter says why it is missing.
    let r = await callFunction(`${APPLY}/single/${job}/preview`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const p = body(r) as { resume: Json & { candidates: Json[] }; cover_letter: Json };
    assert.equal(p.resume.version_id, kafka.versionId, "the Kafka resume scores best for a Kafka job");
    assert.equal(p.resume.chosen_by, "ats");
    assert.equal(p.resume.candidates.length, 2);
    assert.ok((p.resume.candidates[0]!.ats_score as number) > (p.resume.candidates[1]!.ats_score as number));
    assert.equal((p.cover_letter.error as Json).code, "gemini_key_missing");
    assert.equal(p.cover_letter.text, null);

    // The user's choice wins.
    r = await callFunction(`${APPLY}/single/${job}/preview`, {
      method: "POST",
      token: user.accessToken,
      body: { resume_id: plain.resumeId, generate_cover_letter: false },
    });
    assert.equal((body(r).resume as Json).version_id, plain.versionId);
    assert.equal((body(r).resume as Json).chosen_by, "user");

    // With a Gemini key: a draft in which only sentences resting on sources survive.
    await withSql(
      (sql) => sql`insert into public.career_entries (user_id, kind, status, data)
      values (${user.userId}, 'skill', 'confirmed', ${sql.json({ name: "Kafka" })})`,
    );
    await saveToken(user, "gemini", FAKE_GEMINI_VALID_KEY);
    r = await callFunction(`${APPLY}/single/${job}/preview`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const letter = body(r).cover_letter as {
      text: string;
      source: string;
      rejected: { text: string; reason: string }[];
    };
    assert.equal(letter.source, "generated");
    assert.match(letter.text, /Kafka Engineer role at Streamly/, "the job's title and company may be named");
    assert.match(letter.text, /I work with Kafka\./, "a claim citing the user's skill entry stays");
    assert.ok(!letter.text.includes("Quantexa"), "the invented employer never reaches the letter");
    assert.ok(!letter.text.includes("Hyperflux"), "nor a claim citing a source the user does not have");
    assert.deepEqual(
      letter.rejected.map((x) => [x.text, x.reason]),
      [
        [COVER_LETTER_INVENTION, "unsupported_facts"],
        ["I also maintain Hyperflux.", "unknown_source"],
      ],
    );
    assert.equal(body(r).existing_application, null);
  });

  test("single: queued at once; a double POST (concurrent) and the same job on another portal make one application", async () => {
    await giveResume(owner, { skills: ["TypeScript"] });
    const [naukriJob] = await ingestJobs(owner, "naukri", [
      { title: "Payments Engineer", company: "Acme Payments" },
    ]);
    const [linkedinJob] = await ingestJobs(owner, "linkedin", [
      { title: "Payments Engineer", company: "Acme Payments Pvt Ltd" },
    ]);
    const [dup] = await withSql(
      (sql) => sql<{ duplicate_of: string | null }[]>`
      select duplicate_of from public.fetched_jobs where id = ${linkedinJob!}`,
    );
    assert.equal(dup!.duplicate_of, naukriJob, "the LinkedIn listing is the same job");

    const send = (job: string) =>
      callFunction(`${APPLY}/single/${job}`, {
        method: "POST",
        token: owner.accessToken,
        body: { cover_letter: "Hello Acme." },
      });
    const sent = [naukriJob!, naukriJob!, linkedinJob!, naukriJob!];
    const results = await Promise.all(sent.map(send));
    const created = results.filter((r) => r.status === 201);
    const conflicts = results.filter((r) => r.status === 409);
    assert.equal(created.length, 1, JSON.stringify(results.map((r) => [r.status, r.body])));
    assert.equal(conflicts.length, 3);
    for (const c of conflicts) {
      const e = (c.body as { error: { code: string; details: Json } }).error;
      assert.equal(e.code, "application_exists");
      assert.equal(e.details.application_id, body(created[0]!).application_id);
    }
    assert.equal(body(created[0]!).status, "queued");
    const rows = await withSql(
      (sql) => sql`select count(*)::int as n from public.job_applications where user_id = ${owner.userId}`,
    );
    assert.equal(rows[0]!.n, 1);
    const q = await withSql(
      (sql) => sql`select count(*)::int as n from pgmq.q_job_apply
      where message #>> '{payload,application_id}' = ${body(created[0]!).application_id as string}`,
    );
    assert.equal(q[0]!.n, 1, "one message for the runner");

    // Detail, timeline, the job list's status, preview knows it.
    const id = body(created[0]!).application_id as string;
    const d = await callFunction(`${APPLY}/applications/${id}`, { token: owner.accessToken });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const detail = body(d) as Json & { timeline: Json[]; job: Json; resume: Json };
    assert.equal(detail.cover_letter_text, "Hello Acme.");
    assert.equal(detail.cover_letter_source, "user");
    // Whichever request won names the copy it was sent for: either portal's listing of the job.
    const won = sent[results.findIndex((r) => r.status === 201)];
    assert.equal(
      (detail.job as Json).company,
      won === linkedinJob ? "Acme Payments Pvt Ltd" : "Acme Payments",
    );
    assert.ok(detail.resume.version_id);
    assert.deepEqual(
      detail.timeline.map((e) => e.kind),
      ["created"],
    );
    assert.match(String(detail.resume_pdf_url), /token=/, "a signed URL of the resume that will be sent");
    const job = await callFunction(`job-fetcher/v1/jobs/${naukriJob}`, { token: owner.accessToken });
    assert.equal(body(job).status, "queued");
    const pv = await callFunction(`${APPLY}/single/${linkedinJob}/preview`, {
      method: "POST",
      token: owner.accessToken,
      body: { generate_cover_letter: false },
    });
    assert.deepEqual(body(pv).existing_application, { id, status: "queued" });
  });

  test("single: no resume → 409 no_resume; unknown or foreign job → 404; bad input → 422", async () => {
    const user = await newUser("apply-noresume");
    const [job] = await ingestJobs(user, "indeed", [{}]);
    let r = await callFunction(`${APPLY}/single/${job}`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(r.status, 409);
    assert.equal((body(r).error as Json).code, "no_resume");
    r = await callFunction(`${APPLY}/single/${job}`, {
      method: "POST",
      token: stranger.accessToken,
      body: {},
    });
    assert.equal(r.status, 404, "another user's job does not exist for you");
    r = await callFunction(`${APPLY}/single/not-a-uuid`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(r.status, 422);
    await giveResume(user);
    r = await callFunction(`${APPLY}/single/${job}`, {
      method: "POST",
      token: user.accessToken,
      body: { cover_letter: "a\u0000b" },
    });
    assert.equal(r.status, 422);
    r = await callFunction(`${APPLY}/single/${job}`, {
      method: "POST",
      token: user.accessToken,
      body: { resume_id: stranger.userId },
    });
    assert.equal(r.status, 404, "a resume that is not yours");
    const apps = await callFunction(`${APPLY}/applications`, { token: user.accessToken });
    assert.equal((body(apps).items as Json[]).length, 0, "nothing was written by the refused requests");
  });
});

describe("job-apply: batch, tracker, responses", () => {
  test("batch: a run; already applied, unknown and repeated jobs are skipped; pending for the runner", async () => {
    const user = await newUser("apply-batch");
    await giveResume(user);
    const jobs = await ingestJobs(user, "naukri", [{}, {}, {}]);
    const single = await callFunction(`${APPLY}/single/${jobs[0]}`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(single.status, 201);
    const r = await callFunction(`${APPLY}/batch`, {
      method: "POST",
      token: user.accessToken,
      body: { job_ids: [jobs[0], jobs[1], jobs[2], jobs[2], "00000000-0000-4000-8000-000000000000"] },
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(body(r).status, "started");
    assert.equal(body(r).queued_count, 2);
    const skipped = (body(r).skipped as Json[]).map((s) => s.reason).sort();
    assert.deepEqual(skipped, ["already_applied", "not_found"]);
    const runs = await callFunction(`${APPLY}/runs?mode=batch`, { token: user.accessToken });
    assert.equal((body(runs).items as Json[]).length, 1);
    assert.equal(((body(runs).items as Json[])[0] as Json).open_count, 2);
    const pending = await callFunction(`${APPLY}/applications?status=pending&mode[]=batch`, {
      token: user.accessToken,
    });
    assert.equal(body(pending).total, 2);
    const bad = await callFunction(`${APPLY}/batch`, {
      method: "POST",
      token: user.accessToken,
      body: { job_ids: [] },
    });
    assert.equal(bad.status, 422);
  });

  test("applications: filters, sort, cross-user 404s, responses with the timeline", async () => {
    const user = await newUser("apply-track");
    await giveResume(user);
    const [a, b] = await ingestJobs(user, "linkedin", [
      { title: "Alpha Engineer", company: "Zeta" },
      { title: "Beta Engineer", company: "Yotta" },
    ]);
    const ra = await callFunction(`${APPLY}/single/${a}`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    const rb = await callFunction(`${APPLY}/single/${b}`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    const ida = body(ra).application_id as string;
    const idb = body(rb).application_id as string;

    let r = await callFunction(`${APPLY}/applications?q=alpha`, { token: user.accessToken });
    assert.deepEqual(
      (body(r).items as Json[]).map((x) => x.id),
      [ida],
    );
    r = await callFunction(`${APPLY}/applications?sort=company`, { token: user.accessToken });
    assert.deepEqual(
      (body(r).items as Json[]).map((x) => x.id),
      [idb, ida],
      "Yotta before Zeta",
    );
    r = await callFunction(`${APPLY}/applications?portal[]=naukri`, { token: user.accessToken });
    assert.equal(body(r).total, 0);
    r = await callFunction(`${APPLY}/applications?status=bogus`, { token: user.accessToken });
    assert.equal(r.status, 422);

    // A response before submission is refused; after it, it lands in the timeline.
    r = await callFunction(`${APPLY}/applications/${ida}/response`, {
      method: "PUT",
      token: user.accessToken,
      body: { response_status: "viewed" },
    });
    assert.equal(r.status, 409);
    await withSql(
      (sql) => sql`update public.job_applications set status = 'submitted', applied_at = now(),
      attempt_started_at = now() where id = ${ida}`,
    );
    r = await callFunction(`${APPLY}/applications/${ida}/response`, {
      method: "PUT",
      token: user.accessToken,
      body: { response_status: "interview", note: "Round 1 on Monday" },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(body(r).response_status, "interview");
    r = await callFunction(`${APPLY}/applications?response_status=interview`, { token: user.accessToken });
    assert.deepEqual(
      (body(r).items as Json[]).map((x) => x.id),
      [ida],
    );
    const d = await callFunction(`${APPLY}/applications/${ida}`, { token: user.accessToken });
    const last = (body(d).timeline as Json[]).at(-1)!;
    assert.deepEqual(
      [last.kind, last.from, last.to, (last.detail as Json).note],
      ["response", "pending", "interview", "Round 1 on Monday"],
    );

    // Another user sees and changes nothing.
    for (const [method, path, payload] of [
      ["GET", `applications/${ida}`, undefined],
      ["PUT", `applications/${ida}/response`, { response_status: "offer" }],
      ["POST", `applications/${idb}/approve`, {}],
      ["POST", `applications/${idb}/reject`, undefined],
      ["POST", `applications/${idb}/answers`, { answers: [{ question_id: "q", value: "x" }] }],
    ] as const) {
      const x = await callFunction(`${APPLY}/${path}`, {
        method,
        token: stranger.accessToken,
        body: payload,
      });
      assert.equal(x.status, 404, `${method} ${path} as a stranger`);
    }
    const mine = await callFunction(`${APPLY}/applications`, { token: stranger.accessToken });
    assert.ok(!(body(mine).items as Json[]).some((x) => x.id === ida), "not in the stranger's list");
    // Withdrawing a queued application.
    r = await callFunction(`${APPLY}/applications/${idb}/reject`, {
      method: "POST",
      token: user.accessToken,
    });
    assert.equal(r.status, 200);
    assert.equal(body(r).status, "cancelled");
    r = await callFunction(`${APPLY}/applications/${idb}/approve`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(r.status, 409);
  });
});

describe("job-apply: settings, answer bank, usage", () => {
  test("settings: defaults, changes, caps bounded by the platform maximum, auto-apply in job_settings", async () => {
    const user = await newUser("apply-settings");
    let r = await callFunction(`${APPLY}/settings`, { token: user.accessToken });
    assert.equal(r.status, 200);
    const s = body(r);
    assert.deepEqual(
      [
        s.auto_apply,
        s.match_threshold,
        s.review_before_submit,
        s.daily_caps,
        s.company_cap,
        s.company_window_days,
      ],
      [false, 70, true, { linkedin: 25, naukri: 50, indeed: 30 }, 2, 30],
    );
    r = await callFunction(`${APPLY}/settings`, {
      method: "PUT",
      token: user.accessToken,
      body: { daily_caps: { linkedin: 26 } },
    });
    assert.equal(r.status, 422, "above the platform maximum");
    r = await callFunction(`${APPLY}/settings`, {
      method: "PUT",
      token: user.accessToken,
      body: { pacing_min_seconds: 100, pacing_max_seconds: 10 },
    });
    assert.equal(r.status, 422, "min above max");
    r = await callFunction(`${APPLY}/settings`, {
      method: "PUT",
      token: user.accessToken,
      body: { admin_paused: false },
    });
    assert.equal(r.status, 422, "an admin pause is not a user setting");
    await applySettings(user, {
      match_threshold: 85,
      review_before_submit: false,
      daily_caps: { naukri: 10 },
    });
    r = await callFunction(`${APPLY}/settings`, { token: user.accessToken });
    assert.deepEqual(
      [body(r).match_threshold, body(r).review_before_submit, (body(r).daily_caps as Json).naukri],
      [85, false, 10],
    );

    r = await callFunction(`${APPLY}/activate`, {
      method: "POST",
      token: user.accessToken,
      body: { auto_apply: true },
    });
    assert.deepEqual(body(r), { auto_apply: true, status: "activated" });
    const js = await callFunction("onboarding/v1/settings/job", { token: user.accessToken });
    assert.equal(body(js).auto_apply, true, "one source: Job Control reads the same auto_apply");
    r = await callFunction(`${APPLY}/activate`, {
      method: "POST",
      token: user.accessToken,
      body: { auto_apply: "yes" },
    });
    assert.equal(r.status, 422);
  });

  test("answer bank: saved and cleared key by key; validated", async () => {
    const user = await newUser("apply-bank");
    let r = await callFunction(`${APPLY}/answer-bank`, {
      method: "PUT",
      token: user.accessToken,
      body: {
        notice_period_days: 30,
        current_ctc_lpa: 18.5,
        expected_ctc_lpa: 25,
        skill_years: { TypeScript: 4, Kafka: 1.5 },
        willing_to_relocate: true,
        work_authorisation: "Indian citizen",
        custom_answers: [{ question: "Why do you want to join us?", answer: "The payments work." }],
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await callFunction(`${APPLY}/answer-bank`, {
      method: "PUT",
      token: user.accessToken,
      body: { notice_period_days: null },
    });
    const bank = body(r);
    assert.deepEqual(
      [
        bank.notice_period_days,
        bank.current_ctc_lpa,
        bank.expected_ctc_lpa,
        bank.skill_years,
        bank.willing_to_relocate,
      ],
      [null, 18.5, 25, { TypeScript: 4, Kafka: 1.5 }, true],
    );
    for (const bad of [
      { current_ctc_lpa: -1 },
      { notice_period_days: 400 },
      { phone: "call me" },
      { unknown: 1 },
    ]) {
      const x = await callFunction(`${APPLY}/answer-bank`, {
        method: "PUT",
        token: user.accessToken,
        body: bad,
      });
      assert.equal(x.status, 422, JSON.stringify(bad));
    }
    // Serving notice, and its last working day (only while serving; cleared when no longer).
    const put = (b: Json) =>
      callFunction(`${APPLY}/answer-bank`, { method: "PUT", token: user.accessToken, body: b });
    const early = await put({ last_working_day: "2026-12-15" });
    assert.equal(early.status, 422, "a last working day without serving notice");
    assert.match((early.body as { error: { message: string } }).error.message, /serving_notice/);
    r = await put({ serving_notice: true, last_working_day: "2026-12-15" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([body(r).serving_notice, body(r).last_working_day], [true, "2026-12-15"]);
    assert.equal((await put({ last_working_day: "15/12/2026" })).status, 422, "a date as YYYY-MM-DD");
    r = await put({ serving_notice: false });
    assert.deepEqual([body(r).serving_notice, body(r).last_working_day], [false, null]);
    const other = await callFunction(`${APPLY}/answer-bank`, { token: stranger.accessToken });
    assert.notEqual(body(other).work_authorisation, "Indian citizen");
  });

  test("usage: today's submissions per portal against the caps (IST day)", async () => {
    const user = await newUser("apply-usage");
    await giveResume(user);
    await applySettings(user, { daily_caps: { indeed: 3 } });
    const jobs = await ingestJobs(user, "indeed", [{}, {}, {}]);
    for (const j of jobs)
      await callFunction(`${APPLY}/single/${j}`, { method: "POST", token: user.accessToken, body: {} });
    await withSql(
      (
        sql,
      ) => sql`update public.job_applications set status = 'submitted', applied_at = now(), attempt_started_at = now()
      where user_id = ${user.userId} and fetched_job_id = ${jobs[0]!}`,
    );
    const r = await callFunction(`${APPLY}/usage`, { token: user.accessToken });
    assert.equal(r.status, 200);
    const indeed = (body(r).portals as Json[]).find((p) => p.portal === "indeed")!;
    assert.deepEqual([indeed.used, indeed.cap, indeed.remaining, indeed.queued], [1, 3, 2, 2]);
    assert.match(String(body(r).resets_at), /T18:30:00\.000Z$/, "caps reset at IST midnight");
  });
});

describe("job-apply: admin control", () => {
  test("admin routes refuse users (403) and anonymous callers (401)", async () => {
    const calls: [string, string, unknown][] = [
      ["POST", `user/${owner.userId}`, { pause: true }],
      ["POST", "emergency-stop", { enabled: true }],
      ["GET", "emergency-stop", undefined],
      ["GET", "runs", undefined],
      ["GET", "applications", undefined],
    ];
    for (const [method, p, b] of calls) {
      const asUser = await callFunction(`${ADMIN_APPLY}/${p}`, { method, token: owner.accessToken, body: b });
      assert.equal(asUser.status, 403, `${method} ${p} as a user`);
      const anon = await callFunction(`${ADMIN_APPLY}/${p}`, { method, token: null, body: b });
      assert.equal(anon.status, 401, `${method} ${p} anonymous`);
    }
    const stop = await withSql((sql) => sql`select emergency_stop from public.apply_platform_controls`);
    assert.equal(stop[0]!.emergency_stop, false, "nothing changed");
  });

  test("pause a user and the emergency stop: held at once, users see why, audited, released when lifted", async () => {
    const user = await newUser("apply-held");
    await giveResume(user);
    const jobs = await ingestJobs(user, "naukri", [{}, {}]);
    const ids: string[] = [];
    for (const j of jobs) {
      ids.push(
        body(
          await callFunction(`${APPLY}/single/${j}`, { method: "POST", token: user.accessToken, body: {} }),
        ).application_id as string,
      );
    }
    let r = await callFunction(`${ADMIN_APPLY}/user/${user.userId}`, {
      method: "POST",
      token: admin.accessToken,
      body: { pause: true, reason: "Unusual volume" },
    });
    assert.deepEqual([r.status, body(r).status], [200, "paused"]);
    let list = await callFunction(`${APPLY}/applications?status=held`, { token: user.accessToken });
    assert.equal(body(list).total, 2, "the user's queued applications are held");
    let s = await callFunction(`${APPLY}/settings`, { token: user.accessToken });
    const pause = body(s).pause as Json;
    assert.equal(pause.applying_paused, true);
    assert.match(String(pause.message), /paused for your account.*Unusual volume/);

    r = await callFunction(`${ADMIN_APPLY}/user/${user.userId}`, {
      method: "POST",
      token: admin.accessToken,
      body: { pause: false },
    });
    assert.equal(body(r).status, "resumed");
    list = await callFunction(`${APPLY}/applications?status=queued`, { token: user.accessToken });
    assert.equal(body(list).total, 2, "released back to the queue");

    r = await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
      method: "POST",
      token: admin.accessToken,
      body: { enabled: true, reason: "Portal incident" },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(body(r).enabled, true);
    assert.equal(body(r).changed_by_email, admin.email);
    s = await callFunction(`${APPLY}/usage`, { token: user.accessToken });
    assert.match(String((body(s).pause as Json).message), /paused for everyone.*Portal incident/);
    list = await callFunction(`${APPLY}/applications?status=held`, { token: user.accessToken });
    assert.equal(body(list).total, 2);
    r = await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
      method: "POST",
      token: admin.accessToken,
      body: { enabled: false },
    });
    assert.equal(body(r).enabled, false);
    list = await callFunction(`${APPLY}/applications?status=queued`, { token: user.accessToken });
    assert.equal(body(list).total, 2, "nothing dropped");

    const audit = await callFunction("admin/v1/admin/audit?page_size=50", { token: admin.accessToken });
    const actions = ((body(audit).items ?? []) as Json[]).map((x) => x.action);
    for (const a of [
      "apply.user.pause",
      "apply.user.resume",
      "apply.emergency_stop.enable",
      "apply.emergency_stop.disable",
    ]) {
      assert.ok(actions.includes(a), `${a} is in the audit log`);
    }
    r = await callFunction(`${ADMIN_APPLY}/user/00000000-0000-4000-8000-000000000000`, {
      method: "POST",
      token: admin.accessToken,
      body: { pause: true },
    });
    assert.equal(r.status, 404);
  });

  test("admin lists: every user's runs and applications, filtered by user", async () => {
    const r = await callFunction(`${ADMIN_APPLY}/applications?user_id[]=${owner.userId}&page_size=100`, {
      token: admin.accessToken,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const items = body(r).items as Json[];
    assert.ok(items.length >= 1);
    assert.ok(items.every((x) => x.user_id === owner.userId && x.user_email === owner.email));
    const runs = await callFunction(`${ADMIN_APPLY}/runs?user_id=${owner.userId}&mode=manual`, {
      token: admin.accessToken,
    });
    assert.equal(runs.status, 200);
    assert.ok((body(runs).items as Json[]).every((x) => x.user_id === owner.userId && x.mode === "manual"));
    const mine = await callFunction(`${APPLY}/applications?user_id=${owner.userId}`, {
      token: admin.accessToken,
    });
    assert.equal(body(mine).total, 0, "an admin's own list is their own, whatever user_id says");
  });
});
