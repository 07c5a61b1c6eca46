import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { AdminAuditQuery } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { AdminHeader } from "../_components/admin-header";
import { ApiErrorAlert } from "../_components/api-error";
import { Pager } from "../_components/pager";

export const metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
const ACTIONS = [
  "certificate.approve",
  "certificate.reject",
  "api_key.rotate",
  "notification.broadcast",
  "apply.emergency_stop.enable",
  "apply.emergency_stop.disable",
  "apply.user.pause",
  "apply.user.resume",
];

type Search = {
  action?: string;
  actor?: string;
  user_id?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: string;
};

/** Every admin write, newest first, filtered by action, admin, user acted upon and dates. */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const me = await requireUser();
  const page = Math.max(1, Number(sp.page) || 1);
  const query: AdminAuditQuery = {
    page,
    page_size: PAGE_SIZE,
    ...(sp.action ? { action: [sp.action] } : {}),
    ...(sp.actor ? { actor: [sp.actor] } : {}),
    ...(sp.user_id ? { user_id: [sp.user_id] } : {}),
    ...(sp.from ? { from: sp.from } : {}),
    ...(sp.to ? { to: sp.to } : {}),
    ...(sp.q ? { q: sp.q } : {}),
  } as AdminAuditQuery;
  let data: Awaited<ReturnType<ReturnType<typeof serverApi>["admin"]["audit"]>>;
  try {
    data = await serverApi(me.accessToken).admin.audit(query);
  } catch (e) {
    return (
      <>
        <AdminHeader title="Audit log" />
        <ApiErrorAlert error={e} />
      </>
    );
  }
  const href = (p: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...sp, page: String(p) }).filter(([, v]) => v) as [string, string][],
    );
    return `/admin/audit?${params}`;
  };
  const field = "h-9 rounded-md border border-input bg-transparent px-3 text-sm shadow-xs";
  return (
    <>
      <AdminHeader
        title="Audit log"
        description="Every admin write: who, what, on what, when. Nobody can edit or delete it."
      />
      <form className="mb-4 flex flex-wrap items-end gap-2" action="/admin/audit" data-test="audit-filters">
        <label className="space-y-1 text-sm">
          <span className="block text-muted-foreground">Action</span>
          <select name="action" defaultValue={sp.action ?? ""} className={field} data-test="audit-action">
            <option value="">Any</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm" htmlFor="audit-from">
          <span className="block text-muted-foreground">From</span>
          <Input id="audit-from" type="date" name="from" defaultValue={sp.from} className="w-40" />
        </label>
        <label className="space-y-1 text-sm" htmlFor="audit-to">
          <span className="block text-muted-foreground">To</span>
          <Input id="audit-to" type="date" name="to" defaultValue={sp.to} className="w-40" />
        </label>
        <label className="space-y-1 text-sm" htmlFor="audit-q">
          <span className="block text-muted-foreground">Search</span>
          <Input
            id="audit-q"
            name="q"
            defaultValue={sp.q}
            placeholder="admin email, target"
            className="w-56"
          />
        </label>
        {sp.actor ? <input type="hidden" name="actor" value={sp.actor} /> : null}
        {sp.user_id ? <input type="hidden" name="user_id" value={sp.user_id} /> : null}
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-test="audit-table">
          <thead className="border-b bg-muted/50 text-muted-foreground">
            <tr>
              <th className="px-3 py-2 font-medium">When</th>
              <th className="px-3 py-2 font-medium">Admin</th>
              <th className="px-3 py-2 font-medium">Action</th>
              <th className="px-3 py-2 font-medium">Target</th>
              <th className="px-3 py-2 font-medium">Details</th>
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-8 text-center text-muted-foreground">
                  Nothing recorded for these filters.
                </td>
              </tr>
            ) : (
              data.items.map((a) => (
                <tr key={a.id} className="border-b align-top last:border-0" data-test="audit-row">
                  <td className="px-3 py-2 whitespace-nowrap text-muted-foreground">
                    {new Date(a.created_at).toLocaleString("en-IN")}
                  </td>
                  <td className="px-3 py-2">{a.actor_email ?? a.actor_id}</td>
                  <td className="px-3 py-2 font-mono text-xs" data-test="audit-action-cell">
                    {a.action}
                  </td>
                  <td className="px-3 py-2">
                    {a.target_type}
                    {a.target_user_id ? (
                      <a
                        href={`/admin/users/${a.target_user_id}`}
                        className="ml-1 underline underline-offset-2"
                      >
                        user
                      </a>
                    ) : null}
                    <span className="block max-w-48 truncate font-mono text-xs text-muted-foreground">
                      {a.target_id}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-xs text-muted-foreground">
                    <dl className="space-y-0.5">
                      {Object.entries(a.details).map(([k, v]) => (
                        <div key={k} className="flex gap-1">
                          <dt className="shrink-0">{k.replaceAll("_", " ")}:</dt>
                          <dd className="break-all text-foreground">
                            {typeof v === "string" ? v : JSON.stringify(v)}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Card>
      <Pager page={page} pageSize={PAGE_SIZE} total={data.total} hrefFor={href} />
    </>
  );
}
