/**
 * `/storage/v1`: a Supabase-Storage-compatible subset over `storage.buckets` / `storage.objects`
 * and the local disk (`$DEVSTACK_STATE_DIR/storage/<bucket>/<key>`), as `@supabase/storage-js`
 * calls it.
 *
 * Access: a request's bearer token (a user JWT, or the anon / service_role key) decides the role.
 * `service_role` bypasses RLS; anon and user requests read and write `storage.objects` inside a
 * transaction as that role with `request.jwt.claims` set, so the project's policies decide, as in
 * real Storage. Signed URLs carry HS256 tokens over the JWT secret (`{url: "<bucket>/<key>"}`,
 * upload tokens also `{owner, upsert}`), verified without a database role.
 *
 * Errors use Storage's body `{statusCode: "<status>", error, message}` with the same HTTP status.
 */
import { createHash } from "node:crypto";
import { type Context, Hono } from "hono";
import {
  asRole,
  isUnstorableText,
  pgCode,
  type RequestRole,
  type Sql,
  type Tx,
  UNSTORABLE_TEXT_MESSAGE,
} from "./db.ts";
import { type Claims, jwtErrorMessage, type Keys } from "./keys.ts";
import { multipartBoundary, parseMultipart } from "./multipart.ts";

/** Storage's global upload limit (config.toml `[storage] file_size_limit = "100MiB"`). */
const DEFAULT_GLOBAL_FILE_SIZE_LIMIT = 100 * 1024 * 1024;
const SIGNED_UPLOAD_TTL = 2 * 60 * 60;
const MAX_KEY_LENGTH = 1024;
const MAX_PREFIXES = 1000;

export class StorageError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

const notFound = () => new StorageError(404, "not_found", "Object not found");
const bucketNotFound = () => new StorageError(404, "Bucket not found", "Bucket not found");
const invalidKey = (key: string) => new StorageError(400, "InvalidKey", `Invalid key: ${key}`);

interface Bucket {
  id: string;
  name: string;
  owner: string | null;
  public: boolean | null;
  file_size_limit: string | number | null;
  allowed_mime_types: string[] | null;
  created_at: Date | null;
  updated_at: Date | null;
}

interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  version: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  last_accessed_at: Date | null;
}

interface Caller {
  role: RequestRole;
  claims: Claims;
}

export interface StorageDeps {
  keys: Keys;
  sql: Sql;
}

/** The `/storage/v1` app (mount under `/storage/v1`). */
export function storageApp({ keys, sql }: StorageDeps): Hono {
  const app = new Hono();
  const root = keys.config.storageDir;
  const globalLimit = Number(
    Deno.env.get("DEVSTACK_STORAGE_FILE_SIZE_LIMIT") ?? DEFAULT_GLOBAL_FILE_SIZE_LIMIT,
  );

  app.onError((err, c) => {
    if (err instanceof StorageError) {
      return c.json(
        { statusCode: String(err.status), error: err.error, message: err.message },
        err.status as 400,
      );
    }
    if (isUnstorableText(err)) {
      return c.json({ statusCode: "422", error: "InvalidRequest", message: UNSTORABLE_TEXT_MESSAGE }, 422);
    }
    const code = pgCode(err);
    if (code === "42501") {
      return c.json({
        statusCode: "403",
        error: "Unauthorized",
        message: "new row violates row-level security policy",
      }, 403);
    }
    console.error(
      JSON.stringify({
        level: "error",
        msg: "storage error",
        error: String(err),
        stack: (err as Error)?.stack,
      }),
    );
    return c.json({ statusCode: "500", error: "internal", message: "Internal Server Error" }, 500);
  });

  // --- callers -----------------------------------------------------------------------------------
  async function caller(c: Context): Promise<Caller> {
    const auth = c.req.header("authorization");
    const token = auth ? auth.replace(/^bearer\s+/i, "").trim() : c.req.header("apikey");
    if (!token) {
      throw new StorageError(400, "Error", "headers must have required property 'authorization'");
    }
    let claims: Claims;
    try {
      claims = await keys.verify(token);
    } catch (e) {
      throw new StorageError(400, "InvalidJWT", jwtErrorMessage(e));
    }
    const role = claims.role === "service_role" || claims.role === "supabase_admin"
      ? "service_role"
      : claims.role === "authenticated"
      ? "authenticated"
      : claims.role === "anon"
      ? "anon"
      : null;
    if (!role) throw new StorageError(403, "Unauthorized", `role ${String(claims.role)} is not allowed`);
    return { role, claims };
  }

  const run = <T>(who: Caller, fn: (tx: Tx) => Promise<T>) => asRole(sql, who.role, who.claims, fn);

  async function findBucket(id: string): Promise<Bucket> {
    const [b] = await sql<Bucket[]>`
      select id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at
        from storage.buckets where id = ${id}`;
    if (!b) throw bucketNotFound();
    return b;
  }

  /** The on-disk path of an object; re-checks that it stays inside its bucket's folder. */
  function diskPath(bucket: string, key: string): string {
    const bucketDir = `${root}/${bucket}`;
    const p = normalize(`${bucketDir}/${key}`);
    if (!p.startsWith(`${normalize(bucketDir)}/`)) throw invalidKey(key);
    return p;
  }

  // --- buckets -----------------------------------------------------------------------------------
  app.get("/bucket", async (c) => {
    const who = await caller(c);
    const rows = await run(
      who,
      (tx) =>
        tx<
          Bucket[]
        >`select id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at
                     from storage.buckets order by name`,
    );
    return c.json(rows.map(bucketJson));
  });

  app.get("/bucket/:id", async (c) => {
    const who = await caller(c);
    const id = c.req.param("id");
    const [row] = await run(
      who,
      (tx) =>
        tx<
          Bucket[]
        >`select id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at
                     from storage.buckets where id = ${id}`,
    );
    if (!row) throw bucketNotFound();
    return c.json(bucketJson(row));
  });

  app.post("/bucket", async (c) => {
    const who = await caller(c);
    const body = await jsonBody(c);
    const name = typeof body.name === "string" ? body.name : "";
    const id = typeof body.id === "string" && body.id ? body.id : name;
    if (!validBucketName(id) || !validBucketName(name)) {
      throw new StorageError(400, "InvalidBucketName", `Bucket name invalid`);
    }
    const limit = parseSize(body.file_size_limit);
    const mimes = Array.isArray(body.allowed_mime_types) ? body.allowed_mime_types.map(String) : null;
    const owner = who.role === "authenticated" ? String(who.claims.sub) : null;
    try {
      await run(
        who,
        (tx) =>
          tx`insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
           values (${id}, ${name}, ${owner}, ${owner}, ${body.public === true}, ${limit}, ${mimes})`,
      );
    } catch (e) {
      if (pgCode(e) === "23505") throw new StorageError(409, "Duplicate", "The resource already exists");
      throw e;
    }
    return c.json({ name: id });
  });

  app.put("/bucket/:id", async (c) => {
    const who = await caller(c);
    const id = c.req.param("id");
    const body = await jsonBody(c);
    const limit = parseSize(body.file_size_limit);
    const mimes = Array.isArray(body.allowed_mime_types) ? body.allowed_mime_types.map(String) : null;
    const rows = await run(
      who,
      (tx) =>
        tx`update storage.buckets set public = ${body.public === true}, file_size_limit = ${limit},
                allowed_mime_types = ${mimes}, updated_at = now() where id = ${id} returning id`,
    );
    if (rows.length === 0) throw bucketNotFound();
    return c.json({ message: "Successfully updated" });
  });

  app.post("/bucket/:id/empty", async (c) => {
    const who = await caller(c);
    const id = c.req.param("id");
    await findBucket(id);
    const removed = await run(
      who,
      (tx) => tx<ObjectRow[]>`delete from storage.objects where bucket_id = ${id} returning bucket_id, name`,
    );
    await removeFiles(removed);
    return c.json({ message: "Successfully emptied" });
  });

  app.delete("/bucket/:id", async (c) => {
    const who = await caller(c);
    const id = c.req.param("id");
    await findBucket(id);
    const [used] = await sql`select 1 from storage.objects where bucket_id = ${id} limit 1`;
    if (used) throw new StorageError(409, "InvalidRequest", "The bucket you tried to delete is not empty");
    const rows = await run(who, (tx) => tx`delete from storage.buckets where id = ${id} returning id`);
    if (rows.length === 0) throw bucketNotFound();
    await Deno.remove(`${root}/${id}`, { recursive: true }).catch(() => {});
    return c.json({ message: "Successfully deleted" });
  });

  // --- listing -----------------------------------------------------------------------------------
  app.post("/object/list/:bucket", async (c) => {
    const who = await caller(c);
    const bucket = c.req.param("bucket");
    await findBucket(bucket);
    const body = await jsonBody(c);
    let prefix = typeof body.prefix === "string" ? body.prefix.replace(/^\/+/, "") : "";
    if (prefix && !prefix.endsWith("/")) prefix += "/";
    const limit = Math.min(1000, Math.max(1, Number(body.limit ?? 100) || 100));
    const offset = Math.max(0, Number(body.offset ?? 0) || 0);
    const search = typeof body.search === "string" ? body.search.toLowerCase() : "";
    const sortBy = (body.sortBy ?? {}) as { column?: string; order?: string };
    const column = ["name", "updated_at", "created_at", "last_accessed_at"].includes(String(sortBy.column))
      ? String(sortBy.column)
      : "name";
    const desc = String(sortBy.order).toLowerCase() === "desc";
    const like = prefix.replace(/[\\%_]/g, (m) => `\\${m}`) + "%";
    const rows = await run(
      who,
      (tx) =>
        tx<
          ObjectRow[]
        >`select id, bucket_id, name, owner, owner_id, metadata, user_metadata, version, created_at,
                             updated_at, last_accessed_at
                        from storage.objects where bucket_id = ${bucket} and name like ${like}`,
    );
    const entries = new Map<string, Record<string, unknown>>();
    for (const r of rows) {
      const rest = r.name.slice(prefix.length);
      const slash = rest.indexOf("/");
      const name = slash >= 0 ? rest.slice(0, slash) : rest;
      if (!name || (search && !name.toLowerCase().startsWith(search))) continue;
      if (slash >= 0) {
        if (!entries.has(`d:${name}`)) {
          entries.set(`d:${name}`, {
            name,
            id: null,
            updated_at: null,
            created_at: null,
            last_accessed_at: null,
            metadata: null,
          });
        }
      } else {
        entries.set(`f:${name}`, {
          name,
          id: r.id,
          updated_at: iso(r.updated_at),
          created_at: iso(r.created_at),
          last_accessed_at: iso(r.last_accessed_at),
          metadata: r.metadata,
        });
      }
    }
    const list = [...entries.values()].sort((a, b) => {
      const av = String(a[column] ?? "");
      const bv = String(b[column] ?? "");
      const cmp = av < bv ? -1 : av > bv ? 1 : String(a.name).localeCompare(String(b.name));
      return desc ? -cmp : cmp;
    });
    return c.json(list.slice(offset, offset + limit));
  });

  // --- move and copy -----------------------------------------------------------------------------
  async function moveOrCopyArgs(c: Context) {
    const body = await jsonBody(c);
    const bucket = String(body.bucketId ?? "");
    const destBucket = typeof body.destinationBucket === "string" && body.destinationBucket
      ? body.destinationBucket
      : bucket;
    const src = String(body.sourceKey ?? "");
    const dst = String(body.destinationKey ?? "");
    if (!validBucketName(bucket) || !validBucketName(destBucket)) {
      throw new StorageError(400, "InvalidBucketName", "Bucket name invalid");
    }
    validateKey(src);
    validateKey(dst);
    await findBucket(bucket);
    await findBucket(destBucket);
    return { bucket, destBucket, src, dst };
  }

  app.post("/object/move", async (c) => {
    const who = await caller(c);
    const { bucket, destBucket, src, dst } = await moveOrCopyArgs(c);
    await run(who, async (tx) => {
      let rows;
      try {
        rows =
          await tx`update storage.objects set bucket_id = ${destBucket}, name = ${dst}, updated_at = now()
                         where bucket_id = ${bucket} and name = ${src} returning id`;
      } catch (e) {
        if (pgCode(e) === "23505") throw new StorageError(409, "Duplicate", "The resource already exists");
        throw e;
      }
      if (rows.length === 0) throw notFound();
      await placeFile(diskPath(bucket, src), diskPath(destBucket, dst), dst);
    });
    return c.json({ message: "Successfully moved" });
  });

  app.post("/object/copy", async (c) => {
    const who = await caller(c);
    const { bucket, destBucket, src, dst } = await moveOrCopyArgs(c);
    const owner = who.role === "authenticated" ? String(who.claims.sub) : null;
    const version = crypto.randomUUID();
    const tmpDir = `${keys.config.stateDir}/.storage-tmp`;
    await Deno.mkdir(tmpDir, { recursive: true });
    const tmp = `${tmpDir}/${version}`;
    try {
      const id = await run(who, async (tx) => {
        const [source] = await tx<ObjectRow[]>`
          select metadata, user_metadata from storage.objects where bucket_id = ${bucket} and name = ${src}`;
        if (!source) throw notFound();
        await Deno.copyFile(diskPath(bucket, src), tmp).catch(() => {
          throw notFound();
        });
        let rows;
        try {
          rows = await tx<{ id: string }[]>`
            insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
            values (${destBucket}, ${dst}, ${owner}, ${owner}, ${
            source.metadata ? tx.json(source.metadata as never) : null
          },
                    ${source.user_metadata ? tx.json(source.user_metadata as never) : null}, ${version})
            returning id`;
        } catch (e) {
          if (pgCode(e) === "23505") throw new StorageError(409, "Duplicate", "The resource already exists");
          throw e;
        }
        await placeFile(tmp, diskPath(destBucket, dst), dst);
        return rows[0]!.id;
      });
      return c.json({ Id: id, Key: `${destBucket}/${dst}` });
    } finally {
      await Deno.remove(tmp).catch(() => {});
    }
  });

  // --- signed upload URLs ------------------------------------------------------------------------
  app.post("/object/upload/sign/*", async (c) => {
    const who = await caller(c);
    const { bucket, key } = target(c, "/object/upload/sign/");
    await findBucket(bucket);
    const upsert = c.req.header("x-upsert") === "true";
    const [existing] = await sql`select 1 from storage.objects where bucket_id = ${bucket} and name = ${key}`;
    if (existing && !upsert) throw new StorageError(409, "Duplicate", "The resource already exists");
    const owner = who.role === "authenticated" ? String(who.claims.sub) : null;
    // Test the caller's insert (and update, for upsert) rights now and roll back, like Storage.
    await testWrite(who, bucket, key, owner, upsert);
    const token = await keys.signUrlToken({ owner, url: `${bucket}/${key}`, upsert }, SIGNED_UPLOAD_TTL);
    return c.json({ url: `/object/upload/sign/${bucket}/${key}?token=${token}`, token });
  });

  app.put("/object/upload/sign/*", async (c) => {
    const { bucket, key } = target(c, "/object/upload/sign/");
    const payload = await verifyUrlToken(c, bucket, key);
    const owner = typeof payload.owner === "string" ? payload.owner : null;
    const result = await storeUpload(c, {
      who: { role: "service_role", claims: { role: "service_role", sub: owner ?? undefined } },
      bucket,
      key,
      owner,
      upsert: payload.upsert === true,
    });
    return c.json({ Key: result.Key, Id: result.Id });
  });

  // --- signed download URLs ----------------------------------------------------------------------
  app.post("/object/sign/*", async (c) => {
    const who = await caller(c);
    const rest = target(c, "/object/sign/", true);
    const body = await jsonBody(c);
    const expiresIn = Number(body.expiresIn);
    if (!Number.isFinite(expiresIn) || expiresIn < 1) {
      throw new StorageError(400, "InvalidRequest", "body/expiresIn must be >= 1");
    }
    if (!rest.key) {
      // createSignedUrls: POST /object/sign/<bucket> {expiresIn, paths}
      if (!Array.isArray(body.paths)) throw new StorageError(400, "InvalidRequest", "body must have paths");
      const paths = body.paths.map(String);
      const visible = new Set(
        (await run(
          who,
          (tx) =>
            tx<{ name: string }[]>`select name from storage.objects where bucket_id = ${rest.bucket}
                                   and name = any(${paths}::text[])`,
        )).map((r) => r.name),
      );
      const out = [];
      for (const p of paths) {
        if (!visible.has(p)) {
          out.push({
            error: "Either the object does not exist or you do not have access to it",
            path: p,
            signedURL: null,
          });
          continue;
        }
        const token = await keys.signUrlToken({ url: `${rest.bucket}/${p}` }, expiresIn);
        out.push({ error: null, path: p, signedURL: `/object/sign/${rest.bucket}/${p}?token=${token}` });
      }
      return c.json(out);
    }
    const { bucket, key } = rest;
    const [row] = await run(
      who,
      (tx) => tx`select id from storage.objects where bucket_id = ${bucket} and name = ${key}`,
    );
    if (!row) throw notFound();
    const token = await keys.signUrlToken({ url: `${bucket}/${key}` }, expiresIn);
    return c.json({ signedURL: `/object/sign/${bucket}/${key}?token=${token}` });
  });

  app.get("/object/sign/*", async (c) => {
    const { bucket, key } = target(c, "/object/sign/");
    await verifyUrlToken(c, bucket, key);
    const [row] = await sql<ObjectRow[]>`
      select id, bucket_id, name, metadata, created_at, updated_at from storage.objects
       where bucket_id = ${bucket} and name = ${key}`;
    if (!row) throw notFound();
    return await serveFile(c, bucket, key, row);
  });

  // --- public and authenticated downloads, info --------------------------------------------------
  app.get("/object/public/*", async (c) => {
    const { bucket, key } = target(c, "/object/public/");
    const b = await findBucket(bucket);
    if (!b.public) throw bucketNotFound();
    const [row] = await sql<ObjectRow[]>`
      select id, bucket_id, name, metadata, created_at, updated_at from storage.objects
       where bucket_id = ${bucket} and name = ${key}`;
    if (!row) throw notFound();
    return await serveFile(c, bucket, key, row);
  });

  app.get("/object/info/*", async (c) => {
    const who = await caller(c);
    const path = rawPath(c).replace(/^\/object\/info\/(authenticated\/|public\/)?/, "/object/info/");
    const { bucket, key } = target(c, "/object/info/", false, path);
    const [row] = await run(
      who,
      (tx) =>
        tx<ObjectRow[]>`select id, bucket_id, name, metadata, user_metadata, version, created_at, updated_at
                        from storage.objects where bucket_id = ${bucket} and name = ${key}`,
    );
    if (!row) throw notFound();
    const m = row.metadata ?? {};
    return c.json({
      id: row.id,
      name: row.name,
      version: row.version,
      bucket_id: row.bucket_id,
      size: m.size ?? null,
      content_type: m.mimetype ?? null,
      cache_control: m.cacheControl ?? null,
      etag: m.eTag ?? null,
      metadata: row.user_metadata ?? {},
      last_modified: iso(row.updated_at),
      created_at: iso(row.created_at),
    });
  });

  const authenticatedDownload = async (c: Context) => {
    const who = await caller(c);
    const path = rawPath(c).replace(/^\/object\/authenticated\//, "/object/");
    const { bucket, key } = target(c, "/object/", false, path);
    await findBucket(bucket);
    const [row] = await run(
      who,
      (tx) =>
        tx<ObjectRow[]>`select id, bucket_id, name, metadata, created_at, updated_at from storage.objects
                        where bucket_id = ${bucket} and name = ${key}`,
    );
    if (!row) throw notFound();
    return await serveFile(c, bucket, key, row);
  };
  app.get("/object/authenticated/*", authenticatedDownload);

  // --- direct upload, update, delete -------------------------------------------------------------
  app.post("/object/*", async (c) => {
    const who = await caller(c);
    const { bucket, key } = target(c, "/object/");
    const owner = who.role === "authenticated" ? String(who.claims.sub) : null;
    const upsert = c.req.header("x-upsert") === "true";
    return c.json(await storeUpload(c, { who, bucket, key, owner, upsert }));
  });

  app.put("/object/*", async (c) => {
    const who = await caller(c);
    const { bucket, key } = target(c, "/object/");
    const owner = who.role === "authenticated" ? String(who.claims.sub) : null;
    return c.json(await storeUpload(c, { who, bucket, key, owner, upsert: true }));
  });

  app.get("/object/*", authenticatedDownload);

  app.delete("/object/*", async (c) => {
    const who = await caller(c);
    const rest = target(c, "/object/", true);
    if (rest.key) {
      const removed = await run(
        who,
        (tx) =>
          tx<ObjectRow[]>`delete from storage.objects where bucket_id = ${rest.bucket} and name = ${rest.key}
                        returning bucket_id, name`,
      );
      if (removed.length === 0) throw notFound();
      await removeFiles(removed);
      return c.json({ message: "Successfully deleted" });
    }
    // remove(): DELETE /object/<bucket> {prefixes: [...]} deletes exactly those names.
    const body = await jsonBody(c);
    if (!Array.isArray(body.prefixes) || body.prefixes.length === 0) {
      throw new StorageError(400, "InvalidRequest", "body/prefixes must NOT have fewer than 1 items");
    }
    if (body.prefixes.length > MAX_PREFIXES) {
      throw new StorageError(
        400,
        "InvalidRequest",
        `body/prefixes must NOT have more than ${MAX_PREFIXES} items`,
      );
    }
    await findBucket(rest.bucket);
    const names = body.prefixes.map((p: unknown) => String(p).replace(/^\/+/, ""));
    const removed = await run(
      who,
      (tx) =>
        tx<
          ObjectRow[]
        >`delete from storage.objects where bucket_id = ${rest.bucket} and name = any(${names}::text[])
                      returning id, bucket_id, name, owner, owner_id, metadata, user_metadata, version,
                                created_at, updated_at, last_accessed_at`,
    );
    await removeFiles(removed);
    return c.json(removed.map((r) => ({
      ...r,
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
      last_accessed_at: iso(r.last_accessed_at),
    })));
  });

  app.all("*", (c) => c.json({ statusCode: "404", error: "Not Found", message: "Route not found" }, 404));

  // --- internals ---------------------------------------------------------------------------------
  async function verifyUrlToken(c: Context, bucket: string, key: string): Promise<Record<string, unknown>> {
    const token = c.req.query("token");
    if (!token) throw new StorageError(400, "InvalidJWT", "querystring must have required property 'token'");
    let payload: Record<string, unknown>;
    try {
      payload = await keys.verifyUrlToken(token);
    } catch (e) {
      throw new StorageError(400, "InvalidJWT", jwtErrorMessage(e));
    }
    if (payload.url !== `${bucket}/${key}`) {
      throw new StorageError(400, "InvalidSignature", "The url do not match the signature");
    }
    return payload;
  }

  async function testWrite(who: Caller, bucket: string, key: string, owner: string | null, upsert: boolean) {
    const rollback = new Error("rollback");
    try {
      await run(who, async (tx) => {
        if (upsert) {
          await tx`insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
                   values (${bucket}, ${key}, ${owner}, ${owner}, '{}'::jsonb)
                   on conflict (bucket_id, name) do update set updated_at = now()`;
        } else {
          await tx`insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
                   values (${bucket}, ${key}, ${owner}, ${owner}, '{}'::jsonb)`;
        }
        throw rollback;
      });
    } catch (e) {
      if (e === rollback) return;
      if (pgCode(e) === "23505") throw new StorageError(409, "Duplicate", "The resource already exists");
      throw e;
    }
  }

  async function storeUpload(c: Context, p: {
    who: Caller;
    bucket: string;
    key: string;
    owner: string | null;
    upsert: boolean;
  }): Promise<{ Id: string; Key: string }> {
    const bucket = await findBucket(p.bucket);
    const bucketLimit = bucket.file_size_limit == null ? null : Number(bucket.file_size_limit);
    const limit = Math.min(bucketLimit ?? globalLimit, globalLimit);
    const contentType = c.req.header("content-type") ?? "";
    const boundary = multipartBoundary(contentType);
    const raw = await readBody(c.req.raw, limit + (boundary ? 1024 * 1024 : 0));

    let data: Uint8Array;
    let mimetype: string;
    let cacheControl: string;
    let userMetadata: Record<string, unknown> | null = null;
    if (boundary) {
      let parts;
      try {
        parts = parseMultipart(raw, boundary);
      } catch (e) {
        throw new StorageError(400, "InvalidRequest", `malformed multipart body: ${(e as Error).message}`);
      }
      const field = (n: string) => {
        const part = parts.find((x) => x.name === n && x.filename === undefined);
        return part ? new TextDecoder().decode(part.data) : undefined;
      };
      const file = parts.find((x) => x.filename !== undefined) ??
        parts.find((x) => !["cacheControl", "contentType", "metadata"].includes(x.name));
      if (!file) throw new StorageError(400, "InvalidRequest", "No file part in the multipart body");
      data = file.data;
      mimetype = field("contentType") || file.contentType || "application/octet-stream";
      const cc = field("cacheControl");
      cacheControl = cc ? `max-age=${cc}` : "no-cache";
      const meta = field("metadata");
      if (meta) userMetadata = parseJsonObject(meta);
    } else {
      data = raw;
      mimetype = contentType || "application/octet-stream";
      cacheControl = c.req.header("cache-control") ?? "no-cache";
      const xm = c.req.header("x-metadata");
      if (xm) {
        try {
          userMetadata = parseJsonObject(
            new TextDecoder().decode(Uint8Array.from(atob(xm), (ch) => ch.charCodeAt(0))),
          );
        } catch {
          throw new StorageError(400, "InvalidRequest", "x-metadata must be base64-encoded JSON");
        }
      }
    }
    if (data.length > limit) throw entityTooLarge();
    checkMime(mimetype, bucket.allowed_mime_types);

    const eTag = `"${createHash("md5").update(data).digest("hex")}"`;
    const now = new Date();
    const metadata = {
      eTag,
      size: data.length,
      mimetype,
      cacheControl,
      lastModified: now.toISOString(),
      contentLength: data.length,
      httpStatusCode: 200,
    };
    const version = crypto.randomUUID();
    const finalPath = diskPath(p.bucket, p.key);
    // Next to storage/ (same filesystem, so the rename is atomic) but never inside a bucket's folder.
    const tmpDir = `${keys.config.stateDir}/.storage-tmp`;
    await Deno.mkdir(tmpDir, { recursive: true });
    const tmp = `${tmpDir}/${version}`;
    await Deno.writeFile(tmp, data);
    try {
      const id = await run(p.who, async (tx) => {
        let rows;
        try {
          rows = p.upsert
            ? await tx<{ id: string }[]>`
                insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
                values (${p.bucket}, ${p.key}, ${p.owner}, ${p.owner}, ${tx.json(metadata)},
                        ${userMetadata ? tx.json(userMetadata as never) : null}, ${version})
                on conflict (bucket_id, name) do update
                  set owner = excluded.owner, owner_id = excluded.owner_id, metadata = excluded.metadata,
                      user_metadata = excluded.user_metadata, version = excluded.version,
                      updated_at = now(), last_accessed_at = now()
                returning id`
            : await tx<{ id: string }[]>`
                insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
                values (${p.bucket}, ${p.key}, ${p.owner}, ${p.owner}, ${tx.json(metadata)},
                        ${userMetadata ? tx.json(userMetadata as never) : null}, ${version})
                returning id`;
        } catch (e) {
          if (pgCode(e) === "23505") throw new StorageError(409, "Duplicate", "The resource already exists");
          throw e;
        }
        // The file goes into place inside the transaction: if this fails, the row is rolled back.
        await placeFile(tmp, finalPath, p.key);
        return rows[0]!.id;
      });
      return { Id: id, Key: `${p.bucket}/${p.key}` };
    } finally {
      await Deno.remove(tmp).catch(() => {});
    }
  }

  async function placeFile(tmp: string, finalPath: string, key: string) {
    const dir = finalPath.slice(0, finalPath.lastIndexOf("/"));
    try {
      await Deno.mkdir(dir, { recursive: true });
      const st = await Deno.stat(finalPath).catch(() => null);
      if (st?.isDirectory) throw new Error("is a folder");
      await Deno.rename(tmp, finalPath);
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw new StorageError(
        409,
        "InvalidKey",
        `Invalid key: ${key} conflicts with an existing folder or file`,
      );
    }
  }

  async function removeFiles(rows: { bucket_id: string; name: string }[]) {
    for (const r of rows) {
      try {
        await Deno.remove(diskPath(r.bucket_id, r.name));
      } catch { /* already gone */ }
    }
  }

  async function serveFile(c: Context, bucket: string, key: string, row: ObjectRow): Promise<Response> {
    const path = diskPath(bucket, key);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true });
    } catch {
      throw notFound();
    }
    const stat = await file.stat();
    const m = (row.metadata ?? {}) as Record<string, string>;
    const headers = new Headers({
      "content-type": m.mimetype || "application/octet-stream",
      "content-length": String(stat.size),
      "cache-control": m.cacheControl || "no-cache",
      "last-modified": (row.updated_at ?? stat.mtime ?? new Date()).toUTCString(),
    });
    if (m.eTag) headers.set("etag", m.eTag);
    const download = c.req.query("download");
    if (download !== undefined) {
      const name = download || key.split("/").pop() || "download";
      headers.set("content-disposition", `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"`);
    }
    // Hono routes HEAD to GET handlers; the raw request still says HEAD.
    if (c.req.raw.method === "HEAD") {
      file.close();
      return new Response(null, { status: 200, headers });
    }
    return new Response(file.readable, { status: 200, headers });
  }

  return app;
}

// -------------------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------------------
const entityTooLarge = () =>
  new StorageError(413, "Payload too large", "The object exceeded the maximum allowed size");

/** The raw (still percent-encoded) request path below `/storage/v1`. */
function rawPath(c: Context): string {
  return new URL(c.req.url).pathname.replace(/^\/storage\/v1/, "");
}

/**
 * Bucket and key from the raw request path after `prefix` (each segment percent-decoded).
 * Rejects keys that could leave the bucket or confuse the disk layout: `.`/`..` segments, empty
 * segments, a leading `/`, backslashes, NUL and other control characters.
 */
function target(
  c: Context,
  prefix: string,
  keyOptional = false,
  pathOverride?: string,
): { bucket: string; key: string } {
  const pathname = pathOverride ?? rawPath(c);
  if (!pathname.startsWith(prefix)) throw new StorageError(400, "InvalidRequest", "bad path");
  const rawSegments = pathname.slice(prefix.length).split("/");
  const decoded: string[] = [];
  for (const s of rawSegments) {
    try {
      decoded.push(decodeURIComponent(s));
    } catch {
      throw invalidKey(pathname.slice(prefix.length));
    }
  }
  const bucket = decoded.shift() ?? "";
  if (!validBucketName(bucket)) throw new StorageError(400, "InvalidBucketName", `Bucket name invalid`);
  const key = decoded.join("/");
  if (!key && keyOptional) return { bucket, key: "" };
  validateKey(key);
  return { bucket, key };
}

export function validateKey(key: string): void {
  if (!key || key.length > MAX_KEY_LENGTH) throw invalidKey(key);
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(key)) throw invalidKey(key);
  if (key.startsWith("/")) throw invalidKey(key);
  for (const seg of key.split("/")) {
    if (seg === "" || seg === "." || seg === "..") throw invalidKey(key);
  }
}

function validBucketName(name: string): boolean {
  return !!name && name.length <= 100 && name.trim() === name && name !== "." && !name.includes("..") &&
    /^[\w!.*'() &$@=;:+,?-]+$/.test(name);
}

/** POSIX path normalisation (`.`/`..`/`//`), enough to re-check the bucket boundary. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}

function checkMime(mimetype: string, allowed: string[] | null): void {
  if (!allowed || allowed.length === 0) return;
  const [type = "", subtype = ""] = mimetype.split(";")[0]!.trim().toLowerCase().split("/");
  const ok = allowed.some((a) => {
    const [at = "", as = ""] = a.trim().toLowerCase().split("/");
    return (at === "*" || at === type) && (as === "*" || as === subtype);
  });
  if (!ok || !type || !subtype) {
    throw new StorageError(415, "invalid_mime_type", `mime type ${mimetype} is not supported`);
  }
}

/** Reads a body up to `max` bytes; a larger body is refused with 413 without reading the rest. */
async function readBody(req: Request, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max) {
    await req.body?.cancel().catch(() => {});
    throw entityTooLarge();
  }
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw entityTooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const ch of chunks) {
    out.set(ch, off);
    off += ch.length;
  }
  return out;
}

/** `file_size_limit` as bytes: a number, or a string like "10MB" / "10MiB" / "500KB". */
function parseSize(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "number") return Math.floor(v);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(String(v));
  if (!m) throw new StorageError(400, "InvalidRequest", "file_size_limit is invalid");
  const unit = (m[2] ?? "b").toLowerCase();
  const mult: Record<string, number> = {
    b: 1,
    kb: 1000,
    kib: 1024,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
  };
  return Math.floor(Number(m[1]) * mult[unit]!);
}

function parseJsonObject(text: string): Record<string, unknown> {
  const v = JSON.parse(text);
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
  return v as Record<string, unknown>;
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
  } catch {
    throw new StorageError(400, "InvalidRequest", "Body is not valid JSON");
  }
}

function iso(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

function bucketJson(b: Bucket): Record<string, unknown> {
  return {
    id: b.id,
    name: b.name,
    owner: b.owner ?? "",
    public: b.public ?? false,
    file_size_limit: b.file_size_limit == null ? null : Number(b.file_size_limit),
    allowed_mime_types: b.allowed_mime_types,
    created_at: iso(b.created_at),
    updated_at: iso(b.updated_at),
  };
}
