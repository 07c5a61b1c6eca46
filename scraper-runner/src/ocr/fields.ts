/**
 * What a certificate's text says, guessed: holder name, issuer, title, issue date, credential id
 * and URL; how well the holder name matches the user's profile name; whether the text looks like
 * a certificate at all; and government ID numbers found in it, masked.
 *
 * Pure functions over the OCR'd (or text-layer) text, so they are tested without a file. The
 * guesses help the admin reviewing the document; they decide nothing.
 */

/** Government ID number kinds recognised (India: Aadhaar, PAN). */
export type GovernmentIdKind = "aadhaar" | "pan";

// Aadhaar: 12 digits, first 2–9, printed 4-4-4 but read by OCR with spaces anywhere
// ("23 45 6789 0123"). PAN: 5 letters, 4 digits, 1 letter, also split by OCR ("ABCDE1 234F",
// "ABCDE 1234 F"); split forms count only in capitals (as printed), so prose like "March 2024 a"
// stays. Between two characters: at most two spaces or hyphens. The last four characters are
// captured one by one, so the masked form never carries a separator. The same patterns mask in
// the database (`private.mask_government_ids`, migration 20261130006000).
const SEP = "[ -]{0,2}";
const AADHAAR = new RegExp(
  `(?<![0-9])[2-9](?:${SEP}[0-9]){7}${SEP}([0-9])${SEP}([0-9])${SEP}([0-9])${SEP}([0-9])(?![0-9])`,
  "g",
);
const PAN = /(?<![A-Za-z0-9])[A-Za-z]{5}[0-9]([0-9])([0-9])([0-9])([A-Za-z])(?![A-Za-z0-9])/g;
const PAN_SPLIT = new RegExp(
  `(?<![A-Za-z0-9])[A-Z](?:${SEP}[A-Z]){4}${SEP}[0-9]${SEP}([0-9])${SEP}([0-9])${SEP}([0-9])${SEP}([A-Z])(?![A-Za-z0-9])`,
  "g",
);

const last4 = (m: RegExpMatchArray | string[]) => `${m[1]}${m[2]}${m[3]}${m[4]}`.toUpperCase();

/**
 * Masks every Aadhaar number (`XXXX XXXX 1234`) and PAN (`XXXXXX234F`: only the last 4 visible)
 * in a text. The database masks again (`private.mask_government_ids`), but nothing unmasked ever
 * leaves the runner: not the database, not the log.
 */
export function maskGovernmentIds(text: string): string {
  return text
    .replace(AADHAAR, (...m: string[]) => `XXXX XXXX ${last4(m)}`)
    .replace(PAN, (...m: string[]) => `XXXXXX${last4(m)}`)
    .replace(PAN_SPLIT, (...m: string[]) => `XXXXXX${last4(m)}`);
}

/** The government ID numbers in a text, masked, de-duplicated. */
export function findGovernmentIds(text: string): { kind: GovernmentIdKind; masked: string }[] {
  const out = new Map<string, { kind: GovernmentIdKind; masked: string }>();
  for (const m of text.matchAll(AADHAAR)) {
    const masked = `XXXX XXXX ${last4(m)}`;
    out.set(`aadhaar:${masked}`, { kind: "aadhaar", masked });
  }
  for (const m of [...text.matchAll(PAN), ...text.matchAll(PAN_SPLIT)]) {
    const masked = `XXXXXX${last4(m)}`;
    out.set(`pan:${masked}`, { kind: "pan", masked });
  }
  return [...out.values()];
}

/** Field guesses; null where nothing plausible was found. */
export interface CertificateFields {
  holder_name: string | null;
  issuer: string | null;
  title: string | null;
  issue_date: string | null;
  credential_id: string | null;
  credential_url: string | null;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1950 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
}

const MONTH_NAME =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/** Dates in a text as ISO `yyyy-mm-dd`, in order of appearance (day-first for numeric d/m/y: India). */
export function findDates(text: string): string[] {
  const found: { at: number; iso: string }[] = [];
  const add = (at: number, iso: string | null) => iso && found.push({ at, iso });
  for (const m of text.matchAll(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g))
    add(m.index, isoDate(+m[1]!, +m[2]!, +m[3]!));
  for (const m of text.matchAll(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g))
    add(m.index, isoDate(+m[3]!, +m[2]!, +m[1]!));
  for (const m of text.matchAll(
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH_NAME}\\.?,?\\s+(\\d{4})\\b`, "gi"),
  )) {
    add(m.index, isoDate(+m[3]!, MONTHS[m[2]!.toLowerCase().slice(0, 3)] ?? 0, +m[1]!));
  }
  for (const m of text.matchAll(
    new RegExp(`\\b${MONTH_NAME}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi"),
  )) {
    add(m.index, isoDate(+m[3]!, MONTHS[m[1]!.toLowerCase().slice(0, 3)] ?? 0, +m[2]!));
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.iso);
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => l.length > 0);

/** Trims OCR noise around a captured value: punctuation at the ends, stray quotes. */
function clean(value: string | undefined | null, max = 120): string | null {
  if (!value) return null;
  const v = value.replace(/^[\s:;,.\-–—"'“”|]+|[\s:;,.\-–—"'“”|]+$/g, "").replace(/\s+/g, " ");
  return v.length >= 2 && v.length <= max ? v : null;
}

/** A person's name: 2–5 words of letters (initials and dots allowed), nothing else. */
function asName(value: string | null): string | null {
  if (!value) return null;
  const v = value.replace(/^(mr|ms|mrs|dr|shri|smt)\.?\s+/i, "");
  return /^[A-Za-z][A-Za-z.'-]*(\s+[A-Za-z][A-Za-z.'-]*){1,4}$/.test(v) ? v : null;
}

const HOLDER_LEAD =
  /(?:this\s+is\s+to\s+certify\s+that|certif(?:y|ies)\s+that|awarded\s+to|presented\s+to|granted\s+to|issued\s+to|conferred\s+(?:up)?on|name\s*(?:of\s+(?:the\s+)?(?:candidate|student|holder))?\s*[:-])\s*(.*)$/i;
const TITLE_LEAD =
  /(?:successfully\s+completed?(?:\s+the)?|has\s+completed(?:\s+the)?|completion\s+of(?:\s+the)?|for\s+completing(?:\s+the)?|degree\s+of|in\s+recognition\s+of|has\s+passed(?:\s+the)?|certified\s+as(?:\s+an?)?|course\s*[:-]|title\s*[:-])\s*(.*)$/i;
const ISSUER_WORDS =
  /\b(university|institute|institution|academy|college|school|board|council|foundation|government|ministry|authority|coursera|udemy|edx|nptel|linkedin|google|microsoft|amazon(?:\s+web\s+services)?|aws|oracle|cisco|ibm|meta|inc\.?|ltd\.?|limited|llc|pvt)\b/i;
const ID_LEAD =
  /\b(?:credential|certificate|cert\.?|licen[cs]e|registration|enrol?ment|serial|verification|roll)\s*(?:id|no\.?|number|code|#)\s*[:#.-]?\s*([A-Za-z0-9][A-Za-z0-9\-/]{3,40})/i;
const DOB = /\b(dob|d\.o\.b|date\s+of\s+birth|year\s+of\s+birth|birth)\b/i;
const URL_RE = /\b((?:https?:\/\/|www\.)[^\s<>"')\]]+)/i;
const DATE_LEAD =
  /\b(?:issued?(?:\s+on)?|date(?:\s+of\s+issue)?|awarded(?:\s+on)?|completed(?:\s+on)?|dated)\b/i;

/** The field guesses of a certificate's text. */
export function guessFields(text: string): CertificateFields {
  const ls = lines(text);
  let holder: string | null = null;
  let title: string | null = null;
  for (let i = 0; i < ls.length; i++) {
    const line = ls[i]!;
    if (!holder) {
      const m = HOLDER_LEAD.exec(line);
      if (m) holder = asName(clean(m[1])) ?? asName(clean(ls[i + 1]));
    }
    if (!title) {
      const m = TITLE_LEAD.exec(line);
      // "has successfully completed the course" / "… the programme": the title is on the next line.
      const rest = clean(m?.[1])?.replace(
        /^(the\s+)?(course|program(me)?|training|certification|exam(ination)?)$/i,
        "",
      );
      if (m) title = clean(rest) ?? clean(ls[i + 1]);
    }
  }
  if (!title) title = clean(ls.find((l) => /\bcertificat(e|ion)\s+(of|in)\b/i.test(l)));
  // ID cards: the holder's name is the line above the date of birth.
  if (!holder) {
    const dob = ls.findIndex((l) => DOB.test(l));
    if (dob > 0) holder = asName(clean(ls[dob - 1]));
  }

  const issuerLine =
    ls
      .map((l) => /\b(?:issued\s+by|offered\s+by|from)\s*[:-]?\s*(.+)$/i.exec(l)?.[1])
      .find((v) => v && ISSUER_WORDS.test(v)) ??
    ls.find((l) => ISSUER_WORDS.test(l) && !HOLDER_LEAD.test(l) && l.length <= 100);
  const url = URL_RE.exec(text)?.[1]?.replace(/[.,;]+$/, "") ?? null;

  // The issue date: a date on a line that says so, else the first date in the text.
  let issueDate: string | null = null;
  for (let i = 0; i < ls.length && !issueDate; i++) {
    if (DATE_LEAD.test(ls[i]!) && !DOB.test(ls[i]!))
      issueDate = findDates(`${ls[i]} ${ls[i + 1] ?? ""}`)[0] ?? null;
  }
  // Else the first date that is not a date of birth.
  issueDate ??= findDates(ls.filter((l) => !DOB.test(l)).join("\n"))[0] ?? null;

  return {
    holder_name: holder,
    issuer: clean(issuerLine),
    title: title ? clean(title, 200) : null,
    issue_date: issueDate,
    credential_id: clean(ID_LEAD.exec(text)?.[1], 60),
    credential_url: url ? (url.startsWith("www.") ? `https://${url}` : url) : null,
  };
}

const CERTIFICATE_WORDS =
  /\b(certif(y|ies|icate|ication|ied)|diploma|degree|bachelor|master|awarded|completion|completed|conferred|credential|accredit\w*|transcript|government\s+of\s+india|aadhaar|income\s+tax\s+department|permanent\s+account\s+number|licen[cs]e)\b/gi;

/** True when the text reads like a certificate, degree or ID document (at least 2 tell-tale words). */
export function looksLikeCertificate(text: string): boolean {
  return new Set([...text.matchAll(CERTIFICATE_WORDS)].map((m) => m[0].toLowerCase())).size >= 2;
}

const tokens = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z\s]/g, " ")
    .split(/\s+/)
    .filter((t) => t.length > 1);

/** How the document's holder name compares with the user's profile name. */
export interface NameMatch {
  profile_name: string | null;
  holder_name: string | null;
  /** 0…1: the share of the profile name's words found in the holder name (or, without one, in the text). */
  score: number;
  verdict: "match" | "partial" | "mismatch" | "unknown";
}

/**
 * Compares the holder name (or, when none was found, the whole text) with the profile name, word
 * by word, ignoring case, accents, punctuation and order ("Sharma Priya" matches "Priya Sharma").
 */
export function nameMatch(profileName: string | null, holderName: string | null, text: string): NameMatch {
  const want = profileName ? [...new Set(tokens(profileName))] : [];
  if (want.length === 0)
    return { profile_name: profileName, holder_name: holderName, score: 0, verdict: "unknown" };
  const have = new Set(tokens(holderName ?? text));
  const score = Math.round((want.filter((t) => have.has(t)).length / want.length) * 100) / 100;
  const verdict = score >= 0.99 ? "match" : score >= 0.5 ? "partial" : holderName ? "mismatch" : "unknown";
  return { profile_name: profileName, holder_name: holderName, score, verdict };
}
