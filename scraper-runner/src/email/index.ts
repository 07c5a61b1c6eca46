/**
 * The email folder of the runner: mail that leaves the platform over SMTP (nodemailer; `SMTP_URL`,
 * `MAIL_FROM`, `SITE_URL`). Today: notification emails (notification-email.ts). Scheduled report
 * emails (`report.ready`, daily/weekly summaries) belong here too when the reports stack ships
 * them: a consumer of its own queue that reuses render.ts's footer and the same unsubscribe token.
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { notificationEmailConsumer } from "./notification-email.js";

/** This folder's consumers. */
export function emailConsumers(deps: ConsumerDeps): Consumer[] {
  return [notificationEmailConsumer(deps)];
}
