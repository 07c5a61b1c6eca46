/**
 * Signed uploads, one way for every stack (intro videos, certificates, resume imports): a
 * `private.create_*` SQL function inserts the pending row and takes the user's upload-URL quota
 * (`private.take_upload_url_quota`, PT429 with the seconds to wait in DETAIL when it is used up),
 * then Storage issues a signed upload URL for exactly that row's object path. Both happen in the
 * caller's transaction, so the pending row (and the quota it used) exists only if Storage issued
 * the URL.
 */
import type { Context } from "hono";
import { AppError } from "./errors.ts";
import { serviceClient } from "./supabase.ts";

/** `private.take_upload_url_quota`'s PT429 → 429 `upload_rate_limited` with `retry_after_s`. */
export function uploadRateLimited(err: unknown): AppError | undefined {
  const pg = err as { name?: unknown; code?: unknown; detail?: unknown; message?: unknown };
  if (pg?.name !== "PostgresError" || pg.code !== "PT429") return undefined;
  const seconds = Number(pg.detail);
  const retryAfter = Number.isInteger(seconds) && seconds > 0 ? seconds : 60;
  return new AppError("upload_rate_limited", String(pg.message), { retry_after_s: retryAfter }, {
    cause: err,
  });
}

/**
 * Creates the pending row with `create` (inside the caller's transaction) and issues Storage's
 * signed upload URL for its `storage_path`.
 * @throws 429 `upload_rate_limited` (with a Retry-After header) when the quota is used up;
 *   502 `upstream_unavailable` when Storage does not issue the URL (the transaction rolls back)
 */
export async function issueSignedUpload<R extends { storage_path: string }>(
  c: Context,
  bucket: string,
  create: () => Promise<R | undefined>,
): Promise<{ row: R; signedUrl: string; token: string }> {
  let row: R | undefined;
  try {
    row = await create();
  } catch (err) {
    const limited = uploadRateLimited(err);
    if (limited) {
      c.header("retry-after", String((limited.details as { retry_after_s: number }).retry_after_s));
      throw limited;
    }
    throw err;
  }
  if (!row) throw new AppError("internal_error", "The upload could not be prepared.");
  // Service path: Storage's signed upload URL for exactly this caller's new object path.
  const { data, error } = await serviceClient().storage.from(bucket).createSignedUploadUrl(row.storage_path);
  if (error || !data) {
    throw new AppError(
      "upstream_unavailable",
      "Storage could not issue an upload URL; try again.",
      undefined,
      {
        cause: error,
      },
    );
  }
  return { row, signedUrl: data.signedUrl, token: data.token };
}
