import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { AdminUsersQuery } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { AdminHeader } from "../_components/admin-header";
import { ApiErrorAlert } from "../_components/api-error";
import { Pager } from "../_components/pager";

export const metadata = { title: "Users" };

const PAGE_SIZE = 25;
const SORTS = ["created_at", "email", "display_name", "last_sign_in_at"] as const;
type SortColumn = (typeof SORTS)[number];

const JOB_LABEL = { active: "Searching", paused: "Paused", not_set_up: "Not set up" } as const;

type Search = { q?: string; sort?: string; page?: string };

/** Users: search by email, name or GitHub username; sort by a column; page through. */
export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const user = await requireUser();
  const sortRaw = sp.sort ?? "-created_at";
  const sortColumn = sortRaw.replace(/^-/, "") as SortColumn;
  const sort = (SORTS.includes(sortColumn) ? sortRaw : "-created_at") as NonNullable<AdminUsersQuery["sort"]>;
  const page = Math.max(1, Number(sp.page) || 1);
  const q = sp.q?.trim() ?? "";
  const href = (o: Partial<Search>) => {
    const params = new URLSearchParams();
    const next = { q, sort, page: String(page), ...o };
    if (next.q) params.set("q", next.q);
    if (next.sort && next.sort !== "-created_at") params.set("sort", next.sort);
    if (next.page && next.page !== "1") params.set("page", next.page);
    const s = params.toString();
    return `/admin/users${s ? `?${s}` : ""}`;
  };
  let data: Awaited<ReturnType<ReturnType<typeof serverApi>["admin"]["users"]>>;
  try {
    data = await serverApi(user.accessToken).admin.users({
      q: q || undefined,
      sort,
      page,
      page_size: PAGE_SIZE,
    });
  } catch (e) {
    return <ApiErrorAlert error={e} />;
  }
  const header = (column: SortColumn, label: string) => {
    const current = sort.replace(/^-/, "") === column;
    const descending = sort.startsWith("-");
    const next = current && !descending ? `-${column}` : column;
    return (
      <th
        scope="col"
        className="px-3 py-2 font-medium"
        aria-sort={current ? (descending ? "descending" : "ascending") : "none"}
      >
        <Link
          href={href({ sort: next, page: "1" })}
          className="inline-flex items-center gap-1 hover:underline"
          data-test={`sort-${column}`}
        >
          {label}
          {current ? descending ? <ArrowDown className="size-3" /> : <ArrowUp className="size-3" /> : null}
        </Link>
      </th>
    );
  };
  return (
    <>
      <AdminHeader title="Users" description="Everyone with a CareerPilot account." />
      <form
        className="mb-4 flex max-w-md gap-2"
        action="/admin/users"
        aria-label="Search users"
        data-test="users-search"
      >
        <Input
          name="q"
          defaultValue={q}
          placeholder="Search email, name or GitHub username"
          aria-label="Search users"
        />
        {sort !== "-created_at" ? <input type="hidden" name="sort" value={sort} /> : null}
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-test="users-table">
          <thead className="border-b bg-muted/50 text-muted-foreground">
            <tr>
              {header("display_name", "Name")}
              {header("email", "Email")}
              <th scope="col" className="px-3 py-2 font-medium">
                Job search
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Verified docs
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                GitHub
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Applied (7 d)
              </th>
              {header("created_at", "Joined")}
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-8 text-center text-muted-foreground">
                  No user matches “{q}”.
                </td>
              </tr>
            ) : (
              data.items.map((u) => (
                <tr key={u.id} className="border-b last:border-0 hover:bg-muted/30" data-test="user-row">
                  <td className="px-3 py-2">
                    <Link
                      href={`/admin/users/${u.id}`}
                      className="font-medium hover:underline"
                      data-test="user-link"
                    >
                      {u.display_name ?? "—"}
                    </Link>
                    {u.role === "admin" ? (
                      <Badge variant="outline" className="ml-2">
                        admin
                      </Badge>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-muted-foreground">{u.email}</td>
                  <td className="px-3 py-2">{JOB_LABEL[u.job_search_status]}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {u.verified_docs_count}
                    {u.pending_docs_count ? (
                      <span className="ml-1 text-xs text-amber-700">(+{u.pending_docs_count} pending)</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">{u.github_linked ? "Linked" : "—"}</td>
                  <td className="px-3 py-2 tabular-nums">{u.applications_7d}</td>
                  <td className="px-3 py-2 text-muted-foreground">
                    {new Date(u.created_at).toLocaleDateString("en-IN")}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Card>
      <Pager page={page} pageSize={PAGE_SIZE} total={data.total} hrefFor={(p) => href({ page: String(p) })} />
    </>
  );
}
