/**
 * The /applications page's state lives in the URL: which tab (the tracker or the approval queue),
 * how the tracker shows (a table, or a board by the employer's response), its filters, the page
 * and the open application. These helpers read it into the API's list query and write links that
 * change one thing and keep the rest.
 */
import { PORTALS } from "@contract/enums.ts";
import { APPLICATION_STATES, RESPONSES } from "./labels";

export type ApplicationsSearch = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 20;
/** The board shows more at once: each column holds its share of one page. */
export const BOARD_PAGE_SIZE = 100;

export const TABS = ["tracker", "queue", "runs"] as const;
export type ApplicationsTab = (typeof TABS)[number];
export const VIEWS = ["table", "board"] as const;
export type ApplicationsView = (typeof VIEWS)[number];

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
const many = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const among =
  <T extends string>(list: readonly T[]) =>
  (x: string): x is T =>
    (list as readonly string[]).includes(x);

/** The URL's state, cleaned: unknown values are dropped rather than sent (the page never 422s). */
export function readSearch(sp: ApplicationsSearch) {
  const tab = one(sp.tab);
  const view = one(sp.view);
  return {
    tab: (among(TABS)(tab) ? tab : "tracker") as ApplicationsTab,
    view: (among(VIEWS)(view) ? view : "table") as ApplicationsView,
    q: one(sp.q).slice(0, 200),
    portal: many(sp.portal).filter(among(PORTALS)),
    status: many(sp.status).filter(among(APPLICATION_STATES)),
    response: many(sp.response).filter(among(RESPONSES)),
    from: DATE.test(one(sp.from)) ? one(sp.from) : "",
    to: DATE.test(one(sp.to)) ? one(sp.to) : "",
    page: Math.max(1, Number.parseInt(one(sp.page), 10) || 1),
    app: UUID.test(one(sp.app)) ? one(sp.app) : "",
    /** The tracker shows one run's applications (from the Runs tab, or after a batch). */
    run: UUID.test(one(sp.run)) ? one(sp.run) : "",
  };
}
export type ApplicationsState = ReturnType<typeof readSearch>;

/** The tracker's list query of the page's state (the board takes one large page). */
export function listQuery(s: ApplicationsState) {
  const board = s.view === "board";
  return {
    page: board ? 1 : s.page,
    page_size: board ? BOARD_PAGE_SIZE : PAGE_SIZE,
    sort: "-created_at" as const,
    q: s.q || undefined,
    portal: s.portal.length ? s.portal.join(",") : undefined,
    status: s.status.length ? s.status.join(",") : undefined,
    response_status: s.response.length ? s.response.join(",") : undefined,
    from: s.from && (!s.to || s.from <= s.to) ? s.from : undefined,
    to: s.to && (!s.from || s.from <= s.to) ? s.to : undefined,
    run_id: s.run || undefined,
  };
}

/**
 * `/applications?…` with `changes` applied (undefined or "" removes a key). A filter, view or tab
 * change starts at page 1; opening or closing an application keeps the page; any other change
 * closes the open application.
 */
export function applicationsHref(
  s: ApplicationsState,
  changes: Partial<Record<string, string | number | undefined>>,
): string {
  const base: Record<string, string> = {
    tab: s.tab === "tracker" ? "" : s.tab,
    view: s.view === "table" ? "" : s.view,
    q: s.q,
    portal: s.portal.join(","),
    status: s.status.join(","),
    response: s.response.join(","),
    from: s.from,
    to: s.to,
    page: s.page > 1 ? String(s.page) : "",
    app: s.app,
    run: s.run,
  };
  if (!("page" in changes) && !("app" in changes)) base.page = "";
  if (!("app" in changes)) base.app = "";
  for (const [k, v] of Object.entries(changes)) base[k] = v === undefined ? "" : String(v);
  if (base.page === "1") base.page = "";
  if (base.tab === "tracker") base.tab = "";
  if (base.view === "table") base.view = "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(base)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `/applications?${qs}` : "/applications";
}

/** Whether any filter is set. */
export function filtered(s: ApplicationsState): boolean {
  return Boolean(s.q || s.portal.length || s.status.length || s.response.length || s.from || s.to || s.run);
}
