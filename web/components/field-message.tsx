/** The `aria-describedby` for a field showing a {@link FieldMessage} with the same `id`. */
export function fieldDescribedBy(id: string, error?: string, hint?: React.ReactNode): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/**
 * Under a form field: its validation error (`data-test="<dataTest>-error"`) or, while valid, its hint.
 * Ids are `<id>-error` / `<id>-hint`, as {@link fieldDescribedBy} points at.
 */
export function FieldMessage({
  id,
  error,
  hint,
  dataTest,
}: {
  id: string;
  error?: string;
  hint?: React.ReactNode;
  dataTest: string;
}) {
  if (error) {
    return (
      <p id={`${id}-error`} className="text-sm text-destructive" data-test={`${dataTest}-error`}>
        {error}
      </p>
    );
  }
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className="text-xs text-muted-foreground">
      {hint}
    </p>
  );
}
