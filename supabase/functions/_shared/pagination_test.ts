import { z } from "@hono/zod-openapi";
import postgres from "postgres";
import { assert, assertEquals } from "./test_assert.ts";
import {
  arrayParam,
  DateRangeParams,
  likePattern,
  limitOffset,
  listParams,
  listQuery,
  listWhere,
  MAX_PAGE_SIZE,
  orderBy,
  PageParams,
  parseSort,
  SearchParam,
  toPage,
  UserIdsParam,
} from "./pagination.ts";

const Query = listQuery(["created_at", "title"], "-created_at");

Deno.test("defaults: page 1, 20 per page, the endpoint's default sort", () => {
  assertEquals(Query.parse({}), { page: 1, page_size: 20, sort: "-created_at" });
});

Deno.test("query strings are coerced; both directions of a whitelisted column are accepted", () => {
  assertEquals(Query.parse({ page: "2", page_size: "100", sort: "title" }), {
    page: 2,
    page_size: 100,
    sort: "title",
  });
  assertEquals(Query.parse({ sort: "-title" }).sort, "-title");
});

Deno.test("page ≥ 1, page_size 1..100, sort from the whitelist only", () => {
  for (
    const bad of [
      { page: "0" },
      { page: "-1" },
      { page: "1.5" },
      { page_size: "0" },
      {
        page_size: String(MAX_PAGE_SIZE + 1),
      },
      { sort: "email" },
      { sort: "title; drop table x" },
      { sort: "--title" },
    ]
  ) {
    assertEquals(Query.safeParse(bad).success, false, JSON.stringify(bad));
  }
  assertEquals(PageParams.safeParse({ page_size: "100" }).success, true);
});

Deno.test("limit/offset and the page body", () => {
  assertEquals(limitOffset({ page: 1, page_size: 20 }), { limit: 20, offset: 0 });
  assertEquals(limitOffset({ page: 4, page_size: 25 }), { limit: 25, offset: 75 });
  assertEquals(toPage(["a"], 51, { page: 3, page_size: 25 }), {
    items: ["a"],
    total: 51,
    page: 3,
    page_size: 25,
  });
});

Deno.test("sort values split into column and direction", () => {
  assertEquals(parseSort("-created_at"), { column: "created_at", descending: true });
  assertEquals(parseSort("title"), { column: "title", descending: false });
});

// ------------------------------------------------------------------ filters

const STATUSES = ["queued", "applied", "failed"] as const;
const PORTALS = ["linkedin", "naukri", "indeed"] as const;
const Jobs = listParams(
  listQuery(["created_at", "company"], "-created_at").extend({
    ...SearchParam.shape,
    ...DateRangeParams.shape,
    ...UserIdsParam.shape,
    status: arrayParam(z.enum(STATUSES)),
    portal: arrayParam(z.enum(PORTALS)),
  }),
);

Deno.test("list filters: defaults leave every filter off", () => {
  const q = Jobs.parse({});
  assertEquals(Object.entries(q).filter(([, v]) => v !== undefined), [
    ["page", 1],
    ["page_size", 20],
    ["sort", "-created_at"],
  ]);
});

Deno.test("array filters: name[]=, repeated and comma forms (mixed) fold into one de-duplicated array", () => {
  // What Hono's query validator hands over: one value → string, several → array.
  assertEquals(Jobs.parse({ "status[]": ["queued", "applied"] }).status, ["queued", "applied"]);
  assertEquals(Jobs.parse({ status: ["queued", "failed"] }).status, ["queued", "failed"]);
  assertEquals(Jobs.parse({ status: "queued,applied" }).status, ["queued", "applied"]);
  assertEquals(Jobs.parse({ "status[]": "failed", status: "queued, failed" }).status, ["queued", "failed"]);
  assertEquals(Jobs.parse({ "portal[]": "naukri" }).portal, ["naukri"]);
  assertEquals(Jobs.parse({ status: "" }).status, undefined);
  assert(!Jobs.safeParse({ status: "queued,deleted" }).success, "values outside the enum are 422");
  assert(!Jobs.safeParse({ "user_id[]": "not-a-uuid" }).success);
  const ids = [crypto.randomUUID(), crypto.randomUUID()];
  assertEquals(Jobs.parse({ "user_id[]": ids }).user_id, ids);
  const many = Array.from({ length: 51 }, () => crypto.randomUUID());
  assert(!Jobs.safeParse({ user_id: many.join(",") }).success, "at most 50 values");
});

Deno.test("q: trimmed, blank is no search, at most 200 characters, no NUL", () => {
  assertEquals(Jobs.parse({ q: "  rust  " }).q, "rust");
  assertEquals(Jobs.parse({ q: "   " }).q, undefined);
  assert(!Jobs.safeParse({ q: "x".repeat(201) }).success);
  assert(!Jobs.safeParse({ q: "a\u0000b" }).success);
  assert(!Jobs.safeParse({ q: ["a", "b"] }).success, "q given twice is refused, not joined");
});

Deno.test("from/to: a date is its whole UTC day (to exclusive-normalised); datetimes need an offset", () => {
  const q = Jobs.parse({ from: "2026-11-01", to: "2026-11-30" });
  assertEquals(q.from?.toISOString(), "2026-11-01T00:00:00.000Z");
  assertEquals(q.to?.toISOString(), "2026-12-01T00:00:00.000Z");
  const t = Jobs.parse({ from: "2026-11-01T10:00:00+05:30", to: "2026-11-01T12:00:00Z" });
  assertEquals(t.from?.toISOString(), "2026-11-01T04:30:00.000Z");
  assertEquals(t.to?.toISOString(), "2026-11-01T12:00:00.001Z");
  for (const bad of [{ from: "yesterday" }, { to: "2026-13-01" }, { from: "2026-11-01T10:00:00" }]) {
    assert(!Jobs.safeParse(bad).success, JSON.stringify(bad));
  }
  const reversed = Jobs.safeParse({ from: "2026-11-30", to: "2026-11-01" });
  assert(!reversed.success);
  assertEquals(reversed.error.issues[0]?.path, ["from"]);
  assert(Jobs.safeParse({ from: "2026-11-30", to: "2026-11-30" }).success, "one day is a valid range");
});

/** Renders a postgres.js fragment to SQL text and parameters (no database needed). */
function render(q: unknown, params: unknown[] = []): { text: string; params: unknown[] } {
  const { strings, args } = q as { strings: string[]; args: unknown[] };
  let text = strings[0] ?? "";
  args.forEach((arg, i) => {
    if (arg && typeof arg === "object" && "strings" in arg) text += render(arg, params).text;
    else if (arg && typeof arg === "object" && arg.constructor.name === "Identifier") {
      text += (arg as { value: string }).value;
    } else text += `$${params.push(arg)}`;
    text += strings[i + 1] ?? "";
  });
  return { text: text.replace(/\s+/g, " ").trim(), params };
}

const sql = postgres("postgresql://nobody@127.0.0.1:9/none", { max: 1 });

Deno.test("listWhere: no filters is true; each filter is a bound parameter, identifiers quoted", () => {
  const cols = {
    search: ["title", "company"],
    date: "created_at",
    arrays: {
      status: { column: "status", type: "public.application_status" },
      user_id: { column: "user_id", type: "uuid" },
    },
  };
  assertEquals(render(listWhere(sql, Jobs.parse({}), cols)).text, "true");
  const q = Jobs.parse({ q: "50%_off\\", from: "2026-11-01", to: "2026-11-02", status: "queued,failed" });
  const { text, params } = render(listWhere(sql, q, cols));
  assertEquals(
    text,
    '("title" ilike $1 or "company" ilike $2) and "created_at" >= $3 and "created_at" < $4 and ' +
      '"status" = any($5::"public"."application_status"[])',
  );
  assertEquals(params[0], "%50\\%\\_off\\\\%");
  assertEquals((params[2] as Date).toISOString(), "2026-11-01T00:00:00.000Z");
  assertEquals((params[3] as Date).toISOString(), "2026-11-03T00:00:00.000Z");
  assertEquals(params[4], ["queued", "failed"]);
});

Deno.test("listWhere: a search builder gets the escaped pattern; filters the route did not map are ignored", () => {
  const q = Jobs.parse({ q: "go", "portal[]": "naukri" });
  const { text, params } = render(listWhere(sql, q, { search: (p) => sql`r.name ilike ${p}` }));
  assertEquals(text, "(r.name ilike $1)");
  assertEquals(params, ["%go%"]);
  assertEquals(likePattern("a_b"), "%a\\_b%");
});

Deno.test("orderBy: column and direction from the whitelist, stable tie-breaks, expressions and nulls", () => {
  assertEquals(render(orderBy(sql, "-created_at")).text, 'order by "created_at" desc, "id" desc');
  assertEquals(render(orderBy(sql, "id")).text, 'order by "id" asc');
  assertEquals(
    render(orderBy(sql, "-pushed_at", { nullsLast: true, then: [sql`lower(r.name)`, sql`r.id`] })).text,
    'order by "pushed_at" desc nulls last, lower(r.name), r.id',
  );
  assertEquals(
    render(orderBy(sql, "name", { columns: { name: sql`lower(r.name)` }, then: [sql`r.id`] })).text,
    "order by lower(r.name) asc, r.id",
  );
});
