/**
 * JSON-lines logging: one object per line on stdout (`{"ts","level","msg",...fields}`).
 *
 * Secrets never reach the log: fields whose name looks like a credential (`key`, `token`,
 * `secret`, `password`, `authorization`, `cookie`) are replaced by `"[redacted]"`, and any string
 * value has JWTs, bearer tokens and URL passwords masked (`redact`).
 */

/** Log levels in increasing severity. */
export type Level = "debug" | "info" | "warn" | "error";

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_FIELD = /(key|token|secret|password|passwd|authorization|cookie|credential)/i;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+):[^@/\s]+@/gi;

/** Masks JWTs, bearer/basic credentials and URL passwords inside a string. */
export function redact(text: string): string {
  return text.replace(JWT, "[jwt]").replace(BEARER, "$1 [redacted]").replace(URL_PASSWORD, "$1:[redacted]@");
}

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redact(value.message), ...(code ? { code: String(code) } : {}) };
  }
  if (Array.isArray(value)) return depth > 4 ? "[array]" : value.map((v) => clean(v, depth + 1));
  if (value && typeof value === "object") {
    if (depth > 4) return "[object]";
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_FIELD.test(k) ? "[redacted]" : clean(v, depth + 1);
    return out;
  }
  return value;
}

/** A structured logger bound to some context fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Creates a logger writing JSON lines to `write` (stdout by default) at `level` and above
 * (`RUNNER_LOG_LEVEL`, default `info`).
 */
export function createLogger(
  opts: { level?: Level; base?: Record<string, unknown>; write?: (line: string) => void } = {},
): Logger {
  const min = ORDER[opts.level ?? "info"];
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const base = opts.base ?? {};
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const line = {
      ts: new Date().toISOString(),
      level,
      msg: redact(msg),
      ...(clean(base) as object),
      ...(fields ? (clean(fields) as object) : {}),
    };
    write(`${JSON.stringify(line)}\n`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}
