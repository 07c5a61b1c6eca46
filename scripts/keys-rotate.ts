/**
 * `npm run keys:rotate` — re-encrypts every stored user token (`public.api_tokens`) under the
 * ACTIVE key of `TOKEN_ENCRYPTION_KEYS` (its first entry).
 *
 *   npm run keys:rotate                              TOKEN_ENCRYPTION_KEYS + SUPABASE_DB_URL from the environment
 *   npm run keys:rotate -- --profile dev             both from the devstack profile (.devstack/dev/env.json)
 *   npm run keys:rotate -- --dry-run --batch 200     count what would move; rows per transaction
 *
 * Rotating a key:
 *   1. generate one: `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`
 *   2. deploy the functions with `TOKEN_ENCRYPTION_KEYS=<new kid>:<new key>,<old kid>:<old key>` (new first:
 *      new tokens use it, old rows stay readable)
 *   3. run this with the same keyring; it exits 0 when no row is left under another key
 *   4. remove the old entry from the functions' environment
 *
 * The envelope is the one `supabase/functions/_shared/crypto.ts` writes (AES-256-GCM, 12-byte IV,
 * AAD bound to the row's user and provider), implemented here with node:crypto:
 * `v1.<kid>.<base64url IV>.<base64url ciphertext‖tag>`. Each row is updated only if it still holds
 * the ciphertext that was read (a token the user replaced meanwhile is left as the function wrote
 * it). Rows that cannot be opened (key missing from the keyring, tampered) are reported, never
 * changed, and make the exit code 1.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import postgres from "postgres";

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const VERSION = "v1";

export interface Keyring {
  activeKeyId: string;
  keys: Map<string, Buffer>;
}

/** Parses `kid:base64[,kid:base64…]` exactly as the functions do (first entry = active). */
export function parseKeyring(raw: string | undefined): Keyring {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("TOKEN_ENCRYPTION_KEYS is not set");
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of entries.entries()) {
    const sep = entry.indexOf(":");
    const kid = sep > 0 ? entry.slice(0, sep) : "";
    if (!KID.test(kid))
      throw new Error(`TOKEN_ENCRYPTION_KEYS entry ${i + 1}: expected "<kid>:<base64 key>"`);
    if (keys.has(kid)) throw new Error(`TOKEN_ENCRYPTION_KEYS: key id "${kid}" appears twice`);
    const text = entry.slice(sep + 1).trim();
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text))
      throw new Error(`TOKEN_ENCRYPTION_KEYS: key "${kid}" is not base64`);
    const key = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length !== 32)
      throw new Error(`TOKEN_ENCRYPTION_KEYS: key "${kid}" must be 32 bytes (got ${key.length})`);
    keys.set(kid, key);
  }
  return { activeKeyId: entries[0]?.slice(0, entries[0].indexOf(":")) ?? "", keys };
}

/** The AAD binding a ciphertext to its row. */
export function tokenAad(userId: string, provider: string): string {
  return `careerpilot.api_tokens.v1:${userId}:${provider}`;
}

/** Encrypts under the active key. `iv` only for known-answer tests. */
export function encryptToken(
  keyring: Keyring,
  plaintext: string,
  aad: string,
  iv: Buffer = randomBytes(12),
): { envelope: string; keyId: string } {
  const kid = keyring.activeKeyId;
  const key = keyring.keys.get(kid);
  if (!key) throw new Error(`no key "${kid}"`);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return {
    envelope: `${VERSION}.${kid}.${iv.toString("base64url")}.${sealed.toString("base64url")}`,
    keyId: kid,
  };
}

/** Opens an envelope with the key it names. @throws when malformed, unknown key, or not authentic. */
export function decryptToken(keyring: Keyring, envelope: string, aad: string): string {
  const parts = envelope.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !KID.test(parts[1] ?? "")) {
    throw new Error("not a v1 token envelope");
  }
  const [, kid, ivText, sealedText] = parts as [string, string, string, string];
  const key = keyring.keys.get(kid);
  if (!key) throw new Error(`no key "${kid}" in TOKEN_ENCRYPTION_KEYS`);
  const iv = Buffer.from(ivText, "base64url");
  const sealed = Buffer.from(sealedText, "base64url");
  if (iv.length !== 12 || sealed.length < 17) throw new Error("token envelope is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new Error("token envelope failed authentication");
  }
}

export interface RotationResult {
  /** Rows found under another key. */
  candidates: number;
  /** Rows re-encrypted under the active key. */
  rotated: number;
  /** Rows changed by someone else between read and write (left as they are). */
  skipped: number;
  /** Rows that could not be opened: never changed. */
  failed: { id: string; key_id: string; error: string }[];
  /** Rows still under another key after the run (failed + skipped under an old key). */
  remaining: number;
}

/**
 * Moves every `api_tokens` row not under the active key to it, `batchSize` rows per
 * transaction. `userIds` limits the run to those users (tests).
 */
export async function rotateTokens(
  sql: postgres.Sql,
  keyring: Keyring,
  options: { batchSize?: number; dryRun?: boolean; userIds?: string[] } = {},
): Promise<RotationResult> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 100, 10_000));
  const active = keyring.activeKeyId;
  const onlyUsers = options.userIds ?? null;
  const result: RotationResult = { candidates: 0, rotated: 0, skipped: 0, failed: [], remaining: 0 };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await sql<
      { id: string; user_id: string; provider: string; token_encrypted: string; key_id: string }[]
    >`
      select id, user_id, provider::text as provider, token_encrypted, key_id
      from public.api_tokens
      where key_id <> ${active} and id > ${after}::uuid
        and (${onlyUsers}::uuid[] is null or user_id = any(${onlyUsers}::uuid[]))
      order by id
      limit ${batchSize}`;
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    result.candidates += rows.length;
    const updates: { id: string; old: string; envelope: string }[] = [];
    for (const row of rows) {
      const aad = tokenAad(row.user_id, row.provider);
      try {
        const plain = decryptToken(keyring, row.token_encrypted, aad);
        updates.push({
          id: row.id,
          old: row.token_encrypted,
          envelope: encryptToken(keyring, plain, aad).envelope,
        });
      } catch (err) {
        result.failed.push({ id: row.id, key_id: row.key_id, error: (err as Error).message });
      }
    }
    if (options.dryRun) continue;
    await sql.begin(async (tx) => {
      for (const u of updates) {
        const changed = await tx`
          update public.api_tokens set token_encrypted = ${u.envelope}, key_id = ${active}
          where id = ${u.id} and token_encrypted = ${u.old}`;
        if (changed.count === 1) result.rotated += 1;
        else result.skipped += 1;
      }
    });
  }
  const [left] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.api_tokens
    where key_id <> ${active} and (${onlyUsers}::uuid[] is null or user_id = any(${onlyUsers}::uuid[]))`;
  result.remaining = left?.n ?? 0;
  return result;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROFILE_DB_PORTS: Record<string, number> = { dev: 54322, test: 55322 };

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  let keysRaw = process.env.TOKEN_ENCRYPTION_KEYS;
  let dbUrl = process.env.SUPABASE_DB_URL ?? process.env.DATABASE_URL;
  const profile = argValue(args, "--profile");
  if (profile) {
    const port = PROFILE_DB_PORTS[profile];
    if (!port) throw new Error(`unknown profile "${profile}" (expected dev or test)`);
    const envFile = path.join(REPO_ROOT, ".devstack", profile, "env.json");
    const fileEnv = existsSync(envFile)
      ? (JSON.parse(readFileSync(envFile, "utf8")) as Record<string, string>)
      : {};
    keysRaw = process.env.TOKEN_ENCRYPTION_KEYS ?? fileEnv.TOKEN_ENCRYPTION_KEYS;
    dbUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  if (!dbUrl) throw new Error("set SUPABASE_DB_URL (or pass --profile dev|test)");
  const keyring = parseKeyring(keysRaw);
  const dryRun = args.includes("--dry-run");
  const batchSize = Number(argValue(args, "--batch") ?? 100);
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const r = await rotateTokens(sql, keyring, { batchSize, dryRun });
    console.log(
      JSON.stringify({
        active_key: keyring.activeKeyId,
        dry_run: dryRun,
        candidates: r.candidates,
        rotated: r.rotated,
        skipped_changed_meanwhile: r.skipped,
        failed: r.failed,
        remaining_under_old_keys: r.remaining,
      }),
    );
    if (r.failed.length > 0) {
      console.error(
        `${r.failed.length} row(s) could not be opened with this keyring; they were left unchanged.`,
      );
      return 1;
    }
    if (!dryRun && r.remaining > 0) {
      console.error(`${r.remaining} row(s) still under an old key (changed during the run): run it again.`);
      return 1;
    }
    return 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`keys:rotate: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
