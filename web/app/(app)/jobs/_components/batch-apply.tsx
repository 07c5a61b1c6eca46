"use client";

import { Layers, Send, X } from "lucide-react";
import dynamic from "next/dynamic";
import { createContext, useCallback, useContext, useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import type { FetchedJob } from "@/lib/api";

// The confirmation (and its API calls) loads when "Apply to N" is first pressed, not with the page.
const BatchDialog = dynamic(() => import("./batch-dialog").then((m) => m.BatchDialog), { ssr: false });

/** The API's limit of one batch. */
export const BATCH_MAX = 100;

type Picked = Pick<FetchedJob, "id" | "title" | "company">;

/** Jobs a batch may include: not applied to (or queued) and not expired. */
export function batchable(job: Pick<FetchedJob, "status">): boolean {
  return job.status === "new" || job.status === "reviewed" || job.status === "skipped";
}

interface Selection {
  selected: Map<string, Picked>;
  toggle: (job: Picked, on: boolean) => void;
  setMany: (jobs: Picked[], on: boolean) => void;
  clear: () => void;
}

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const s = useContext(SelectionContext);
  if (!s) throw new Error("BatchSelection is missing");
  return s;
}

/**
 * The jobs picked for a batch application, kept while the user pages and filters (up to
 * {@link BATCH_MAX}), with the bar that applies to them.
 */
export function BatchSelection({ children }: { children: React.ReactNode }) {
  const [selected, setSelected] = useState<Map<string, Picked>>(() => new Map());
  const toggle = useCallback((job: Picked, on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      if (on && next.size < BATCH_MAX) next.set(job.id, job);
      else if (!on) next.delete(job.id);
      return next;
    });
  }, []);
  const setMany = useCallback((jobs: Picked[], on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      for (const j of jobs) {
        if (on && next.size < BATCH_MAX) next.set(j.id, j);
        else if (!on) next.delete(j.id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Map()), []);
  const value = useMemo(() => ({ selected, toggle, setMany, clear }), [selected, toggle, setMany, clear]);
  return (
    <SelectionContext.Provider value={value}>
      {children}
      <BatchBar />
    </SelectionContext.Provider>
  );
}

/** The checkbox on a job card (only for jobs a batch may include). */
export function SelectJob({ job }: { job: Picked & Pick<FetchedJob, "status"> }) {
  const { selected, toggle } = useSelection();
  if (!batchable(job)) return null;
  const on = selected.has(job.id);
  const full = !on && selected.size >= BATCH_MAX;
  return (
    <Checkbox
      checked={on}
      disabled={full}
      onCheckedChange={(v) => toggle(job, v === true)}
      aria-label={`Select ${job.title} at ${job.company} to apply in a batch`}
      title={full ? `A batch holds at most ${BATCH_MAX} jobs` : undefined}
      className="mt-1 size-5"
      data-test="job-select"
    />
  );
}

/** "Select all on this page" above the list. */
export function SelectPage({ jobs }: { jobs: (Picked & Pick<FetchedJob, "status">)[] }) {
  const { selected, setMany } = useSelection();
  const id = useId();
  const open = jobs.filter(batchable);
  if (open.length === 0) return null;
  const count = open.filter((j) => selected.has(j.id)).length;
  const state = count === 0 ? false : count === open.length ? true : "indeterminate";
  return (
    <div className="flex items-center gap-2 text-sm">
      <Checkbox
        id={id}
        checked={state}
        onCheckedChange={() => setMany(open, state !== true)}
        data-test="jobs-select-page"
      />
      <Label htmlFor={id} className="font-normal text-muted-foreground">
        Select all on this page
      </Label>
    </div>
  );
}

function BatchBar() {
  const { selected, clear } = useSelection();
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  if (selected.size === 0 && !open) return null;
  return (
    <>
      {selected.size > 0 ? (
        <section
          aria-label="Batch application"
          className="sticky bottom-4 z-20 mx-auto mt-4 flex w-full max-w-2xl flex-wrap items-center justify-between gap-3 rounded-xl border bg-card px-4 py-3 shadow-lg"
          data-test="batch-bar"
        >
          <p className="flex items-center gap-2 text-sm font-medium" aria-live="polite">
            <Layers className="size-4 text-primary" aria-hidden />
            <span data-test="batch-count">
              {selected.size} {selected.size === 1 ? "job" : "jobs"} selected
            </span>
          </p>
          <div className="flex gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={clear} data-test="batch-clear">
              <X />
              Clear
            </Button>
            <Button
              type="button"
              size="sm"
              onClick={() => {
                setUsed(true);
                setOpen(true);
              }}
              data-test="batch-apply"
            >
              <Send />
              Apply to {selected.size}
            </Button>
          </div>
        </section>
      ) : null}
      {used ? <BatchDialog open={open} onOpenChange={setOpen} selected={selected} clear={clear} /> : null}
    </>
  );
}
