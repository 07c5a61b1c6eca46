/**
 * The portals stack of the runner: Naukri (JSON search API), LinkedIn (guest job search pages,
 * cheerio) and Indeed (mobile GraphQL) clients, and the job_fetch consumer that pages through
 * them and posts each page to the job-fetcher function's ingest route; job_rescore has a user's
 * stored jobs scored again when their search changes.
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { jobFetchConsumer } from "./fetch-run.js";
import { jobRescoreConsumer } from "./rescore.js";

/** This stack's consumers. */
export function portalsConsumers(deps: ConsumerDeps): Consumer[] {
  return [jobFetchConsumer(deps), jobRescoreConsumer(deps)];
}
