/**
 * The apply stack of the runner: the job_apply consumer (claiming, caps and pacing through the
 * database, the stop check right before the submit, recording attempts and outcomes) driving the
 * portal flows of ./flows (Playwright on the machine's Chromium).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { jobApplyConsumer } from "./job-apply.js";

/** This stack's consumers. */
export function applyConsumers(deps: ConsumerDeps): Consumer[] {
  return [jobApplyConsumer(deps)];
}
