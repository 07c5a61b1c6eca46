/**
 * What changed between two resume versions: every text of the document (not `meta`) by JSON
 * pointer, compared by position and by value, so a reordered bullet is not reported as changed.
 * Pure; the web app shows it as added / removed / changed lines.
 */
import type { ResumeDocument } from "../_shared/contract/resume.ts";

export interface ResumeDiff {
  added: { pointer: string; text: string }[];
  removed: { pointer: string; text: string }[];
  changed: { pointer: string; before: string; after: string }[];
}

/** pointer → text for every string of the document outside `meta`. */
export function flatten(doc: ResumeDocument | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, p: string) => {
    if (typeof v === "string") out.set(p, v);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (p === "" && (k === "meta" || k === "$schema")) continue;
        walk(x, `${p}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      }
    }
  };
  walk(doc ?? {}, "");
  return out;
}

/** The diff from `before` (null: the first version, everything is added) to `after`. */
export function diffResumes(before: ResumeDocument | null, after: ResumeDocument): ResumeDiff {
  const a = flatten(before);
  const b = flatten(after);
  const beforeValues = new Set(a.values());
  const afterValues = new Set(b.values());
  const diff: ResumeDiff = { added: [], removed: [], changed: [] };
  for (const [p, text] of b) {
    const old = a.get(p);
    if (old === text) continue;
    if (old !== undefined && !beforeValues.has(text)) {
      diff.changed.push({ pointer: p, before: old, after: text });
    } else if (!beforeValues.has(text)) diff.added.push({ pointer: p, text });
  }
  for (const [p, text] of a) {
    if (afterValues.has(text)) continue;
    if (diff.changed.some((c) => c.pointer === p)) continue;
    diff.removed.push({ pointer: p, text });
  }
  return diff;
}
