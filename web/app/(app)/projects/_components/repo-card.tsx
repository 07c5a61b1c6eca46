"use client";

import { Archive, ExternalLink, GitFork, Lock, Star } from "lucide-react";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import type { Project } from "@/lib/api";
import { cn } from "@/lib/utils";
import { AiDescription } from "./ai-description";
import { IntroVideo } from "./intro-video";
import { RelativeTime } from "./relative-time";

const starFmt = new Intl.NumberFormat("en-IN", { notation: "compact", maximumFractionDigits: 1 });

/**
 * One repository: name (linking to GitHub), badges, languages, topics, stars and last push; its
 * AI description and intro video. `highlighted` (a `?repo=<id>` deep link) scrolls it into view.
 */
export function RepoCard({
  project: p,
  highlighted,
  canDescribe,
}: {
  project: Project;
  highlighted: boolean;
  canDescribe: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: "center" });
  }, [highlighted]);

  return (
    <Card
      ref={ref}
      id={`repo-${p.id}`}
      className={cn(
        "h-full scroll-mt-24 gap-4",
        highlighted && "border-primary ring-4 ring-primary/20",
        p.archived && "bg-muted/30",
      )}
      data-test="repo-card"
      data-repo-id={p.id}
      data-repo-name={p.name}
      data-highlighted={highlighted ? "true" : undefined}
    >
      <CardHeader className="gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          <a
            href={p.html_url}
            target="_blank"
            rel="noreferrer"
            className="group inline-flex min-w-0 items-center gap-1.5 text-base font-semibold hover:text-primary focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
            data-test="repo-name"
          >
            <span className="truncate">{p.name}</span>
            <ExternalLink className="size-3.5 shrink-0 text-muted-foreground group-hover:text-primary" />
            <span className="sr-only">(opens GitHub)</span>
          </a>
          {p.private ? (
            <Badge variant="outline" className="gap-1" data-test="repo-badge-private">
              <Lock />
              Private
            </Badge>
          ) : null}
          {p.fork ? (
            <Badge variant="outline" className="gap-1" data-test="repo-badge-fork">
              <GitFork />
              Fork
            </Badge>
          ) : null}
          {p.archived ? (
            <Badge
              variant="secondary"
              className="gap-1 bg-amber-50 text-amber-800"
              data-test="repo-badge-archived"
            >
              <Archive />
              Archived
            </Badge>
          ) : null}
        </div>
        <p className="truncate text-xs text-muted-foreground">{p.full_name}</p>
        {p.description ? (
          <p className="text-sm text-muted-foreground" data-test="repo-description">
            {p.description}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
          {p.languages.length > 0 ? (
            <span className="flex flex-wrap items-center gap-1.5" data-test="repo-languages">
              {p.languages.slice(0, 4).map((l, i) => (
                <span key={l} className="inline-flex items-center gap-1">
                  <span
                    className={cn("size-2 rounded-full", i === 0 ? "bg-primary" : "bg-muted-foreground/50")}
                    aria-hidden="true"
                  />
                  {l}
                </span>
              ))}
            </span>
          ) : null}
          <span className="inline-flex items-center gap-1" data-test="repo-stars" title={`${p.stars} stars`}>
            <Star className="size-3.5" />
            {starFmt.format(p.stars)}
            <span className="sr-only"> stars</span>
          </span>
          {p.pushed_at ? (
            <span data-test="repo-pushed">
              Updated <RelativeTime iso={p.pushed_at} />
            </span>
          ) : null}
        </div>
        {p.topics.length > 0 ? (
          <ul className="flex flex-wrap gap-1.5" data-test="repo-topics">
            {p.topics.slice(0, 8).map((t) => (
              <li key={t}>
                <Badge variant="secondary" className="bg-brand-soft font-normal text-brand-ink">
                  {t}
                </Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-4">
        <Separator />
        <AiDescription
          repoId={p.id}
          initial={p.description_ai}
          initialAt={p.description_ai_at ?? null}
          initialUser={p.description_user ?? null}
          initialUserAt={p.description_user_at ?? null}
          canDescribe={canDescribe}
        />
        <Separator />
        <IntroVideo repoId={p.id} repoName={p.name} initial={p.video ?? null} />
      </CardContent>
    </Card>
  );
}
