/**
 * Notification emails end to end: an event whose template names the email channel → the
 * notifications consumer's outbox row → the runner's notifications_email consumer (a runner this
 * file starts) → SMTP → the stack's mail catcher; the one-click unsubscribe (RFC 8058) through the
 * notifications function without signing in; the preferences that stop emails; and exactly once
 * under redelivery and under a runner killed while the SMTP server holds its reply.
 *
 * Needs the stack without its own runner (tests/run.ts starts it with --no-runner).
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { getProfile } from "../../devstack/src/config.ts";
import { readKeys } from "../../devstack/src/keys.ts";
import { runnerSecrets } from "../../devstack/src/services.ts";
import { keyringFrom, signValue } from "../../supabase/functions/_shared/contract/crypto.ts";
import { callFunction, env, newUser, type TestUser } from "../support/env.ts";
import { type CaughtMail, linkIn, mailTo, waitForMail } from "../support/mail.ts";
import {
  assertNoStackRunner,
  freePort,
  killRunner,
  type RunnerProcess,
  startRunner,
} from "../support/runner.ts";

const QUEUE = "notifications_email";
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

async function runner(extraEnv: Record<string, string> = {}): Promise<RunnerProcess> {
  const r = await startRunner({ queues: [QUEUE], env: extraEnv });
  runners.push(r);
  return r;
}

/** Kills every runner this file started (SIGKILL): each test ends with none left reading the queue. */
async function killAll(): Promise<void> {
  for (const r of runners.splice(0)) await killRunner(r);
}

/** Emits `integrations.token.rejected` for the user (a template variant that also emails) and runs the notifications consumer. */
async function tokenRejected(user: TestUser): Promise<void> {
  const [row] = await sql<{ id: string }[]>`
    select private.emit('integrations.token.rejected', ${sql.json({ user_id: user.userId, provider: "github" })})::text as id`;
  // Batches until this event left the queue (other suites may have left a backlog ahead of it).
  await waitFor(
    async () => {
      await sql`select private.run_sql_consumer('notifications')`;
      const left =
        await sql`select 1 from pgmq.q_notifications where message ->> 'event_id' = ${row?.id ?? ""}`;
      return left.length === 0;
    },
    30_000,
    "the notifications consumer to handle the event",
  );
}

interface DeliveryRow {
  notification_id: string;
  state: string;
  attempts: number;
  message_id: string;
  last_error: string | null;
}

async function deliveries(user: TestUser): Promise<DeliveryRow[]> {
  return sql<DeliveryRow[]>`
    select notification_id::text, state, attempts, message_id, last_error
      from public.notification_deliveries where user_id = ${user.userId} order by created_at`;
}

/** The one-click URL of a mail's List-Unsubscribe header. */
function oneClickUrl(mail: CaughtMail): string {
  const m = /^<([^>]+)>$/.exec(mail.headers["list-unsubscribe"] ?? "");
  assert.ok(m, `List-Unsubscribe: ${mail.headers["list-unsubscribe"]}`);
  return m[1] as string;
}

before(async () => {
  await assertNoStackRunner();
  sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
  const [row] = await sql<{ vt: number }[]>`
    select visibility_timeout_s as vt from private.event_consumers where queue_name = ${QUEUE}`;
  savedVt = row?.vt ?? 60;
});

afterEach(killAll);

after(async () => {
  await killAll();
  await sql`update private.event_consumers set visibility_timeout_s = ${savedVt} where queue_name = ${QUEUE}`;
  await sql.end({ timeout: 5 });
});

describe("notification emails", () => {
  test("an emailed notification arrives once: HTML + text, fixed Message-ID, one-click List-Unsubscribe", async () => {
    const user = await newUser("mail-basic");
    await tokenRejected(user);
    const [pending] = await deliveries(user);
    assert.ok(pending);
    assert.equal(pending.state, "pending");
    const r = await runner();
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    assert.equal(mail.subject, "GitHub access expired — reconnect in Settings");
    assert.match(mail.from, /CareerPilot/);
    assert.equal(mail.message_id, pending.message_id);
    assert.match(
      mail.html ?? "",
      /GitHub refused CareerPilot’s access|GitHub refused CareerPilot&#39;s access|GitHub refused CareerPilot's access/,
    );
    assert.equal(linkIn(mail, "/settings#github"), `${env.webUrl}/settings#github`);
    assert.match(mail.text ?? "", /Open CareerPilot: .*\/settings#github/);
    assert.match(mail.text ?? "", /Unsubscribe from these emails: .*\/unsubscribe\?token=/);
    assert.equal(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    assert.ok(
      oneClickUrl(mail).startsWith(
        `${env.apiUrl}/functions/v1/notifications/v1/notifications/unsubscribe?token=`,
      ),
    );
    // The same notification in app: one id for both channels.
    const [inApp] = await sql<{ id: string }[]>`
      select id::text from public.notifications where user_id = ${user.userId} and type = 'integrations.token.rejected'`;
    assert.equal(inApp?.id, pending.notification_id);
    const [sent] = await waitFor(
      async () => ((await deliveries(user))[0]?.state === "sent" ? deliveries(user) : null),
      10_000,
      "the delivery to be recorded sent",
    );
    assert.equal(sent?.attempts, 1);

    // A redelivery of the same message (a crash after the send, before the archive): nothing is sent again.
    const [envelope] = await sql<{ message: unknown }[]>`
      select message from pgmq.a_notifications_email
       where message -> 'payload' ->> 'notification_id' = ${pending.notification_id} limit 1`;
    assert.ok(envelope);
    await sql`select pgmq.send(${QUEUE}, ${sql.json(envelope.message as never)})`;
    await r.waitForLog(
      (l) => l.msg === "message skipped" || String(l.reason ?? "").includes("delivery is sent"),
      20_000,
    );
    await sleep(500);
    assert.equal((await mailTo(user.email)).length, 1);
    assert.equal((await deliveries(user))[0]?.attempts, 1);
    await killRunner(r);
  });

  test("one-click unsubscribe without signing in turns that type's email off; GET only previews", async () => {
    const user = await newUser("mail-unsub");
    const r = await runner();
    await tokenRejected(user);
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    const url = oneClickUrl(mail);

    const preview = await fetch(url);
    assert.equal(preview.status, 200);
    assert.deepEqual(await preview.json(), {
      notification_type: "integrations.token.rejected",
      channel: "email",
      unsubscribed: false,
    });
    // What a mail client sends for RFC 8058 one-click: a POST with this form body, no cookies.
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { unsubscribed: boolean }).unsubscribed, true);
    const [pref] = await sql<{ enabled: boolean }[]>`
      select enabled from public.notification_channel_preferences
       where user_id = ${user.userId} and notification_type = 'integrations.token.rejected' and channel = 'email'`;
    assert.equal(pref?.enabled, false);
    // Twice is fine.
    assert.equal((await fetch(url, { method: "POST" })).status, 200);

    // The next such event: in app still, no email.
    await tokenRejected(user);
    const notes = await sql`select 1 from public.notifications where user_id = ${user.userId}`;
    assert.equal(notes.length, 2);
    assert.equal((await deliveries(user)).length, 1);
    await sleep(1500);
    assert.equal((await mailTo(user.email)).length, 1);

    // The web page's link carries the same token.
    const page = new URL(linkIn(mail, "/unsubscribe?token="));
    assert.equal(page.origin, new URL(env.webUrl).origin);
    assert.equal(page.searchParams.get("token"), new URL(url).searchParams.get("token"));
    await killRunner(r);
  });

  test("attack: an altered, foreign-purpose or missing token unsubscribes nobody", async () => {
    const victim = await newUser("mail-victim");
    const attacker = await newUser("mail-attacker");
    const r = await runner();
    await tokenRejected(attacker);
    const [mail] = await waitForMail(attacker.email);
    assert.ok(mail);
    const token = new URL(oneClickUrl(mail)).searchParams.get("token") ?? "";
    const [kid, body, mac] = token.split(".") as [string, string, string];
    // The attacker rewrites their own token to name the victim: the MAC no longer matches.
    const claim = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, string>;
    const forged = `${kid}.${Buffer.from(JSON.stringify({ ...claim, user_id: victim.userId })).toString("base64url")}.${mac}`;
    // A value genuinely signed with the platform key, but for another purpose.
    const profile = getProfile(env.profile);
    const keyring = keyringFrom(
      runnerSecrets(profile, readKeys(profile.keysFile) ?? undefined).TOKEN_ENCRYPTION_KEYS,
    );
    const otherPurpose = await signValue(keyring, "oauth-state", {
      user_id: victim.userId,
      notification_type: "integrations.token.rejected",
      channel: "email",
    });
    for (const bad of [forged, otherPurpose, `${token}x`, "a.b.c", "not-a-token"]) {
      const res = await callFunction(
        `notifications/v1/notifications/unsubscribe?token=${encodeURIComponent(bad)}`,
        {
          method: "POST",
        },
      );
      assert.equal(res.status, 400, bad);
      assert.equal((res.body as { error: { code: string } }).error.code, "unsubscribe_token_invalid");
    }
    const missing = await callFunction("notifications/v1/notifications/unsubscribe", { method: "POST" });
    assert.equal(missing.status, 422);
    const rows =
      await sql`select 1 from public.notification_channel_preferences where user_id = ${victim.userId}`;
    assert.equal(rows.length, 0, "nothing was written for the victim");
    await killRunner(r);
  });

  test("preferences: email off sends no email (in app stays); in app off still emails", async () => {
    const r = await runner();
    const quiet = await newUser("mail-off");
    await callFunction("notifications/v1/notifications/preferences", {
      method: "PUT",
      token: quiet.accessToken,
      body: { email_notifications: false },
    });
    await tokenRejected(quiet);
    assert.equal((await deliveries(quiet)).length, 0);
    assert.equal((await sql`select 1 from public.notifications where user_id = ${quiet.userId}`).length, 1);

    const mailOnly = await newUser("mail-only");
    await callFunction("notifications/v1/notifications/preferences", {
      method: "PUT",
      token: mailOnly.accessToken,
      body: { in_app: false },
    });
    await tokenRejected(mailOnly);
    await waitForMail(mailOnly.email);
    assert.equal(
      (await sql`select 1 from public.notifications where user_id = ${mailOnly.userId}`).length,
      0,
    );
    await sleep(1000);
    assert.equal((await mailTo(quiet.email)).length, 0);
    await killRunner(r);
  });

  test("a runner killed while the SMTP server holds its reply: the retry resends the SAME message (same Message-ID), recorded once", async () => {
    // A provider of our own: it stores what it receives, and holds its final reply while `hold`.
    const received: { messageId: string | undefined; subject: string | undefined }[] = [];
    let hold = true;
    const provider = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, cb) {
        simpleParser(stream).then(
          async (m) => {
            received.push({ messageId: m.messageId, subject: m.subject });
            while (hold) await sleep(100);
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => provider.listen(port, "127.0.0.1", () => resolve()));
    try {
      await sql`update private.event_consumers set visibility_timeout_s = 3 where queue_name = ${QUEUE}`;
      const user = await newUser("mail-kill");
      await tokenRejected(user);
      const smtp = { SMTP_URL: `smtp://127.0.0.1:${port}` };
      const first = await runner(smtp);
      await waitFor(async () => received.length === 1, 20_000, "the provider to receive the message");
      const [mid] = await deliveries(user);
      assert.equal(mid?.state, "sending", "the attempt was recorded before the SMTP call");
      await killRunner(first); // SIGKILL while the provider holds its 250
      hold = false;

      const second = await runner(smtp);
      const [done] = await waitFor(
        async () => ((await deliveries(user))[0]?.state === "sent" ? deliveries(user) : null),
        30_000,
        "the retry to record the email sent",
      );
      assert.equal(done?.attempts, 2);
      assert.equal(received.length, 2);
      assert.equal(received[0]?.messageId, done?.message_id);
      assert.equal(received[1]?.messageId, done?.message_id, "a resend is the same message to the receiver");
      await second.waitForLog((l) => /resending an email/.test(l.msg), 5_000);
      await killRunner(second);
    } finally {
      hold = false;
      await sql`update private.event_consumers set visibility_timeout_s = ${savedVt} where queue_name = ${QUEUE}`;
      await new Promise<void>((resolve) => provider.close(() => resolve()));
    }
  });
});
