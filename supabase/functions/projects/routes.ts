/**
 * GitHub Projects routes: the caller's synced repositories, their AI descriptions and intro
 * videos, and sync requests (the sync itself runs in the runner: scraper-runner/src/projects/).
 *
 * Every user route reads and writes inside `asUser` (RLS) and scopes by `auth.uid()` explicitly
 * (admins' select policies would otherwise show them everyone's rows); a `user_id` in the query or
 * body is ignored. Tokens (GitHub, Gemini) are read through `_shared/tokens.ts` and never returned.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { currentUser, requireUser } from "../_shared/auth.ts";
import { SYNC_RUN_STATUSES, SYNC_TRIGGERS, VIDEO_STATUSES } from "../_shared/contract/enums.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  limitOffset,
  listParams,
  listQuery,
  listWhere,
  orderBy,
  SearchParam,
  toPage,
} from "../_shared/pagination.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { getUserToken } from "../_shared/tokens.ts";
import { issueSignedUpload } from "../_shared/uploads.ts";
import { projectsConfig } from "./config.ts";
import { describeRepository } from "./describe.ts";
import { githubClient, repositoryFacts } from "./github.ts";
import { githubError, githubIntegration, requireGitHubConnected, requireGitHubToken } from "./sync.ts";

export const projects = createRouter();

const BUCKET = "project-videos";
const MAX_VIDEO_BYTES = 50 * 1024 * 1024;
const DOWNLOAD_URL_TTL_S = 3600;
/** Storage's lifetime of a signed upload URL (fixed by Supabase Storage: 2 hours). */
const UPLOAD_URL_TTL_S = 2 * 60 * 60;

// ---------------------------------------------------------------- shared shapes

const VideoStatus = z.enum(VIDEO_STATUSES);

const ProjectVideo = z
  .object({
    id: z.uuid(),
    status: VideoStatus,
    duration_sec: z.number().nullable(),
    failure_reason: z.string().nullable().openapi({ description: "Why the clip was not accepted (failed)." }),
  })
  .openapi("ProjectVideoSummary");

const Project = z
  .object({
    id: z.uuid(),
    provider_repo_id: z.number().int().openapi({ description: "GitHub's repository id." }),
    name: z.string().openapi({ example: "Hello-World" }),
    full_name: z.string().openapi({ example: "octocat/Hello-World" }),
    html_url: z.string(),
    description: z.string().nullable().openapi({ description: "GitHub's description." }),
    description_ai: z.string().nullable().openapi({ description: "The grounded Gemini description." }),
    description_ai_at: z.iso.datetime().nullable(),
    description_user: z.string().nullable().openapi({
      description:
        "The user's own description (an edit of the AI text): their declaration, shown and cited instead of description_ai.",
    }),
    description_user_at: z.iso.datetime().nullable(),
    languages: z.array(z.string()).openapi({ description: "Largest first.", example: ["TypeScript", "CSS"] }),
    topics: z.array(z.string()),
    stars: z.number().int(),
    fork: z.boolean(),
    archived: z.boolean(),
    private: z.boolean(),
    pushed_at: z.iso.datetime().nullable(),
    default_branch: z.string().nullable(),
    last_synced_at: z.iso.datetime().nullable(),
    has_intro_video: z.boolean(),
    video: ProjectVideo.nullable().openapi({ description: "The current intro video, if any." }),
  })
  .openapi("Project");
type ProjectItem = z.infer<typeof Project>;

const GitHubState = z
  .object({
    status: z.enum(["connected", "needs_reconnect", "revoked", "not_connected"]),
    login: z.string().nullable(),
  })
  .openapi("ProjectsGitHubState");

const ProjectPage = z
  .object({
    items: z.array(Project),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    page_size: z.number().int().min(1),
    last_synced_at: z.iso.datetime().nullable().openapi({
      description: "The caller's last successful sync.",
    }),
    github: GitHubState,
    summary: z
      .object({
        repositories: z.number().int().min(0),
        described: z.number().int().min(0).openapi({ description: "With an AI description." }),
        with_video: z.number().int().min(0).openapi({ description: "With a transcoded intro video." }),
      })
      .openapi({ description: "Counts over all the caller's repositories (not only this page or search)." }),
  })
  .openapi("ProjectPage");

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

interface ProjectRow {
  id: string;
  provider_repo_id: string;
  name: string;
  full_name: string;
  html_url: string;
  description: string | null;
  description_ai: string | null;
  description_ai_at: Date | null;
  description_user: string | null;
  description_user_at: Date | null;
  languages: string[];
  topics: string[];
  stars: number;
  fork: boolean;
  archived: boolean;
  private: boolean;
  pushed_at: Date | null;
  default_branch: string | null;
  last_synced_at: Date | null;
  has_intro_video: boolean;
  video_id: string | null;
  video_status: z.infer<typeof VideoStatus> | null;
  video_duration_sec: string | null;
  video_failure_reason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toProject(r: ProjectRow): ProjectItem {
  return {
    id: r.id,
    provider_repo_id: Number(r.provider_repo_id),
    name: r.name,
    full_name: r.full_name,
    html_url: r.html_url,
    description: r.description,
    description_ai: r.description_ai,
    description_ai_at: iso(r.description_ai_at),
    description_user: r.description_user,
    description_user_at: iso(r.description_user_at),
    languages: r.languages,
    topics: r.topics,
    stars: r.stars,
    fork: r.fork,
    archived: r.archived,
    private: r.private,
    pushed_at: iso(r.pushed_at),
    default_branch: r.default_branch,
    last_synced_at: iso(r.last_synced_at),
    has_intro_video: r.has_intro_video,
    video: r.video_id && r.video_status
      ? {
        id: r.video_id,
        status: r.video_status,
        duration_sec: r.video_duration_sec === null ? null : Number(r.video_duration_sec),
        failure_reason: r.video_failure_reason,
      }
      : null,
  };
}

/** Selects project rows (`r` = repositories, `cv` = current video); callers add where/order. */
function selectProjects(tx: Tx) {
  return tx`
    select r.id, r.provider_repo_id::text, r.name, r.full_name, r.html_url, r.description, r.description_ai,
           r.description_ai_at, r.description_user, r.description_user_at,
           array(select l.key from jsonb_each(r.languages) l
                 order by (case when jsonb_typeof(l.value) = 'number' then (l.value)::numeric else 0 end) desc, l.key)
             as languages,
           r.topics, r.stars, r.fork, r.archived, r.private, r.pushed_at, r.default_branch, r.last_synced_at,
           r.has_intro_video, cv.id as video_id, cv.status::text as video_status,
           cv.duration_sec::text as video_duration_sec, cv.failure_reason as video_failure_reason
    from public.repositories r
    -- The current video: the newest uploaded one (whatever became of it), else the newest pending
    -- one (an upload URL was issued, nothing arrived yet).
    left join lateral (
      select v.id, v.status, v.duration_sec, v.failure_reason
      from public.project_videos v
      where v.repo_id = r.id and v.user_id = r.user_id
      order by (v.status = 'pending'), v.created_at desc
      limit 1
    ) cv on true`;
}

/** One of the caller's repositories, or 404 (another user's id is simply not found). */
async function findProject(tx: Tx, id: string): Promise<ProjectRow> {
  const [row] = await tx<ProjectRow[]>`${selectProjects(tx)} where r.id = ${id} and r.user_id = auth.uid()`;
  if (!row) throw new AppError("not_found", "No such project.");
  return row;
}

// ---------------------------------------------------------------- POST /v1/projects/sync

const SyncRun = z
  .object({
    id: z.uuid(),
    trigger: z.enum(SYNC_TRIGGERS),
    status: z.enum(SYNC_RUN_STATUSES).openapi({
      description:
        "queued → running → succeeded | failed. Queued with an error_code: waiting for GitHub's rate limit.",
    }),
    synced_count: z.number().int().nullable().openapi({
      description: "Repositories GitHub listed (succeeded).",
    }),
    detected_count: z.number().int().nullable().openapi({
      description: "Seen for the first time (repo.detected).",
    }),
    updated_count: z.number().int().nullable().openapi({
      description: "pushed_at/description/topics/languages changed.",
    }),
    error: z
      .object({
        code: z.string().openapi({
          example: "github_rate_limited",
          description:
            "github_reconnect_required, github_not_connected, github_rate_limited, upstream_unavailable…",
        }),
        message: z.string(),
        retry_after_s: z.number().int().nullable(),
      })
      .nullable(),
    requested_at: z.iso.datetime(),
    started_at: z.iso.datetime().nullable(),
    finished_at: z.iso.datetime().nullable(),
  })
  .openapi("ProjectsSyncRun");

interface SyncRunRow {
  id: string;
  trigger: string;
  status: string;
  synced_count: number | null;
  detected_count: number | null;
  updated_count: number | null;
  error_code: string | null;
  error_message: string | null;
  retry_after_s: number | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

function toSyncRun(r: SyncRunRow): z.infer<typeof SyncRun> {
  return {
    id: r.id,
    trigger: r.trigger as z.infer<typeof SyncRun>["trigger"],
    status: r.status as z.infer<typeof SyncRun>["status"],
    synced_count: r.synced_count,
    detected_count: r.detected_count,
    updated_count: r.updated_count,
    error: r.error_code
      ? { code: r.error_code, message: r.error_message ?? "", retry_after_s: r.retry_after_s }
      : null,
    requested_at: r.requested_at.toISOString(),
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
  };
}

const syncRoute = createRoute({
  method: "post",
  path: "/v1/projects/sync",
  tags: ["projects"],
  summary: "Ask for a sync of the caller's GitHub repositories (the runner crawls every page; poll the run)",
  description: "202 with the sync run (a new queued one, or the caller's run already queued or running); " +
    "poll `GET /v1/projects/sync-runs/{id}` until it succeeded or failed. 409 `github_not_connected`; 409 " +
    "`github_reconnect_required`. GitHub's answers (a refused token, a rate limit with `retry_after_s`) " +
    "arrive as the run's `error`.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    202: { description: "Queued (or already running)", content: { "application/json": { schema: SyncRun } } },
    ...errorResponses(401, 409),
  },
});

projects.openapi(syncRoute, async (c) => {
  const run = await asUser(c, async (tx) => {
    await requireGitHubConnected(tx);
    const [row] = await tx<SyncRunRow[]>`select * from private.request_project_sync()`;
    return row!;
  });
  return c.json(toSyncRun(run), 202);
});

const syncRunRoute = createRoute({
  method: "get",
  path: "/v1/projects/sync-runs/{id}",
  tags: ["projects"],
  summary: "One of the caller's sync runs, or `latest` (404 when they never synced)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    params: z.object({
      id: z.union([z.uuid(), z.literal("latest")]).openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The run", content: { "application/json": { schema: SyncRun } } },
    ...errorResponses(401, 404, 422),
  },
});

projects.openapi(syncRunRoute, async (c) => {
  const { id } = c.req.valid("param");
  const [row] = await asUser(c, (tx) =>
    id === "latest"
      ? tx<SyncRunRow[]>`
          select * from public.project_sync_runs where user_id = auth.uid()
          order by requested_at desc limit 1`
      : tx<SyncRunRow[]>`select * from public.project_sync_runs where id = ${id} and user_id = auth.uid()`);
  if (!row) throw new AppError("not_found", id === "latest" ? "No sync has run yet." : "No such sync run.");
  return c.json(toSyncRun(row), 200);
});

// ---------------------------------------------------------------- GET /v1/projects

const ListQuery = listParams(
  listQuery(["pushed_at", "name", "stars"], "-pushed_at").extend({
    ...SearchParam.shape,
  }),
);

const listRoute = createRoute({
  method: "get",
  path: "/v1/projects",
  tags: ["projects"],
  summary: "The caller's repositories with AI description and video status, searchable and paged",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { query: ListQuery },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: ProjectPage } } },
    ...errorResponses(401, 422),
  },
});

projects.openapi(listRoute, async (c) => {
  const q = c.req.valid("query");
  const body = await asUser(c, async (tx) => {
    const matches = listWhere(tx, q, {
      // Name, descriptions (GitHub's and AI), languages and topics.
      search: (pattern) =>
        tx`r.name ilike ${pattern} or r.full_name ilike ${pattern} or r.description ilike ${pattern}
           or r.description_ai ilike ${pattern} or r.description_user ilike ${pattern}
           or exists (select 1 from jsonb_object_keys(r.languages) k where k ilike ${pattern})
           or exists (select 1 from unnest(r.topics) t where t ilike ${pattern})`,
    });
    const order = orderBy(tx, q.sort, {
      columns: { name: tx`lower(r.name)`, stars: tx`r.stars`, pushed_at: tx`r.pushed_at` },
      nullsLast: true,
      then: [tx`lower(r.name)`, tx`r.id`],
    });
    const { limit, offset } = limitOffset(q);
    const items = await tx<ProjectRow[]>`
      ${
      selectProjects(tx)
    } where r.user_id = auth.uid() and ${matches} ${order} limit ${limit} offset ${offset}`;
    // One pass over the caller's rows: the search's total, the unfiltered summary and the last sync.
    const [counts] = await tx<
      {
        total: number;
        repositories: number;
        described: number;
        with_video: number;
        last_synced_at: Date | null;
      }[]
    >`
      select count(*) filter (where ${matches})::int as total,
             count(*)::int as repositories,
             count(*) filter (where r.description_ai is not null)::int as described,
             count(*) filter (where r.has_intro_video)::int as with_video,
             (select s.last_synced_at from public.repository_syncs s where s.user_id = auth.uid()) as last_synced_at
        from public.repositories r where r.user_id = auth.uid()`;
    const { total, last_synced_at, ...summary } = counts!;
    return {
      ...toPage(items.map(toProject), total, q),
      last_synced_at: iso(last_synced_at),
      github: await githubIntegration(tx),
      summary,
    };
  });
  return c.json(body, 200);
});

// ---------------------------------------------------------------- GET /v1/projects/{id}

const getRoute = createRoute({
  method: "get",
  path: "/v1/projects/{id}",
  tags: ["projects"],
  summary: "One of the caller's repositories",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    200: { description: "The project", content: { "application/json": { schema: Project } } },
    ...errorResponses(401, 404, 422),
  },
});

projects.openapi(getRoute, async (c) => {
  const { id } = c.req.valid("param");
  const row = await asUser(c, (tx) => findProject(tx, id));
  return c.json(toProject(row), 200);
});

// ---------------------------------------------------------------- POST /v1/projects/{id}/describe

const DescribeBody = z
  .strictObject({
    regenerate: z.boolean().default(false).openapi({
      description: "false: return the stored description when there is one; true: always write a new one.",
    }),
  })
  .openapi("DescribeRequest");

const DescribeResponse = z
  .object({
    description_ai: z.string(),
    description_ai_at: z.iso.datetime(),
    technologies: z.array(z.string()).optional().openapi({
      description: "Technologies the facts evidence (only when a description was written now).",
    }),
  })
  .openapi("DescribeResult");

const describeRoute = createRoute({
  method: "post",
  path: "/v1/projects/{id}/describe",
  tags: ["projects"],
  summary: "A Gemini description grounded in the repository's README, languages, topics and commits",
  description:
    "Uses the caller's own Gemini key. 409 `gemini_key_missing` (add one in Settings › API keys & " +
    "tokens); 422 `invalid_api_key`; 429 `llm_rate_limited` (`details.retry_after_s`); 409 " +
    "`github_not_connected` / `github_reconnect_required`; 429 `github_rate_limited`; 502 `upstream_unavailable` " +
    "or `llm_ungrounded` (the answer named technologies the repository does not show, twice).",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: DescribeBody } } },
  },
  responses: {
    200: { description: "The description", content: { "application/json": { schema: DescribeResponse } } },
    ...errorResponses(401, 404, 409, 422, 429, 502),
  },
});

projects.openapi(describeRoute, async (c) => {
  const user = currentUser(c);
  const { id } = c.req.valid("param");
  const { regenerate } = (c.req.valid("json") ?? { regenerate: false }) as z.infer<typeof DescribeBody>;
  const repo = await asUser(c, (tx) => findProject(tx, id));
  if (!regenerate && repo.description_ai && repo.description_ai_at) {
    return c.json({
      description_ai: repo.description_ai,
      description_ai_at: repo.description_ai_at.toISOString(),
    }, 200);
  }

  const gemini = await getUserToken(user.id, "gemini");
  if (!gemini || gemini.expired) {
    throw new AppError(
      "gemini_key_missing",
      gemini
        ? "Your Gemini API key has expired. Add a new one in Settings › API keys & tokens."
        : "AI descriptions use your own Gemini API key. Add one in Settings › API keys & tokens.",
    );
  }
  const token = await requireGitHubToken(user.id, (fn) => asUser(c, fn));
  const config = projectsConfig();
  const [owner = "", name = repo.name] = repo.full_name.split("/");
  let facts;
  try {
    facts = await repositoryFacts(githubClient(config.githubApiBaseUrl, token, AbortSignal.timeout(30_000)), {
      owner,
      name,
      full_name: repo.full_name,
      description: repo.description,
      topics: repo.topics,
    });
  } catch (err) {
    throw await githubError(user.id, err);
  }
  const written = await describeRepository(facts, {
    apiKey: gemini.token,
    baseUrl: config.geminiApiBaseUrl,
    model: config.geminiModel,
  });
  const at = await asUser(c, async (tx) => {
    const [row] = await tx<{ at: Date }[]>`
      select private.set_repository_description(${id}::uuid, ${written.description}) as at`;
    return row!.at;
  });
  return c.json(
    {
      description_ai: written.description,
      description_ai_at: at.toISOString(),
      technologies: written.technologies,
    },
    200,
  );
});

// ---------------------------------------------------------------- PUT /v1/projects/{id}/description

const UserDescriptionBody = z
  .strictObject({
    description: z
      .string()
      .trim()
      .min(1, "Write a description, or send null to go back to the AI description.")
      .max(2000, "A description can be at most 2000 characters.")
      .nullable()
      .openapi({ description: "The user's own text (trimmed, 1 … 2000 characters); null removes the edit." }),
  })
  .openapi("UserDescriptionRequest");

const userDescriptionRoute = createRoute({
  method: "put",
  path: "/v1/projects/{id}/description",
  tags: ["projects"],
  summary: "Save the user's own description of the repository (an edit of the AI one), or remove it",
  description:
    "Kept apart from `description_ai` (which stays what Gemini wrote): the edited text is the user's own " +
    "declaration and is shown, and cited by resumes, instead of the AI text. `null` removes the edit.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: UserDescriptionBody } } },
  },
  responses: {
    200: { description: "The project", content: { "application/json": { schema: Project } } },
    ...errorResponses(401, 404, 422),
  },
});

projects.openapi(userDescriptionRoute, async (c) => {
  const { id } = c.req.valid("param");
  const { description } = c.req.valid("json");
  const row = await asUser(c, async (tx) => {
    await tx`select private.set_repository_user_description(${id}::uuid, ${description})`;
    return await findProject(tx, id);
  });
  return c.json(toProject(row), 200);
});

// ---------------------------------------------------------------- DELETE /v1/projects/{id}/video

const deleteVideoRoute = createRoute({
  method: "delete",
  path: "/v1/projects/{id}/video",
  tags: ["projects"],
  summary: "Delete the repository's intro video (its rows and its files in Storage)",
  description:
    "Removes the current clip and any earlier failed or never-uploaded ones, with their original, mp4 " +
    "and poster objects. 404 when the repository is not the caller's or has no video; 409 `conflict` " +
    "while a clip is being processed.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404, 409, 422, 502) },
});

projects.openapi(deleteVideoRoute, async (c) => {
  const { id } = c.req.valid("param");
  // One transaction: the rows go only if Storage removed the files (else both stay, and a retry works).
  await asUser(c, async (tx) => {
    const paths = (await tx<{ path: string }[]>`
      select p as path from private.delete_project_videos(${id}::uuid) as p`).map((r) => r.path);
    if (paths.length === 0) return;
    // Service path: exactly the objects of the caller's own video rows, listed by the SQL above.
    const { error } = await serviceClient().storage.from(BUCKET).remove(paths);
    if (error) {
      throw new AppError(
        "upstream_unavailable",
        "Storage could not delete the video; try again.",
        undefined,
        {
          cause: error,
        },
      );
    }
  });
  return c.body(null, 204);
});

// ---------------------------------------------------------------- POST /v1/projects/{id}/video/signed-url

const SignedUrlBody = z
  .strictObject({
    content_type: z.enum(["video/webm", "video/mp4"]).openapi({
      description: "video/webm (the browser recorder) or video/mp4.",
    }),
    size: z.number().int().min(1, "The file is empty.").max(
      MAX_VIDEO_BYTES,
      "Intro videos can be at most 50 MiB.",
    )
      .openapi({ description: "Bytes, 1 … 52428800 (50 MiB)." }),
  })
  .openapi("VideoUploadRequest");

const SignedUrlResponse = z
  .object({
    upload_url: z.url().openapi({ description: "PUT the file here (absolute URL, works once, 2 hours)." }),
    storage_path: z.string().openapi({
      description: "{user_id}/{repo_id}/{video_id}.webm|.mp4 in bucket project-videos.",
    }),
    video_id: z.uuid(),
    token: z.string().openapi({
      description: "For supabase-js `storage.from('project-videos').uploadToSignedUrl(path, token, file)`.",
    }),
    expires_in: z.number().int().openapi({ description: "Seconds the upload URL stays valid." }),
  })
  .openapi("VideoUploadTarget");

const signedUrlRoute = createRoute({
  method: "post",
  path: "/v1/projects/{id}/video/signed-url",
  tags: ["projects"],
  summary: "An upload URL for the repository's intro video (webm or mp4, at most 50 MiB)",
  description:
    "Creates a pending video; the upload itself marks it uploaded and emits project_video.uploaded " +
    "(the runner then checks the 20–30 s length and transcodes it). Asking again replaces a pending, " +
    "never-uploaded one. A file larger than `size` is refused after upload: the video fails with a " +
    "reason and the file is deleted. At most 20 upload URLs per user per hour: 429 " +
    "`upload_rate_limited` with `details.retry_after_s` and a `Retry-After` header.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: SignedUrlBody } } },
  },
  responses: {
    200: { description: "Where to upload", content: { "application/json": { schema: SignedUrlResponse } } },
    ...errorResponses(401, 404, 422, 429, 502),
  },
});

projects.openapi(signedUrlRoute, async (c) => {
  const { id } = c.req.valid("param");
  const { content_type, size } = c.req.valid("json");
  // One transaction: the pending row (and the quota it used) exists only if Storage issued its URL.
  const body = await asUser(c, async (tx) => {
    const { row: video, signedUrl, token } = await issueSignedUpload(c, BUCKET, async () => {
      const [row] = await tx<{ video_id: string; storage_path: string }[]>`
        select video_id, storage_path from private.create_project_video(${id}::uuid, ${content_type}, ${size})`;
      return row;
    });
    return {
      upload_url: signedUrl,
      storage_path: video.storage_path,
      video_id: video.video_id,
      token,
      expires_in: UPLOAD_URL_TTL_S,
    };
  });
  return c.json(body, 200);
});

// ---------------------------------------------------------------- GET /v1/projects/{id}/video

const VideoResponse = z
  .object({
    status: z.enum(["none", ...VIDEO_STATUSES]),
    video_id: z.uuid().optional(),
    duration_sec: z.number().optional(),
    failure_reason: z.string().optional(),
    playback_url: z.url().optional().openapi({ description: "Signed URL of the mp4 (transcoded only)." }),
    poster_url: z.url().optional().openapi({
      description: "Signed URL of the poster jpg (transcoded only).",
    }),
    expires_in: z.number().int().optional().openapi({ description: "Seconds the signed URLs stay valid." }),
  })
  .openapi("ProjectVideo");

const videoRoute = createRoute({
  method: "get",
  path: "/v1/projects/{id}/video",
  tags: ["projects"],
  summary: "The repository's intro video: status, and signed playback and poster URLs (1 h) once transcoded",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    200: { description: "The video", content: { "application/json": { schema: VideoResponse } } },
    ...errorResponses(401, 404, 422, 502),
  },
});

projects.openapi(videoRoute, async (c) => {
  const { id } = c.req.valid("param");
  const video = await asUser(c, async (tx) => {
    await findProject(tx, id);
    const [row] = await tx<
      {
        id: string;
        status: z.infer<typeof VideoStatus>;
        duration_sec: string | null;
        failure_reason: string | null;
        playback_path: string | null;
        poster_path: string | null;
      }[]
    >`
      select v.id, v.status::text as status, v.duration_sec::text, v.failure_reason, v.playback_path, v.poster_path
      from public.project_videos v
      where v.repo_id = ${id} and v.user_id = auth.uid()
      order by (v.status = 'pending'), v.created_at desc
      limit 1`;
    return row;
  });
  if (!video) return c.json({ status: "none" as const }, 200);
  const out: z.infer<typeof VideoResponse> = { status: video.status, video_id: video.id };
  if (video.duration_sec !== null) out.duration_sec = Number(video.duration_sec);
  if (video.failure_reason) out.failure_reason = video.failure_reason;
  if (video.status === "transcoded" && video.playback_path && video.poster_path) {
    // Service path: signed download URLs for this caller's own video outputs only.
    const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUrls(
      [video.playback_path, video.poster_path],
      DOWNLOAD_URL_TTL_S,
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
    out.playback_url = playback.signedUrl;
    out.poster_url = poster.signedUrl;
    out.expires_in = DOWNLOAD_URL_TTL_S;
  }
  return c.json(out, 200);
});
