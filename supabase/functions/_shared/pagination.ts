/**
 * List endpoints, in one place: the spec's common filters as composable zod schemas, the SQL
 * `where` / `order by` fragments they turn into, and the `{items, total, page, page_size}` body.
 *
 * - `page` (≥ 1, default 1), `page_size` (1..100, default 20): {@link PageParams}
 * - `sort` from a per-endpoint whitelist (`column` ascending, `-column` descending): {@link listQuery}
 * - `q` (text search, ≤ 200 characters): {@link SearchParam}
 * - `from`, `to` (a date `2026-11-30` = that whole UTC day, or a datetime with offset): {@link DateRangeParams}
 * - array filters (`status[]`, `portal[]`, `user_id[]` for admins): {@link arrayParam}, accepted as
 *   `status[]=a&status[]=b`, `status=a&status=b` or `status=a,b` (any mix)
 * - {@link listParams} finishes a list's query schema (folds those array forms, checks from ≤ to);
 *   {@link listWhere} and {@link orderBy} build the SQL; {@link toPage} the body.
 *
 * Identifiers in SQL come from code only (the route's column map and the sort whitelist), passed
 * through postgres.js identifier escaping; every value is a bound parameter.
 */
import { z } from "@hono/zod-openapi";
import type { Fragment, Sql, Tx } from "./db.ts";
import { text } from "./text.ts";

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

/** How {@link orderBy} sorts: expressions per sort column, null placement, tie-breakers. */
export interface OrderOptions {
  /** The tie-break column (default `id`), in the sort's direction; ignored when `then` is given. */
  tiebreak?: string;
  /** An expression per whitelisted sort column (e.g. `tx\`lower(r.name)\``); default: the column. */
  columns?: Record<string, Fragment>;
  /** Nulls last when descending, first when ascending (the order "most recent first" wants). */
  nullsLast?: boolean;
  /** Fixed ascending tie-breakers after the sort expression, e.g. `[tx\`lower(r.name)\`, tx\`r.id\`]`. */
  then?: Fragment[];
}

/**
 * An `order by` fragment for a whitelisted sort (the schema already refused anything else).
 * The tie-break keeps pages stable when the sort column has equal values.
 */
export function orderBy(sql: Sql | Tx, sort: string, options: string | OrderOptions = "id"): Fragment {
  const o: OrderOptions = typeof options === "string" ? { tiebreak: options } : options;
  const { column, descending } = parseSort(sort);
  const expr = o.columns?.[column] ?? sql(column);
  const dir = o.nullsLast
    ? (descending ? sql`desc nulls last` : sql`asc nulls first`)
    : (descending ? sql`desc` : sql`asc`);
  if (o.then?.length) {
    return o.then.reduce((acc, t) => sql`${acc}, ${t}`, sql`order by ${expr} ${dir}`);
  }
  const tiebreak = o.tiebreak ?? "id";
  return column === tiebreak
    ? sql`order by ${expr} ${dir}`
    : sql`order by ${expr} ${dir}, ${sql(tiebreak)} ${descending ? sql`desc` : sql`asc`}`;
}

// ------------------------------------------------------------------------------------ filters

export const MAX_SEARCH_LENGTH = 200;

/** `q`: a case-insensitive text search; blank means no search. */
export const SearchParam = z.object({
  q: text().trim().max(MAX_SEARCH_LENGTH).optional().transform((v) => v || undefined).openapi({
    description: `Text search (case-insensitive, at most ${MAX_SEARCH_LENGTH} characters).`,
  }),
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A `from`/`to` value: a date (a whole UTC day) or an ISO 8601 datetime with offset. */
function dateBound(edge: "from" | "to") {
  return z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .optional()
    .transform((v) => {
      if (!v) return undefined;
      const at = new Date(DATE_ONLY.test(v) ? `${v}T00:00:00Z` : v);
      // `to` becomes the exclusive upper bound: a date includes its whole day.
      return edge === "to" ? new Date(at.getTime() + (DATE_ONLY.test(v) ? DAY_MS : 1)) : at;
    })
    .openapi({
      description: edge === "from"
        ? "From this date (UTC day) or datetime, inclusive."
        : "Up to this date (its whole UTC day) or datetime, inclusive.",
      example: edge === "from" ? "2026-11-01" : "2026-11-30",
    });
}

/**
 * `from`, `to`. Parsed to Dates: `from` inclusive, `to` the EXCLUSIVE upper bound (a date-only
 * `to` is the next UTC midnight; a datetime `to` is one millisecond after it).
 */
export const DateRangeParams = z.object({ from: dateBound("from"), to: dateBound("to") });

/** At most this many values per array filter. */
export const MAX_ARRAY_VALUES = 50;

/**
 * An array filter (`status[]`, `portal[]`, `user_id[]`) of `item` values: a query value may be
 * repeated (`status=a&status=b`) or comma-separated (`status=a,b`); each value counts once, at
 * most {@link MAX_ARRAY_VALUES}; absent or empty means no filter. {@link listParams} adds the
 * `status[]=a&status[]=b` spelling.
 */
export function arrayParam<T extends z.ZodType<unknown, string>>(item: T, description?: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : [v].flat().flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean)
    )
    .pipe(z.array(item).max(MAX_ARRAY_VALUES).optional())
    .transform((v) => (v && v.length ? [...new Set(v)] : undefined))
    .openapi({
      description: `${description ? `${description} ` : ""}Any of these values: \`name[]=a&name[]=b\`, ` +
        "`name=a&name=b` or `name=a,b`.",
      param: { style: "form", explode: true },
    });
}

/** The admins' `user_id[]` filter (declare it on admin routes only; user routes never read it). */
export const UserIdsParam = z.object({ user_id: arrayParam(z.uuid(), "Users.") });

function isArrayParam(schema: unknown): boolean {
  // arrayParam's outer pipe: (union → split) → (array → de-duplicate).
  const def = (schema as {
    _zod?: { def?: { type?: string; in?: { _zod?: { def?: { type?: string; out?: unknown } } } } };
  })
    ._zod?.def;
  const inner = def?.type === "pipe" ? def.in?._zod?.def : undefined;
  const out = inner?.type === "pipe"
    ? (inner.out as { _zod?: { def?: { type?: string; innerType?: unknown } } })
    : undefined;
  const arr = out?._zod?.def?.type === "optional"
    ? (out._zod.def.innerType as { _zod?: { def?: { type?: string } } })?._zod?.def?.type
    : out?._zod?.def?.type;
  return arr === "array";
}

/**
 * Finishes a list endpoint's query schema: each array parameter `name` is also accepted as
 * `name[]` (the spec's spelling; documented beside it) and the two are merged, and `from` must
 * not be after `to`.
 */
export function listParams<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const arrays = Object.entries(schema.shape).filter(([, v]) => isArrayParam(v)).map(([k]) => k);
  const aliases = Object.fromEntries(arrays.map((k) => [`${k}[]`, schema.shape[k]!]));
  return schema
    .extend(aliases)
    .superRefine((value, ctx) => {
      const v = value as { from?: unknown; to?: unknown };
      if (v.from instanceof Date && v.to instanceof Date && v.from.getTime() >= v.to.getTime()) {
        ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to." });
      }
    })
    .transform((value) => {
      const out = { ...value } as Record<string, unknown>;
      for (const k of arrays) {
        const merged = [
          ...((out[k] as unknown[] | undefined) ?? []),
          ...((out[`${k}[]`] as unknown[] | undefined) ?? []),
        ];
        delete out[`${k}[]`];
        out[k] = merged.length ? [...new Set(merged)] : undefined;
      }
      return out as z.output<z.ZodObject<S>>;
    });
}

/** The columns a list's filters apply to (code-defined; never from the request). */
export interface ListColumns {
  /** `q`: columns searched with ILIKE, or a builder given the escaped `%pattern%`. */
  search?: string[] | ((pattern: string) => Fragment);
  /** `from`/`to`: the timestamp column. */
  date?: string;
  /** Array filters: parameter → column, with the column's type for the `= any($1::type[])` cast. */
  arrays?: Record<string, { column: string; type: string }>;
}

/** The filter values {@link listWhere} reads (a parsed list query). */
export interface ListFilterValues {
  q?: string;
  from?: Date;
  to?: Date;
  [array: string]: unknown;
}

/** `%text%` for ILIKE, with `\`, `%` and `_` escaped. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * The `where` condition of a list's filters (`true` when none applies): `q` over the search
 * columns, `from <= date < to`, and `column = any(values)` per array filter, all ANDed. Combine
 * with the route's own scoping: `where r.user_id = auth.uid() and ${listWhere(tx, q, cols)}`.
 */
export function listWhere(sql: Sql | Tx, values: ListFilterValues, columns: ListColumns): Fragment {
  const parts: Fragment[] = [];
  if (values.q && columns.search) {
    const pattern = likePattern(values.q);
    parts.push(
      typeof columns.search === "function"
        ? sql`(${columns.search(pattern)})`
        : sql`(${
          columns.search.map((c) => sql`${sql(c)} ilike ${pattern}`).reduce((a, b) => sql`${a} or ${b}`)
        })`,
    );
  }
  if (columns.date) {
    if (values.from) parts.push(sql`${sql(columns.date)} >= ${values.from}`);
    if (values.to) parts.push(sql`${sql(columns.date)} < ${values.to}`);
  }
  for (const [name, { column, type }] of Object.entries(columns.arrays ?? {})) {
    const list = values[name];
    if (Array.isArray(list) && list.length) {
      parts.push(sql`${sql(column)} = any(${list as string[]}::${sql(type)}[])`);
    }
  }
  return parts.length ? parts.reduce((a, b) => sql`${a} and ${b}`) : sql`true`;
}

/** Builds the page body from rows and the total count. */
export function toPage<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, page_size: q.page_size };
}
