/**
 * The grounding rule of AI descriptions (see `describe.ts`): what counts as evidence, the check
 * (the platform's no-fabrication guard, `_shared/contract/grounding.ts`: every name and number of
 * the description must occur in the facts — no list of known technologies decides), and the prompt
 * that states the facts. Pure: no client imports.
 */
import { evidenceOf, phraseIn, unsupportedFacts } from "../_shared/contract/grounding.ts";
import type { RepositoryFacts } from "./facts.ts";

/** A technology the grounding check knows: how it is named, and what in the facts evidences it. */
export interface KnownTechnology {
  name: string;
  /** Matches a mention of it in generated prose. */
  mention: RegExp;
  /** Matches evidence of it in the facts (defaults to `mention`, case-insensitive). */
  evidence?: RegExp;
}

const ci = (source: string) => new RegExp(source, "i");
/** A mention: the words, case-insensitive, not inside a longer word. */
const word = (alternatives: string) => ci(`(?<![A-Za-z0-9_])(?:${alternatives})(?![A-Za-z0-9_])`);
/** A case-sensitive mention, for names that are also common English words ("Go", "Rust", "Express"). */
const proper = (alternatives: string) => new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives})(?![A-Za-z0-9_])`);

/**
 * Usual names and aliases of common technologies, used only to spell an evidenced technology the
 * usual way and to accept an alias as evidence (`Dockerfile` → Docker, `npm` → Node.js). It decides
 * nothing about the description: a name missing here is checked by the guard like any other.
 */
export const KNOWN_TECHNOLOGIES: KnownTechnology[] = [
  { name: "TypeScript", mention: word("typescript|ts-node") },
  {
    name: "JavaScript",
    mention: word("javascript|ecmascript"),
    evidence: word("javascript|ecmascript|js|jsx|node(?:\\.?js)?|npm"),
  },
  {
    name: "Python",
    mention: word("python|python3"),
    evidence: word("python|python3|pip|pypi|py|requirements\\.txt|pyproject\\.toml|jupyter notebook"),
  },
  { name: "Java", mention: proper("Java|java"), evidence: word("java|maven|gradle|jvm") },
  { name: "Kotlin", mention: word("kotlin") },
  {
    name: "Go",
    mention: proper("Go|Golang|golang"),
    evidence: ci("(?<![A-Za-z0-9_])(?:go|golang|go\\.mod)(?![A-Za-z0-9_])"),
  },
  { name: "Rust", mention: proper("Rust"), evidence: word("rust|cargo|cargo\\.toml|crates\\.io") },
  { name: "C++", mention: ci("(?<![A-Za-z0-9_])(?:c\\+\\+|cpp)(?![A-Za-z0-9_+])") },
  { name: "C#", mention: ci("(?<![A-Za-z0-9_])(?:c#|csharp|\\.net|dotnet)(?![A-Za-z0-9_#])") },
  { name: "Ruby", mention: proper("Ruby"), evidence: word("ruby|gem|gemfile|rubygems") },
  { name: "PHP", mention: word("php") },
  { name: "Swift", mention: proper("Swift|SwiftUI"), evidence: word("swift|swiftui|xcode") },
  { name: "Dart", mention: proper("Dart"), evidence: word("dart|pubspec") },
  { name: "Scala", mention: word("scala") },
  { name: "Elixir", mention: word("elixir") },
  { name: "Haskell", mention: word("haskell") },
  {
    name: "R",
    mention: proper("R language|RStudio"),
    evidence: ci("(?<![A-Za-z0-9_])(?:r|rstudio|cran)(?![A-Za-z0-9_])"),
  },
  {
    name: "Node.js",
    mention: word("node\\.js|nodejs|node js"),
    evidence: word("node|node\\.js|nodejs|npm|yarn|pnpm|package\\.json"),
  },
  { name: "Deno", mention: proper("Deno") },
  {
    name: "React",
    mention: word("react|react\\.js|reactjs"),
    evidence: word("react|react\\.js|reactjs|jsx|next\\.js|nextjs"),
  },
  { name: "React Native", mention: word("react native|react-native") },
  { name: "Next.js", mention: word("next\\.js|nextjs") },
  { name: "Vue", mention: word("vue|vue\\.js|vuejs|nuxt") },
  { name: "Angular", mention: word("angular|angularjs") },
  { name: "Svelte", mention: word("svelte|sveltekit") },
  { name: "jQuery", mention: word("jquery") },
  {
    name: "Express",
    mention: proper("Express|Express\\.js|express\\.js|ExpressJS"),
    evidence: word("express|express\\.js|expressjs"),
  },
  { name: "NestJS", mention: word("nestjs|nest\\.js") },
  { name: "Django", mention: word("django") },
  { name: "Flask", mention: word("flask") },
  { name: "FastAPI", mention: word("fastapi") },
  { name: "Ruby on Rails", mention: word("rails|ruby on rails") },
  { name: "Spring", mention: word("spring boot|spring framework|springboot") },
  { name: "Laravel", mention: word("laravel") },
  { name: "Flutter", mention: word("flutter") },
  { name: "Electron", mention: proper("Electron"), evidence: word("electron") },
  { name: "Tailwind CSS", mention: word("tailwind|tailwindcss") },
  { name: "Bootstrap", mention: proper("Bootstrap"), evidence: word("bootstrap") },
  { name: "HTML", mention: word("html|html5") },
  { name: "CSS", mention: word("css|css3|scss|sass") },
  { name: "GraphQL", mention: word("graphql") },
  { name: "PostgreSQL", mention: word("postgresql|postgres") },
  { name: "MySQL", mention: word("mysql|mariadb") },
  { name: "SQLite", mention: word("sqlite|sqlite3") },
  { name: "MongoDB", mention: word("mongodb|mongo|mongoose") },
  { name: "Redis", mention: word("redis") },
  { name: "Kafka", mention: word("kafka") },
  { name: "Elasticsearch", mention: word("elasticsearch") },
  { name: "Supabase", mention: word("supabase") },
  { name: "Firebase", mention: word("firebase|firestore") },
  { name: "Docker", mention: word("docker|dockerfile|docker-compose") },
  { name: "Kubernetes", mention: word("kubernetes|k8s|helm") },
  { name: "Terraform", mention: word("terraform") },
  {
    name: "AWS",
    mention: word("aws|amazon web services|ec2"),
    evidence: word("aws|amazon web services|lambda|s3|ec2|cdk"),
  },
  { name: "Google Cloud", mention: word("google cloud|gcp") },
  { name: "Azure", mention: word("azure") },
  { name: "Nginx", mention: word("nginx") },
  { name: "TensorFlow", mention: word("tensorflow|keras") },
  { name: "PyTorch", mention: word("pytorch|torch") },
  { name: "scikit-learn", mention: word("scikit-learn|sklearn") },
  { name: "Pandas", mention: word("pandas") },
  { name: "NumPy", mention: word("numpy") },
  { name: "OpenCV", mention: word("opencv") },
  { name: "Webpack", mention: word("webpack") },
  { name: "Vite", mention: word("vite|vitejs") },
  { name: "Jest", mention: proper("Jest"), evidence: word("jest") },
  { name: "Prisma", mention: word("prisma") },
  { name: "Hono", mention: word("hono") },
  { name: "GitHub Actions", mention: word("github actions") },
  { name: "Unity", mention: proper("Unity"), evidence: word("unity|unity3d") },
];

/** The text the evidence is searched in: every fact, one per line. */
export function evidenceText(facts: RepositoryFacts): string {
  return [
    facts.fullName.replace(/[/_-]/g, " "),
    facts.fullName,
    facts.description ?? "",
    ...facts.languages.map((l) => l.name),
    ...facts.topics,
    ...facts.topics.map((t) => t.replace(/-/g, " ")),
    ...facts.commits,
    facts.readme ?? "",
  ].join("\n");
}

/** The known technology a free-form name refers to (by name, or when its mention pattern is the whole name). */
export function knownTechnology(name: string): KnownTechnology | undefined {
  const n = name.trim();
  return KNOWN_TECHNOLOGIES.find((t) => t.name.toLowerCase() === n.toLowerCase()) ??
    KNOWN_TECHNOLOGIES.find((t) => ci(t.mention.source).exec(n)?.[0].length === n.length);
}

/** Whether the facts evidence `name` (rule 1): the guard accepts it as a whole value, or a known alias is evidenced. */
export function isEvidenced(name: string, evidence: string): boolean {
  const trimmed = name.trim();
  if (!trimmed) return false;
  const known = knownTechnology(trimmed);
  if (known && (known.evidence ?? ci(known.mention.source)).test(evidence)) return true;
  const ev = evidenceOf(evidence);
  return phraseIn(trimmed, ev) && unsupportedFacts(trimmed, ev).length === 0;
}

/**
 * Names and numbers in the description that the facts do not contain (rule 2): the platform's
 * no-fabrication guard, so an invented name nobody ever listed is caught too.
 */
export function unsupportedMentions(description: string, evidence: string): string[] {
  return unsupportedFacts(description, evidenceOf(evidence));
}

/** Technologies the facts show (offered to the model in the strict prompt): languages, topics and evidenced known names. */
export function evidencedTechnologies(evidence: string, facts?: RepositoryFacts): string[] {
  const known = KNOWN_TECHNOLOGIES.filter((t) => (t.evidence ?? ci(t.mention.source)).test(evidence)).map((
    t,
  ) => t.name);
  const own = facts ? [...facts.languages.map((l) => l.name), ...facts.topics] : [];
  return [...new Set([...own, ...known])];
}

/** A checked answer: `technologies` filtered by rule 1; `unsupported` from rule 2. */
export function groundAnswer(
  answer: { description: string; technologies: string[] },
  facts: RepositoryFacts,
): { description: string; technologies: string[]; unsupported: string[] } {
  const evidence = evidenceText(facts);
  const seen = new Set<string>();
  const technologies: string[] = [];
  for (const t of answer.technologies) {
    const name = t.trim();
    const key = (knownTechnology(name)?.name ?? name).toLowerCase();
    if (!name || seen.has(key) || !isEvidenced(name, evidence)) continue;
    seen.add(key);
    technologies.push(knownTechnology(name)?.name ?? name);
  }
  return {
    description: answer.description.trim(),
    technologies,
    unsupported: unsupportedMentions(answer.description, evidence),
  };
}

/** Marks the facts block of the prompt (the loopback fake reads it; Gemini ignores it). */
export const FACTS_BEGIN = "=== REPOSITORY FACTS ===";
export const FACTS_END = "=== END OF FACTS ===";
/** Marks the stricter second attempt. */
export const STRICT_MARKER = "STRICT GROUNDING:";

/** The facts as the prompt states them. */
export function factsBlock(facts: RepositoryFacts): string {
  const lines = [
    FACTS_BEGIN,
    `Repository: ${facts.fullName}`,
    `GitHub description: ${facts.description ?? "(none)"}`,
    `Languages (by size): ${facts.languages.map((l) => `${l.name} ${l.percent}%`).join(", ") || "(none)"}`,
    `Topics: ${facts.topics.join(", ") || "(none)"}`,
    "Recent commit messages:",
    ...(facts.commits.length ? facts.commits.map((c) => `- ${c}`) : ["(none)"]),
    "README excerpt:",
    facts.readme ?? "(no README)",
    FACTS_END,
  ];
  return lines.join("\n");
}

/** The prompt; `strict` adds the allowed list and the names the first answer got wrong. */
export function describePrompt(
  facts: RepositoryFacts,
  strict?: { allowed: string[]; rejected: string[] },
): string {
  const parts = [
    "You write the project description shown on a job seeker's CareerPilot portfolio.",
    "Describe what the repository does and how it is built in 2–4 sentences (at most 600 characters), " +
    "in the third person, plain text, no Markdown, no marketing superlatives.",
    "Use ONLY the facts below. Do not name any language, framework, library, database, cloud service or tool " +
    "unless it appears in the facts. If the facts are thin, say less rather than guess.",
    'Return JSON {"description": string, "technologies": string[]} where technologies lists only ' +
    "technologies that appear in the facts, most important first.",
  ];
  if (strict) {
    parts.push(
      `${STRICT_MARKER} your previous answer named ${
        strict.rejected.join(", ")
      }, which the facts do not show. ` +
        `Do not mention ${strict.rejected.join(", ")}. The technologies you may name are: ${
          strict.allowed.join(", ") || "(only those written in the facts)"
        }.`,
    );
  }
  parts.push("", factsBlock(facts));
  return parts.join("\n");
}
