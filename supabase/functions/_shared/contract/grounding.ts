/**
 * The no-fabrication guard: does a generated claim rest on the sources it cites?
 *
 * Used wherever an LLM writes about the user — resume versions (`resumes` function), the auto-update
 * drafts (runner), repository descriptions (`projects` function) — and enforced in code, not in the
 * prompt. Pure: no I/O, no runtime APIs (importable by Deno, Node and the web app).
 *
 * **The rule.** A claim cites sources (the user's own rows, loaded by the caller). It passes only if
 * 1. every cited source exists among the ones the caller loaded for this user (a made-up id, or
 *    another user's, is not there), and at least one is cited;
 * 2. every **hard fact** in its text occurs in the text of the cited sources:
 *    - numbers (`12`, `40%`, `3.5x`, `₹12 LPA`, `2019`, number words like "twelve", "a dozen") —
 *      compared as normalised numbers (`03` = `3`, `1,200` = `1200`);
 *    - names: every capitalised, mixed-case or symbol-bearing word (`Google`, `PostgreSQL`, `gRPC`,
 *      `Node.js`, `C++`, `k8s`, `March`) — compared as words, case-insensitively. There is **no list of
 *      known technologies**: a name nobody ever listed is a fact like any other and must be in the
 *      sources. A capitalised word that only starts a sentence is exempt when it is an ordinary
 *      English word ({@link COMMON_WORDS}: function words and résumé verbs, not names);
 *    - for **whole-value** fields (an employer, a title, a date, a skill, a keyword, …) the whole
 *      value, as a phrase (case, spacing and punctuation aside).
 * Lower-case ordinary words are prose and are not checked: "built", "scalable". A lower-case
 * technology name in running text ("with kubernetes") is caught only when it carries a digit or a
 * symbol (`k8s`, `node.js`) — models capitalise names, and a list-type field (skills, keywords) is
 * always checked whole.
 */

/** A source a claim may cite: `ref` is `kind:id` (`record:<uuid>`, `repository:<uuid>`, `profile:<uid>`). */
export interface GroundingSource {
  ref: string;
  /** Every fact of the source as text (fields, dates in ISO and in words, derived durations). */
  text: string;
}

/** A claim to check. */
export interface Claim {
  /** JSON pointer where the claim would be published (`/work/0/highlights/1`). */
  pointer: string;
  text: string;
  /** Cited source refs (`kind:id`). */
  sources: string[];
  /** The whole value must occur in the sources (names, titles, dates, skills, keywords). */
  whole?: boolean;
}

/** Why a claim was refused (`resume_versions.rejected_claims[]`). */
export interface RejectedClaim {
  pointer: string;
  text: string;
  sources: string[];
  reason: "no_sources" | "unknown_source" | "unsupported_facts" | "entry_rejected";
  /** The hard facts (or source refs) that were not found. */
  facts: string[];
  /** For people: what to do. */
  message: string;
}

/**
 * Ordinary English words that may start a sentence capitalised without being a name: function
 * words and the verbs and nouns résumés open sentences with. Not names, not technologies.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but nor for so yet of in on at to by with from into onto over under about across after " +
    "before during through between among within without via per as than then also both each every all any " +
    "some many most more few other such this that these those it its it's i we our my me you your he she they " +
    "their them his her is are was were be been being has have had do does did can could will would should may " +
    "might must not no yes up down out off again further once here there when where why how what which who whom " +
    "whose while if because until since although though whereas including using used use uses " +
    "led lead leads leading built build builds building created create creates creating designed design designs " +
    "designing developed develop develops developing implemented implement implements implementing managed " +
    "manage manages managing maintained maintain maintains maintaining improved improve improves improving " +
    "increased increase reduced reduce optimized optimised optimize optimise delivered deliver launched launch " +
    "wrote write writes writing worked work works working contributed contribute collaborated collaborate " +
    "automated automate migrated migrate integrated integrate deployed deploy refactored refactor tested test " +
    "shipped ship owned own mentored mentor supported support analyzed analysed analyze analyse researched " +
    "research established establish architected architect coordinated coordinate organized organised organize " +
    "organise presented present published publish won earned received achieved achieve completed complete " +
    "studied study taught teach trained train handled handle resolved resolve streamlined streamline " +
    "spearheaded enabled enable helped help served serve ran run started start joined join set made make " +
    "written expert experienced experience skilled skills skill proficient familiar knowledge expertise background " +
    "responsible responsibilities role roles team teams project projects product products service services " +
    "software engineer engineering developer development application applications system systems data web " +
    "backend frontend full stack end open source personal professional summary currently previously " +
    "over under nearly approximately around several multiple various key core new first second third " +
    "bachelor master degree course courses student graduate"
  ).split(/\s+/),
);

const NUMBER_WORDS: Record<string, string> = {
  zero: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  thirteen: "13",
  fourteen: "14",
  fifteen: "15",
  sixteen: "16",
  seventeen: "17",
  eighteen: "18",
  nineteen: "19",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  hundred: "100",
  dozen: "12",
  thousand: "1000",
  million: "1000000",
  billion: "1000000000",
};

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Word-ish tokens: letters/digits joined by `.`, `+`, `#`, `'`, `-`, `/` (`node.js`, `c++`, `ci/cd`). */
const TOKEN_RE = /[\p{L}\p{N}]+(?:[.'’\-/][\p{L}\p{N}]+)*[+#]*/gu;
const NUMBER_RE = /(?<![\p{L}\d])\d+(?:[.,]\d+)*/gu;

/** Lower-case, accents kept, punctuation collapsed to spaces: for phrase comparison. */
export function normalisePhrase(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#]+/gu, " ")
    .trim();
}

function normaliseNumber(raw: string): string {
  const s = raw.replace(/,(?=\d{2,3}\b)/g, "");
  const [int = "", frac] = s.split(".");
  const i = int.replace(/^0+(?=\d)/, "");
  const f = frac?.replace(/0+$/, "");
  return f ? `${i}.${f}` : i;
}

/** The numbers in a text, normalised (`03` → `3`, `1,200` → `1200`, `3.50` → `3.5`), number words included. */
export function numbersOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.normalize("NFKC").matchAll(NUMBER_RE)) {
    out.add(normaliseNumber(m[0]));
    // A date's parts: 2021-03 → 2021 and 3 are both numbers of the source.
  }
  for (const m of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    const n = NUMBER_WORDS[m[0]];
    if (n) out.add(n);
  }
  return out;
}

/** A source's evidence, indexed once. */
export interface Evidence {
  words: Set<string>;
  numbers: Set<string>;
  /** ` normalised text ` (padded, for phrase look-ups). */
  phrase: string;
}

/** Indexes text as evidence: its words (lower-case, also with their punctuation removed), numbers and phrase form. */
export function evidenceOf(text: string): Evidence {
  const words = new Set<string>();
  for (const m of text.normalize("NFKC").matchAll(TOKEN_RE)) {
    const w = m[0].toLowerCase();
    words.add(w);
    words.add(w.replace(/[.'’\-/]/g, ""));
    for (const part of w.split(/[.'’\-/]/)) if (part) words.add(part);
  }
  return { words, numbers: numbersOf(text), phrase: ` ${normalisePhrase(text)} ` };
}

/** A hard fact found in a claim. */
export interface HardFact {
  kind: "number" | "name";
  raw: string;
  /** For numbers: the normalised value. */
  value: string;
}

/** The hard facts of a text (see the module comment). */
export function hardFacts(text: string): HardFact[] {
  const facts: HardFact[] = [];
  const t = text.normalize("NFKC");
  for (const m of t.matchAll(NUMBER_RE)) {
    facts.push({ kind: "number", raw: m[0], value: normaliseNumber(m[0]) });
  }
  for (const m of t.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    if (/^[\d.,]+$/.test(raw)) continue; // a plain number, counted above
    const numberWord = NUMBER_WORDS[lower];
    if (numberWord && lower !== "one") {
      facts.push({ kind: "number", raw, value: numberWord });
      continue;
    }
    const hasUpper = /\p{Lu}/u.test(raw);
    const hasSymbol = /[\d.+#/]/.test(raw.replace(/[.]$/, ""));
    if (!hasUpper && !hasSymbol) continue; // ordinary lower-case prose
    if (hasUpper && !hasSymbol) {
      const initialOnly = /^\p{Lu}[\p{Ll}'’-]*$/u.test(raw);
      const start = m.index ?? 0;
      const before = t.slice(0, start).trimEnd();
      const sentenceStart = before === "" || /[.!?:;•\-–—(\n]$/.test(before);
      if (initialOnly && sentenceStart && COMMON_WORDS.has(lower)) continue;
      if (raw === "I" || raw === "A") continue;
    }
    facts.push({ kind: "name", raw, value: lower });
  }
  return facts;
}

/** The facts of `text` that the evidence does not contain. */
export function unsupportedFacts(text: string, evidence: Evidence): string[] {
  const missing: string[] = [];
  for (const f of hardFacts(text)) {
    const ok = f.kind === "number"
      ? evidence.numbers.has(f.value)
      : [f.value, f.value.replace(/['’]s$/, ""), f.value.replace(/[.'’\-/]/g, "")].some((v) =>
        evidence.words.has(v)
      );
    if (!ok && !missing.includes(f.raw)) missing.push(f.raw);
  }
  return missing;
}

/** Whether `value` occurs as a phrase in the evidence (case, spacing and punctuation aside). */
export function phraseIn(value: string, evidence: Evidence): boolean {
  const p = normalisePhrase(value);
  return p !== "" && evidence.phrase.includes(` ${p} `);
}

/** The evidence of a set of sources, merged. */
export function evidenceFor(sources: GroundingSource[]): Evidence {
  return evidenceOf(sources.map((s) => s.text).join("\n"));
}

/**
 * Checks one claim against the user's sources (`byRef`: every source loaded for this user).
 * Returns null when it passes, else the rejection.
 */
export function checkClaim(claim: Claim, byRef: ReadonlyMap<string, GroundingSource>): RejectedClaim | null {
  const base = { pointer: claim.pointer, text: claim.text, sources: claim.sources };
  const cited = [...new Set(claim.sources)];
  if (cited.length === 0) {
    return {
      ...base,
      reason: "no_sources",
      facts: [],
      message: "It cites nothing in your record, so it was left out.",
    };
  }
  const unknown = cited.filter((r) => !byRef.has(r));
  if (unknown.length) {
    return {
      ...base,
      reason: "unknown_source",
      facts: unknown,
      message: "It cites entries that are not in your record, so it was left out.",
    };
  }
  const evidence = evidenceFor(cited.map((r) => byRef.get(r)!));
  const missing = unsupportedFacts(claim.text, evidence);
  if (claim.whole && !phraseIn(claim.text, evidence) && !missing.length) missing.push(claim.text);
  if (missing.length) {
    return {
      ...base,
      reason: "unsupported_facts",
      facts: missing,
      message: `${missing.map((m) => `'${m}'`).join(", ")} ${
        missing.length === 1 ? "is" : "are"
      } not in your record. If it is true, add it to your record and build again.`,
    };
  }
  return null;
}

/** Dates of a source in the forms claims use: `2021-03` → `2021-03 March 2021 Mar 2021`. */
export function dateWords(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  return month ? `${iso} ${month} ${m[1]} ${month.slice(0, 3)} ${m[1]}` : iso;
}

/** Whole years and months between two ISO dates (end: today when open), as words a claim may use. */
export function durationWords(
  start: string | null | undefined,
  end: string | null | undefined,
  today: Date,
): string {
  const s = /^(\d{4})(?:-(\d{2}))?/.exec(start ?? "");
  if (!s) return "";
  const e = /^(\d{4})(?:-(\d{2}))?/.exec(end ?? "") ??
    [null, String(today.getUTCFullYear()), String(today.getUTCMonth() + 1).padStart(2, "0")];
  const months = (Number(e[1]) - Number(s[1])) * 12 + (Number(e[2] ?? 1) - Number(s[2] ?? 1));
  if (months <= 0) return "";
  const years = Math.floor(months / 12);
  return `${months} months${years ? ` ${years} years ${years}+ years` : ""}`;
}
