"use client";

import { FileText, Plus } from "lucide-react";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type CareerRecord, errorMessage, type ResumeList } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import { CareerRecordEditor } from "./career-record";
import { ResumeDetail } from "./resume-detail";

/** The /resumes page: the list ("3 of 10"), a create form, the selected resume and the career record. */
export function ResumesWorkspace({
  initialList,
  initialRecord,
  initialResumeId,
  initialVersionId,
}: {
  initialList: ResumeList;
  initialRecord: CareerRecord;
  initialResumeId: string | null;
  initialVersionId: string | null;
}) {
  const [list, setList] = useState(initialList);
  const [record, setRecord] = useState(initialRecord);
  const [selected, setSelected] = useState<string | null>(
    initialList.items.find((r) => r.id === initialResumeId)?.id ?? initialList.items[0]?.id ?? null,
  );
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [template, setTemplate] = useState<"ats" | "modern">("ats");
  const [creating, setCreating] = useState(false);

  const refresh = useCallback(async () => {
    const next = await browserApi().resumes.list();
    setList(next);
    return next;
  }, []);
  const refreshRecord = useCallback(async () => setRecord(await browserApi().resumes.record()), []);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setCreating(true);
    try {
      const created = await browserApi().resumes.create({
        name: name.trim(),
        role_type: role.trim(),
        template,
      });
      await refresh();
      setSelected(created.id);
      setName("");
      setRole("");
      toast.success(`Created '${created.name}'`);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setCreating(false);
    }
  }

  const full = list.count >= list.limit;
  const current = list.items.find((r) => r.id === selected) ?? null;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <div className="grid min-w-0 content-start gap-6">
        <Card data-test="resumes-list">
          <CardHeader>
            <CardTitle className="flex items-center justify-between text-base">
              Your resumes
              <Badge variant="secondary" data-test="resumes-count">
                {list.count} of {list.limit}
              </Badge>
            </CardTitle>
            <CardDescription>One per role you apply for.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-2">
            {list.items.length === 0 ? (
              <p className="text-sm text-muted-foreground" data-test="resumes-empty">
                No resumes yet. Create one below, fill in your career record, then build it.
              </p>
            ) : (
              <ul className="grid gap-2">
                {list.items.map((r) => (
                  <li key={r.id}>
                    <button
                      type="button"
                      onClick={() => setSelected(r.id)}
                      aria-current={r.id === selected ? "true" : undefined}
                      data-test="resume-item"
                      data-name={r.name}
                      className={cn(
                        "flex w-full items-center gap-3 rounded-lg border p-3 text-left transition-colors hover:border-primary/50 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
                        r.id === selected && "border-primary bg-brand-soft/50",
                      )}
                    >
                      <FileText className="size-5 shrink-0 text-primary" />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-sm font-medium">{r.name}</span>
                        <span className="block truncate text-xs text-muted-foreground">
                          {r.role_type} · {r.version_count} {r.version_count === 1 ? "version" : "versions"}
                        </span>
                      </span>
                      {r.draft_count > 0 ? (
                        <Badge
                          className="bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200"
                          data-test="resume-draft-badge"
                        >
                          update
                        </Badge>
                      ) : null}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>

        <Card data-test="resume-create">
          <CardHeader>
            <CardTitle className="text-base">New resume</CardTitle>
            <CardDescription>
              {full
                ? `You have ${list.count} of ${list.limit} resumes. Delete one to make room.`
                : "Name it after the role it targets."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <form className="grid gap-3" onSubmit={create}>
              <div className="grid gap-1.5">
                <Label htmlFor="resume-name">Name</Label>
                <Input
                  id="resume-name"
                  value={name}
                  maxLength={80}
                  required
                  onChange={(e) => setName(e.target.value)}
                  placeholder="Backend"
                  data-test="resume-create-name"
                />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="resume-role">Role</Label>
                <Input
                  id="resume-role"
                  value={role}
                  maxLength={80}
                  required
                  onChange={(e) => setRole(e.target.value)}
                  placeholder="Backend engineer"
                  data-test="resume-create-role"
                />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="resume-template">Template</Label>
                <select
                  id="resume-template"
                  className="h-9 rounded-md border border-input bg-transparent px-3 text-sm"
                  value={template}
                  onChange={(e) => setTemplate(e.target.value as "ats" | "modern")}
                  data-test="resume-create-template"
                >
                  <option value="ats">ATS-safe (single column)</option>
                  <option value="modern">Modern</option>
                </select>
              </div>
              <Button type="submit" disabled={creating || full} data-test="resume-create-submit">
                <Plus />
                Create resume
              </Button>
            </form>
          </CardContent>
        </Card>
      </div>

      <div className="grid min-w-0 content-start gap-6">
        {current ? (
          <ResumeDetail
            key={current.id}
            resume={current}
            initialVersionId={current.id === initialResumeId ? initialVersionId : null}
            onChanged={refresh}
            onDeleted={async () => {
              const next = await refresh();
              setSelected(next.items[0]?.id ?? null);
            }}
          />
        ) : null}
        <CareerRecordEditor record={record} onChanged={refreshRecord} />
      </div>
    </div>
  );
}
