/**
 * `npm run keys:rotate` — re-encrypts every stored user token (`public.api_tokens`) and platform key
 * (`public.platform_api_keys`) under the ACTIVE key of `TOKEN_ENCRYPTION_KEYS` (its first entry).
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
 * The envelope is the one the functions write, from the same code (the shared contract's
 * `crypto.ts`: AES-256-GCM, 12-byte IV, AAD bound to the row's user and provider):
 * `v1.<kid>.<base64url IV>.<base64url ciphertext‖tag>`. Each row is updated only if it still holds
 * the ciphertext that was read (a token the user replaced meanwhile is left as the function wrote
 * it). Rows that cannot be opened (key missing from the keyring, tampered) are reported, never
 * changed, and make the exit code 1.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import postgres from "postgres";
import {
  decryptToken,
  encryptToken,
  type Keyring,
  parseKeyring,
  platformKeyAad,
  tokenAad,
} from "../supabase/functions/_shared/contract/crypto.ts";

export { decryptToken, encryptToken, type Keyring, parseKeyring, tokenAad };

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
        const plain = await decryptToken(keyring, row.token_encrypted, aad);
        updates.push({
          id: row.id,
          old: row.token_encrypted,
          envelope: (await encryptToken(keyring, plain, aad)).envelope,
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

/**
 * Moves every stored platform key (`platform_api_keys`, a handful of rows) not under the active
 * key to it, in one transaction; the same result shape as {@link rotateTokens}.
 */
export async function rotatePlatformKeys(
  sql: postgres.Sql,
  keyring: Keyring,
  options: { dryRun?: boolean } = {},
): Promise<RotationResult> {
  const active = keyring.activeKeyId;
  const result: RotationResult = { candidates: 0, rotated: 0, skipped: 0, failed: [], remaining: 0 };
  const rows = await sql<{ id: string; service: string; key_encrypted: string; key_id: string }[]>`
    select id, service, key_encrypted, key_id from public.platform_api_keys
    where key_encrypted is not null and key_id <> ${active} order by service`;
  result.candidates = rows.length;
  const updates: { id: string; old: string; envelope: string }[] = [];
  for (const row of rows) {
    const aad = platformKeyAad(row.service);
    try {
      const plain = await decryptToken(keyring, row.key_encrypted, aad);
      updates.push({
        id: row.id,
        old: row.key_encrypted,
        envelope: (await encryptToken(keyring, plain, aad)).envelope,
      });
    } catch (err) {
      result.failed.push({ id: row.id, key_id: row.key_id, error: (err as Error).message });
    }
  }
  if (!options.dryRun) {
    await sql.begin(async (tx) => {
      for (const u of updates) {
        const changed = await tx`
          update public.platform_api_keys set key_encrypted = ${u.envelope}, key_id = ${active}
          where id = ${u.id} and key_encrypted = ${u.old}`;
        if (changed.count === 1) result.rotated += 1;
        else result.skipped += 1;
      }
    });
  }
  const [left] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.platform_api_keys where key_encrypted is not null and key_id <> ${active}`;
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
    const users = await rotateTokens(sql, keyring, { batchSize, dryRun });
    const platform = await rotatePlatformKeys(sql, keyring, { dryRun });
    const r: RotationResult = {
      candidates: users.candidates + platform.candidates,
      rotated: users.rotated + platform.rotated,
      skipped: users.skipped + platform.skipped,
      failed: [...users.failed, ...platform.failed],
      remaining: users.remaining + platform.remaining,
    };
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
