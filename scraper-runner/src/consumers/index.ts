/**
 * Every runner consumer, by queue. Adding one: write `consumers/<queue>.ts` with
 * `defineConsumer({queue, events, handle, giveUp?})`, list it here, and register the queue's
 * route and `private.register_consumer(queue, 'runner', …)` in the owning stack's migration
 * (scraper-runner/README.md, "Adding a consumer").
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Config } from "../config.js";
import type { Consumer } from "../loop.js";
import { projectVideosConsumer } from "./project-videos.js";
import { projectsSyncConsumer } from "./projects-sync.js";

/** What consumers may use besides their HandlerContext. */
export interface ConsumerDeps {
  config: Config;
  supabase: SupabaseClient;
  fetch?: typeof fetch;
}

/** All consumers this runner can run. */
export function allConsumers(deps: ConsumerDeps): Consumer[] {
  return [projectsSyncConsumer(deps), projectVideosConsumer(deps)];
}
