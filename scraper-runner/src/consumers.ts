/**
 * Every runner consumer, by stack. A stack is a folder (`videos/`, `projects/`, `storage/`; next `documents/`,
 * `ocr/`, `portals/`, `apply/`, `email/`) whose `index.ts` returns its consumers, each made with
 * `defineConsumer({queue, events, handle, giveUp?})` (consumer.ts). Adding one: write it in its
 * stack folder, list it in the folder's index.ts (a new folder: add it below), and register the
 * queue's route and `private.register_consumer(queue, 'runner', …)` in the owning stack's
 * migration (scraper-runner/README.md, "Adding a consumer").
 */
import { applyConsumers } from "./apply/index.js";
import type { Consumer, ConsumerDeps } from "./consumer.js";
import { emailConsumers } from "./email/index.js";
import { ocrConsumers } from "./ocr/index.js";
import { portalsConsumers } from "./portals/index.js";
import { projectsConsumers } from "./projects/index.js";
import { resumesConsumers } from "./resumes/index.js";
import { storageConsumers } from "./storage/index.js";
import { videosConsumers } from "./videos/index.js";

export type { ConsumerDeps };

/** All consumers this runner can run. */
export function allConsumers(deps: ConsumerDeps): Consumer[] {
  return [
    ...projectsConsumers(deps),
    ...videosConsumers(deps),
    ...storageConsumers(deps),
    ...emailConsumers(deps),
    ...ocrConsumers(deps),
    ...portalsConsumers(deps),
    ...resumesConsumers(deps),
    ...applyConsumers(deps),
  ];
}
