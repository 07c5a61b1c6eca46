/**
 * Queue `job_fetch`: one fetch run of one portal for one user (`jobs.fetch.requested`, from
 * "Fetch now" or the schedule).
 *
 *   1. the run must still be running (a redelivery after its outcome → skipped); the user's
 *      searches (job_settings: each role × each city, Remote, or India; at most 6) are read as the
 *      service role
 *   2. per search, pages one after another, at most `pageCap`, paced (LinkedIn 3–7 s between pages by
 *      default; 0 in tests); each page's jobs are POSTed to the ingest route with the service key
 *      (the one door: it normalises, dedups, scores and counts them on the run)
 *   3. a refusal (429, captcha, sign-in wall, 403) stops the run at once: it fails with the
 *      reason in errors_json and `blocked_until` (Retry-After, else the default back-off), so the
 *      schedule leaves this portal alone for this user meanwhile — never hammered
 *   4. commit, with the receipt and the archive: `private.finish_job_fetch_run` (completed, or
 *      failed when nothing could be read), which emits jobs.fetched
 */
import type { Portal } from "../../../supabase/functions/_shared/contract/enums.ts";
import type { Config } from "../config.js";
import { type ConsumerDeps, defineConsumer, type Outcome } from "../consumer.js";
import { asService, type Tx } from "../db.js";
import { indeedClient } from "./indeed.js";
import { linkedinClient } from "./linkedin.js";
import { naukriClient } from "./naukri.js";
import type { BlockReason, PageResult, PortalClient, SearchQuery } from "./types.js";

/** Queue name. */
export const JOB_FETCH_QUEUE = "job_fetch";

interface RunError {
  code: BlockReason | "http_error" | "malformed" | "ingest_failed" | "network";
  message: string;
  page?: number;
  at: string;
}

/** The portal's client, at its configured base URL. */
export function portalClient(portal: Portal, config: Config, fetchImpl: typeof fetch): PortalClient {
  if (portal === "naukri") return naukriClient(config.portals.naukriBaseUrl, fetchImpl);
  if (portal === "linkedin") return linkedinClient(config.portals.linkedinBaseUrl, fetchImpl);
  return indeedClient(config.portals.indeedBaseUrl, fetchImpl);
}

/** A pause of min..max ms (uniform), cut short by `signal`. */
function pause([min, max]: [number, number], signal: AbortSignal): Promise<void> {
  const ms = min + Math.random() * Math.max(0, max - min);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

/** At most this many searches (role × place) per run: each pages up to the page cap. */
export const MAX_SEARCHES = 6;

const REMOTE = /remote|work from home|anywhere/i;

/**
 * The user's searches, from job_settings: every role with every city (and Remote when chosen; "India"
 * when no city is), ordered so that each role and each place comes early (by the sum of their
 * positions), at most {@link MAX_SEARCHES}. Empty when no role is set.
 */
export function searchesOf(roles: string[], locations: string[]): SearchQuery[] {
  const cities = locations.filter((l) => !REMOTE.test(l));
  const places: { location: string; remote: boolean }[] = cities.map((c) => ({ location: c, remote: false }));
  if (locations.some((l) => REMOTE.test(l)) || places.length === 0) {
    places.push({ location: "India", remote: locations.some((l) => REMOTE.test(l)) });
  }
  const pairs: { i: number; j: number }[] = [];
  for (let i = 0; i < roles.length; i++) for (let j = 0; j < places.length; j++) pairs.push({ i, j });
  pairs.sort((a, b) => a.i + a.j - (b.i + b.j) || a.i - b.i);
  return pairs
    .slice(0, MAX_SEARCHES)
    .map(({ i, j }) => ({ keywords: roles[i]!, location: places[j]!.location, remote: places[j]!.remote }));
}

async function searchesFor(tx: Tx, userId: string): Promise<SearchQuery[]> {
  const [s] = await tx<{ roles: string[]; locations: string[] }[]>`
    select roles, locations from public.job_settings where user_id = ${userId}`;
  return s ? searchesOf(s.roles, s.locations) : [];
}

const describeSearch = (q: SearchQuery) => `${q.keywords} in ${q.remote ? "Remote" : q.location}`;

export function jobFetchConsumer(deps: ConsumerDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const { config } = deps;
  const ingestUrl = `${config.supabaseUrl}/functions/v1/job-fetcher/v1/internal/jobs/ingest`;

  return defineConsumer({
    queue: JOB_FETCH_QUEUE,
    events: ["jobs.fetch.requested"],
    async handle(d, ctx): Promise<Outcome> {
      const { user_id: userId, run_id: runId } = d.payload;
      const portal = d.payload.portal as Portal;
      const { run, searches } = await asService(ctx.db, async (tx) => {
        const [row] = await tx<
          { status: string }[]
        >`select status from public.job_fetch_runs where id = ${runId}`;
        return { run: row, searches: await searchesFor(tx, userId) };
      });
      if (run?.status !== "running") return { status: "skipped", reason: "the run already finished" };
      const errors: RunError[] = [];
      const at = () => new Date().toISOString();
      let blockedUntil: Date | null = null;
      let pages = 0;
      let received = 0;

      if (searches.length === 0) {
        errors.push({
          code: "malformed",
          message: "No target role is set in Job Control, so there is nothing to search for.",
          at: at(),
        });
      }
      const client = portalClient(portal, config, fetchImpl);
      const pacing = config.portals.pacingMs[portal];
      // One search after another; a refusal (blocked) ends the whole run, any other error only
      // that search.
      for (const query of searches) {
        if (blockedUntil) break;
        const label = searches.length > 1 ? ` (${describeSearch(query)})` : "";
        let cursor: string | null = null;
        let searchPages = 0;
        while (searchPages < config.portals.pageCap) {
          if (pages > 0) await pause(pacing, ctx.signal);
          if (ctx.signal.aborted) throw new Error("the runner is stopping");
          const page = searchPages + 1;
          let result: PageResult;
          try {
            result = await client.fetchPage(
              query,
              cursor,
              AbortSignal.any([ctx.signal, AbortSignal.timeout(config.httpTimeoutMs)]),
            );
          } catch (err) {
            errors.push({
              code: "network",
              message: `${portal} could not be reached${label}: ${(err as Error).message}`,
              page,
              at: at(),
            });
            break;
          }
          if (result.kind === "blocked") {
            const seconds = result.retryAfterS ?? config.portals.backoffS;
            blockedUntil = new Date(Date.now() + seconds * 1000);
            errors.push({
              code: result.reason,
              // The page states the pause itself (blocked_until, in the reader's time zone).
              message: `${result.message} The fetch stopped at page ${page}${label}.`,
              page,
              at: at(),
            });
            ctx.log.warn("portal refused the fetch", {
              portal,
              reason: result.reason,
              page,
              user_id: userId,
            });
            break;
          }
          if (result.kind === "error") {
            errors.push({ code: result.code, message: `${result.message}${label}`, page, at: at() });
            break;
          }
          pages += 1;
          searchPages += 1;
          if (result.skipped > 0) {
            errors.push({
              code: "malformed",
              message: `${result.skipped} malformed entries on page ${page}${label} were left out.`,
              page,
              at: at(),
            });
          }
          if (result.jobs.length > 0) {
            const res = await fetchImpl(ingestUrl, {
              method: "POST",
              headers: {
                authorization: `Bearer ${config.serviceRoleKey}`,
                "content-type": "application/json",
              },
              body: JSON.stringify({ user_id: userId, portal, run_id: runId, jobs: result.jobs }),
              signal: ctx.signal,
            });
            if (!res.ok) {
              // The route answers 5xx only for our own failure: retry the message with back-off.
              if (res.status >= 500) throw new Error(`ingest answered ${res.status}`);
              errors.push({
                code: "ingest_failed",
                message: `The jobs of page ${page}${label} were refused (${res.status}).`,
                page,
                at: at(),
              });
              break;
            }
            received += result.jobs.length;
          }
          if (!result.next) break;
          cursor = result.next;
        }
      }
      const failed = blockedUntil !== null || (received === 0 && errors.length > 0);
      ctx.log.info("portal fetched", { portal, pages, received, failed, user_id: userId });
      return {
        status: "done",
        fields: { portal, pages, received },
        finalize: async (tx) => {
          await tx`select private.finish_job_fetch_run(${runId}, ${failed ? "failed" : "completed"},
            ${tx.json(errors as unknown as Parameters<Tx["json"]>[0])}, ${blockedUntil})`;
        },
      };
    },
    async giveUp(tx, d, error) {
      await tx`select private.finish_job_fetch_run(${d.payload.run_id}, 'failed',
        ${tx.json([{ code: "network", message: `The fetch kept failing and was stopped: ${error.slice(0, 300)}`, at: new Date().toISOString() }])})`;
    },
  });
}
