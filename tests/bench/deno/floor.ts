// The floors for `npm run bench:api`, on the same Deno as the functions:
//   GET /    a bare Hono handler: no kit, no database;
//   GET /tx  the same plus ONE transaction as the user through the kit's driver (postgres.js,
//            same pool size): begin, role + claims, the profile read the kit's handler does, commit.
//            No JWT verification, no session check: the least any authenticated request must cost.
import { Hono } from "hono";
import postgres from "postgres";

const port = Number(Deno.env.get("PORT") ?? "54999");
const dbUrl = Deno.env.get("FLOOR_DB_URL");
const sub = Deno.env.get("FLOOR_SUB") ?? "00000000-0000-0000-0000-000000000000";
const poolMax = Number(Deno.env.get("FLOOR_POOL_MAX") ?? "16");
const claims = JSON.stringify({ sub, role: "authenticated", aud: "authenticated" });

const sql = dbUrl ? postgres(dbUrl, { max: poolMax, prepare: false, onnotice: () => {} }) : undefined;

const app = new Hono()
  .get("/", (c) => c.json({ ok: true }))
  .get("/tx", async (c) => {
    if (!sql) return c.json({ error: "FLOOR_DB_URL is not set" }, 500);
    const row = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${claims}, true)`;
      const [p] = await tx`select id, role, email, display_name from public.profiles where id = auth.uid()`;
      return p;
    });
    return c.json(row ?? null);
  });

Deno.serve(
  { hostname: "127.0.0.1", port, onListen: () => console.log(`floor listening on ${port}`) },
  app.fetch,
);
