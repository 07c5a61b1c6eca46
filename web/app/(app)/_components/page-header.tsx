/** A page's title and one-line description; `badges` sit next to the title (e.g. demo services in use). */
export function PageHeader({
  title,
  description,
  badges,
}: {
  title: string;
  description?: string;
  badges?: React.ReactNode;
}) {
  return (
    <div className="mb-8 space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-semibold tracking-tight" data-test="page-title">
          {title}
        </h1>
        {badges}
      </div>
      {description ? <p className="text-muted-foreground">{description}</p> : null}
    </div>
  );
}
