/**
 * Certificates through the API: upload URLs (types and sizes refused with 415/413), the upload
 * noticed by Storage (OCR queued), the owner's list and detail with a signed preview that
 * expires, delete rules; the admin review (queue, per user, approve / reject with notes, once),
 * every decision in the audit log and told to the user; and what a user token gets from the admin
 * routes: 403 and nothing else.
 *
 * The OCR itself is the runner's (tests/api/runner-ocr.test.ts); here the queue just fills.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";
import sharp from "sharp";
import { callFunction, newAdmin, newUser, serviceClient, type TestUser, withSql } from "../support/env.js";

let owner: TestUser;
let stranger: TestUser;
let admin: TestUser;

/** A small real PNG (Storage does not look inside; the preview must return these bytes). */
let PNG: Buffer;

interface Target {
  certificate_id: string;
  upload_url: string;
  storage_path: string;
  token: string;
}

async function createCertificate(user: TestUser, body: Record<string, unknown>) {
  return callFunction("verification/v1/certificates", { method: "POST", token: user.accessToken, body });
}

/** Asks for an upload URL and uploads `data` the way the page does (supabase-js uploadToSignedUrl). */
async function upload(user: TestUser, documentType = "course", title = "Deep Learning"): Promise<string> {
  const res = await createCertificate(user, {
    document_type: documentType,
    title,
    content_type: "image/png",
    size: PNG.length,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const t = res.body as Target;
  const up = await user.client.storage
    .from("certificates")
    .uploadToSignedUrl(t.storage_path, t.token, new Blob([new Uint8Array(PNG)], { type: "image/png" }), {
      contentType: "image/png",
    });
  assert.equal(up.error, null, JSON.stringify(up.error));
  return t.certificate_id;
}

function decide(id: string, action: "approve" | "reject", token: string, body?: unknown) {
  return callFunction(`verification/v1/admin/certificates/${id}/${action}`, { method: "POST", token, body });
}

before(async () => {
  PNG = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } })
    .png()
    .toBuffer();
  [owner, stranger, admin] = await Promise.all([
    newUser("cert-owner"),
    newUser("cert-stranger"),
    newAdmin("cert-admin"),
  ]);
});

describe("certificates: the owner", () => {
  test("only PDF, PNG, JPEG and WebP up to 10 MiB are accepted", async () => {
    const base = { document_type: "degree", size: 1000 };
    const gif = await createCertificate(owner, { ...base, content_type: "image/gif" });
    assert.equal(gif.status, 415, JSON.stringify(gif.body));
    assert.equal((gif.body as { error: { code: string } }).error.code, "unsupported_media_type");
    const big = await createCertificate(owner, {
      ...base,
      content_type: "application/pdf",
      size: 10 * 1024 * 1024 + 1,
    });
    assert.equal(big.status, 413, JSON.stringify(big.body));
    assert.equal((big.body as { error: { code: string } }).error.code, "payload_too_large");
    const kind = await createCertificate(owner, {
      ...base,
      document_type: "passport",
      content_type: "image/png",
    });
    assert.equal(kind.status, 422);
    const empty = await createCertificate(owner, { ...base, content_type: "image/png", size: 0 });
    assert.equal(empty.status, 422);
    const nul = await createCertificate(owner, { ...base, content_type: "image/png", title: "a\u0000b" });
    assert.equal(nul.status, 422);
    const list = await callFunction("verification/v1/certificates", { token: owner.accessToken });
    assert.equal((list.body as { total: number }).total, 0, "refused requests left no row");
  });

  test("an upload is noticed: the list shows it pending with its OCR queued", async () => {
    const id = await upload(owner);
    const list = await callFunction("verification/v1/certificates", { token: owner.accessToken });
    assert.equal(list.status, 200);
    const item = (
      list.body as { items: { id: string; status: string; ocr_status: string; title: string }[] }
    ).items.find((i) => i.id === id);
    assert.deepEqual(
      { status: item?.status, ocr_status: item?.ocr_status, title: item?.title },
      { status: "pending", ocr_status: "queued", title: "Deep Learning" },
    );
  });

  test("the detail has a preview URL that serves the file and expires in 5 minutes", async () => {
    const id = await upload(owner);
    const res = await callFunction(`verification/v1/certificates/${id}`, { token: owner.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const detail = res.body as { preview_url: string; expires_in: number };
    assert.equal(detail.expires_in, 300);
    const file = await fetch(detail.preview_url);
    assert.equal(file.status, 200);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
    const token = new URL(detail.preview_url).searchParams.get("token") ?? "";
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
      exp: number;
      iat: number;
    };
    assert.equal(claims.exp - claims.iat, 300, "the signed URL's token expires after 300 s");
  });

  test("a stranger (and an admin on the owner's routes) gets 404, and cannot delete it", async () => {
    const id = await upload(owner);
    for (const who of [stranger, admin]) {
      const get = await callFunction(`verification/v1/certificates/${id}`, { token: who.accessToken });
      assert.equal(get.status, 404);
      const del = await callFunction(`verification/v1/certificates/${id}`, {
        method: "DELETE",
        token: who.accessToken,
      });
      assert.equal(del.status, 404);
    }
    const list = await callFunction("verification/v1/certificates", { token: stranger.accessToken });
    assert.equal((list.body as { total: number }).total, 0);
    const still = await callFunction(`verification/v1/certificates/${id}`, { token: owner.accessToken });
    assert.equal(still.status, 200);
  });
});

describe("certificates: the admin review", () => {
  test("a user token gets 403 and no data from every admin route", async () => {
    const id = await upload(owner);
    const calls: [string, string, unknown?][] = [
      ["GET", "verification/v1/admin/certificates?status=pending"],
      ["GET", `verification/v1/admin/users/${owner.userId}/certificates`],
      ["GET", `verification/v1/admin/certificates/${id}`],
      ["POST", `verification/v1/admin/certificates/${id}/approve`],
      ["POST", `verification/v1/admin/certificates/${id}/reject`, { notes: "no" }],
    ];
    for (const [method, path, body] of calls) {
      for (const who of [owner, stranger]) {
        const res = await callFunction(path, { method, token: who.accessToken, body });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.deepEqual(Object.keys(res.body as object), ["error"], "nothing but the error");
        assert.ok(!JSON.stringify(res.body).includes(id), "the certificate id does not leak");
      }
    }
    const detail = await callFunction(`verification/v1/certificates/${id}`, { token: owner.accessToken });
    assert.equal((detail.body as { status: string }).status, "pending", "nothing was decided");
  });

  test("the pending queue across users, and per user, with pagination", async () => {
    const mine = await upload(owner, "degree", "B.Tech");
    const theirs = await upload(stranger, "professional", "AWS SAA");
    const queue = await callFunction(
      `verification/v1/admin/certificates?status=pending&user_id=${owner.userId},${stranger.userId}&page_size=100`,
      { token: admin.accessToken },
    );
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    const ids = (queue.body as { items: { id: string }[] }).items.map((i) => i.id);
    assert.ok(ids.includes(mine) && ids.includes(theirs));
    const page1 = await callFunction(
      `verification/v1/admin/certificates?status=pending&user_id=${owner.userId},${stranger.userId}&page_size=1&page=1`,
      { token: admin.accessToken },
    );
    const body1 = page1.body as { items: unknown[]; total: number };
    assert.equal(body1.items.length, 1);
    assert.equal(body1.total, ids.length);
    const perUser = await callFunction(`verification/v1/admin/users/${stranger.userId}/certificates`, {
      token: admin.accessToken,
    });
    const items = (perUser.body as { items: { id: string; user_id: string; user_email: string }[] }).items;
    assert.deepEqual(
      items.map((i) => i.id),
      [theirs],
    );
    assert.equal(items[0]?.user_email, stranger.email);
    const unknown = await callFunction(`verification/v1/admin/users/${randomUUID()}/certificates`, {
      token: admin.accessToken,
    });
    assert.equal(unknown.status, 404);
    const detail = await callFunction(`verification/v1/admin/certificates/${theirs}`, {
      token: admin.accessToken,
    });
    assert.equal(detail.status, 200);
    assert.ok((detail.body as { preview_url: string }).preview_url.includes("/certificates/"));
  });

  test("approve once: 409 the second time; audited; the user is told", async () => {
    const id = await upload(owner, "professional", "CKA");
    const ok = await decide(id, "approve", admin.accessToken);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((ok.body as { status: string }).status, "verified");
    const again = await decide(id, "approve", admin.accessToken);
    assert.equal(again.status, 409, JSON.stringify(again.body));
    const flip = await decide(id, "reject", admin.accessToken, { notes: "changed my mind" });
    assert.equal(flip.status, 409);
    const audit = await withSql(
      (sql) =>
        sql`select actor_id, action, target_user_id from public.admin_audit_log where target_id = ${id}`,
    );
    assert.deepEqual(
      audit.map((a) => ({ ...a })),
      [{ actor_id: admin.userId, action: "certificate.approve", target_user_id: owner.userId }],
    );
    const del = await callFunction(`verification/v1/certificates/${id}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    assert.equal(del.status, 409, "a verified certificate stays");
    // The notifications consumer runs every minute; run one batch now instead of waiting.
    await withSql((sql) => sql`select private.run_sql_consumer('notifications')`);
    const inbox = await callFunction("notifications/v1/notifications?page_size=100", {
      token: owner.accessToken,
    });
    const n = (inbox.body as { items: { title: string; link_url: string }[] }).items.find((i) =>
      i.link_url?.endsWith(id),
    );
    assert.equal(n?.title, "Certificate verified: CKA");
  });

  test("reject needs notes; the notes reach the user; a deleted certificate is 404", async () => {
    const id = await upload(owner, "course", "React");
    for (const body of [{}, { notes: "" }, { notes: "   " }]) {
      const res = await decide(id, "reject", admin.accessToken, body);
      assert.equal(res.status, 422, JSON.stringify(body));
    }
    const res = await decide(id, "reject", admin.accessToken, {
      notes: "The name does not match your profile.",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const mine = await callFunction(`verification/v1/certificates/${id}`, { token: owner.accessToken });
    assert.deepEqual(
      {
        status: (mine.body as { status: string }).status,
        notes: (mine.body as { rejection_notes: string }).rejection_notes,
      },
      { status: "rejected", notes: "The name does not match your profile." },
    );
    const del = await callFunction(`verification/v1/certificates/${id}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    assert.equal(del.status, 200);
    const gone = await decide(id, "approve", admin.accessToken);
    assert.equal(gone.status, 404);
    const pending = await upload(owner);
    const delPending = await callFunction(`verification/v1/certificates/${pending}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    assert.equal(delPending.status, 200);
    assert.equal((await decide(pending, "approve", admin.accessToken)).status, 404);
    const bad = await decide("not-a-uuid", "approve", admin.accessToken);
    assert.equal(bad.status, 422);
  });

  test("a file deleted out of band leaves the row reviewable, without a preview", async () => {
    const id = await upload(owner, "course", "Vanished File");
    const [row] = await withSql(
      (sql) => sql<{ storage_path: string }[]>`select storage_path from public.certificates where id = ${id}`,
    );
    const removed = await serviceClient().storage.from("certificates").remove([row!.storage_path]);
    assert.equal(removed.error, null);
    const res = await callFunction(`verification/v1/admin/certificates/${id}`, { token: admin.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      {
        preview_url: (res.body as { preview_url: unknown }).preview_url,
        title: (res.body as { title: string }).title,
      },
      { preview_url: null, title: "Vanished File" },
    );
  });

  test("a certificate whose file never arrived cannot be decided (409)", async () => {
    const res = await createCertificate(owner, {
      document_type: "degree",
      content_type: "application/pdf",
      size: 100,
    });
    const id = (res.body as Target).certificate_id;
    const approve = await decide(id, "approve", admin.accessToken);
    assert.equal(approve.status, 409);
  });
});
