"use client";

import { CircleCheck, X } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";

const notices: Record<string, string> = {
  "account-deleted": "Your account and its data have been deleted. Thank you for trying CareerPilot.",
  "signed-out": "You have been signed out.",
};

/** A one-off notice named by `?notice=` (for example after deleting an account). */
export function NoticeBanner() {
  const params = useSearchParams();
  const router = useRouter();
  const key = params.get("notice");
  const message = key ? notices[key] : undefined;
  if (!key || !message) return null;
  return (
    <div
      role="status"
      data-test={`notice-${key}`}
      className="border-b border-emerald-200 bg-emerald-50 text-emerald-900"
    >
      <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3 text-sm sm:px-6">
        <CircleCheck className="size-4 shrink-0 text-emerald-600" />
        <p className="flex-1">{message}</p>
        <button
          type="button"
          data-test="notice-dismiss"
          onClick={() => router.replace("/", { scroll: false })}
          className="rounded-md p-1 text-emerald-800 hover:bg-emerald-100 focus-visible:ring-[3px] focus-visible:ring-emerald-300 focus-visible:outline-none"
        >
          <X className="size-4" />
          <span className="sr-only">Dismiss</span>
        </button>
      </div>
    </div>
  );
}
