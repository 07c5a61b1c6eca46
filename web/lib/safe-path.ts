/**
 * Redirect targets taken from a URL (`?next=`, an OAuth flow's `redirect_to`): only paths on
 * this site. Anything else — another origin (`https://evil.example`, `//evil.example`), a
 * backslash that browsers read as a slash (`/\evil.example`, also percent-encoded), control
 * characters (tabs and newlines, which browsers strip), a path that normalises to `//…` — gives
 * the fallback.
 */

/** Any origin works for resolving: only whether the result stays on it matters. */
const BASE = "http://site.invalid";

/** True when `s` has a backslash or a C0/DEL control character. */
function hasUnsafeChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function decodedOnce(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * `raw` as a same-site path (`/settings?tab=x#y`), or `fallback` when it is missing or would
 * lead anywhere else.
 */
export function safeLocalPath(raw: string | null | undefined, fallback: string): string {
  if (!raw || raw.length > 2048) return fallback;
  const decoded = decodedOnce(raw);
  if (decoded === null) return fallback;
  for (const candidate of [raw, decoded]) {
    if (!candidate.startsWith("/") || candidate.startsWith("//") || hasUnsafeChar(candidate)) {
      return fallback;
    }
  }
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A same-site `path` (see {@link safeLocalPath}) with `params` set in its query string. */
export function localPathWith(path: string, params: Record<string, string>, fallback: string): string {
  const url = new URL(safeLocalPath(path, fallback), BASE);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return `${url.pathname}${url.search}${url.hash}`;
}
