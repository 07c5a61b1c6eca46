/**
 * Queue `notifications_email`: sends the email of one notification over SMTP (nodemailer), once.
 *
 *   notifications.email.requested {user_id, notification_id}
 *     written with its outbox row (public.notification_deliveries, channel email) by the
 *     notifications consumer when a template names email and the user takes that type by email.
 *
 * Exactly once, step by step:
 *   1. `private.notification_email_begin` in its own committed transaction: pending → sending
 *      (attempts + 1), or the row's final state when it is sent / skipped / failed (then nothing is
 *      sent: a redelivery after a crash that followed the send), or skipped when the user turned
 *      this email off or has no address since;
 *   2. SMTP with the row's fixed Message-ID, List-Unsubscribe (one-click, RFC 8058) and a signed
 *      unsubscribe token;
 *   3. `private.notification_email_end(…, 'sent')` as soon as the server accepted the message; a
 *      server that refused it before taking it → `pending` again and a retry with back-off (5xx:
 *      dead letter at once, the row `failed`).
 * The one window left is a crash between the server's acceptance and step 3: the retry then sends
 * the same message again (same Message-ID, which mailboxes treat as one message, `resend` logged).
 */
import nodemailer from "nodemailer";
import { keyringFrom } from "../../../supabase/functions/_shared/contract/crypto.ts";
import {
  unsubscribeToken,
  unsubscribeUrls,
} from "../../../supabase/functions/_shared/contract/unsubscribe.ts";
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";
import { asService } from "../db.js";
import { notificationTypeLabel, renderNotificationEmail } from "./render.js";

/** Queue name. */
export const NOTIFICATIONS_EMAIL_QUEUE = "notifications_email";

interface BeginRow {
  state: "pending" | "sending" | "sent" | "skipped" | "failed";
  resend: boolean;
  recipient: string | null;
  user_id: string;
  notification_type: string;
  title: string;
  body: string | null;
  link_url: string | null;
  message_id: string;
  attempts: number;
}

/** SMTP errors with a reply code: 5xx is permanent (the server will not take it). */
export function smtpCode(err: unknown): number | null {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" ? code : null;
}

/**
 * A nodemailer SMTP transport for `smtp[s]://[user:pass@]host[:port]`, with timeouts well inside the
 * queue's 60 s visibility timeout.
 */
export function smtpTransport(url: string) {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  return nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/** The notifications_email consumer. */
export function notificationEmailConsumer(deps: ConsumerDeps) {
  const { config } = deps;
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  return defineConsumer({
    queue: NOTIFICATIONS_EMAIL_QUEUE,
    events: ["notifications.email.requested"],
    async handle(d, ctx): Promise<Outcome> {
      if (!transport) {
        return { status: "delayed", seconds: 300, reason: "SMTP_URL is not configured: the email waits" };
      }
      const nid = d.payload.notification_id;
      const [row] = await asService(
        ctx.db,
        (tx) => tx<BeginRow[]>`select * from private.notification_email_begin(${nid}::uuid)`,
      );
      if (!row) return { status: "skipped", reason: "no outbox row (the account was deleted)" };
      if (row.state !== "sending") {
        return { status: "skipped", reason: `delivery is ${row.state}`, fields: { notification_id: nid } };
      }
      if (row.resend)
        ctx.log.warn("resending an email whose earlier attempt did not record its end", { nid });

      const keyring = keyringFrom(config.tokenEncryptionKeys);
      const token = await unsubscribeToken(keyring, {
        user_id: row.user_id,
        notification_type: row.notification_type,
        channel: "email",
      });
      const urls = unsubscribeUrls(config.supabaseUrl, config.siteUrl, token);
      const mail = renderNotificationEmail({
        title: row.title,
        body: row.body,
        linkPath: row.link_url,
        siteUrl: config.siteUrl,
        unsubscribePage: urls.page,
        typeLabel: notificationTypeLabel(row.notification_type),
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
            "X-CareerPilot-Notification-Type": row.notification_type,
          },
        });
      } catch (err) {
        const code = smtpCode(err);
        const message = err instanceof Error ? err.message : String(err);
        // The server refused it (or was unreachable) before taking it: nothing was delivered.
        await asService(
          ctx.db,
          (tx) => tx`select private.notification_email_end(${nid}::uuid, 'pending', ${message})`,
        );
        if (code !== null && code >= 500)
          throw new PermanentError(`SMTP refused the email: ${message}`, String(code));
        throw err;
      }
      await asService(ctx.db, (tx) => tx`select private.notification_email_end(${nid}::uuid, 'sent')`);
      return {
        status: "done",
        fields: {
          notification_id: nid,
          message_id: row.message_id,
          attempts: row.attempts,
          resend: row.resend,
        },
      };
    },
    async giveUp(tx, d, error) {
      await tx`select private.notification_email_end(${d.payload.notification_id}::uuid, 'failed', ${error})`;
    },
  });
}
