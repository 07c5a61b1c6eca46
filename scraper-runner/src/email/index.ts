/**
 * The email folder of the runner: mail that leaves the platform over SMTP (nodemailer; `SMTP_URL`,
 * `MAIL_FROM`, `SITE_URL`): notification emails (notification-email.ts) and the scheduled report
 * emails (report-email.ts: `report.ready`, daily/weekly summaries, the same footer and unsubscribe
 * token, notification type `report.ready`).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { notificationEmailConsumer } from "./notification-email.js";
import { reportEmailConsumer } from "./report-email.js";

/** This folder's consumers. */
export function emailConsumers(deps: ConsumerDeps): Consumer[] {
  return [notificationEmailConsumer(deps), reportEmailConsumer(deps)];
}
