/**
 * The Insights & Reports runner paths end to end, with runners this file starts:
 *
 * - scheduled report emails: pg_cron's step (private.schedule_report_emails) → report.ready → the
 *   runner's reports_email consumer → SMTP → the stack's mail catcher: the numbers of the period,
 *   the link to /reports, a one-click unsubscribe that works without signing in (and turns the
 *   digest off), no second mail on redelivery, and the same Message-ID when a runner is killed
 *   while the SMTP server holds its reply;
 * - exports the function hands over: a PDF with charts (text extracted with pdf.js, pages rendered
 *   to PNG in tests/artifacts/pdf/ to be looked at) and a CSV too large for the request (parsed
 *   back, every row).
 *
 * Needs the stack without its own runner (tests/run.ts starts it with --no-runner).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { simpleParser } from "mailparser";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { extractPdfText } from "../../scraper-runner/src/documents/extract.ts";
import { callFunction, env, newUser, type TestUser } from "../support/env.ts";
import { type CaughtMail, linkIn, mailTo, waitForMail } from "../support/mail.ts";
import {
  assertNoStackRunner,
  freePort,
  killRunner,
  type RunnerProcess,
  startRunner,
} from "../support/runner.ts";

const exec = promisify(execFile);
const artifacts = path.join(import.meta.dirname, "..", "artifacts", "pdf");
let sql: postgres.Sql;
const runners: RunnerProcess[] = [];
let savedVt = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

async function runner(queues: string[], extraEnv: Record<string, string> = {}): Promise<RunnerProcess> {
  const r = await startRunner({ queues, env: extraEnv });
  runners.push(r);
  return r;
}

async function killAll(): Promise<void> {
  for (const r of runners.splice(0)) await killRunner(r);
}

/** Submitted applications on IST 2026-11-29 (and fetched jobs), arranged in SQL. */
async function arrange(user: TestUser, responses: string[]) {
  let i = 0;
  for (const response of responses) {
    i++;
    const [job] = await sql<{ id: string }[]>`
      insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title, match_score, skills)
      values (${user.userId}, 'naukri', ${`rr-${i}`}, ${`Data Engineer ${i}`}, ${`Zephyr Analytics ${i}`},
              ${`https://example.com/rr-${i}`}, 'zephyr', 'data engineer', 75, '{Spark,Airflow}')
      returning id`;
    await sql`
      insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, response_status, applied_at, created_at)
      values (${user.userId}, ${job?.id ?? null}, ${job?.id ?? null}, 'naukri', 'manual', 'submitted', ${response},
              '2026-11-29T06:00:00Z', '2026-11-29T06:00:00Z')`;
  }
  await sql`select private.refresh_skill_gaps(${user.userId}::uuid)`;
}

async function daily(user: TestUser) {
  const res = await callFunction("insights/v1/reports/email/subscription", {
    method: "POST",
    token: user.accessToken,
    body: { schedule: "daily" },
  });
  assert.equal(res.status, 200);
}

interface ReportRow {
  id: string;
  state: string;
  attempts: number;
  message_id: string;
}

const reportRows = (user: TestUser) =>
  sql<
    ReportRow[]
  >`select id::text, state, attempts, message_id from public.report_emails where user_id = ${user.userId}`;

function oneClickUrl(mail: CaughtMail): string {
  const m = /^<([^>]+)>$/.exec(mail.headers["list-unsubscribe"] ?? "");
  assert.ok(m, `List-Unsubscribe: ${mail.headers["list-unsubscribe"]}`);
  return m[1] as string;
}

before(async () => {
  await assertNoStackRunner();
  mkdirSync(artifacts, { recursive: true });
  sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
  const [row] = await sql<{ vt: number }[]>`
    select visibility_timeout_s as vt from private.event_consumers where queue_name = 'reports_email'`;
  savedVt = row?.vt ?? 60;
});

afterEach(killAll);

after(async () => {
  await killAll();
  await sql`update private.event_consumers set visibility_timeout_s = ${savedVt} where queue_name = 'reports_email'`;
  await sql.end({ timeout: 5 });
});

describe("scheduled report emails", () => {
  test("08:00 IST: the day's numbers, a link to /reports, one-click unsubscribe; a redelivery sends nothing", async () => {
    const user = await newUser("report-mail");
    await daily(user);
    await arrange(user, ["interview", "pending", "pending"]);
    await sql`select private.schedule_report_emails('daily', '2026-11-30T02:30:00Z')`;
    const [row] = await reportRows(user);
    assert.equal(row?.state, "pending");

    const r = await runner(["reports_email"]);
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    assert.equal(mail.subject, "Your CareerPilot daily report: 29 Nov 2026");
    assert.equal(mail.message_id, row?.message_id);
    assert.match(mail.text ?? "", /Applications sent: 3/);
    assert.match(mail.text ?? "", /Employer responses: 1 \(33 %\)/);
    assert.match(mail.text ?? "", /Interviews: 1/);
    assert.match(mail.text ?? "", /High-severity skill gaps: 2/);
    assert.match(
      mail.text ?? "",
      /Skills your matching jobs ask for most: (Airflow, Spark|Spark, Airflow)\./,
    );
    assert.equal(linkIn(mail, "/reports"), `${env.webUrl}/reports`);
    assert.equal(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    await waitFor(
      async () => (await reportRows(user))[0]?.state === "sent",
      10_000,
      "the report email recorded sent",
    );

    // A redelivery of the same message: nothing is sent again.
    const [envelope] = await sql<{ message: unknown }[]>`
      select message from pgmq.a_reports_email where message -> 'payload' ->> 'report_id' = ${row?.id ?? ""} limit 1`;
    assert.ok(envelope);
    await sql`select pgmq.send('reports_email', ${sql.json(envelope.message as never)})`;
    await r.waitForLog((l) => String(l.reason ?? "").includes("report email is sent"), 20_000);
    await sleep(300);
    assert.equal((await mailTo(user.email)).length, 1);
    assert.equal((await reportRows(user))[0]?.attempts, 1);

    // One-click unsubscribe, as a mail client sends it: no sign-in; the digest is off after it.
    const res = await fetch(oneClickUrl(mail), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { notification_type: string }).notification_type, "report.ready");
    const state = await callFunction("insights/v1/reports/email/subscription", { token: user.accessToken });
    assert.deepEqual(state.body, { schedule: "off", unsubscribed: true });
    await sql`select private.schedule_report_emails('daily', '2026-12-01T02:30:00Z')`;
    assert.equal((await reportRows(user)).length, 1, "no report email is scheduled after unsubscribing");
  });

  test("a runner killed while the SMTP server holds its reply: the retry resends the SAME message, recorded once", async () => {
    const received: (string | undefined)[] = [];
    let hold = true;
    // Other users who take daily reports get theirs in this run too: only this user's is held.
    let target = "";
    const provider = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, cb) {
        simpleParser(stream).then(
          async (m) => {
            received.push(m.messageId);
            while (hold && m.messageId === target) await sleep(100);
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => provider.listen(port, "127.0.0.1", () => resolve()));
    try {
      await sql`update private.event_consumers set visibility_timeout_s = 3 where queue_name = 'reports_email'`;
      const user = await newUser("report-kill");
      await daily(user);
      await sql`select private.schedule_report_emails('daily', '2026-11-30T02:30:00Z')`;
      target = (await reportRows(user))[0]?.message_id ?? "";
      assert.ok(target);
      const smtp = { SMTP_URL: `smtp://127.0.0.1:${port}` };
      const first = await runner(["reports_email"], smtp);
      await waitFor(async () => received.includes(target), 30_000, "the provider to receive the report");
      assert.equal(
        (await reportRows(user))[0]?.state,
        "sending",
        "the attempt was recorded before the SMTP call",
      );
      await killRunner(first);
      hold = false;
      const second = await runner(["reports_email"], smtp);
      const [done] = await waitFor(
        async () => ((await reportRows(user))[0]?.state === "sent" ? reportRows(user) : null),
        30_000,
        "the retry to record the report sent",
      );
      assert.equal(done?.attempts, 2);
      const mine = received.filter((id) => id === done?.message_id);
      assert.equal(mine.length, 2, "the resend is the same message to the receiver");
      await second.waitForLog((l) => /resending a report email/.test(l.msg), 5_000);
    } finally {
      hold = false;
      await sql`update private.event_consumers set visibility_timeout_s = ${savedVt} where queue_name = 'reports_email'`;
      await new Promise<void>((resolve) => provider.close(() => resolve()));
    }
  });
});

describe("exports made by the runner", () => {
  const poll = async (user: TestUser, id: string) =>
    (await waitFor(
      async () => {
        const res = await callFunction(`insights/v1/reports/exports/${id}`, { token: user.accessToken });
        const body = res.body as { status: string; file_url: string | null; row_count: number | null };
        return body.status === "pending" ? null : body;
      },
      60_000,
      "the export to be made",
    )) as { status: string; file_url: string; row_count: number };

  test("a PDF with its charts and rows: text extracted, pages rendered to PNG", async () => {
    const user = await newUser("report-pdf");
    await arrange(user, ["interview", "pending", "viewed", "offer"]);
    const res = await callFunction(
      "insights/v1/reports/exports?type=applications&format=pdf&from=2026-11-23&to=2026-11-30",
      {
        token: user.accessToken,
      },
    );
    assert.equal(res.status, 202, JSON.stringify(res.body));
    await runner(["reports_export"]);
    const done = await poll(user, (res.body as { export_id: string }).export_id);
    assert.equal(done.status, "ready");
    assert.equal(done.row_count, 4);
    const pdf = new Uint8Array(await (await fetch(done.file_url)).arrayBuffer());
    assert.equal(Buffer.from(pdf.slice(0, 5)).toString(), "%PDF-");
    const { pages } = await extractPdfText(pdf);
    const text = pages.join("\n");
    for (const want of [
      "Applications report",
      "Applications per day (IST)",
      "Funnel: how far applications got",
      "Response rate",
      "75 %",
      "Zephyr Analytics 1",
      "Data Engineer 4",
      "interview",
    ]) {
      assert.ok(text.includes(want), `the PDF says "${want}"`);
    }
    const file = path.join(artifacts, "insights-applications-report.pdf");
    writeFileSync(file, pdf);
    const { stderr } = await exec("pdftoppm", [
      "-png",
      "-r",
      "70",
      "-f",
      "1",
      "-l",
      "1",
      file,
      file.replace(/\.pdf$/, ""),
    ]);
    assert.equal(stderr, "");
  });

  test("a CSV too large for the request: made by the runner, every row parses back", async () => {
    const user = await newUser("report-csv");
    const n = 5_100;
    await sql`
      insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title, fetched_at)
      select ${user.userId}, 'indeed', 'big-' || g, 'Analyst ' || g, 'Corp, "' || g || '"', 'https://example.com/' || g, 'corp', 'analyst',
             '2026-11-29T06:00:00Z'
        from generate_series(1, ${n}) g`;
    const res = await callFunction(
      "insights/v1/reports/exports?type=jobs&format=csv&from=2026-11-29&to=2026-11-29",
      {
        token: user.accessToken,
      },
    );
    assert.equal(res.status, 202, JSON.stringify(res.body));
    await runner(["reports_export"]);
    const done = await poll(user, (res.body as { export_id: string }).export_id);
    assert.equal(done.row_count, n);
    const rows = parse(await (await fetch(done.file_url)).text(), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    assert.equal(rows.length, n);
    assert.equal(new Set(rows.map((r) => r.job_id)).size, n);
    assert.ok(
      rows.some((r) => r.company === 'Corp, "42"'),
      "quotes and commas survive",
    );
  });

  test("attack: a stranger cannot read another user's runner-made export", async () => {
    const owner = await newUser("report-owner");
    const stranger = await newUser("report-stranger");
    const res = await callFunction(
      `insights/v1/reports/exports?type=skill_gaps&format=pdf&x=${randomUUID()}`,
      {
        token: owner.accessToken,
      },
    );
    assert.equal(res.status, 202);
    const id = (res.body as { export_id: string }).export_id;
    const peek = await callFunction(`insights/v1/reports/exports/${id}`, { token: stranger.accessToken });
    assert.equal(peek.status, 404);
    await runner(["reports_export"]);
    assert.equal((await poll(owner, id)).status, "ready");
    assert.equal(
      (await callFunction(`insights/v1/reports/exports/${id}`, { token: stranger.accessToken })).status,
      404,
    );
  });
});
