/**
 * The apply orchestration end to end: the job-apply function → job.apply.requested → a runner's
 * job_apply consumer driving the portal flows (Playwright, the machine's Chromium) through the
 * loopback apply fakes (tests/fakes/apply-portals.ts), with the user's real resume PDF from Storage
 * and portal session from Integrations.
 *
 * Exactly once: redelivered and duplicated messages, a second runner on the same queue, and a
 * runner that died between recording `submitting` and recording `submitted` (this file plays that
 * runner: it reads the message, records the attempt, clicks submit, and vanishes) — the fake
 * portal records every submission, and each job has exactly one. Also: needs_input (nothing
 * guessed, the user's answer then sent), a captcha (the portal paused with a notification), a
 * closed job, the 26th LinkedIn application of the day, auto-apply after a fetch through the
 * approval queue, and the emergency stop with 50 queued applications (none submitted after the
 * stop reached the runner; all submitted once after it is lifted).
 *
 * Starts its own runner processes on the job_apply queue (tests/run.ts runs runner-* files one at
 * a time, with the stack's runner stopped).
 */
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { answerQuestion } from "../../scraper-runner/src/apply/answers.ts";
import { launchApplyBrowser, newApplyPage } from "../../scraper-runner/src/apply/flows/browser.ts";
import { applyFlows } from "../../scraper-runner/src/apply/flows/index.ts";
import type { ApplyInput } from "../../scraper-runner/src/apply/flows/types.ts";
import {
  type ApplyPortal,
  type ApplyPortalFakes,
  DEFAULT_QUESTIONS,
  FAKE_APPLY_SESSIONS,
  startApplyPortalFakes,
} from "../fakes/apply-portals.ts";
import { FAKE_GEMINI_VALID_KEY } from "../fakes/gemini.ts";
import { COVER_LETTER_INVENTION } from "../fakes/gemini-cover-letter.ts";
import {
  ADMIN_APPLY,
  APPLY,
  applySettings,
  connectPortal,
  giveResume,
  ingestJobs,
  type JobSpec,
  tinyPdf,
} from "../support/apply.js";
import { callFunction, env, newAdmin, newUser, saveToken, type TestUser, withSql } from "../support/env.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

let runner: RunnerProcess | undefined;
let fakes: Awaited<ReturnType<typeof startApplyPortalFakes>>;
let fake: ApplyPortalFakes;
let admin: TestUser;

type Json = Record<string, unknown>;

/** A runner on job_apply with every portal's pages on the fake (the stored job URLs name the real hosts). */
const startApplyRunner = (name: string) =>
  startRunner({
    queues: ["job_apply"],
    name,
    env: { LINKEDIN_BASE_URL: fakes.url, NAUKRI_BASE_URL: fakes.url, INDEED_BASE_URL: fakes.url },
  });

before(async () => {
  await assertNoStackRunner();
  // Messages other files left for the runner (they ran without one) are not this file's.
  await withSql((sql) => sql`select pgmq.purge_queue('job_apply')`);
  fakes = await startApplyPortalFakes();
  fake = fakes.fake;
  admin = await newAdmin("apply-runner-admin");
  runner = await startApplyRunner("apply-test");
});
after(async () => {
  await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
    method: "POST",
    token: admin.accessToken,
    body: { enabled: false },
  });
  await killRunner(runner);
  await fakes?.close();
});
beforeEach(() => fake.reset());

/** A job on the fake portal: its id as the portal writes it and its URL. */
function fakeJob(portal: ApplyPortal, spec: JobSpec = {}): JobSpec & { portalJobId: string } {
  const id =
    portal === "indeed"
      ? randomBytes(8).toString("hex")
      : String(100000000000 + Math.floor(Math.random() * 899999999999));
  const url =
    portal === "linkedin"
      ? `${fakes.url}/jobs/view/${id}/`
      : portal === "naukri"
        ? `${fakes.url}/job-listings-backend-engineer-acme-pune-3-to-5-years-${id}`
        : `${fakes.url}/viewjob?jk=${id}`;
  return {
    company: `Company ${randomUUID().slice(0, 8)}`,
    ...spec,
    external_job_id: id,
    job_url: url,
    portalJobId: id,
  };
}

/** The user's answer bank (PUT /answer-bank): what answers the fakes' default questions on every portal. */
const BANK = {
  phone: "+91 98450 12345",
  current_location: "Pune",
  notice_period_days: 30,
  current_ctc_lpa: 18,
  expected_ctc_lpa: 25,
  skill_years: { TypeScript: 4, "React.js": 3, Java: 5 },
  willing_to_relocate: true,
  work_authorisation: "Indian citizen",
  // The bank cannot know whether a job's place suits the commute: the user said so once.
  custom_answers: [{ question: "commuting to this job", answer: "Yes" }],
};

/** A user ready to apply: a resume with its PDF, the three portals connected, an answer bank, no pacing. */
async function applicant(prefix: string, settings: Json = {}): Promise<TestUser> {
  const user = await newUser(prefix);
  await giveResume(user, { skills: ["TypeScript", "PostgreSQL"] });
  for (const p of ["linkedin", "naukri", "indeed"] as const)
    await connectPortal(user, p, FAKE_APPLY_SESSIONS[p]);
  const bank = await callFunction(`${APPLY}/answer-bank`, {
    method: "PUT",
    token: user.accessToken,
    body: BANK,
  });
  assert.equal(bank.status, 200, JSON.stringify(bank.body));
  await applySettings(user, {
    pacing_min_seconds: 0,
    pacing_max_seconds: 0,
    review_before_submit: false,
    ...settings,
  });
  return user;
}

async function addJobs(user: TestUser, portal: ApplyPortal, specs: JobSpec[]) {
  const jobs = specs.map((s) => fakeJob(portal, s));
  const ids = await ingestJobs(user, portal, jobs);
  return jobs.map((j, i) => ({ ...j, id: ids[i]! }));
}

async function applySingle(user: TestUser, jobId: string): Promise<string> {
  const r = await callFunction(`${APPLY}/single/${jobId}`, {
    method: "POST",
    token: user.accessToken,
    body: {},
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return (r.body as Json).application_id as string;
}

async function detail(user: TestUser, id: string): Promise<Json & { timeline: Json[] }> {
  const r = await callFunction(`${APPLY}/applications/${id}`, { token: user.accessToken });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as Json & { timeline: Json[] };
}

/** Polls the application until its status is one of `statuses`. */
async function until(
  user: TestUser,
  id: string,
  statuses: string[],
  timeoutMs = 60_000,
): Promise<Json & { timeline: Json[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await detail(user, id);
    if (statuses.includes(d.status as string)) return d;
    if (Date.now() > deadline)
      throw new Error(`application ${id} is ${d.status}, not ${statuses}: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("job_apply: the orchestration against the portal fakes", () => {
  test("one application per portal: submitted once, with the exact resume, the answers and the timeline", async () => {
    const user = await applicant("apply-e2e");
    const sentSha = new Map<string, string>();
    for (const portal of ["linkedin", "naukri", "indeed"] as const) {
      const [job] = await addJobs(user, portal, [{ title: "Backend Engineer" }]);
      const id = await applySingle(user, job!.id);
      const d = await until(user, id, ["submitted", "failed", "needs_input", "held"]);
      assert.equal(d.status, "submitted", `${portal}: ${JSON.stringify(d.error)}`);
      const subs = fake.submissionsFor(portal, job!.portalJobId);
      assert.equal(subs.length, 1, `${portal}: exactly one submission`);
      const sent = await fetch(String(d.resume_pdf_url));
      assert.equal(sent.status, 200, "the signed URL serves the PDF that was sent");
      const sha = createHash("sha256")
        .update(Buffer.from(await sent.arrayBuffer()))
        .digest("hex");
      // Naukri applies with the resume on the user's Naukri profile; LinkedIn and Indeed take the file.
      if (portal !== "naukri") {
        assert.equal(subs[0]!.resume?.sha256, sha, `${portal}: the portal received exactly that PDF`);
        sentSha.set(id, sha);
      }
      assert.deepEqual(
        d.timeline.filter((e) => e.kind === "status").map((e) => e.to),
        ["submitting", "submitted"],
        `${portal}: submitting is recorded before submitted`,
      );
      assert.ok((d.answers as Json[]).length > 0, `${portal}: the answers given are kept`);
      assert.ok(
        (d.answers as Json[]).every((a) => a.source === "bank"),
        "all from the answer bank",
      );
      if (portal === "naukri") {
        assert.equal(subs[0]!.answers["q-notice"], "1 Month", "30 days of notice in Naukri's words");
        assert.equal(subs[0]!.answers["q-current-ctc"], "18 LPA");
      }
    }
    const events = await withSql(
      (sql) => sql`select count(*)::int as n from public.event_log
      where event_type = 'job.applied' and payload ->> 'user_id' = ${user.userId}`,
    );
    assert.equal(events[0]!.n, 3, "job.applied once per submission");

    // The application keeps its own copy of what was sent: deleting the résumé leaves it.
    const kept = await withSql(
      (sql) => sql<{ id: string; portal: string; sent_resume_path: string }[]>`
      select id::text, portal::text, sent_resume_path from public.job_applications where user_id = ${user.userId}`,
    );
    for (const k of kept) {
      if (k.portal === "naukri")
        assert.doesNotMatch(k.sent_resume_path, /\/applications\//, "Naukri sent its profile's");
      else assert.equal(k.sent_resume_path, `${user.userId}/applications/${k.id}.pdf`);
    }
    const resumes = await callFunction("resumes/v1/resumes", { token: user.accessToken });
    for (const r of (resumes.body as { items: Json[] }).items) {
      const del = await callFunction(`resumes/v1/resumes/${r.id as string}`, {
        method: "DELETE",
        token: user.accessToken,
      });
      assert.equal(del.status, 204);
    }
    for (const [id, sha] of sentSha) {
      const d = await detail(user, id);
      const res = await fetch(String(d.resume_pdf_url));
      assert.equal(res.status, 200, "the sent PDF outlives its résumé");
      const again = createHash("sha256")
        .update(Buffer.from(await res.arrayBuffer()))
        .digest("hex");
      assert.equal(again, sha);
    }
    await withSql((sql) => sql`select private.run_sql_consumer('notifications')`);
    const n = await callFunction("notifications/v1/notifications?type=job.applied", {
      token: user.accessToken,
    });
    assert.ok(((n.body as Json).items as Json[]).length >= 1, "the user is told");
  });

  test("exactly once: the same application dispatched three times with two runners: one submission", async () => {
    const user = await applicant("apply-dup");
    const second = await startApplyRunner("apply-test-2");
    try {
      const [job] = await addJobs(user, "linkedin", [{}]);
      const id = await applySingle(user, job!.id);
      await withSql(
        (sql) =>
          sql`select private.dispatch_job_application(${id}::uuid), private.dispatch_job_application(${id}::uuid)`,
      );
      const d = await until(user, id, ["submitted", "failed"]);
      assert.equal(d.status, "submitted");
      await new Promise((r) => setTimeout(r, 3000)); // let the duplicates be read and answered
      assert.equal(fake.submissionsFor("linkedin", job!.portalJobId).length, 1);
      assert.equal(
        (await detail(user, id)).attempts,
        1,
        "one attempt: the duplicates found it claimed or submitted",
      );
    } finally {
      await killRunner(second);
    }
  });

  test("a runner killed between submitting and submitted: the redelivery asks the portal and does not submit again", async () => {
    const user = await applicant("apply-crash");
    await killRunner(runner);
    runner = undefined;
    const [job] = await addJobs(user, "naukri", [{}]);
    const id = await applySingle(user, job!.id);

    // This process is the runner that dies: it reads the message, claims, records the attempt
    // through the flow's beforeSubmit, clicks submit — and never records the outcome or archives.
    const [msg] = await withSql(
      (sql) => sql<{ msg_id: string }[]>`
      select msg_id::text from pgmq.read('job_apply', 600, 1) where message #>> '{payload,application_id}' = ${id}`,
    );
    assert.ok(msg, "the message is there");
    const [claimed] = await withSql(
      (sql) => sql<{ c: Json }[]>`select private.claim_job_application(${id}::uuid, 600) as c`,
    );
    const claim = claimed!.c;
    assert.equal(claim.action, "apply");
    const browser = await launchApplyBrowser();
    try {
      const page = await newApplyPage(browser);
      const input: ApplyInput = {
        portal: "naukri",
        baseUrl: fakes.url,
        jobUrl: `${fakes.url}${new URL(job!.job_url!).pathname}`,
        externalJobId: job!.portalJobId,
        session: { token: FAKE_APPLY_SESSIONS.naukri },
        applicant: { fullName: "Asha Rao", email: user.email, phone: "+91 98450 12345" },
        resumePdf: { fileName: "Resume.pdf", bytes: tinyPdf("crash") },
        answer: (q) => answerQuestion(q, BANK, { career: [] }),
        beforeSubmit: async () => {
          const [r] = await withSql(
            (sql) => sql<{ r: { go: boolean } }[]>`
            select private.begin_job_application_submit(${id}::uuid, ${claim.claim_token as string}::uuid) as r`,
          );
          return r!.r.go;
        },
      };
      const outcome = await applyFlows.naukri.apply(page, input);
      assert.equal(outcome.kind, "submitted", JSON.stringify(outcome));
    } finally {
      await browser.close();
    }
    assert.equal(fake.submissionsFor("naukri", job!.portalJobId).length, 1, "the portal has it");
    assert.equal((await detail(user, id)).status, "submitting", "the database only knows the attempt");

    // Time passes: the dead runner's lease and the message's visibility run out.
    await withSql(
      (sql) =>
        sql`update public.job_applications set claimed_until = now() - interval '1 second' where id = ${id}`,
    );
    await withSql((sql) => sql`select pgmq.set_vt('job_apply', ${msg!.msg_id}::bigint, 0)`);
    runner = await startApplyRunner("apply-test-restarted");
    const d = await until(user, id, ["submitted", "failed"]);
    assert.equal(d.status, "submitted");
    assert.equal(fake.submissionsFor("naukri", job!.portalJobId).length, 1, "still exactly one submission");
    assert.ok(
      d.timeline.some((e) => e.kind === "attempt" && (e.detail as Json).action === "verify"),
      "the redelivery verified with the portal first",
    );
    assert.equal(d.attempts, 1, "and made no second attempt");
  });

  test("an unknown screening question: needs_input, nothing submitted, nothing guessed; the user's answer is then sent", async () => {
    const user = await applicant("apply-unknown");
    const questions = [
      ...DEFAULT_QUESTIONS.linkedin,
      { id: "q-why", label: "Why do you want to work at Initech?", kind: "text" as const, required: true },
    ];
    fake.setScenario("linkedin", { questions });
    const [job] = await addJobs(user, "linkedin", [{}]);
    const id = await applySingle(user, job!.id);
    const d = await until(user, id, ["needs_input", "submitted", "failed"]);
    assert.equal(d.status, "needs_input");
    assert.deepEqual(
      (d.needs_input as Json[]).map((q) => q.label),
      ["Why do you want to work at Initech?"],
    );
    assert.equal(fake.submissionsFor("linkedin", job!.portalJobId).length, 0, "nothing submitted");
    const r = await callFunction(`${APPLY}/applications/${id}/answers`, {
      method: "POST",
      token: user.accessToken,
      body: {
        answers: [{ question_id: (d.needs_input as Json[])[0]!.id, value: "I like their TPS reports." }],
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const done = await until(user, id, ["submitted", "failed", "needs_input"]);
    assert.equal(done.status, "submitted", JSON.stringify(done.error));
    const sub = fake.submissionsFor("linkedin", job!.portalJobId);
    assert.equal(sub.length, 1);
    assert.equal(sub[0]!.answers["q-why"], "I like their TPS reports.");
  });

  test("a captcha pauses the portal with a notification and holds its work; resuming sends it", async () => {
    const user = await applicant("apply-captcha");
    fake.setScenario("indeed", { block: "captcha" });
    const [a, b] = await addJobs(user, "indeed", [{}, {}]);
    const first = await applySingle(user, a!.id);
    const d = await until(user, first, ["held", "submitted", "failed"]);
    assert.equal(d.status, "held");
    assert.equal(d.held_reason, "portal_paused");
    const second = await applySingle(user, b!.id);
    await until(user, second, ["held"]);
    const s = await callFunction(`${APPLY}/settings`, { token: user.accessToken });
    const indeed = ((s.body as Json).pause as { portals: Json[] }).portals.find(
      (p) => p.portal === "indeed",
    )!;
    assert.deepEqual([indeed.paused, indeed.reason], [true, "captcha"]);
    assert.match(String(indeed.advice), /solve the check/);
    await withSql((sql) => sql`select private.run_sql_consumer('notifications')`);
    const n = await callFunction("notifications/v1/notifications?type=job.apply.paused", {
      token: user.accessToken,
    });
    const items = (n.body as Json).items as Json[];
    assert.equal(items.length, 1, "one notification for the pause");
    assert.match(String(items[0]!.title), /Indeed is paused/);

    fake.setScenario("indeed", {});
    const r = await callFunction(`${APPLY}/portals/indeed/resume`, {
      method: "POST",
      token: user.accessToken,
    });
    assert.equal((r.body as Json).released, 2);
    for (const id of [first, second])
      assert.equal((await until(user, id, ["submitted", "failed"])).status, "submitted");
    assert.equal(fake.submissionsFor("indeed", a!.portalJobId).length, 1);
    assert.equal(fake.submissionsFor("indeed", b!.portalJobId).length, 1);
  });

  test("a closed job fails as job_closed and the job is marked expired", async () => {
    const user = await applicant("apply-closed");
    const [job] = await addJobs(user, "naukri", [{}]);
    fake.setScenario("naukri", { closed: [job!.portalJobId] });
    const id = await applySingle(user, job!.id);
    const d = await until(user, id, ["failed", "submitted"]);
    assert.equal((d.error as Json).code, "job_closed");
    const j = await callFunction(`job-fetcher/v1/jobs/${job!.id}`, { token: user.accessToken });
    assert.equal((j.body as Json).status, "expired");
  });

  test("the 26th LinkedIn application of the day waits for the next IST midnight", async () => {
    const user = await applicant("apply-cap");
    const jobs = await addJobs(
      user,
      "linkedin",
      Array.from({ length: 26 }, () => ({})),
    );
    // 25 already submitted today (arranged: the portal is not needed for those).
    for (const j of jobs.slice(0, 25)) {
      await withSql(
        (sql) =>
          sql`select private.create_job_application(${user.userId}::uuid, ${j.id}::uuid, 'manual', null, 'queued')`,
      );
    }
    await withSql(
      (
        sql,
      ) => sql`update public.job_applications set status = 'submitted', applied_at = now(), attempt_started_at = now()
      where user_id = ${user.userId}`,
    );
    const id = await applySingle(user, jobs[25]!.id);
    const deadline = Date.now() + 30_000;
    let d = await detail(user, id);
    while (d.defer_reason !== "daily_cap" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      d = await detail(user, id);
    }
    assert.equal(d.status, "queued");
    assert.equal(d.defer_reason, "daily_cap");
    const [next] = await withSql((sql) => sql<{ t: Date }[]>`select private.apply_next_day_start() as t`);
    assert.equal(new Date(d.not_before as string).toISOString(), next!.t.toISOString());
    assert.equal(fake.submissionsFor("linkedin", jobs[25]!.portalJobId).length, 0);
    const u = await callFunction(`${APPLY}/usage`, { token: user.accessToken });
    const li = ((u.body as Json).portals as Json[]).find((p) => p.portal === "linkedin")!;
    assert.deepEqual([li.used, li.remaining], [25, 0]);
  });

  test("auto-apply after a fetch: jobs above the threshold wait for approval with the ATS-best resume; approve all sends them", async () => {
    const user = await applicant("apply-auto", { review_before_submit: true, match_threshold: 0 });
    const kafka = await giveResume(user, {
      name: "Streaming",
      skills: ["Kafka", "Go"],
      summary: "Kafka engineer.",
    });
    await callFunction(`${APPLY}/activate`, {
      method: "POST",
      token: user.accessToken,
      body: { auto_apply: true },
    });
    const [run] = await withSql(
      (sql) => sql<{ id: string }[]>`
      select id from private.start_job_fetch_runs(${user.userId}::uuid, array['naukri'], 'manual')`,
    );
    const jobs = [
      fakeJob("naukri", {
        title: "Kafka Engineer",
        description: "Kafka and Go streaming.",
        skills: ["Kafka", "Go"],
      }),
      fakeJob("naukri", { title: "Go Engineer", description: "Kafka pipelines in Go.", skills: ["Kafka"] }),
    ];
    const res = await fetch(`${env.apiUrl}/functions/v1/job-fetcher/v1/internal/jobs/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.serviceRoleKey}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: user.userId, portal: "naukri", run_id: run!.id, jobs }),
    });
    assert.equal(res.status, 200);
    await withSql(async (sql) => {
      await sql`select private.finish_job_fetch_run(${run!.id}::uuid, 'completed')`;
      await sql`select private.run_sql_consumer('job_apply_auto')`;
    });
    const deadline = Date.now() + 60_000;
    let queue: Json[] = [];
    while (Date.now() < deadline) {
      const r = await callFunction(`${APPLY}/approvals`, { token: user.accessToken });
      queue = (r.body as Json).items as Json[];
      if (queue.length === 2) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(queue.length, 2, "both wait for approval");
    assert.ok(
      queue.every((a) => a.mode === "auto" && (a.resume as Json).version_id === kafka.versionId),
      "with the Kafka resume",
    );
    assert.equal(
      jobs.filter((j) => fake.submissionsFor("naukri", j.portalJobId).length > 0).length,
      0,
      "nothing sent before approval",
    );
    const ok = await callFunction(`${APPLY}/approvals/approve-all`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal((ok.body as Json).approved_count, 2);
    for (const a of queue)
      assert.equal((await until(user, a.id as string, ["submitted", "failed"])).status, "submitted");
    for (const j of jobs) assert.equal(fake.submissionsFor("naukri", j.portalJobId).length, 1);
  });

  test("batch applications get a grounded cover letter drafted by the runner; without a key or with the setting off, none, and why", async () => {
    const user = await applicant("apply-letters", { review_before_submit: true });
    const jobs = await addJobs(user, "indeed", [
      { title: "Platform Engineer", company: "Lettersoft Labs" },
      { title: "Kafka Engineer", company: "Streamly Systems" },
      { title: "Data Engineer", company: "Quietco" },
    ]);
    /** Batch-applies to one job and returns the application once it waits for approval. */
    const batchOne = async (jobId: string) => {
      const r = await callFunction(`${APPLY}/batch`, {
        method: "POST",
        token: user.accessToken,
        body: { job_ids: [jobId] },
      });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const [row] = await withSql(
        (sql) => sql<{ id: string }[]>`
        select id::text from public.job_applications where user_id = ${user.userId} and fetched_job_id = ${jobId}`,
      );
      return until(user, row!.id, ["awaiting_approval", "failed"]);
    };

    // No Gemini key: the application waits for review without a letter, and says why.
    const keyless = await batchOne(jobs[0]!.id);
    assert.equal(keyless.status, "awaiting_approval");
    assert.equal(keyless.cover_letter_text, null);
    assert.equal(keyless.cover_letter_source, "none");
    assert.equal(((keyless.cover_letter_grounding as Json).error as Json).code, "gemini_key_missing");

    // With a key and a confirmed skill: only the sentences its sources show.
    await withSql(
      (sql) => sql`insert into public.career_entries (user_id, kind, status, data)
      values (${user.userId}, 'skill', 'confirmed', ${sql.json({ name: "Kafka" })})`,
    );
    await saveToken(user, "gemini", FAKE_GEMINI_VALID_KEY);
    const drafted = await batchOne(jobs[1]!.id);
    assert.equal(drafted.cover_letter_source, "generated");
    const text = drafted.cover_letter_text as string;
    assert.match(text, /Kafka Engineer role at Streamly Systems/);
    assert.match(text, /I work with Kafka\./);
    assert.ok(!text.includes(COVER_LETTER_INVENTION) && !text.includes("Hyperflux"), text);
    const grounding = drafted.cover_letter_grounding as { rejected: Json[]; claims: Json[] };
    assert.deepEqual(
      grounding.rejected.map((x) => x.text).sort(),
      [COVER_LETTER_INVENTION, "I also maintain Hyperflux."].sort(),
    );
    assert.ok(grounding.claims.length >= 2);

    // Approved, the letter goes out with the application.
    const ok = await callFunction(`${APPLY}/applications/${drafted.id as string}/approve`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await until(user, drafted.id as string, ["submitted", "failed"])).status, "submitted");
    const [sent] = fake.submissionsFor("indeed", jobs[1]!.portalJobId);
    // A textarea's value is submitted with CRLF line breaks (the HTML form encoding).
    assert.equal(sent?.coverLetter?.replace(/\r\n/g, "\n"), text, "the portal received the drafted letter");

    // The setting off: no letter, and none drafted (a draft always records its grounding).
    await applySettings(user, { cover_letters: false });
    const plain = await batchOne(jobs[2]!.id);
    assert.equal(plain.cover_letter_text, null);
    assert.equal(plain.cover_letter_grounding, null);
  });

  test("emergency stop with 50 queued: none submitted after the stop reaches the runner; all once after it is lifted", {
    timeout: 600_000,
  }, async () => {
    const user = await applicant("apply-stop");
    const jobs = await addJobs(
      user,
      "naukri",
      Array.from({ length: 50 }, (_, i) => ({ title: `Engineer ${i}` })),
    );
    const started = Date.now();
    const r = await callFunction(`${APPLY}/batch`, {
      method: "POST",
      token: user.accessToken,
      body: { job_ids: jobs.map((j) => j.id) },
    });
    assert.equal((r.body as Json).queued_count, 50);
    const submitted = async () =>
      (
        await withSql(
          (sql) => sql<{ n: number }[]>`select count(*)::int as n from public.job_applications
          where user_id = ${user.userId} and status = 'submitted'`,
        )
      )[0]!.n;
    while ((await submitted()) < 3) {
      assert.ok(Date.now() - started < 120_000, "the first submissions come");
      await new Promise((r) => setTimeout(r, 100));
    }
    const stop = await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
      method: "POST",
      token: admin.accessToken,
      body: { enabled: true, reason: "test" },
    });
    assert.equal(stop.status, 200);
    const stoppedAt = new Date((stop.body as Json).changed_at as string);
    // Wait until the runner went through every message: each application submitted or held.
    for (;;) {
      const [x] = await withSql(
        (sql) => sql<{ n: number }[]>`select count(*)::int as n from public.job_applications
          where user_id = ${user.userId} and (status in ('pending', 'queued', 'submitting') or claimed_until > now())`,
      );
      if (x!.n === 0) break;
      assert.ok(Date.now() - stoppedAt.getTime() < 120_000, "the runner holds what is left");
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows = await withSql(
      (sql) => sql<{ status: string; attempt_started_at: Date | null; applied_at: Date | null }[]>`
        select status, attempt_started_at, applied_at from public.job_applications where user_id = ${user.userId}`,
    );
    const late = rows.filter((x) => x.attempt_started_at && x.attempt_started_at > stoppedAt);
    assert.equal(late.length, 0, "no attempt was recorded (no submit clicked) after the stop");
    const doneAtStop = rows.filter((x) => x.status === "submitted");
    const lastSubmission = Math.max(...doneAtStop.map((x) => x.applied_at!.getTime()));
    const portalLast = Math.max(
      ...fake.submissions.filter((s) => jobs.some((j) => j.portalJobId === s.jobId)).map((s) => s.at),
    );
    assert.ok(portalLast - stoppedAt.getTime() < 60_000, "within 60 s");
    assert.equal(
      rows.filter((x) => x.status === "held").length + doneAtStop.length,
      50,
      "the rest is held, not dropped",
    );
    console.log(
      `emergency stop: ${doneAtStop.length} submitted before it; last portal submission ${Math.max(
        0,
        portalLast - stoppedAt.getTime(),
      )} ms after the stop (last recorded ${Math.max(0, lastSubmission - stoppedAt.getTime())} ms); ${
        rows.filter((x) => x.status === "held").length
      } held`,
    );

    const lift = await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
      method: "POST",
      token: admin.accessToken,
      body: { enabled: false },
    });
    assert.equal(lift.status, 200);
    const liftedAt = Date.now();
    while ((await submitted()) < 50) {
      assert.ok(Date.now() - liftedAt < 300_000, "all are submitted after the lift");
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const j of jobs)
      assert.equal(fake.submissionsFor("naukri", j.portalJobId).length, 1, `job ${j.portalJobId} once`);
    const perMinute = (50 - doneAtStop.length) / ((Date.now() - liftedAt) / 60_000);
    console.log(
      `after the lift: ${50 - doneAtStop.length} submitted at ${perMinute.toFixed(1)} applications/minute (pacing off)`,
    );
  });
});
