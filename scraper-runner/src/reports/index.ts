/**
 * The Insights & Reports folder of the runner: export files (CSV, PDF with charts drawn by
 * pdf-lib) the insights function hands over. Scheduled report emails are in `email/` beside the
 * notification emails (they share the SMTP transport and the unsubscribe token).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { reportExportConsumer } from "./export.js";

/** This folder's consumers. */
export function reportsConsumers(deps: ConsumerDeps): Consumer[] {
  return [reportExportConsumer(deps)];
}
