/** A page's title and one-line description. */
export function PageHeader({ title, description }: { title: string; description?: string }) {
  return (
    <div className="mb-8 space-y-1">
      <h1 className="text-2xl font-semibold tracking-tight" data-test="page-title">
        {title}
      </h1>
      {description ? <p className="text-muted-foreground">{description}</p> : null}
    </div>
  );
}
