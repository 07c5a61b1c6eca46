/**
 * API Management routes (admins): the platform keys with their masked suffix, expiry, status,
 * last rotation and who rotated it; rotating a key. The key is encrypted with the user-token key
 * ring (`contract/crypto.ts`, AAD `platformKeyAad(service)`) before it reaches SQL, and the
 * request body is never logged (the kit logs method, path and status only). The SQL re-checks
 * the role and writes the audit row in the same transaction (`private.rotate_platform_key`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireAdmin } from "../_shared/auth.ts";
import {
  encryptToken,
  type Keyring,
  KeyringError,
  keyringFrom,
  maskedSuffix,
  platformKeyAad,
} from "../_shared/contract/crypto.ts";
import { asUser } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { text } from "../_shared/text.ts";

export const apiManagement = createRouter();

/** Days before expiry from which a key shows as expiring (the first warning). */
const EXPIRING_DAYS = 14;

const KeyStatus = z.enum(["missing", "active", "expiring", "expired"]);

const PlatformKey = z
  .object({
    service: z.string().openapi({ example: "apify" }),
    label: z.string(),
    description: z.string().nullable(),
    masked_suffix: z.string().nullable().openapi({ description: "The key's last 4 characters; never more." }),
    expiry_at: z.iso.datetime().nullable(),
    days_left: z.number().int().nullable().openapi({
      description: "Whole days until expiry (0 once expired).",
    }),
    status: KeyStatus.openapi({
      description: "missing (no key), active, expiring (within 14 days), expired.",
    }),
    last_rotated_at: z.iso.datetime().nullable(),
    updated_by: z
      .object({ id: z.uuid(), email: z.string().nullable(), display_name: z.string().nullable() })
      .nullable()
      .openapi({ description: "The admin who last rotated it." }),
  })
  .openapi("PlatformKey");

interface KeyRow {
  service: string;
  label: string;
  description: string | null;
  masked_suffix: string | null;
  expiry_at: Date | null;
  last_rotated_at: Date | null;
  status: "missing" | "active" | "expired";
  updated_by_admin_id: string | null;
  admin_email: string | null;
  admin_name: string | null;
}

function toKey(r: KeyRow, now = Date.now()): z.infer<typeof PlatformKey> {
  const msLeft = r.expiry_at ? r.expiry_at.getTime() - now : null;
  const daysLeft = msLeft === null ? null : Math.max(0, Math.ceil(msLeft / 86_400_000));
  const status = r.status === "missing"
    ? "missing"
    : msLeft !== null && msLeft <= 0
    ? "expired"
    : daysLeft !== null && daysLeft <= EXPIRING_DAYS
    ? "expiring"
    : r.status;
  return {
    service: r.service,
    label: r.label,
    description: r.description,
    masked_suffix: r.masked_suffix ? `••••${r.masked_suffix}` : null,
    expiry_at: r.expiry_at?.toISOString() ?? null,
    days_left: daysLeft,
    status,
    last_rotated_at: r.last_rotated_at?.toISOString() ?? null,
    updated_by: r.updated_by_admin_id
      ? { id: r.updated_by_admin_id, email: r.admin_email, display_name: r.admin_name }
      : null,
  };
}

// ---------------------------------------------------------------- GET /v1/admin/api-management

apiManagement.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/api-management",
    tags: ["api-management", "admin"],
    summary: "Admin: every platform key, masked, with expiry, status, last rotation and who rotated it",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: {
      200: {
        description: "The keys",
        content: { "application/json": { schema: z.object({ items: z.array(PlatformKey) }) } },
      },
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const rows = await asUser(c, (tx) =>
      tx<KeyRow[]>`
        select k.service, k.label, k.description, k.masked_suffix, k.expiry_at, k.last_rotated_at, k.status,
               k.updated_by_admin_id, p.email as admin_email, p.display_name as admin_name
          from public.platform_api_keys k
          left join public.profiles p on p.id = k.updated_by_admin_id
         order by k.label`);
    return c.json({ items: rows.map((r) => toKey(r)) }, 200);
  },
);

// ---------------------------------------------------------------- PUT /v1/admin/api-management/{service}

const RotateBody = z
  .strictObject({
    key: text()
      .min(8, "A key has at least 8 characters.")
      .max(4096)
      .refine((v) => v.trim() === v, "Remove the spaces around the key.")
      .openapi({
        description: "The new key (or proxy URL). Stored encrypted; only its last 4 characters are shown.",
      }),
    expiry_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: "When the key expires (ISO-8601 with offset); omitted or null: no expiry." }),
  })
  .openapi("PlatformKeyRotation");

const RotateResult = z
  .object({
    status: z.literal("updated"),
    masked_suffix: z.string(),
    expiry_at: z.iso.datetime().nullable(),
  })
  .openapi("PlatformKeyRotated");

const ServiceParam = z.object({
  service: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "Not a service name.").openapi({
    param: { name: "service", in: "path" },
    example: "apify",
  }),
});

function requireKeyring(): Keyring {
  try {
    return keyringFrom(Deno.env.get("TOKEN_ENCRYPTION_KEYS"));
  } catch (err) {
    if (err instanceof KeyringError) {
      console.error(JSON.stringify({ level: "error", fn: "api-management", msg: err.message }));
      throw new AppError(
        "integration_not_configured",
        "Storing keys is not configured on this server (TOKEN_ENCRYPTION_KEYS).",
      );
    }
    throw err;
  }
}

apiManagement.openapi(
  createRoute({
    method: "put",
    path: "/v1/admin/api-management/{service}",
    tags: ["api-management", "admin"],
    summary:
      "Admin: rotate a platform key (stored encrypted, audited; only the last 4 characters are returned)",
    description: "404 for a service that is not managed; 422 for an expiry in the past.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: {
      params: ServiceParam,
      body: { required: true, content: { "application/json": { schema: RotateBody } } },
    },
    responses: {
      200: { description: "Rotated", content: { "application/json": { schema: RotateResult } } },
      ...errorResponses(401, 403, 404, 422, 503),
    },
  }),
  async (c) => {
    const { service } = c.req.valid("param");
    const { key, expiry_at } = c.req.valid("json");
    if (expiry_at && Date.parse(expiry_at) <= Date.now()) {
      throw new AppError("validation_failed", "The expiry must be in the future.", {
        fields: [{ path: "expiry_at", code: "too_small", message: "The expiry must be in the future." }],
      });
    }
    const keyring = requireKeyring();
    const { envelope, keyId } = await encryptToken(keyring, key, platformKeyAad(service));
    const suffix = maskedSuffix(key);
    const [row] = await asUser(c, (tx) =>
      tx<{ masked_suffix: string; expiry_at: Date | null }[]>`
        select masked_suffix, expiry_at
          from private.rotate_platform_key(${service}, ${envelope}, ${keyId}, ${suffix}, ${
        expiry_at ?? null
      }::timestamptz)`);
    return c.json(
      {
        status: "updated" as const,
        masked_suffix: `••••${row!.masked_suffix}`,
        expiry_at: row!.expiry_at?.toISOString() ?? null,
      },
      200,
    );
  },
);
