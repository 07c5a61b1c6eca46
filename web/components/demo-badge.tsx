import { FlaskConical } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { type DemoService, publicEnv as env } from "@/lib/public-env";

const LABEL: Record<DemoService, string> = { github: "GitHub", gemini: "Gemini" };

const EXPLAIN: Record<DemoService, string> = {
  github:
    "Demo GitHub: a local stand-in that signs you in as octocat with sample repositories. Configure a GitHub OAuth app to use the real GitHub.",
  gemini:
    "Demo Gemini: a local stand-in that writes descriptions from the repository's facts. Configure GEMINI_API_BASE_URL to use Google's Gemini with your own key.",
};

/** True when the local devstack runs `service` as a demo stand-in. */
export function isDemo(service: DemoService): boolean {
  return env.demoServices.includes(service);
}

/** "Demo GitHub" / "Demo Gemini" where that service is a local stand-in; nothing otherwise. */
export function DemoBadge({ service }: { service: DemoService }) {
  if (!isDemo(service)) return null;
  return (
    <Badge
      variant="outline"
      className="gap-1 border-amber-300 bg-amber-50 text-amber-800"
      title={EXPLAIN[service]}
      data-test={`demo-badge-${service}`}
    >
      <FlaskConical aria-hidden />
      Demo {LABEL[service]}
    </Badge>
  );
}

/** The app shell's "Demo mode" badge naming every stand-in; nothing when all services are real. */
export function DemoModeBadge() {
  if (env.demoServices.length === 0) return null;
  const names = env.demoServices.map((s) => LABEL[s]).join(" and ");
  return (
    <Badge
      variant="outline"
      className="gap-1 border-amber-300 bg-amber-50 text-amber-800"
      title={`${names} ${env.demoServices.length > 1 ? "are" : "is"} a local demo stand-in: no real credentials are configured.`}
      data-test="demo-mode-badge"
    >
      <FlaskConical aria-hidden />
      {/* A phone's header has room for one word; the title names the services. */}
      <span className="sm:hidden">Demo</span>
      <span className="hidden sm:inline">Demo mode: {names}</span>
    </Badge>
  );
}
