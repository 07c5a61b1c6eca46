/**
 * Admin routes: dashboard counts, users (list with the spec's summary fields, one user's page),
 * broadcasts, the audit log. Reads run in the request's `asUser` transaction, where the admin
 * select policies apply (`private.is_admin()`); nothing here reads a secret column (tokens and
 * platform keys have column grants that keep their ciphertext from `authenticated`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireAdmin } from "../_shared/auth.ts";
import { asUser } from "../_shared/db.ts";
import { PORTALS } from "../_shared/contract/enums.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  arrayParam,
  DateRangeParams,
  limitOffset,
  listParams,
  listQuery,
  listWhere,
  orderBy,
  pageOf,
  SearchParam,
  toPage,
  UserIdsParam,
} from "../_shared/pagination.ts";
import { text } from "../_shared/text.ts";

export const admin = createRouter();

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------- GET /v1/admin/dashboard

const Dashboard = z
  .object({
    total_users: z.number().int(),
    admins: z.number().int(),
    new_users_7d: z.number().int(),
    active_job_searches: z.number().int(),
    pending_certificates: z.number().int().openapi({ description: "Uploaded, waiting for a decision." }),
    api_key_expiry_alerts: z.number().int().openapi({
      description: "Platform keys expired or expiring within 14 days.",
    }),
    api_keys_missing: z.number().int(),
    applications_24h: z.number().int().openapi({
      description: "Applications submitted in the last 24 hours.",
    }),
    top_portals_7d: z.array(z.object({ portal: z.enum(PORTALS), applications: z.number().int() })).openapi({
      description: "Portals by applications submitted in the last 7 days, most first.",
    }),
    errors_24h: z.object({
      dead_letters: z.number().int(),
      failed_fetch_runs: z.number().int(),
      failed_apply_runs: z.number().int(),
      failed_applications: z.number().int(),
      total: z.number().int(),
    }).openapi({
      description: "Dead letters of the event bus and failed runs and applications in the last 24 hours.",
    }),
  })
  .openapi("AdminDashboard");

admin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/dashboard",
    tags: ["admin"],
    summary:
      "Admin: the console's dashboard (users, searches, pending certificates, keys expiring, applications in 24 h, top portals, errors)",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: {
      200: { description: "Counts", content: { "application/json": { schema: Dashboard } } },
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    // The spec's platform metrics come from the Insights stack's SQL (private.admin_platform_metrics,
    // which re-checks the role); the console's extra counts are read here.
    const [row] = await asUser(c, (tx) =>
      tx<z.infer<typeof Dashboard>[]>`
        select m.*, (select count(*)::int from public.profiles) as total_users,
               (select count(*)::int from public.profiles where role = 'admin') as admins,
               (select count(*)::int from public.profiles where created_at >= now() - interval '7 days') as new_users_7d,
               (select count(*)::int from public.job_settings where search_active) as active_job_searches,
               (select count(*)::int from public.certificates where status = 'pending' and uploaded_at is not null) as pending_certificates,
               (select count(*)::int from public.platform_api_keys
                 where status <> 'missing' and expiry_at is not null and expiry_at <= now() + interval '14 days') as api_key_expiry_alerts,
               (select count(*)::int from public.platform_api_keys where status = 'missing') as api_keys_missing
          from (select (x ->> 'applications_24h')::int as applications_24h, x -> 'top_portals_7d' as top_portals_7d,
                       x -> 'errors_24h' as errors_24h
                  from private.admin_platform_metrics() x) m`);
    return c.json(row!, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/users

const UserSummary = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    display_name: z.string().nullable(),
    role: z.enum(["user", "admin"]),
    created_at: z.iso.datetime(),
    last_sign_in_at: z.iso.datetime().nullable(),
    onboarding_completed: z.boolean(),
    job_search_status: z.enum(["active", "paused", "not_set_up"]).openapi({
      description: "active: the job search runs; paused: set up but off; not_set_up: no job settings.",
    }),
    verified_docs_count: z.number().int(),
    pending_docs_count: z.number().int(),
    github_linked: z.boolean(),
    applications_7d: z.number().int().openapi({ description: "0 until the Job Application stack exists." }),
  })
  .openapi("AdminUserSummary");

type UserSummaryItem = z.infer<typeof UserSummary>;

const UsersQuery = listParams(
  listQuery(["created_at", "email", "display_name", "last_sign_in_at"], "-created_at").extend({
    ...SearchParam.shape,
    role: arrayParam(z.enum(["user", "admin"]), "Roles."),
  }),
);

interface UserRow {
  id: string;
  email: string | null;
  display_name: string | null;
  role: "user" | "admin";
  created_at: Date;
  last_sign_in_at: Date | null;
  onboarding_completed: boolean | null;
  search_active: boolean | null;
  verified_docs_count: number;
  pending_docs_count: number;
  github_linked: boolean;
}

function summaryOf(r: UserRow, apps: Map<string, number>): UserSummaryItem {
  return {
    id: r.id,
    email: r.email,
    display_name: r.display_name,
    role: r.role,
    created_at: r.created_at.toISOString(),
    last_sign_in_at: iso(r.last_sign_in_at),
    onboarding_completed: r.onboarding_completed ?? false,
    job_search_status: r.search_active === null ? "not_set_up" : r.search_active ? "active" : "paused",
    verified_docs_count: r.verified_docs_count,
    pending_docs_count: r.pending_docs_count,
    github_linked: r.github_linked,
    applications_7d: apps.get(r.id) ?? 0,
  };
}

admin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/users",
    tags: ["admin"],
    summary:
      "Admin: users with their summary (job search, verified documents, GitHub, applications in 7 days)",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: UsersQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(UserSummary) } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const where = listWhere(tx, q, {
        search: ["p.email", "p.display_name", "p.github_username"],
        arrays: { role: { column: "p.role", type: "text" } },
      });
      const { limit, offset } = limitOffset(q);
      const rows = await tx<UserRow[]>`
        select p.id, p.email, p.display_name, p.role, p.created_at, p.last_sign_in_at,
               o.completed as onboarding_completed, js.search_active,
               (select count(*)::int from public.certificates c where c.user_id = p.id and c.status = 'verified') as verified_docs_count,
               (select count(*)::int from public.certificates c
                 where c.user_id = p.id and c.status = 'pending' and c.uploaded_at is not null) as pending_docs_count,
               exists (select 1 from public.user_integrations i
                        where i.user_id = p.id and i.provider = 'github' and i.status = 'connected') as github_linked
          from public.profiles p
          left join public.onboarding o on o.user_id = p.id
          left join public.job_settings js on js.user_id = p.id
         where ${where}
         ${
        orderBy(tx, q.sort, {
          columns: {
            created_at: tx`p.created_at`,
            email: tx`lower(p.email)`,
            display_name: tx`lower(p.display_name)`,
            last_sign_in_at: tx`p.last_sign_in_at`,
          },
          nullsLast: true,
          then: [tx`p.id`],
        })
      }
         limit ${limit} offset ${offset}`;
      const [{ total }] = await tx<
        { total: number }[]
      >`select count(*)::int as total from public.profiles p where ${where}`;
      const apps = new Map(
        (await tx<{ user_id: string; applications: number }[]>`
          select user_id, applications from private.admin_applications_7d(${rows.map((r) => r.id)}::uuid[])`)
          .map((a) => [a.user_id, a.applications]),
      );
      return toPage(rows.map((r) => summaryOf(r, apps)), total, q);
    });
    return c.json(page, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/users/{user_id}

const UserDetail = z
  .object({
    user: UserSummary,
    profile: z.object({ github_username: z.string().nullable() }),
    onboarding: z
      .object({
        completed: z.boolean(),
        current_step: z.string(),
        roles_targeted: z.array(z.string()),
        min_target_lpa: z.number().nullable(),
        preferred_locations: z.array(z.string()),
        completed_at: z.iso.datetime().nullable(),
      })
      .nullable(),
    job_settings: z
      .object({
        search_active: z.boolean(),
        auto_apply: z.boolean(),
        portals: z.array(z.string()),
        roles: z.array(z.string()),
        locations: z.array(z.string()),
        min_lpa: z.number().nullable(),
      })
      .nullable(),
    integrations: z.array(
      z.object({
        provider: z.string(),
        status: z.string(),
        external_login: z.string().nullable(),
        updated_at: z.iso.datetime().nullable(),
      }),
    ).openapi({ description: "Status only: never a token, not even its suffix." }),
    counts: z.object({
      repositories: z.number().int(),
      described_repositories: z.number().int(),
      intro_videos: z.number().int(),
      certificates: z.object({
        pending: z.number().int(),
        verified: z.number().int(),
        rejected: z.number().int(),
      }),
      unread_notifications: z.number().int(),
    }),
  })
  .openapi("AdminUserDetail");

const UserIdParam = z.object({ user_id: z.uuid().openapi({ param: { name: "user_id", in: "path" } }) });

admin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/users/{user_id}",
    tags: ["admin"],
    summary: "Admin: one user's profile, onboarding, job settings, integrations (status only) and counts",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: UserIdParam },
    responses: {
      200: { description: "The user", content: { "application/json": { schema: UserDetail } } },
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  async (c) => {
    const { user_id } = c.req.valid("param");
    const detail = await asUser(c, async (tx) => {
      const [row] = await tx<(UserRow & { github_username: string | null })[]>`
        select p.id, p.email, p.display_name, p.role, p.created_at, p.last_sign_in_at, p.github_username,
               o.completed as onboarding_completed, js.search_active,
               (select count(*)::int from public.certificates c where c.user_id = p.id and c.status = 'verified') as verified_docs_count,
               (select count(*)::int from public.certificates c
                 where c.user_id = p.id and c.status = 'pending' and c.uploaded_at is not null) as pending_docs_count,
               exists (select 1 from public.user_integrations i
                        where i.user_id = p.id and i.provider = 'github' and i.status = 'connected') as github_linked
          from public.profiles p
          left join public.onboarding o on o.user_id = p.id
          left join public.job_settings js on js.user_id = p.id
         where p.id = ${user_id}`;
      if (!row) throw new AppError("not_found", "User not found.");
      const [onboarding] = await tx<
        {
          completed: boolean;
          current_step: string;
          roles_targeted: string[];
          min_target_lpa: string | null;
          preferred_locations: string[];
          completed_at: Date | null;
        }[]
      >`select completed, current_step, roles_targeted, min_target_lpa::text, preferred_locations, completed_at
          from public.onboarding where user_id = ${user_id}`;
      const [settings] = await tx<
        {
          search_active: boolean;
          auto_apply: boolean;
          portals: string[];
          roles: string[];
          locations: string[];
          min_lpa: string | null;
        }[]
      >`select search_active, auto_apply, portals, roles, locations, min_lpa::text from public.job_settings where user_id = ${user_id}`;
      const integrations = await tx<
        { provider: string; status: string; external_login: string | null; updated_at: Date | null }[]
      >`select provider::text, status::text, external_login, updated_at from public.user_integrations
         where user_id = ${user_id} order by provider`;
      const [counts] = await tx<
        {
          repositories: number;
          described_repositories: number;
          intro_videos: number;
          pending: number;
          verified: number;
          rejected: number;
          unread_notifications: number;
        }[]
      >`select (select count(*)::int from public.repositories r where r.user_id = ${user_id}) as repositories,
               (select count(*)::int from public.repositories r where r.user_id = ${user_id} and r.description_ai is not null) as described_repositories,
               (select count(*)::int from public.repositories r where r.user_id = ${user_id} and r.has_intro_video) as intro_videos,
               (select count(*)::int from public.certificates c where c.user_id = ${user_id} and c.status = 'pending' and c.uploaded_at is not null) as pending,
               (select count(*)::int from public.certificates c where c.user_id = ${user_id} and c.status = 'verified') as verified,
               (select count(*)::int from public.certificates c where c.user_id = ${user_id} and c.status = 'rejected') as rejected,
               (select count(*)::int from public.notifications n where n.user_id = ${user_id} and not n.read) as unread_notifications`;
      const apps = new Map(
        (await tx<{ user_id: string; applications: number }[]>`
          select user_id, applications from private.admin_applications_7d(array[${user_id}]::uuid[])`)
          .map((a) => [a.user_id, a.applications]),
      );
      return {
        user: summaryOf(row, apps),
        profile: { github_username: row.github_username },
        onboarding: onboarding
          ? {
            ...onboarding,
            min_target_lpa: onboarding.min_target_lpa === null ? null : Number(onboarding.min_target_lpa),
            completed_at: iso(onboarding.completed_at),
          }
          : null,
        job_settings: settings
          ? { ...settings, min_lpa: settings.min_lpa === null ? null : Number(settings.min_lpa) }
          : null,
        integrations: integrations.map((i) => ({ ...i, updated_at: iso(i.updated_at) })),
        counts: {
          repositories: counts!.repositories,
          described_repositories: counts!.described_repositories,
          intro_videos: counts!.intro_videos,
          certificates: { pending: counts!.pending, verified: counts!.verified, rejected: counts!.rejected },
          unread_notifications: counts!.unread_notifications,
        },
      };
    });
    return c.json(detail, 200);
  },
);

// ---------------------------------------------------------------- POST /v1/admin/notifications

const BroadcastBody = z
  .strictObject({
    broadcast_id: z.uuid().openapi({
      description:
        "Chosen by the client, once per broadcast: sending again with the same id (a retry) notifies nobody twice.",
    }),
    title: text().trim().min(1).max(300),
    body: text().trim().min(1).max(1000).optional(),
    link_url: text()
      .max(512)
      .regex(/^\/([^/\\]|$)/, "A path on this site, starting with /.")
      .optional(),
    audience: z.union([
      z.literal("all"),
      z.strictObject({ user_ids: z.array(z.uuid()).min(1).max(1000) }),
    ]).openapi({ description: '"all", or {"user_ids": [...]} (at most 1000).' }),
  })
  .openapi("AdminBroadcast");

const BroadcastResult = z
  .object({
    broadcast_id: z.uuid(),
    audience: z.enum(["all", "users"]),
    recipients: z.number().int().openapi({
      description: "Notifications written (users with in-app off are skipped).",
    }),
    created_at: z.iso.datetime(),
  })
  .openapi("AdminBroadcastResult");

admin.openapi(
  createRoute({
    method: "post",
    path: "/v1/admin/notifications",
    tags: ["admin"],
    summary:
      "Admin: broadcast an in-app notification to every user or to chosen users (idempotent per broadcast_id; audited)",
    description:
      "404 when a chosen user does not exist (nothing is sent); 409 when the broadcast_id was used for another message.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { body: { required: true, content: { "application/json": { schema: BroadcastBody } } } },
    responses: {
      200: {
        description: "Sent (or already sent)",
        content: { "application/json": { schema: BroadcastResult } },
      },
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const userIds = b.audience === "all" ? null : b.audience.user_ids;
    const [row] = await asUser(
      c,
      (tx) =>
        tx<{ id: string; audience: "all" | "users"; recipients: number; created_at: Date }[]>`
        select id, audience, recipients, created_at
          from private.admin_broadcast(${b.broadcast_id}::uuid, ${b.title}, ${b.body ?? null}, ${
          b.link_url ?? null
        },
                                       ${userIds}::uuid[])`,
    );
    return c.json(
      {
        broadcast_id: row!.id,
        audience: row!.audience,
        recipients: row!.recipients,
        created_at: row!.created_at.toISOString(),
      },
      200,
    );
  },
);

// ---------------------------------------------------------------- GET /v1/admin/audit

const AuditEntry = z
  .object({
    id: z.number().int(),
    actor_id: z.uuid(),
    actor_email: z.string().nullable(),
    action: z.string(),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    target_user_id: z.uuid().nullable(),
    details: z.record(z.string(), z.unknown()),
    created_at: z.iso.datetime(),
  })
  .openapi("AdminAuditEntry");

const AuditQuery = listParams(
  listQuery(["created_at"], "-created_at").extend({
    ...SearchParam.shape,
    ...DateRangeParams.shape,
    ...UserIdsParam.shape,
    actor: arrayParam(z.uuid(), "Admins who acted."),
    action: arrayParam(
      z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "An action such as certificate.approve."),
      "Actions.",
    ),
  }),
);

admin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/audit",
    tags: ["admin"],
    summary: "Admin: the audit log of admin writes (actor, action, target user, from/to), newest first",
    description:
      "`user_id` filters by the user acted upon; `q` searches the actor's email, target id and action.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AuditQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(AuditEntry) } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const where = listWhere(tx, q, {
        search: ["a.actor_email", "a.target_id", "a.action"],
        date: "a.created_at",
        arrays: {
          actor: { column: "a.actor_id", type: "uuid" },
          action: { column: "a.action", type: "text" },
          user_id: { column: "a.target_user_id", type: "uuid" },
        },
      });
      const { limit, offset } = limitOffset(q);
      const rows = await tx<
        (Omit<z.infer<typeof AuditEntry>, "created_at" | "id"> & { id: string; created_at: Date })[]
      >`select a.id, a.actor_id, a.actor_email, a.action, a.target_type, a.target_id, a.target_user_id, a.details, a.created_at
          from public.admin_audit_log a where ${where}
          ${orderBy(tx, q.sort, { columns: { created_at: tx`a.created_at` }, then: [tx`a.id desc`] })}
          limit ${limit} offset ${offset}`;
      const [{ total }] = await tx<
        { total: number }[]
      >`select count(*)::int as total from public.admin_audit_log a where ${where}`;
      return toPage(
        rows.map((r) => ({ ...r, id: Number(r.id), created_at: r.created_at.toISOString() })),
        total,
        q,
      );
    });
    return c.json(page, 200);
  },
);
