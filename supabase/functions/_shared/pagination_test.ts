import { assertEquals } from "./test_assert.ts";
import { limitOffset, listQuery, MAX_PAGE_SIZE, PageParams, parseSort, toPage } from "./pagination.ts";

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
