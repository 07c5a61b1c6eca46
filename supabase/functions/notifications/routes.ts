/**
 * Notifications routes: the caller's notifications (list with `type` / `read` filters and the
 * unread count), mark one read or unread, mark all read, and the caller's notification
 * preferences (Settings › Notifications & privacy). Every statement runs inside `asUser`
 * (RLS) and is scoped to `auth.uid()` explicitly too, because admins may read every row: each
 * caller sees and changes only their own notifications, whatever their role.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireUser } from "../_shared/auth.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { limitOffset, listQuery, orderBy, pageOf, toPage } from "../_shared/pagination.ts";

export const notifications = createRouter();

// ---------------------------------------------------------------- shared shapes

/**
 * A notification type: the dotted event type it came from (or the type its template names).
 * Not an enum: each stack registers its notification templates in its own migration, so a new
 * type needs no change here (an unknown one simply matches nothing).
 */
const NotificationType = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "Use a notification type such as repo.detected.")
  .openapi("NotificationType", {
    description: "What the notification is about: the platform event it came from (domain.thing.happened).",
    example: "repo.detected",
  });

export const Notification = z
  .object({
    id: z.uuid(),
    type: NotificationType,
    title: z.string().openapi({ example: "New repository detected: dotfiles" }),
    body: z.string().nullable().openapi({ description: "A second line: details or what to do next." }),
    link_url: z.string().nullable().openapi({
      description: "Where it leads: a path on the web app, never another origin.",
      example: "/projects?repo=6f1c2b9e-8d3a-4c55-9a11-2f0e5b7c4d21",
    }),
    read: z.boolean(),
    read_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime().openapi({ description: "When it happened." }),
    payload: z.record(z.string(), z.unknown()).openapi({
      description: "The event's payload (ids, names, counts) for showing details.",
    }),
  })
  .openapi("Notification");

type NotificationBody = z.infer<typeof Notification>;

interface NotificationRow {
  id: string;
  type: string;
  title: string;
  body: string | null;
  link_url: string | null;
  read: boolean;
  read_at: Date | null;
  created_at: Date;
  payload_json: Record<string, unknown>;
}

const toNotification = (r: NotificationRow): NotificationBody => ({
  id: r.id,
  type: r.type,
  title: r.title,
  body: r.body,
  link_url: r.link_url,
  read: r.read,
  read_at: r.read_at ? r.read_at.toISOString() : null,
  created_at: r.created_at.toISOString(),
  payload: r.payload_json,
});

/** The caller's unread notifications. */
async function unreadCount(tx: Tx): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n from public.notifications where user_id = auth.uid() and not read`;
  return row?.n ?? 0;
}

const NotificationId = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The notification's id." }),
});

// ---------------------------------------------------------------- GET /v1/notifications

/** `?read=true|false` (a query string is text: "false" must mean false). */
const ReadFilter = z
  .enum(["true", "false"], "Use true or false.")
  .transform((v) => v === "true")
  .optional()
  .openapi({ description: "true: only read ones; false: only unread ones; omitted: all.", example: "false" });

export const ListQuery = listQuery(["created_at"], "-created_at").extend({
  type: NotificationType.optional().openapi({ description: "Only notifications of this type." }),
  read: ReadFilter,
});

const NotificationPage = pageOf(Notification)
  .extend({
    unread_count: z.number().int().min(0).openapi({
      description: "All of the caller's unread notifications (ignores the filters).",
    }),
  })
  .openapi("NotificationPage");

const listRoute = createRoute({
  method: "get",
  path: "/v1/notifications",
  tags: ["notifications"],
  summary: "The signed-in user's notifications, newest first, with the unread count",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: "A page of notifications",
      content: { "application/json": { schema: NotificationPage } },
    },
    ...errorResponses(401, 422),
  },
});

notifications.openapi(listRoute, async (c) => {
  const q = c.req.valid("query");
  const { limit, offset } = limitOffset(q);
  const body = await asUser(c, async (tx) => {
    const matches = tx`
      true
      ${q.type ? tx`and type = ${q.type}` : tx``}
      ${q.read === undefined ? tx`` : tx`and read = ${q.read}`}`;
    const rows = await tx<NotificationRow[]>`
      select id, type, title, body, link_url, read, read_at, created_at, payload_json
      from public.notifications
      where user_id = auth.uid() and ${matches}
      ${orderBy(tx, q.sort)}
      limit ${limit} offset ${offset}`;
    // The filtered total and the unread count (which ignores the filters) in one pass.
    const [counts] = await tx<{ total: number; unread: number }[]>`
      select count(*) filter (where ${matches})::int as total,
             count(*) filter (where not read)::int as unread
      from public.notifications
      where user_id = auth.uid()`;
    return { ...toPage(rows.map(toNotification), counts?.total ?? 0, q), unread_count: counts?.unread ?? 0 };
  });
  return c.json(body, 200);
});

// ---------------------------------------------------------------- GET /v1/notifications/unread-count

const UnreadCount = z
  .object({ unread_count: z.number().int().min(0).openapi({ example: 3 }) })
  .openapi("NotificationUnreadCount");

const unreadRoute = createRoute({
  method: "get",
  path: "/v1/notifications/unread-count",
  tags: ["notifications"],
  summary: "How many of the signed-in user's notifications are unread (the shell's bell)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "The unread count", content: { "application/json": { schema: UnreadCount } } },
    ...errorResponses(401),
  },
});

notifications.openapi(unreadRoute, async (c) => {
  const n = await asUser(c, unreadCount);
  return c.json({ unread_count: n }, 200);
});

// ---------------------------------------------------------------- PUT|DELETE /v1/notifications/{id}/read

/** Sets `read` on one of the caller's notifications; 404 when it is not theirs (or does not exist). */
async function setRead(tx: Tx, id: string, read: boolean): Promise<void> {
  const rows = await tx`
    update public.notifications set read = ${read}
    where id = ${id} and user_id = auth.uid()
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "Notification not found.");
}

const ReadState = (read: boolean) =>
  z.object({ read: z.literal(read) }).openapi(read ? "NotificationMarkedRead" : "NotificationMarkedUnread");

const markReadRoute = createRoute({
  method: "put",
  path: "/v1/notifications/{id}/read",
  tags: ["notifications"],
  summary: "Mark one notification read (idempotent; read_at keeps the first time)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: NotificationId },
  responses: {
    200: { description: "Marked read", content: { "application/json": { schema: ReadState(true) } } },
    ...errorResponses(401, 404, 422),
  },
});

notifications.openapi(markReadRoute, async (c) => {
  const { id } = c.req.valid("param");
  await asUser(c, (tx) => setRead(tx, id, true));
  return c.json({ read: true as const }, 200);
});

const markUnreadRoute = createRoute({
  method: "delete",
  path: "/v1/notifications/{id}/read",
  tags: ["notifications"],
  summary: "Mark one notification unread again",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: NotificationId },
  responses: {
    200: { description: "Marked unread", content: { "application/json": { schema: ReadState(false) } } },
    ...errorResponses(401, 404, 422),
  },
});

notifications.openapi(markUnreadRoute, async (c) => {
  const { id } = c.req.valid("param");
  await asUser(c, (tx) => setRead(tx, id, false));
  return c.json({ read: false as const }, 200);
});

// ---------------------------------------------------------------- POST /v1/notifications/read-all

const ReadAll = z
  .object({ updated: z.number().int().min(0).openapi({ description: "How many were unread.", example: 4 }) })
  .openapi("NotificationsMarkedRead");

const readAllRoute = createRoute({
  method: "post",
  path: "/v1/notifications/read-all",
  tags: ["notifications"],
  summary: "Mark every unread notification of the signed-in user read",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "Marked read", content: { "application/json": { schema: ReadAll } } },
    ...errorResponses(401),
  },
});

notifications.openapi(readAllRoute, async (c) => {
  const updated = await asUser(c, async (tx) => {
    const rows = await tx`
      update public.notifications set read = true
      where user_id = auth.uid() and not read
      returning id`;
    return rows.length;
  });
  return c.json({ updated }, 200);
});

// ---------------------------------------------------------------- GET|PUT /v1/notifications/preferences

/** Settings › Notifications & privacy, as stored in `public.notification_preferences`. */
export const NotificationPreferences = z
  .object({
    email_digest: z.enum(["off", "daily", "weekly"]).openapi({
      description: "How often the email summary is sent.",
      example: "weekly",
    }),
    in_app: z.boolean().openapi({ description: "False: no in-app notifications are written." }),
    product_updates: z.boolean().openapi({ description: "Occasional emails about new features." }),
    email_notifications: z.boolean().openapi({
      description: "False: no instant notification emails (access problems, refused videos) at all.",
    }),
    email_muted_types: z.array(NotificationType).max(100).openapi({
      description:
        "Notification types whose emails are off (one-click unsubscribe). Saving a list turns every type not in it back on.",
    }),
  })
  .openapi("NotificationPreferences");

/** What a user who never saved preferences gets (the table's column defaults). */
export const DEFAULT_PREFERENCES: z.infer<typeof NotificationPreferences> = {
  email_digest: "weekly",
  in_app: true,
  product_updates: false,
  email_notifications: true,
  email_muted_types: [],
};

export const PreferencesUpdate = z
  .strictObject(NotificationPreferences.partial().shape)
  .refine(
    (v) => Object.keys(v).length > 0,
    "Send at least one of email_digest, in_app, product_updates, email_notifications, email_muted_types.",
  )
  .openapi("NotificationPreferencesUpdate");

type Preferences = z.infer<typeof NotificationPreferences>;

/** The caller's preferences (the defaults where they saved none), with their muted email types. */
async function readPreferences(tx: Tx): Promise<Preferences> {
  const [row] = await tx<Omit<Preferences, "email_muted_types">[]>`
    select email_digest, in_app, product_updates, email_notifications
    from public.notification_preferences where user_id = auth.uid()`;
  const muted = await tx<{ notification_type: string }[]>`
    select notification_type from public.notification_channel_preferences
     where user_id = auth.uid() and channel = 'email' and not enabled order by notification_type`;
  return { ...(row ?? DEFAULT_PREFERENCES), email_muted_types: muted.map((m) => m.notification_type) };
}

const preferencesRoute = createRoute({
  method: "get",
  path: "/v1/notifications/preferences",
  tags: ["notifications"],
  summary: "The signed-in user's notification preferences (the defaults until they save some)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: {
      description: "The preferences",
      content: { "application/json": { schema: NotificationPreferences } },
    },
    ...errorResponses(401),
  },
});

notifications.openapi(preferencesRoute, async (c) => {
  const prefs = await asUser(c, (tx) => readPreferences(tx));
  return c.json(prefs, 200);
});

const updatePreferencesRoute = createRoute({
  method: "put",
  path: "/v1/notifications/preferences",
  tags: ["notifications"],
  summary: "Save the signed-in user's notification preferences (the fields sent; the rest kept)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: PreferencesUpdate } } },
  },
  responses: {
    200: {
      description: "The saved preferences",
      content: { "application/json": { schema: NotificationPreferences } },
    },
    ...errorResponses(401, 422),
  },
});

notifications.openapi(updatePreferencesRoute, async (c) => {
  const patch = c.req.valid("json");
  const saved = await asUser(c, async (tx) => {
    await tx`
      insert into public.notification_preferences as p
        (user_id, email_digest, in_app, product_updates, email_notifications)
      values (auth.uid(), ${patch.email_digest ?? DEFAULT_PREFERENCES.email_digest},
              ${patch.in_app ?? DEFAULT_PREFERENCES.in_app},
              ${patch.product_updates ?? DEFAULT_PREFERENCES.product_updates},
              ${patch.email_notifications ?? DEFAULT_PREFERENCES.email_notifications})
      on conflict (user_id) do update
        set email_digest = coalesce(${patch.email_digest ?? null}::text, p.email_digest),
            in_app = coalesce(${patch.in_app ?? null}::boolean, p.in_app),
            product_updates = coalesce(${patch.product_updates ?? null}::boolean, p.product_updates),
            email_notifications = coalesce(${
      patch.email_notifications ?? null
    }::boolean, p.email_notifications),
            updated_at = now()`;
    if (patch.email_muted_types) {
      // The list replaces the muted set: types left out get their emails back.
      const muted = [...new Set(patch.email_muted_types)];
      await tx`
        update public.notification_channel_preferences set enabled = true, updated_at = now()
         where user_id = auth.uid() and channel = 'email' and not enabled
           and not (notification_type = any(${muted}::text[]))`;
      if (muted.length > 0) {
        await tx`
          insert into public.notification_channel_preferences (user_id, notification_type, channel, enabled)
          select auth.uid(), t, 'email', false from unnest(${muted}::text[]) as t
          on conflict (user_id, notification_type, channel) do update set enabled = false, updated_at = now()`;
      }
    }
    return readPreferences(tx);
  });
  return c.json(saved, 200);
});
