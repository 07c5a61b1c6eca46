import { Alert, AlertDescription } from "@/components/ui/alert";
import { errorMessage } from "@/lib/api";

/** What a server-rendered console page shows when its API call failed. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  return (
    <Alert variant="destructive" data-test="admin-error">
      <AlertDescription>{errorMessage(error)}</AlertDescription>
    </Alert>
  );
}
