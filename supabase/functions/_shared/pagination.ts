/**
 * List endpoints: `page` (≥ 1, default 1), `page_size` (1..100, default 20) and a `sort` chosen
 * from a per-endpoint whitelist (`column` ascending, `-column` descending), answered as
 * `{items, total, page, page_size}`.
 */
import { z } from "@hono/zod-openapi";
import type { Fragment, Sql, Tx } from "./db.ts";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `page` and `page_size` query parameters (coerced from strings). */
export const PageParams = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).openapi({
    example: 20,
  }),
});

/**
 * The query schema of a list endpoint: paging plus `sort`, limited to `columns` in either
 * direction. `defaultSort` is one of the allowed values, e.g. `"-created_at"`.
 */
export function listQuery<const C extends readonly [string, ...string[]]>(
  columns: C,
  defaultSort: SortValue<C[number]>,
) {
  const allowed = columns.flatMap((col) => [col, `-${col}`]) as [
    SortValue<C[number]>,
    ...SortValue<C[number]>[],
  ];
  const sort = z.enum(allowed) as unknown as z.ZodType<SortValue<C[number]>, SortValue<C[number]>>;
  return PageParams.extend({
    sort: sort.optional().transform((v) => v ?? defaultSort).openapi({
      description: `Sort order: one of ${allowed.join(", ")} (default ${defaultSort}).`,
    }),
  });
}

/** A sort value: a column ascending, or `-column` descending. */
export type SortValue<C extends string> = C | `-${C}`;

export interface PageQuery {
  page: number;
  page_size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/** The response schema of a page of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    page_size: z.number().int().min(1).max(MAX_PAGE_SIZE),
  });
}

/** `limit` and `offset` for a page. */
export function limitOffset(q: PageQuery): { limit: number; offset: number } {
  return { limit: q.page_size, offset: (q.page - 1) * q.page_size };
}

/** A whitelisted sort value → column and direction. */
export function parseSort(sort: string): { column: string; descending: boolean } {
  return sort.startsWith("-")
    ? { column: sort.slice(1), descending: true }
    : { column: sort, descending: false };
}

/**
 * An `order by` fragment for a whitelisted sort (the schema already refused anything else).
 * `tiebreak` keeps pages stable when the sort column has equal values.
 */
export function orderBy(sql: Sql | Tx, sort: string, tiebreak = "id"): Fragment {
  const { column, descending } = parseSort(sort);
  const dir = descending ? sql`desc` : sql`asc`;
  return column === tiebreak
    ? sql`order by ${sql(column)} ${dir}`
    : sql`order by ${sql(column)} ${dir}, ${sql(tiebreak)} ${dir}`;
}

/** Builds the page body from rows and the total count. */
export function toPage<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, page_size: q.page_size };
}
