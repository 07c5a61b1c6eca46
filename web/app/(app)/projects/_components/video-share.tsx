"use client";

import { Copy, Link2, Link2Off } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/**
 * The intro video's public link (`/v/<slug>`, what resume PDFs' "Watch intro" opens): show and copy
 * it, or turn every link of this project off (their pages answer 404; resumes made later carry no
 * link until the owner shares again).
 */
export function VideoShare({ repoId }: { repoId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function share() {
    setBusy(true);
    try {
      const link = await browserApi().projects.shareVideo(repoId);
      setUrl(link.url);
      await navigator.clipboard?.writeText(link.url).then(
        () => toast.success("Link copied"),
        () => undefined,
      );
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    try {
      const { revoked } = await browserApi().projects.revokeVideoShare(repoId);
      setUrl(null);
      toast.success(
        revoked
          ? "Link turned off: it no longer plays, and new resumes will not link this video."
          : "There was no link to turn off.",
      );
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid gap-2" data-test="repo-video-share">
      {url ? (
        <div className="flex min-w-0 gap-2">
          <Input
            readOnly
            value={url}
            aria-label="Public link to this intro video"
            className="min-w-0 flex-1 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
            data-test="repo-video-share-url"
          />
          <Button
            type="button"
            size="sm"
            variant="outline"
            aria-label="Copy the link"
            onClick={() => navigator.clipboard?.writeText(url).then(() => toast.success("Link copied"))}
          >
            <Copy />
          </Button>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          size="sm"
          variant="outline"
          disabled={busy}
          onClick={share}
          data-test="repo-video-share-create"
        >
          <Link2 />
          {url ? "Copy link" : "Public link"}
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          disabled={busy}
          onClick={revoke}
          data-test="repo-video-share-revoke"
        >
          <Link2Off />
          Turn off link
        </Button>
      </div>
    </div>
  );
}
