/**
 * A small `multipart/form-data` parser over the whole body.
 *
 * Deno's `Request.formData()` drops a part whose name is `""`, which is exactly how supabase-js
 * uploads a Blob (`form.append("", blob)`), so the storage stand-in parses multipart itself.
 */

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Uint8Array;
}

/** The boundary of a `multipart/*` content type, or null. */
export function multipartBoundary(contentType: string | null | undefined): string | null {
  if (!contentType || !/^multipart\//i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Splits a multipart body into its parts; throws on a malformed body. */
export function parseMultipart(body: Uint8Array, boundary: string): Part[] {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const delimiter = enc.encode(`--${boundary}`);
  const parts: Part[] = [];
  let pos = indexOf(body, delimiter, 0);
  if (pos < 0) throw new Error("multipart boundary not found");
  while (true) {
    pos += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    // Skip transport padding and the CRLF after the delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    const headerEnd = indexOf(body, enc.encode("\r\n\r\n"), pos);
    if (headerEnd < 0) throw new Error("multipart part headers not terminated");
    const headers = parseHeaders(dec.decode(body.subarray(pos, headerEnd)));
    const dataStart = headerEnd + 4;
    const next = indexOf(body, enc.encode(`\r\n--${boundary}`), dataStart);
    if (next < 0) throw new Error("multipart closing boundary not found");
    const disposition = headers.get("content-disposition") ?? "";
    const name = dispositionParam(disposition, "name") ?? "";
    const filename = dispositionParam(disposition, "filename") ?? undefined;
    parts.push({
      name,
      filename,
      contentType: headers.get("content-type") ?? undefined,
      data: body.subarray(dataStart, next),
    });
    pos = next + 2;
  }
  return parts;
}

function parseHeaders(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

function dispositionParam(disposition: string, key: string): string | null {
  const re = new RegExp(`(?:^|;)\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i");
  const m = re.exec(disposition);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? "").trim();
}

/** Index of `needle` in `haystack` from `from`, or -1. */
export function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  let i = from;
  while (i <= last) {
    i = haystack.indexOf(first!, i);
    if (i < 0 || i > last) return -1;
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
    i++;
  }
  return -1;
}
