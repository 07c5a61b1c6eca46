/**
 * Unit tests of the storage stand-in's pure parts: the multipart parser (supabase-js uploads a
 * Blob as a part named "") and object-key validation. Run:
 * `deno test --config supabase/functions/deno.json devstack/gateway/`.
 */
import assert from "node:assert/strict";
import { multipartBoundary, parseMultipart } from "./multipart.ts";
import { validateKey } from "./storage.ts";

Deno.test("parses the multipart body supabase-js sends for a Blob, including the part named ''", async () => {
  const form = new FormData();
  form.append("cacheControl", "3600");
  form.append("", new Blob([new Uint8Array([0, 1, 2, 13, 10, 45, 45, 255])], { type: "image/png" }));
  const req = new Request("http://x/", { method: "PUT", body: form });
  const boundary = multipartBoundary(req.headers.get("content-type"));
  assert.ok(boundary);
  const parts = parseMultipart(new Uint8Array(await req.arrayBuffer()), boundary);
  assert.equal(parts.length, 2);
  assert.equal(parts[0]?.name, "cacheControl");
  assert.equal(new TextDecoder().decode(parts[0]?.data), "3600");
  assert.equal(parts[1]?.name, "");
  assert.equal(parts[1]?.filename, "blob");
  assert.equal(parts[1]?.contentType, "image/png");
  assert.deepEqual([...(parts[1]?.data ?? [])], [0, 1, 2, 13, 10, 45, 45, 255]);
});

Deno.test("a malformed multipart body is refused", () => {
  assert.throws(() => parseMultipart(new TextEncoder().encode("no boundary here"), "abc"));
  assert.throws(() =>
    parseMultipart(
      new TextEncoder().encode('--abc\r\ncontent-disposition: form-data; name="a"\r\n\r\nunterminated'),
      "abc",
    )
  );
});

Deno.test("object keys cannot leave their bucket", () => {
  for (const ok of ["a.txt", "user/folder/file name (1).pdf", "ünïcode/ok.txt", "a..b/c"]) validateKey(ok);
  for (
    const bad of [
      "",
      "../x",
      "a/../../x",
      "a/./b",
      "/abs",
      "a//b",
      "a\\b",
      "a\u0000b",
      "a\nb",
      "dir/",
      "x".repeat(1025),
    ]
  ) {
    assert.throws(() => validateKey(bad), `refused: ${JSON.stringify(bad)}`);
  }
});
