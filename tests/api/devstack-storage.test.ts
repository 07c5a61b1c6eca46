/**
 * The devstack gateway's `/storage/v1` (Storage-compatible subset), driven by the official
 * `@supabase/supabase-js` client; `fetch` only for signed-URL downloads and for requests the client
 * would never build (forged tokens, path traversal).
 *
 * The suite makes its own buckets (`gwtest-*`) and an RLS policy letting a user work only inside
 * the folder named by their user id, so it does not depend on the project's migrations.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { StorageApiError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { env, newUser, serviceClient, type TestUser } from "../support/env.js";

const sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
const run = randomUUID().slice(0, 8);
const privateBucket = `gwtest-${run}`;
const publicBucket = `gwtest-${run}-pub`;
const storageUrl = `${env.apiUrl}/storage/v1`;

let alice: TestUser;
let bob: TestUser;
let service: SupabaseClient;

before(async () => {
  await sql`
    insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
    values (${privateBucket}, ${privateBucket}, false, 1024, ${["text/plain", "image/*", "application/pdf"]}),
           (${publicBucket}, ${publicBucket}, true, null, null)`;
  // Users may read, write and delete only below "<their id>/" in the suite's buckets.
  await sql.unsafe(`
    do $$
    begin
      if not exists (select 1 from pg_policies where schemaname = 'storage' and policyname = 'gwtest_objects_own_folder') then
        create policy gwtest_objects_own_folder on storage.objects for all to authenticated
          using (bucket_id like 'gwtest-%' and (storage.foldername(name))[1] = (select auth.uid()::text))
          with check (bucket_id like 'gwtest-%' and (storage.foldername(name))[1] = (select auth.uid()::text));
      end if;
    end
    $$;`);
  alice = await newUser("alice");
  bob = await newUser("bob");
  service = serviceClient();
});

after(async () => {
  for (const bucket of [privateBucket, publicBucket]) {
    await service.storage.emptyBucket(bucket);
    await service.storage.deleteBucket(bucket);
  }
  await sql.end({ timeout: 2 });
});

function assertStorageError(error: unknown, status: number, name?: string): asserts error is StorageApiError {
  assert.ok(error instanceof StorageApiError, `expected a StorageApiError, got ${String(error)}`);
  assert.equal(error.status, status, error.message);
  if (name) assert.equal(error.statusCode, String(status));
}

async function download(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("signed upload and download URLs", () => {
  test("a user uploads a Blob through a signed upload URL and reads it back through a signed URL", async () => {
    const path = `${alice.userId}/notes/hello.txt`;
    const files = alice.client.storage.from(privateBucket);
    const signed = await files.createSignedUploadUrl(path);
    assert.equal(signed.error, null);
    assert.ok(signed.data?.token);
    assert.ok(
      signed.data.signedUrl.startsWith(`${storageUrl}/object/upload/sign/${privateBucket}/${path}?token=`),
    );

    const up = await files.uploadToSignedUrl(
      path,
      signed.data.token,
      new Blob(["hello, world"], { type: "text/plain" }),
    );
    assert.equal(up.error, null);
    assert.equal(up.data?.fullPath, `${privateBucket}/${path}`);

    const url = await files.createSignedUrl(path, 60);
    assert.equal(url.error, null);
    const got = await download(url.data?.signedUrl ?? "");
    assert.equal(got.status, 200);
    assert.equal(got.type, "text/plain");
    assert.equal(got.text, "hello, world");

    const [row] = await sql<{ owner: string; size: number }[]>`
      select owner::text, (metadata->>'size')::int as size from storage.objects
       where bucket_id = ${privateBucket} and name = ${path}`;
    assert.deepEqual(row, { owner: alice.userId, size: 12 });
  });

  test("the service role uploads a Buffer with a content type; the signed URL can force a download", async () => {
    const path = `${alice.userId}/cv.pdf`;
    const files = service.storage.from(privateBucket);
    const signed = await files.createSignedUploadUrl(path);
    assert.equal(signed.error, null);
    const pdf = Buffer.from("%PDF-1.4\n%devstack\n");
    const up = await files.uploadToSignedUrl(path, signed.data?.token ?? "", pdf, {
      contentType: "application/pdf",
    });
    assert.equal(up.error, null);

    const url = await files.createSignedUrl(path, 60, { download: "resume.pdf" });
    const res = await fetch(url.data?.signedUrl ?? "");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="resume.pdf"/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
  });

  test("a signed URL stops working when it expires", async () => {
    const path = `${alice.userId}/short-lived.txt`;
    const files = alice.client.storage.from(privateBucket);
    assert.equal((await files.upload(path, new Blob(["soon gone"], { type: "text/plain" }))).error, null);
    const url = await files.createSignedUrl(path, 1);
    assert.equal(url.error, null);
    await new Promise((r) => setTimeout(r, 2100));
    const res = await fetch(url.data?.signedUrl ?? "");
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { statusCode: "400", error: "InvalidJWT", message: "jwt expired" });
  });

  test("forged tokens and tokens for another object are refused", async () => {
    const path = `${alice.userId}/notes/hello.txt`;
    const url = await alice.client.storage.from(privateBucket).createSignedUrl(path, 60);
    const signedUrl = new URL(url.data?.signedUrl ?? "");
    const token = signedUrl.searchParams.get("token") ?? "";
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p ?? "", "base64url").toString());

    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, url: `${privateBucket}/${bob.userId}/x` })).toString("base64url")}.${s}`;
    const res1 = await fetch(`${storageUrl}/object/sign/${privateBucket}/${bob.userId}/x?token=${forged}`);
    assert.equal(res1.status, 400);
    assert.equal(((await res1.json()) as { error: string }).error, "InvalidJWT");

    const res2 = await fetch(
      `${storageUrl}/object/sign/${privateBucket}/${alice.userId}/cv.pdf?token=${token}`,
    );
    assert.equal(res2.status, 400);
    assert.equal(((await res2.json()) as { error: string }).error, "InvalidSignature");

    const res3 = await fetch(`${storageUrl}/object/sign/${privateBucket}/${path}`);
    assert.equal(res3.status, 400);
  });
});

describe("bucket rules", () => {
  test("the bucket's file size limit is enforced", async () => {
    const files = alice.client.storage.from(privateBucket);
    const big = new Blob(["x".repeat(2048)], { type: "text/plain" });
    const direct = await files.upload(`${alice.userId}/big.txt`, big);
    assertStorageError(direct.error, 413, "Payload too large");
    assert.equal(direct.error.message, "The object exceeded the maximum allowed size");

    const signed = await files.createSignedUploadUrl(`${alice.userId}/big2.txt`);
    const viaUrl = await files.uploadToSignedUrl(`${alice.userId}/big2.txt`, signed.data?.token ?? "", big);
    assertStorageError(viaUrl.error, 413);

    const [row] =
      await sql`select 1 from storage.objects where bucket_id = ${privateBucket} and name like ${`${alice.userId}/big%`}`;
    assert.equal(row, undefined, "nothing was stored");
  });

  test("the bucket's MIME allow-list is enforced, wildcards included", async () => {
    const files = alice.client.storage.from(privateBucket);
    const json = await files.upload(
      `${alice.userId}/data.json`,
      new Blob(["{}"], { type: "application/json" }),
    );
    assertStorageError(json.error, 415);
    assert.equal(json.error.message, "mime type application/json is not supported");

    const png = await files.upload(
      `${alice.userId}/pic.png`,
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }),
    );
    assert.equal(png.error, null);
    const buf = await files.upload(`${alice.userId}/raw.bin`, Buffer.from("raw"), {
      contentType: "application/octet-stream",
    });
    assertStorageError(buf.error, 415);
  });

  test("an existing object is not overwritten unless upsert is asked for", async () => {
    const path = `${alice.userId}/upsert.txt`;
    const files = alice.client.storage.from(privateBucket);
    assert.equal((await files.upload(path, new Blob(["v1"], { type: "text/plain" }))).error, null);
    const again = await files.upload(path, new Blob(["v2"], { type: "text/plain" }));
    assertStorageError(again.error, 409);
    assert.equal(again.error.message, "The resource already exists");
    assert.equal(
      (await files.upload(path, new Blob(["v3"], { type: "text/plain" }), { upsert: true })).error,
      null,
    );
    const { data } = await files.download(path);
    assert.equal(await data?.text(), "v3");
  });

  test("a private bucket serves nothing publicly; a public bucket does", async () => {
    const priv = service.storage.from(privateBucket).getPublicUrl(`${alice.userId}/notes/hello.txt`);
    assert.notEqual((await fetch(priv.data.publicUrl)).status, 200);

    const pub = service.storage.from(publicBucket);
    assert.equal(
      (await pub.upload("logo.txt", Buffer.from("public!"), { contentType: "text/plain" })).error,
      null,
    );
    const got = await download(pub.getPublicUrl("logo.txt").data.publicUrl);
    assert.equal(got.status, 200);
    assert.equal(got.text, "public!");
  });
});

describe("row-level security", () => {
  test("a user cannot read, sign, overwrite or delete another user's object", async () => {
    const path = `${alice.userId}/private.txt`;
    assert.equal(
      (
        await alice.client.storage
          .from(privateBucket)
          .upload(path, new Blob(["alice only"], { type: "text/plain" }))
      ).error,
      null,
    );
    const files = bob.client.storage.from(privateBucket);
    const dl = await files.download(path);
    assert.ok(dl.error);
    const sign = await files.createSignedUrl(path, 60);
    assertStorageError(sign.error, 404);
    const up = await files.upload(
      `${alice.userId}/planted.txt`,
      new Blob(["bob was here"], { type: "text/plain" }),
    );
    assertStorageError(up.error, 403);
    const signUp = await files.createSignedUploadUrl(`${alice.userId}/planted2.txt`);
    assertStorageError(signUp.error, 403);
    const rm = await files.remove([path]);
    assert.equal(rm.error, null);
    assert.deepEqual(rm.data, []);
    const still = await alice.client.storage.from(privateBucket).download(path);
    assert.equal(await still.data?.text(), "alice only");
  });

  test("anon callers see nothing", async () => {
    const anon = await fetch(`${storageUrl}/object/list/${privateBucket}`, {
      method: "POST",
      headers: {
        apikey: env.anonKey,
        authorization: `Bearer ${env.anonKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ prefix: alice.userId }),
    });
    assert.equal(anon.status, 200);
    assert.deepEqual(await anon.json(), []);
  });
});

describe("paths", () => {
  test("keys that could leave the bucket are refused", async () => {
    const headers = { apikey: env.serviceRoleKey, authorization: `Bearer ${env.serviceRoleKey}` };
    const bad = [
      "..%2F..%2Fkeys.json",
      "a%2F..%2F..%2Fescape.txt",
      "a%5C..%5Cx.txt",
      "a%00b.txt",
      "%2Fabs.txt",
      "a%2F%2Fb.txt",
    ];
    for (const key of bad) {
      const upload = await fetch(`${storageUrl}/object/${privateBucket}/${key}`, {
        method: "POST",
        headers: { ...headers, "content-type": "text/plain" },
        body: "nope",
      });
      assert.equal(upload.status, 400, key);
      assert.equal(((await upload.json()) as { error: string }).error, "InvalidKey", key);
      const sign = await fetch(`${storageUrl}/object/upload/sign/${privateBucket}/${key}`, {
        method: "POST",
        headers,
      });
      assert.equal(sign.status, 400, key);
      await sign.body?.cancel();
    }
    const bucketEscape = await fetch(`${storageUrl}/object/..%2F${privateBucket}/x.txt`, {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body: "nope",
    });
    assert.equal(bucketEscape.status, 400);
    await bucketEscape.body?.cancel();

    const viaClient = await service.storage
      .from(privateBucket)
      .upload("a/../../../x.txt", Buffer.from("nope"), { contentType: "text/plain" });
    assert.ok(viaClient.error);
    const [row] =
      await sql`select 1 from storage.objects where name like '%x.txt' and bucket_id like 'gwtest-%'`;
    assert.equal(row, undefined);
  });
});

describe("listing and deleting", () => {
  test("list shows one folder level; remove deletes exactly the named objects and their files", async () => {
    const files = alice.client.storage.from(privateBucket);
    for (const name of ["a.txt", "b.txt", "sub/c.txt"]) {
      const r = await files.upload(`${alice.userId}/lst/${name}`, new Blob([name], { type: "text/plain" }));
      assert.equal(r.error, null);
    }
    const listed = await files.list(`${alice.userId}/lst`);
    assert.equal(listed.error, null);
    assert.deepEqual(
      listed.data?.map((e) => e.name),
      ["a.txt", "b.txt", "sub"],
    );
    assert.equal(listed.data?.find((e) => e.name === "sub")?.id, null);
    assert.equal(listed.data?.find((e) => e.name === "a.txt")?.metadata?.mimetype, "text/plain");
    const page = await files.list(`${alice.userId}/lst`, { limit: 1, offset: 1 });
    assert.deepEqual(
      page.data?.map((e) => e.name),
      ["b.txt"],
    );

    const signed = await files.createSignedUrl(`${alice.userId}/lst/a.txt`, 60);
    const removed = await files.remove([`${alice.userId}/lst/a.txt`, `${alice.userId}/lst/sub/c.txt`]);
    assert.equal(removed.error, null);
    assert.deepEqual(removed.data?.map((o) => o.name).sort(), [
      `${alice.userId}/lst/a.txt`,
      `${alice.userId}/lst/sub/c.txt`,
    ]);
    assert.equal((await fetch(signed.data?.signedUrl ?? "")).status, 404);
    const again = await files.createSignedUrl(`${alice.userId}/lst/a.txt`, 60);
    assertStorageError(again.error, 404);
    const rest = await files.list(`${alice.userId}/lst`);
    assert.deepEqual(
      rest.data?.map((e) => e.name),
      ["b.txt"],
    );
  });

  test("account deletion: the service role removes all of a user's objects, then the auth user", async () => {
    const carol = await newUser("carol");
    const files = carol.client.storage.from(privateBucket);
    for (const name of ["one.txt", "deep/two.txt", "deep/er/three.txt"]) {
      assert.equal(
        (await files.upload(`${carol.userId}/${name}`, new Blob([name], { type: "text/plain" }))).error,
        null,
      );
    }
    const signed = await files.createSignedUrl(`${carol.userId}/deep/er/three.txt`, 60);
    // What auth-identity's account deletion does: find the user's objects, remove them through
    // the Storage API with the service role, then delete the auth user.
    const owned = await sql<{ bucket_id: string; name: string }[]>`
      select bucket_id, name from storage.objects where owner_id = ${carol.userId}`;
    assert.equal(owned.length, 3);
    const removed = await service.storage.from(privateBucket).remove(owned.map((o) => o.name));
    assert.equal(removed.data?.length, 3);
    assert.equal((await service.auth.admin.deleteUser(carol.userId)).error, null);

    const [left] = await sql`select 1 from storage.objects where owner_id = ${carol.userId}`;
    assert.equal(left, undefined);
    assert.equal((await fetch(signed.data?.signedUrl ?? "")).status, 404, "the file is gone from disk");
  });
});

describe("object operations", () => {
  test("exists, info, several signed URLs at once, move and copy", async () => {
    const files = alice.client.storage.from(privateBucket);
    const base = `${alice.userId}/ops`;
    assert.equal(
      (await files.upload(`${base}/one.txt`, new Blob(["one"], { type: "text/plain" }))).error,
      null,
    );
    assert.equal(
      (await files.upload(`${base}/two.txt`, new Blob(["two"], { type: "text/plain" }))).error,
      null,
    );

    assert.equal((await files.exists(`${base}/one.txt`)).data, true);
    assert.equal((await files.exists(`${base}/none.txt`)).data, false);
    const info = await files.info(`${base}/one.txt`);
    assert.equal(info.error, null);
    assert.equal(info.data?.size, 3);
    assert.equal(info.data?.contentType, "text/plain");

    const many = await files.createSignedUrls([`${base}/one.txt`, `${base}/two.txt`, `${base}/none.txt`], 60);
    assert.equal(many.error, null);
    assert.equal((await download(many.data?.[1]?.signedUrl ?? "")).text, "two");
    assert.equal(many.data?.[2]?.signedUrl, null);
    assert.ok(many.data?.[2]?.error);

    const moved = await files.move(`${base}/one.txt`, `${base}/moved/one.txt`);
    assert.equal(moved.error, null);
    assert.equal((await files.exists(`${base}/one.txt`)).data, false);
    assert.equal(await (await files.download(`${base}/moved/one.txt`)).data?.text(), "one");

    const copied = await files.copy(`${base}/two.txt`, `${base}/copy-of-two.txt`);
    assert.equal(copied.error, null);
    assert.equal(copied.data?.path, `${privateBucket}/${base}/copy-of-two.txt`);
    assert.equal(await (await files.download(`${base}/copy-of-two.txt`)).data?.text(), "two");
    assert.equal(await (await files.download(`${base}/two.txt`)).data?.text(), "two");

    const intoBob = await files.move(`${base}/two.txt`, `${bob.userId}/stolen.txt`);
    assert.ok(intoBob.error, "RLS refuses moving into another user's folder");
  });
});

describe("buckets", () => {
  test("the service role lists and reads buckets; users see none without a policy", async () => {
    const all = await service.storage.listBuckets();
    assert.equal(all.error, null);
    assert.ok(all.data?.some((b) => b.id === privateBucket));
    const one = await service.storage.getBucket(privateBucket);
    assert.equal(one.data?.file_size_limit, 1024);
    assert.deepEqual(one.data?.allowed_mime_types, ["text/plain", "image/*", "application/pdf"]);
    assert.equal(one.data?.public, false);
    const missing = await service.storage.getBucket(`gwtest-${run}-missing`);
    assertStorageError(missing.error, 404);
    const mine = await alice.client.storage.listBuckets();
    assert.deepEqual(mine.data, []);
  });
});
