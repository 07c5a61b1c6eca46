/**
 * Share links of intro videos: a stable, revocable public page (`SITE_URL/v/<slug>`) that plays a
 * project's intro video without signing in. Resume PDFs link to it ("Watch intro"): a PDF outlives
 * any signed URL, so it carries the page, and the page signs a fresh short-lived URL per visit.
 *
 * - `POST   /v1/projects/{id}/video/share` — the owner shares the repository's newest transcoded
 *   video: its live link (the same one on every call until revoked). Resume PDFs make it too.
 * - `DELETE /v1/projects/{id}/video/share` — the owner revokes every live link of the repository;
 *   a revoked link stays dead (resume PDFs made later get no link until the owner shares again).
 * - `GET    /v1/video-shares/{slug}` — public: a live slug → project name, the owner's display
 *   name (nothing else about them) and playback/poster URLs signed for {@link PLAYBACK_URL_TTL_S}.
 *   An unknown, revoked, malformed or no-longer-transcoded slug is the same 404 from the same one
 *   query: the route tells a guesser nothing, and a slug is 128 random bits (no enumeration).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireUser } from "../_shared/auth.ts";
import { asService, asUser } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { serviceClient } from "../_shared/supabase.ts";

export const shares = createRouter();

const BUCKET = "project-videos";
/** Lifetime of the playback and poster URLs a share page gets (each visit signs new ones). */
export const PLAYBACK_URL_TTL_S = 900;
const SLUG = /^[A-Za-z0-9_-]{22}$/;

/** The web app's origin (the share page lives there); devstack and hosting set SITE_URL. */
function siteUrl(): string {
  const raw = Deno.env.get("SITE_URL")?.trim() || "http://127.0.0.1:3000";
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(raw);
  if (!parsed.success) throw new Error("invalid projects environment: SITE_URL");
  return parsed.data.replace(/\/+$/, "");
}

/** The public page of a share slug. */
export function sharePageUrl(slug: string): string {
  return `${siteUrl()}/v/${slug}`;
}

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const VideoShare = z
  .object({
    slug: z.string().openapi({ example: "q3V0e1bXyJ8nK2m4PzA7Lw" }),
    url: z.url().openapi({ description: "The public page that plays the video (no sign-in)." }),
  })
  .openapi("ProjectVideoShare");

shares.openapi(
  createRoute({
    method: "post",
    path: "/v1/projects/{id}/video/share",
    tags: ["projects"],
    summary: "Share the repository's intro video: a stable public page (the same link until revoked)",
    description: "409 `conflict` while the repository has no transcoded video.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The live link", content: { "application/json": { schema: VideoShare } } },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asUser(
      c,
      (tx) => tx<{ slug: string }[]>`select private.share_project_video(${id}::uuid) as slug`,
    );
    return c.json({ slug: row!.slug, url: sharePageUrl(row!.slug) }, 200);
  },
);

shares.openapi(
  createRoute({
    method: "delete",
    path: "/v1/projects/{id}/video/share",
    tags: ["projects"],
    summary: "Revoke the repository's video share links (their pages answer 404 from now on)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "Revoked",
        content: {
          "application/json": {
            schema: z.object({ revoked: z.number().int().min(0) }).openapi("ProjectVideoShareRevoked"),
          },
        },
      },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asUser(
      c,
      (tx) => tx<{ n: number }[]>`select private.revoke_project_video_shares(${id}::uuid) as n`,
    );
    return c.json({ revoked: row!.n }, 200);
  },
);

const SharedVideo = z
  .object({
    project_name: z.string(),
    owner_name: z.string().openapi({ description: "The owner's display name, nothing else about them." }),
    duration_sec: z.number(),
    playback_url: z.url().openapi({ description: "Signed URL of the mp4." }),
    poster_url: z.url().openapi({ description: "Signed URL of the poster jpg." }),
    expires_in: z.number().int().openapi({ description: "Seconds the signed URLs stay valid." }),
  })
  .openapi("SharedProjectVideo");

const notFound = () =>
  new AppError("not_found", "This video link does not exist or was turned off by its owner.");

shares.openapi(
  createRoute({
    method: "get",
    path: "/v1/video-shares/{slug}",
    tags: ["projects"],
    summary: "A shared intro video (no sign-in: the unguessable link authorises); 404 once revoked",
    request: {
      params: z.object({
        slug: z.string().max(64).openapi({ param: { name: "slug", in: "path" } }),
      }),
    },
    responses: {
      200: { description: "The video", content: { "application/json": { schema: SharedVideo } } },
      ...errorResponses(404, 422, 502),
    },
  }),
  async (c) => {
    const { slug } = c.req.valid("param");
    if (!SLUG.test(slug)) throw notFound();
    // Service path: no session; the slug alone selects one live share, and only its video is signed.
    const [row] = await asService((tx) =>
      tx<
        {
          project_name: string;
          owner_name: string;
          playback_path: string;
          poster_path: string;
          duration_sec: string;
        }[]
      >`select project_name, owner_name, playback_path, poster_path, duration_sec::text
          from private.resolve_video_share(${slug})`
    );
    if (!row) throw notFound();
    const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUrls(
      [row.playback_path, row.poster_path],
      PLAYBACK_URL_TTL_S,
    );
    const [playback, poster] = data ?? [];
    if (error || !playback?.signedUrl || !poster?.signedUrl) {
      throw new AppError(
        "upstream_unavailable",
        "Storage could not sign the video URLs; try again.",
        undefined,
        {
          cause: error,
        },
      );
    }
    c.header("cache-control", "no-store");
    c.header("x-robots-tag", "noindex");
    return c.json({
      project_name: row.project_name,
      owner_name: row.owner_name,
      duration_sec: Number(row.duration_sec),
      playback_url: playback.signedUrl,
      poster_url: poster.signedUrl,
      expires_in: PLAYBACK_URL_TTL_S,
    }, 200);
  },
);
