/**
 * The resumes stack of the runner: a version's PDF (render with documents/render.ts, upload,
 * parse back with documents/parse-back.ts), auto-update drafts from repository events, and resume
 * PDF imports into pending career entries (documents/extract.ts + Gemini).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { resumeAutoUpdateConsumer } from "./auto-update.js";
import { resumeImportConsumer } from "./import.js";
import { resumePdfConsumer } from "./pdf.js";

/** This stack's consumers. */
export function resumesConsumers(deps: ConsumerDeps): Consumer[] {
  return [resumePdfConsumer(deps), resumeAutoUpdateConsumer(deps), resumeImportConsumer(deps)];
}
