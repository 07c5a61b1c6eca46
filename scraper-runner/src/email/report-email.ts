/**
 * Queue `reports_email`: sends one scheduled report email (daily at 08:00 IST, weekly on Monday
 * at 08:00 IST) over SMTP, once.
 *
 *   report.ready {user_id, report_id, schedule, period_start, period_end}
 *     written with its outbox row (public.report_emails) by private.schedule_report_emails (pg_cron).
 *
 * Exactly once, as the notification emails (notification-email.ts): `private.report_email_begin`
 * commits `sending` (or returns the row's final state: nothing is sent again; or `skipped` when
 * the user turned report emails off since), SMTP with the row's fixed Message-ID and a one-click
 * List-Unsubscribe (a signed token for notification type `report.ready`: unsubscribing turns the
 * digest off), then `private.report_email_end(…, 'sent')`. A crash between the server's
 * acceptance and that step resends the same Message-ID (logged as a resend).
 */
import { keyringFrom } from "../../../supabase/functions/_shared/contract/crypto.ts";
import {
  unsubscribeToken,
  unsubscribeUrls,
} from "../../../supabase/functions/_shared/contract/unsubscribe.ts";
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";
import { asService } from "../db.js";
import { smtpCode, smtpTransport } from "./notification-email.js";
import { type ReportNumbers, renderReportEmail } from "./report-render.js";

export const REPORTS_EMAIL_QUEUE = "reports_email";

interface BeginRow {
  state: "pending" | "sending" | "sent" | "skipped" | "failed";
  resend: boolean;
  recipient: string | null;
  display_name: string | null;
  user_id: string;
  schedule: "daily" | "weekly";
  period_start: string;
  period_end: string;
  message_id: string;
  attempts: number;
}

/** The reports_email consumer. */
export function reportEmailConsumer(deps: ConsumerDeps) {
  const { config } = deps;
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  return defineConsumer({
    queue: REPORTS_EMAIL_QUEUE,
    events: ["report.ready"],
    async handle(d, ctx): Promise<Outcome> {
      if (!transport) {
        return { status: "delayed", seconds: 300, reason: "SMTP_URL is not configured: the email waits" };
      }
      const rid = d.payload.report_id;
      const [row] = await asService(
        ctx.db,
        (tx) => tx<BeginRow[]>`
          select state, resend, recipient, display_name, user_id, schedule, period_start::text, period_end::text,
                 message_id, attempts
            from private.report_email_begin(${rid}::uuid)`,
      );
      if (!row) return { status: "skipped", reason: "no report row (the account was deleted)" };
      if (row.state !== "sending") {
        return { status: "skipped", reason: `report email is ${row.state}`, fields: { report_id: rid } };
      }
      if (row.resend)
        ctx.log.warn("resending a report email whose earlier attempt did not record its end", { rid });

      const [numbers] = await asService(
        ctx.db,
        (tx) => tx<{ n: ReportNumbers }[]>`
          select private.report_email_numbers(${row.user_id}::uuid, ${row.period_start}::date, ${row.period_end}::date) as n`,
      );
      const keyring = keyringFrom(config.tokenEncryptionKeys);
      const token = await unsubscribeToken(keyring, {
        user_id: row.user_id,
        notification_type: "report.ready",
        channel: "email",
      });
      const urls = unsubscribeUrls(config.supabaseUrl, config.siteUrl, token);
      const mail = renderReportEmail({
        schedule: row.schedule,
        periodStart: row.period_start,
        periodEnd: row.period_end,
        name: row.display_name,
        numbers: numbers?.n ?? {
          applied: 0,
          responded: 0,
          interview: 0,
          offer: 0,
          jobs_fetched: 0,
          new_jobs: 0,
          high_gaps: 0,
          top_gaps: [],
        },
        siteUrl: config.siteUrl,
        unsubscribePage: urls.page,
      });
      try {
        await transport.sendMail({
          from: config.mailFrom,
          to: row.recipient ?? "",
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          messageId: row.message_id,
          headers: {
            "List-Unsubscribe": `<${urls.oneClick}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-CareerPilot-Notification-Type": "report.ready",
          },
        });
      } catch (err) {
        const code = smtpCode(err);
        const message = err instanceof Error ? err.message : String(err);
        await asService(
          ctx.db,
          (tx) => tx`select private.report_email_end(${rid}::uuid, 'pending', ${message})`,
        );
        if (code !== null && code >= 500)
          throw new PermanentError(`SMTP refused the email: ${message}`, String(code));
        throw err;
      }
      await asService(ctx.db, (tx) => tx`select private.report_email_end(${rid}::uuid, 'sent')`);
      return {
        status: "done",
        fields: { report_id: rid, message_id: row.message_id, attempts: row.attempts, resend: row.resend },
      };
    },
    async giveUp(tx, d, error) {
      await tx`select private.report_email_end(${d.payload.report_id}::uuid, 'failed', ${error})`;
    },
  });
}
