import { cn } from "@/lib/utils";

export interface Column<Row> {
  key: string;
  header: string;
  /** The cell; defaults to `row[key]`. */
  cell?: (row: Row) => React.ReactNode;
  numeric?: boolean;
}

/**
 * A plain, accessible data table (caption, column headers, row headers in the first column):
 * the table view of every chart and the reports' own tables.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  dataTest,
  captionHidden = true,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  dataTest?: string;
  captionHidden?: boolean;
}) {
  return (
    <table className="w-full text-sm" data-test={dataTest}>
      <caption className={captionHidden ? "sr-only" : "mb-2 text-left font-medium"}>{caption}</caption>
      <thead>
        <tr className="border-b">
          {columns.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={cn(
                "px-2 py-2 text-xs font-medium whitespace-nowrap text-muted-foreground",
                c.numeric ? "text-right" : "text-left",
              )}
            >
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className="border-b last:border-0">
            {columns.map((c, i) => {
              const value = c.cell ? c.cell(row) : String((row as Record<string, unknown>)[c.key] ?? "");
              const cls = cn("px-2 py-2", c.numeric && "text-right tabular-nums");
              return i === 0 ? (
                <th key={c.key} scope="row" className={cn(cls, "text-left font-medium")}>
                  {value}
                </th>
              ) : (
                <td key={c.key} className={cls}>
                  {value}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
