/**
 * `npm run admin:grant -- <email>`: makes an existing user an admin (`public.profiles.role`).
 */
import postgres from "postgres";
import type { Profile } from "./config.js";

/**
 * Sets `role = 'admin'` on the profile with this email (matched lower-cased).
 * @throws when the database is unreachable, the profiles table is missing or no user has the email
 */
export async function grantAdmin(profile: Profile, email: string): Promise<{ id: string; email: string }> {
  const sql = postgres(profile.dbUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; email: string }[]>`
      update public.profiles set role = 'admin' where email = lower(${email}) returning id, email`;
    const row = rows[0];
    if (!row) {
      throw new Error(`no user with email ${email.toLowerCase()} (sign up first, then grant)`);
    }
    return row;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "42P01") {
      throw new Error("table public.profiles does not exist (are the migrations applied?)");
    }
    if (e.code === "ECONNREFUSED") {
      throw new Error(
        `database ${profile.dbUrl} is not running (npm run stack -- up --profile ${profile.name})`,
      );
    }
    throw err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
