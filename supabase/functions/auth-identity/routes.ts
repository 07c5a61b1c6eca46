/**
 * Auth & Identity routes: session introspection, the caller's profile (display name, LinkedIn
 * URL), account deletion.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { currentUser, requireUser } from "../_shared/auth.ts";
import { asService, asUser, type Tx } from "../_shared/db.ts";
import { text } from "../_shared/text.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { serviceClient } from "../_shared/supabase.ts";

export const authIdentity = createRouter();

const Role = z.enum(["user", "admin"]);
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const secondsToIso = (
  s: number | undefined,
) => (typeof s === "number" ? new Date(s * 1000).toISOString() : null);

/** A `public.profiles` row as the API shows it. */
export const Profile = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
    role: Role,
    github_username: z.string().nullable(),
    linkedin_url: z.string().nullable().openapi({ example: "https://www.linkedin.com/in/asha-rao" }),
    created_at: z.iso.datetime(),
    last_sign_in_at: z.iso.datetime().nullable(),
  })
  .openapi("Profile");

interface ProfileRow {
  id: string;
  email: string;
  display_name: string | null;
  role: "user" | "admin";
  github_username: string | null;
  linkedin_url: string | null;
  created_at: Date;
  last_sign_in_at: Date | null;
}

const toProfile = (r: ProfileRow): z.infer<typeof Profile> => ({
  ...r,
  created_at: r.created_at.toISOString(),
  last_sign_in_at: isoOrNull(r.last_sign_in_at),
});

/** The columns of a {@link ProfileRow}. */
const profileColumns = (tx: Tx) =>
  tx`id, email, display_name, role, github_username, linkedin_url, created_at, last_sign_in_at`;

/** The caller's own profile, read as the caller (RLS: own row). */
async function ownProfile(tx: Tx): Promise<ProfileRow> {
  const [row] = await tx<ProfileRow[]>`
    select ${profileColumns(tx)}
    from public.profiles where id = auth.uid()`;
  if (!row) throw new AppError("account_missing", "No CareerPilot account exists for this token.");
  return row;
}

// ---------------------------------------------------------------- GET /v1/auth/session

const Session = z
  .object({
    user_id: z.uuid(),
    role: Role,
    email: z.string(),
    display_name: z.string().nullable(),
    issued_at: z.iso.datetime().nullable().openapi({ description: "The token's `iat`." }),
    expires_at: z.iso.datetime().openapi({ description: "The token's `exp`." }),
  })
  .openapi("Session");

const getSession = createRoute({
  method: "get",
  path: "/v1/auth/session",
  tags: ["auth"],
  summary: "The signed-in user's session: id, role, email, display name, token lifetime",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "The session", content: { "application/json": { schema: Session } } },
    ...errorResponses(401, 502),
  },
});

authIdentity.openapi(getSession, async (c) => {
  const user = currentUser(c);
  const profile = await asUser(c, ownProfile);
  return c.json(
    {
      user_id: profile.id,
      role: profile.role,
      email: profile.email,
      display_name: profile.display_name,
      issued_at: secondsToIso(user.claims.iat),
      expires_at: new Date(user.claims.exp * 1000).toISOString(),
    },
    200,
  );
});

// ---------------------------------------------------------------- GET|PATCH /v1/auth/profile

const getProfile = createRoute({
  method: "get",
  path: "/v1/auth/profile",
  tags: ["auth"],
  summary: "The signed-in user's profile",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "The profile", content: { "application/json": { schema: Profile } } },
    ...errorResponses(401),
  },
});

authIdentity.openapi(getProfile, async (c) => c.json(toProfile(await asUser(c, ownProfile)), 200));

/**
 * A LinkedIn profile address (the same rule as the `profiles.linkedin_url` check). No control
 * characters: a NUL would otherwise reach Postgres, which cannot store it.
 */
const LINKEDIN_URL =
  /^https?:\/\/([a-z]{2,3}\.)?linkedin\.com\/(in|pub)\/[^\s/?#\p{Cc}]+\/?(\?[^\s\p{Cc}]*)?$/iu;

const ProfilePatch = z
  .strictObject({
    display_name: text().trim().min(1).max(80).optional().openapi({ example: "Asha Rao" }),
    // A plain string: LINKEDIN_URL already refuses control characters (NUL included), so one
    // message names the field instead of two.
    linkedin_url: z
      .string()
      .trim()
      .max(200)
      .refine(
        (v) => v === "" || LINKEDIN_URL.test(v),
        "Use a LinkedIn profile URL like https://www.linkedin.com/in/your-name.",
      )
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional()
      .openapi({
        description: "https://www.linkedin.com/in/<handle>; null or an empty string removes it.",
        example: "https://www.linkedin.com/in/asha-rao",
      }),
  })
  .refine(
    (v) => v.display_name !== undefined || v.linkedin_url !== undefined,
    "Send display_name or linkedin_url.",
  )
  .openapi("ProfilePatch");

const patchProfile = createRoute({
  method: "patch",
  path: "/v1/auth/profile",
  tags: ["auth"],
  summary: "Change the signed-in user's display name (trimmed, 1..80 characters) and/or LinkedIn URL",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { "application/json": { schema: ProfilePatch } } } },
  responses: {
    200: { description: "The updated profile", content: { "application/json": { schema: Profile } } },
    ...errorResponses(401, 403, 422),
  },
});

authIdentity.openapi(patchProfile, async (c) => {
  const patch = c.req.valid("json");
  const row = await asUser(c, async (tx) => {
    const [updated] = await tx<ProfileRow[]>`
      update public.profiles
         set display_name = ${patch.display_name === undefined ? tx`display_name` : patch.display_name},
             linkedin_url = ${patch.linkedin_url === undefined ? tx`linkedin_url` : patch.linkedin_url}
      where id = auth.uid()
      returning ${profileColumns(tx)}`;
    if (!updated) throw new AppError("account_missing", "No CareerPilot account exists for this token.");
    return updated;
  });
  return c.json(toProfile(row), 200);
});

// ---------------------------------------------------------------- DELETE /v1/auth/account

const AccountDelete = z
  .object({
    confirm: z.literal("DELETE").openapi({ description: 'Must be exactly "DELETE".' }),
  })
  .openapi("AccountDelete");

const Deleted = z.object({ status: z.literal("deleted") }).openapi("AccountDeleted");

const deleteAccount = createRoute({
  method: "delete",
  path: "/v1/auth/account",
  tags: ["auth"],
  summary: "Delete the signed-in user's account, their stored files and every row they own",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { "application/json": { schema: AccountDelete } } } },
  responses: {
    200: { description: "The account is gone", content: { "application/json": { schema: Deleted } } },
    ...errorResponses(401, 422, 502),
  },
});

/** The Storage API removes at most this many paths per request. */
const REMOVE_BATCH = 1000;

/**
 * Every stored object of `userId`, across all buckets: objects they uploaded (`owner` / `owner_id`) and
 * objects filed under their folder (`<uid>/...`, how the owning stacks name uploads made with
 * signed URLs). Service path: `storage.objects` is not readable by users; scoped by `userId`.
 */
async function storedObjectsOf(userId: string): Promise<Map<string, string[]>> {
  const rows = await asService((tx) =>
    tx<{ bucket_id: string; name: string }[]>`
      select bucket_id, name from storage.objects
      where owner = ${userId}::uuid or owner_id = ${userId} or starts_with(name, ${`${userId}/`})
      order by bucket_id, name`
  );
  const byBucket = new Map<string, string[]>();
  for (const { bucket_id, name } of rows) {
    byBucket.set(bucket_id, [...(byBucket.get(bucket_id) ?? []), name]);
  }
  return byBucket;
}

authIdentity.openapi(deleteAccount, async (c) => {
  const user = currentUser(c);
  const supabase = serviceClient();

  // Files first: if Storage fails the account stays, so the user can simply retry.
  for (const [bucket, paths] of await storedObjectsOf(user.id)) {
    for (let i = 0; i < paths.length; i += REMOVE_BATCH) {
      const { error } = await supabase.storage.from(bucket).remove(paths.slice(i, i + REMOVE_BATCH));
      if (error) {
        throw new AppError("upstream_unavailable", "Your files could not be deleted; nothing was removed.", {
          bucket,
        }, { cause: error });
      }
    }
  }

  // Then the auth user: every user-owned row references auth.users(id) on delete cascade.
  const { error } = await supabase.auth.admin.deleteUser(user.id);
  if (error && error.status !== 404) {
    throw new AppError("upstream_unavailable", "Your account could not be deleted; try again.", undefined, {
      cause: error,
    });
  }
  return c.json({ status: "deleted" as const }, 200);
});
