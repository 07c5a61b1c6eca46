/**
 * The projects stack of the runner: GitHub repository sync (Octokit with the user's token,
 * written through the projects stack's SQL functions as the user).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { githubSyncConsumer } from "./github-sync.js";

/** This stack's consumers. */
export function projectsConsumers(deps: ConsumerDeps): Consumer[] {
  return [githubSyncConsumer(deps)];
}
