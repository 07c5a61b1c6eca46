import { BadgeCheck, ChartColumn, FileText, FolderGit2, type LucideIcon, Radar, Send } from "lucide-react";

interface Feature {
  icon: LucideIcon;
  title: string;
  body: string;
  points: string[];
}

const features: Feature[] = [
  {
    icon: FolderGit2,
    title: "GitHub projects, explained",
    body: "Connect GitHub and every repository gets a clear AI description recruiters understand.",
    points: [
      "Record or upload a 20–30 s intro video per project",
      "New repos are detected and synced for you",
    ],
  },
  {
    icon: FileText,
    title: "AI résumés, in versions",
    body: "Build role-specific résumés from your real projects, preview them, and download a clean PDF.",
    points: ["Keep up to 10 résumés, each with its history", "Auto-updates when you ship a new repo"],
  },
  {
    icon: BadgeCheck,
    title: "Verified certificates",
    body: "Upload certificates once; our team reviews them so your profile carries a verified badge.",
    points: ["Clear Pending, Verified or Rejected status", "Notified the moment a review is done"],
  },
  {
    icon: Radar,
    title: "Jobs fetched on a schedule",
    body: "LinkedIn, Naukri and Indeed are searched every 6 hours with your roles, cities and minimum LPA.",
    points: ["Duplicates skipped, every job scored for fit", "“12 new jobs found” alerts, not inbox noise"],
  },
  {
    icon: Send,
    title: "Auto-apply, tailored",
    body: "Apply manually or let CareerPilot apply for you with the right résumé and a tailored cover letter.",
    points: ["Track views, shortlists, interviews and offers", "Pause or stop auto-apply at any time"],
  },
  {
    icon: ChartColumn,
    title: "Reports and skill gaps",
    body: "See what is working: applications over time, résumé performance and the skills roles ask for.",
    points: ["Export to CSV or PDF", "Daily or weekly email summaries"],
  },
];

export function Features() {
  return (
    <section id="features" className="scroll-mt-20 border-t bg-muted/40 py-20 sm:py-24">
      <div className="mx-auto max-w-6xl px-4 sm:px-6">
        <div className="max-w-2xl">
          <p className="text-sm font-semibold tracking-wide text-primary uppercase">
            Everything in one place
          </p>
          <h2 className="mt-2 text-3xl font-semibold tracking-tight text-balance sm:text-4xl">
            From your code to your next offer
          </h2>
          <p className="mt-4 text-lg text-muted-foreground">
            Six tools that usually live in six tabs, working together on your profile.
          </p>
        </div>
        <div className="mt-12 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          {features.map((f) => (
            <article
              key={f.title}
              data-test="feature-card"
              className="flex flex-col rounded-xl border bg-card p-6 shadow-sm transition-shadow hover:shadow-md"
            >
              <div className="flex size-11 items-center justify-center rounded-lg bg-brand-soft text-primary">
                <f.icon className="size-5" />
              </div>
              <h3 className="mt-5 text-lg font-semibold">{f.title}</h3>
              <p className="mt-2 text-sm leading-relaxed text-muted-foreground">{f.body}</p>
              <ul className="mt-4 space-y-2 border-t pt-4 text-sm">
                {f.points.map((p) => (
                  <li key={p} className="flex gap-2">
                    <span className="mt-2 size-1.5 shrink-0 rounded-full bg-primary" aria-hidden="true" />
                    <span>{p}</span>
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </div>
      </div>
    </section>
  );
}
