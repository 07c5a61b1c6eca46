/**
 * Reading and filling one step of a portal's apply form (LinkedIn's dialog steps, Indeed's pages):
 * every visible field is read with its label, kind, options and whether it is required; contact
 * fields are filled from the applicant, the resume from the PDF, a cover letter field from the
 * cover letter, and every other field is a screening question put to `input.answer`.
 *
 * Never guessed: an answer that is not one of a choice field's options, or not a number for a
 * numeric field, counts as no answer. A required field without an answer is returned as
 * unanswered (the flow stops with needs_input before moving on, so nothing is submitted).
 *
 * Answers' shapes (`Answer.value`): text and number fields take the value as typed; select and
 * radio take one option's label; a checkbox group takes option labels separated by "\n"; a lone
 * checkbox (an acknowledgement) takes "Yes"/"true" to tick it.
 */
import type { Locator } from "playwright-core";
import type { ApplyInput, ScreeningQuestion } from "./types.js";

/** One field as the page shows it. */
export interface Field {
  /** The control's name (radio/checkbox: the group's), or its id. */
  name: string;
  control: "input" | "select" | "textarea" | "radio" | "checkbox" | "file";
  kind: ScreeningQuestion["kind"];
  label: string;
  required: boolean;
  /** Choice fields: visible label and submitted value of each option. */
  options: { label: string; value: string }[];
  /** The current value (prefilled by the portal); choice groups: the checked labels joined by "\n". */
  value: string;
}

/** Reads the visible fields under `scope` (hidden steps are skipped; a hidden file input is not). */
export async function readFields(scope: Locator): Promise<Field[]> {
  await inPageHelpers(scope);
  return scope.evaluate((root) => {
    const clean = (s: string | null | undefined) =>
      (s ?? "")
        .replace(/\s+/g, " ")
        .replace(/\s*\*\s*$/, "")
        .replace(/\s*\(optional\)\s*$/i, "")
        .trim();
    const hiddenAbove = (el: Element) => {
      for (let p = el.parentElement; p && p !== root.parentElement; p = p.parentElement)
        if (p.hasAttribute("hidden") || getComputedStyle(p).display === "none") return true;
      return false;
    };
    const labelOf = (el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) => {
      const l = el.labels?.[0];
      if (l) return clean(l.innerText || l.textContent);
      const aria = el.getAttribute("aria-label");
      if (aria) return clean(aria);
      const by = el.getAttribute("aria-labelledby");
      if (by) return clean(document.getElementById(by)?.textContent);
      return clean(el.getAttribute("placeholder") || el.name);
    };
    const out: {
      name: string;
      control: "input" | "select" | "textarea" | "radio" | "checkbox" | "file";
      kind: "text" | "number" | "select" | "radio" | "checkbox";
      label: string;
      required: boolean;
      options: { label: string; value: string }[];
      value: string;
    }[] = [];
    const seen = new Set<string>();
    for (const el of root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      "input, select, textarea",
    )) {
      const type = el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase();
      if (["hidden", "submit", "button", "reset", "image", "password", "search"].includes(type)) continue;
      if (hiddenAbove(el) || el.disabled) continue;
      if (type !== "file" && el.hasAttribute("hidden")) continue;
      const name = el.name || el.id;
      if (!name || seen.has(name)) continue;
      seen.add(name);
      if (type === "radio" || type === "checkbox") {
        const group = [...root.querySelectorAll<HTMLInputElement>(`input[type="${type}"]`)].filter(
          (i) => (i.name || i.id) === name,
        );
        const fs = el.closest("fieldset");
        const legend = fs?.querySelector("legend");
        const single = type === "checkbox" && group.length === 1 && !legend;
        const options = group.map((i) => ({ label: labelOf(i), value: i.value }));
        out.push({
          name,
          control: type,
          kind: type,
          label: single
            ? labelOf(el)
            : clean(legend?.innerText ?? fs?.getAttribute("aria-label") ?? labelOf(el)),
          required: group.some((i) => i.required) || fs?.getAttribute("aria-required") === "true",
          options: single ? [] : options,
          value: group
            .filter((i) => i.checked)
            .map((i) => labelOf(i))
            .join("\n"),
        });
        continue;
      }
      if (el instanceof HTMLSelectElement) {
        const options = [...el.options]
          .filter((o) => o.value !== "" && !/^select an option$/i.test(o.text.trim()))
          .map((o) => ({ label: o.text.trim(), value: o.value }));
        out.push({
          name,
          control: "select",
          kind: "select",
          label: labelOf(el),
          required: el.required || el.getAttribute("aria-required") === "true",
          options,
          value: el.value ? (el.selectedOptions[0]?.text.trim() ?? "") : "",
        });
        continue;
      }
      const numeric =
        type === "number" ||
        el.getAttribute("inputmode") === "numeric" ||
        el.getAttribute("inputmode") === "decimal" ||
        el.hasAttribute("data-numeric");
      out.push({
        name,
        control: type === "file" ? "file" : el instanceof HTMLTextAreaElement ? "textarea" : "input",
        kind: numeric ? "number" : "text",
        label: labelOf(el),
        required: el.required || el.getAttribute("aria-required") === "true",
        options: [],
        value: type === "file" ? "" : el.value,
      });
    }
    return out;
  });
}

/**
 * tsx (esbuild keepNames) wraps named functions in `__name(…)`; a function sent into the page
 * carries that call, so the page gets the identity helper first.
 */
export async function inPageHelpers(scope: Locator): Promise<void> {
  await scope.page().evaluate("void (globalThis.__name ||= (f) => f)");
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/[.?!:;,]+$/, "")
    .trim();

/** The option whose label (or value) is exactly `value`, ignoring case, spacing and trailing punctuation. */
export function matchOption<T extends { label: string; value: string }>(
  options: T[],
  value: string,
): T | null {
  const v = norm(value);
  return options.find((o) => norm(o.label) === v) ?? options.find((o) => norm(o.value) === v) ?? null;
}

/** A number as a numeric field takes it, or null ("5 years" → "5"; "about five" → null). */
export function numberOf(value: string): string | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:years?|yrs?|days?|lpa|lakhs?)?\s*$/i.exec(value.replace(/,/g, ""));
  return m?.[1] ?? null;
}

/** A field as the screening question handed to `input.answer`. */
export function questionOf(f: Field, id = f.name): ScreeningQuestion {
  const q: ScreeningQuestion = { id, label: f.label, kind: f.kind, required: f.required };
  if (f.options.length) q.options = f.options.map((o) => o.label);
  return q;
}

/** What the applicant's contact details say for a field, undefined for "not a contact field". */
function contactValue(label: string, a: ApplyInput["applicant"]): { value: string | null } | undefined {
  const l = label.toLowerCase();
  const [first, ...rest] = a.fullName.trim().split(/\s+/);
  if (/country code/.test(l)) return { value: null };
  if (/first name|given name/.test(l)) return { value: first ?? null };
  if (/last name|surname|family name/.test(l)) return { value: rest.join(" ") || null };
  if (/full name|^name$|your name/.test(l)) return { value: a.fullName };
  if (/e-?mail/.test(l)) return { value: a.email };
  if (/phone|mobile/.test(l)) return { value: a.phone ?? null };
  if (/^(city|location|city, state|current location)\b/.test(l)) return { value: a.location ?? null };
  return undefined;
}

/** Sets a field to a value already checked against it. */
async function setField(scope: Locator, f: Field, value: string): Promise<void> {
  const byName = (type?: string) =>
    scope
      .locator(`${type ? `input[type="${type}"]` : "input, select, textarea"}`)
      .and(scope.locator(`[name=${JSON.stringify(f.name)}], [id=${JSON.stringify(f.name)}]`));
  if (f.control === "select") {
    const opt = matchOption(f.options, value);
    if (opt) await byName().first().selectOption(opt.value);
    return;
  }
  if (f.control === "radio" || f.control === "checkbox") {
    const group = byName(f.control);
    if (f.options.length === 0) {
      if (/^(yes|true|y|1|checked)$/i.test(value.trim())) await group.first().check();
      return;
    }
    const wanted = f.control === "radio" ? [value] : value.split("\n").filter((v) => v.trim());
    for (const w of wanted) {
      const opt = matchOption(f.options, w);
      if (opt)
        await group
          .and(scope.locator(`[value=${JSON.stringify(opt.value)}]`))
          .first()
          .check();
    }
    return;
  }
  await byName().first().fill(value);
}

/**
 * The value to put in a field for an answer, or null when the answer does not fit the field
 * (then it counts as unanswered: never guessed).
 */
export function fitAnswer(f: Field, value: string): string | null {
  if (!value.trim()) return null;
  if (f.control === "select" || f.control === "radio") return matchOption(f.options, value)?.label ?? null;
  if (f.control === "checkbox") {
    if (f.options.length === 0)
      return /^(yes|true|y|1|no|false|n|0)$/i.test(value.trim()) ? value.trim() : null;
    const parts = value.split("\n").filter((v) => v.trim());
    const labels = parts.map((p) => matchOption(f.options, p)?.label ?? null);
    return labels.length > 0 && labels.every((x) => x !== null) ? labels.join("\n") : null;
  }
  if (f.kind === "number") return numberOf(value);
  return value.trim();
}

/**
 * Fills the visible fields of one step.
 * @returns the required questions left without an answer (empty: the step is complete)
 */
export async function fillStep(scope: Locator, input: ApplyInput): Promise<ScreeningQuestion[]> {
  const fields = await readFields(scope);
  const unanswered: ScreeningQuestion[] = [];
  const countryCode = fields.find((f) => /country code/i.test(f.label))?.value ?? "";
  for (const f of fields) {
    if (f.control === "file") {
      if (/cover/i.test(f.label)) continue;
      await scope
        .locator(`input[type="file"]`)
        .and(scope.locator(`[name=${JSON.stringify(f.name)}], [id=${JSON.stringify(f.name)}]`))
        .first()
        .setInputFiles({
          name: input.resumePdf.fileName,
          mimeType: "application/pdf",
          buffer: Buffer.from(input.resumePdf.bytes),
        });
      continue;
    }
    if (f.control === "textarea" && /cover letter/i.test(f.label)) {
      if (input.coverLetter) await setField(scope, f, input.coverLetter);
      else if (f.required) unanswered.push(questionOf(f));
      continue;
    }
    const contact =
      f.kind === "text" || f.control === "select" ? contactValue(f.label, input.applicant) : undefined;
    if (contact !== undefined) {
      let v = contact.value;
      // A separate country-code field: the number goes in without its prefix.
      const cc = /\(\+(\d{1,3})\)/.exec(countryCode)?.[1];
      if (v && cc && /phone|mobile/i.test(f.label)) v = v.replace(new RegExp(`^\\+?${cc}[\\s-]*`), "");
      const fitted = v ? fitAnswer(f, v) : null;
      if (fitted) await setField(scope, f, fitted);
      else if (!f.value && f.required) unanswered.push(questionOf(f));
      continue;
    }
    // An optional lone checkbox (follow the company, get job alerts) is no screening question:
    // it stays as the portal set it.
    if (f.control === "checkbox" && f.options.length === 0 && !f.required) continue;
    const q = questionOf(f);
    const answer = await input.answer(q);
    const fitted = answer ? fitAnswer(f, answer.value) : null;
    if (fitted !== null) await setField(scope, f, fitted);
    // No answer: a value the portal prefilled (the user's own earlier answer on that portal)
    // stays; an empty required field stops the application.
    else if (!f.value && f.required) unanswered.push(q);
  }
  return unanswered;
}
