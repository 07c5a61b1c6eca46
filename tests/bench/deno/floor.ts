// The floors for `npm run bench:api`, on the same Deno as the functions:
//   GET /    a bare Hono handler: no kit, no database;
//   GET /tx  the same plus ONE transaction as the user through the kit's driver (postgres.js,
//            same pool size): begin, role + claims, the profile read the kit's handler does, commit.
//            No JWT verification, no session check: the least any authenticated request must cost.
//   GET /jobs the jobs list page (bench:jobs): the same plus the route's two statements, as JSON.
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
  })
  // `npm run bench:jobs`: the jobs list page's two statements (routes.ts for
  // status=new&min_lpa=10&location=Bengaluru&sort=-match_score) in one transaction as the user,
  // the rows as JSON: the least GET /v1/jobs can cost over HTTP on this Deno and driver.
  .get("/jobs", async (c) => {
    if (!sql) return c.json({ error: "FLOOR_DB_URL is not set" }, 500);
    const result = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${claims}, true)`;
      const where = tx`j.user_id = (select auth.uid()) and j.duplicate_of is null
        and j.status = any(${["new"]}::text[])
        and (${"Bengaluru"} = any(j.locations) or j.location ilike ${"%Bengaluru%"})
        and coalesce(j.lpa_max, j.lpa_min) >= ${10}`;
      const [items, [count]] = await Promise.all([
        tx`select j.id, j.portal, j.external_job_id, j.title, j.company, j.location, j.locations, j.work_mode,
                  j.salary_text, j.lpa_min::text, j.lpa_max::text, j.experience_text, j.exp_min::text,
                  j.exp_max::text, j.job_url, j.description_snippet, j.skills, j.company_type, j.posted_text,
                  j.posted_at, j.fetched_at, j.match_score, j.match_breakdown, j.status,
                  coalesce((select jsonb_agg(jsonb_build_object('id', d.id, 'portal', d.portal, 'job_url', d.job_url)
                                             order by d.portal)
                              from public.fetched_jobs d where d.duplicate_of = j.id and d.user_id = j.user_id),
                           '[]'::jsonb) as also_on
             from public.fetched_jobs j where ${where}
            order by j.match_score desc nulls last, j.id limit 20 offset 0`,
        tx`select count(*)::int as n from public.fetched_jobs j where ${where}`,
      ]);
      return { items, total: count?.n ?? 0, page: 1, page_size: 20 };
    });
    return c.json(result);
  });

Deno.serve(
  { hostname: "127.0.0.1", port, onListen: () => console.log(`floor listening on ${port}`) },
  app.fetch,
);
