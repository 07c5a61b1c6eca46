/**
 * The projects stack of the runner: GitHub repository sync.
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { projectsSyncConsumer } from "./projects-sync.js";

/** This stack's consumers. */
export function projectsConsumers(deps: ConsumerDeps): Consumer[] {
  return [projectsSyncConsumer(deps)];
}
