/**
 * The resumes stack of the runner: a version's PDF (render with documents/render.ts, upload,
 * parse back with documents/parse-back.ts) and auto-update drafts from repository events.
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { resumeAutoUpdateConsumer } from "./auto-update.js";
import { resumePdfConsumer } from "./pdf.js";

/** This stack's consumers. */
export function resumesConsumers(deps: ConsumerDeps): Consumer[] {
  return [resumePdfConsumer(deps), resumeAutoUpdateConsumer(deps)];
}
