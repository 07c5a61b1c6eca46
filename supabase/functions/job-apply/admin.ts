/**
 * Admin control of applying: pause or resume one user, the platform-wide emergency stop (and its
 * current state), and every user's runs and applications with the spec's filters.
 *
 * Behind `requireAdmin`; the SQL re-checks the role (`private.is_admin()` in the write functions,
 * the admin select policies for reads) and audits each write in the same transaction
 * (`private.admin_audit`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireAdmin } from "../_shared/auth.ts";
import { asUser } from "../_shared/db.ts";
import { errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { pageOf } from "../_shared/pagination.ts";
import { text } from "../_shared/text.ts";
import { AdminApplicationsQuery, AdminRunsQuery, listApplications, listRuns } from "./queries.ts";
import { AdminApplication, AdminRun, iso, toApplication, toRun, UserIdParam } from "./schemas.ts";

export const adminRoutes = createRouter();

const PauseBody = z
  .strictObject({
    pause: z.boolean(),
    reason: text().trim().min(1).max(500).optional().openapi({
      description: "Shown to the user; kept in the audit log.",
    }),
  })
  .openapi("AdminJobApplyPauseRequest");

adminRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/admin/job-apply/user/{user_id}",
    tags: ["job-apply", "admin"],
    summary: "Admin: pause (hold every submission) or resume one user's applying (audited)",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: {
      params: UserIdParam,
      body: { required: true, content: { "application/json": { schema: PauseBody } } },
    },
    responses: {
      200: {
        description: "Done",
        content: {
          "application/json": {
            schema: z.object({ status: z.enum(["paused", "resumed"]) }).openapi("AdminJobApplyPauseResult"),
          },
        },
      },
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  async (c) => {
    const { user_id } = c.req.valid("param");
    const { pause, reason } = c.req.valid("json");
    const [row] = await asUser(c, (tx) =>
      tx<{ s: "paused" | "resumed" }[]>`
        select private.admin_pause_user_applying(${user_id}::uuid, ${pause}, ${reason ?? null}) as s`);
    return c.json({ status: row!.s }, 200);
  },
);

const StopState = z
  .object({
    enabled: z.boolean(),
    reason: z.string().nullable(),
    changed_at: z.iso.datetime().nullable(),
    changed_by_email: z.string().nullable(),
    held: z.number().int().openapi({ description: "Applications held right now (all users)." }),
  })
  .openapi("AdminJobApplyEmergencyStop");

const StopBody = z
  .strictObject({
    enabled: z.boolean(),
    reason: text().trim().min(1).max(500).optional().openapi({
      description: "Shown to users; kept in the audit log.",
    }),
  })
  .openapi("AdminJobApplyEmergencyStopRequest");

const stopState = (tx: Parameters<Parameters<typeof asUser>[1]>[0]) =>
  tx<
    {
      enabled: boolean;
      reason: string | null;
      changed_at: Date | null;
      changed_by_email: string | null;
      held: number;
    }[]
  >`
    select c.emergency_stop as enabled, c.stop_reason as reason, c.stop_changed_at as changed_at,
           p.email as changed_by_email,
           (select count(*)::int from public.job_applications a where a.status = 'held') as held
      from public.apply_platform_controls c left join public.profiles p on p.id = c.stop_changed_by
     where private.is_admin()`;

adminRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/job-apply/emergency-stop",
    tags: ["job-apply", "admin"],
    summary: "Admin: the emergency stop's current state",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: {
      200: { description: "State", content: { "application/json": { schema: StopState } } },
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const [row] = await asUser(c, stopState);
    return c.json({ ...row!, changed_at: iso(row!.changed_at) }, 200);
  },
);

adminRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/admin/job-apply/emergency-stop",
    tags: ["job-apply", "admin"],
    summary: "Admin: stop (or resume) every submission platform-wide (audited)",
    description: "On: queued applications are held at once and runners refuse every submit from their next " +
      "check (right before the click); nothing is dropped. Off: held applications continue.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { body: { required: true, content: { "application/json": { schema: StopBody } } } },
    responses: {
      200: { description: "Done", content: { "application/json": { schema: StopState } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const { enabled, reason } = c.req.valid("json");
    const [row] = await asUser(c, async (tx) => {
      await tx`select private.admin_set_emergency_stop(${enabled}, ${reason ?? null})`;
      return await stopState(tx);
    });
    return c.json({ ...row!, changed_at: iso(row!.changed_at) }, 200);
  },
);

adminRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/job-apply/runs",
    tags: ["job-apply", "admin"],
    summary: "Admin: apply runs across users",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AdminRunsQuery },
    responses: {
      200: {
        description: "A page",
        content: { "application/json": { schema: pageOf(AdminRun).openapi("AdminJobApplyRunPage") } },
      },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await asUser(c, (tx) =>
        listRuns(
          tx,
          tx`private.is_admin()`,
          q,
          true,
          (r) => ({ ...toRun(r), user_id: r.user_id, user_email: r.user_email ?? null }),
        )),
      200,
    );
  },
);

adminRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/job-apply/applications",
    tags: ["job-apply", "admin"],
    summary: "Admin: applications across users",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AdminApplicationsQuery },
    responses: {
      200: {
        description: "A page",
        content: {
          "application/json": { schema: pageOf(AdminApplication).openapi("AdminJobApplicationPage") },
        },
      },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await asUser(c, (tx) =>
        listApplications(
          tx,
          tx`private.is_admin()`,
          q,
          true,
          (r) => ({ ...toApplication(r), user_id: r.user_id, user_email: r.user_email ?? null }),
        )),
      200,
    );
  },
);
