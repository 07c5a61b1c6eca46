/**
 * What every portal client returns for one page of search results, and the job shape the
 * ingest route takes (`POST /v1/internal/jobs/ingest`). The clients only read and map what the
 * portal serves; normalisation, dedup and scoring happen once, in the ingest route.
 */
import type { Portal } from "../../../supabase/functions/_shared/contract/enums.ts";

/** One job as the ingest route takes it (raw portal text; the route normalises). */
export interface IngestJob {
  external_job_id: string;
  title: string;
  company: string;
  location?: string | null;
  salary_text?: string | null;
  experience_text?: string | null;
  description?: string | null;
  skills?: string[];
  job_url: string;
  posted_at?: string | number | null;
  work_mode?: string | null;
}

/** Why a portal refused us (the run shows it; the portal is backed off for this user). */
export type BlockReason = "rate_limited" | "captcha" | "sign_in_wall" | "blocked";

/** One page's outcome. */
export type PageResult =
  /** `next`: the cursor of the next page, or null when this was the last one. `skipped`: malformed entries left out. */
  | { kind: "jobs"; jobs: IngestJob[]; next: string | null; skipped: number }
  | { kind: "blocked"; reason: BlockReason; message: string; retryAfterS: number | null }
  | { kind: "error"; code: "http_error" | "malformed"; message: string };

/** What the user is searching for (from job_settings). */
export interface SearchQuery {
  keywords: string;
  location: string;
  remote: boolean;
}

/** A portal client: the first page has cursor null. */
export interface PortalClient {
  portal: Portal;
  fetchPage(query: SearchQuery, cursor: string | null, signal?: AbortSignal): Promise<PageResult>;
}

/** `Retry-After` in seconds (delta or HTTP date), or null. */
export function retryAfter(res: Response): number | null {
  const v = res.headers.get("retry-after");
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

/**
 * The refusals every portal answers with: 429 → rate_limited; 403 (or LinkedIn's 999) → a
 * captcha page or a plain block. Null when the response is no refusal.
 */
export async function refusal(portal: string, res: Response): Promise<PageResult | null> {
  if (res.status === 429) {
    return {
      kind: "blocked",
      reason: "rate_limited",
      retryAfterS: retryAfter(res),
      message: `${portal} answered 429 (too many requests).`,
    };
  }
  if (res.status === 403 || res.status === 999) {
    const body = await res.text().catch(() => "");
    const captcha = /captcha|verify you are (a )?human|unusual traffic/i.test(body);
    return {
      kind: "blocked",
      reason: captcha ? "captcha" : "blocked",
      retryAfterS: retryAfter(res),
      message: captcha ? `${portal} asked for a captcha.` : `${portal} refused the request (${res.status}).`,
    };
  }
  return null;
}
