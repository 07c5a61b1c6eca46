/**
 * `emit` against the stack's real database (`CP_DB_URL`, which `npm test` passes to the Deno
 * suite): a user transaction may not call `private.emit` itself, the kit's `emit` may, and the
 * transaction is back to `authenticated` afterwards. Everything is rolled back.
 */
import postgres from "postgres";
import { emit } from "./events.ts";
import { assert, assertEquals } from "./test_assert.ts";

const DB_URL = Deno.env.get("CP_DB_URL");
const ROLLBACK = new Error("rollback");

/** Runs `fn` in a transaction set up as `asUser` sets it up, then rolls it back. */
async function asRolledBackUser(userId: string, fn: (tx: postgres.TransactionSql) => Promise<void>) {
  const sql = postgres(DB_URL!, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${
        JSON.stringify({ sub: userId, role: "authenticated" })
      }, true)`;
      await fn(tx);
      throw ROLLBACK;
    }).catch((e) => {
      if (e !== ROLLBACK) throw e;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

Deno.test({
  name: "a user transaction cannot call private.emit; the kit's emit can, and restores the role",
  ignore: !DB_URL,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const userId = crypto.randomUUID();
    const victim = crypto.randomUUID();

    let direct: unknown;
    await asRolledBackUser(userId, async (tx) => {
      try {
        await tx`select private.emit('integrations.token.rejected', ${
          tx.json({ user_id: victim, provider: "github" })
        }::jsonb)`;
      } catch (e) {
        direct = e;
        throw ROLLBACK;
      }
    });
    assertEquals((direct as { code?: string } | undefined)?.code, "42501", "direct call refused");

    await asRolledBackUser(userId, async (tx) => {
      const id = await emit(tx, "integrations.token.rejected", { user_id: userId, provider: "github" });
      assert(id > 0, "an event id");
      const [after] = await tx<{ role: string; uid: string }[]>`
        select current_user as role, auth.uid()::text as uid`;
      assertEquals(after, { role: "authenticated", uid: userId }, "back to the user's role afterwards");
      await tx`reset role`;
      const [logged] = await tx<
        { actor: string }[]
      >`select actor::text from public.event_log where id = ${id}`;
      assertEquals(logged?.actor, userId, "the user is the event's actor");
    });
  },
});
