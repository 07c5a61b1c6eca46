"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ProjectVideo, ProjectVideoSummary, VideoStatus } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

const FIRST_POLL_MS = 2000;
const MAX_POLL_MS = 10_000;

/** Statuses that change without the user: the runner is (or will be) working on the clip. */
export const IN_FLIGHT: readonly VideoStatus[] = ["uploaded", "processing"];

export interface IntroVideoState {
  status: VideoStatus;
  durationSec: number | null;
  failureReason: string | null;
  playbackUrl: string | null;
  posterUrl: string | null;
  /** The last poll failed (the next one is already scheduled). */
  stale: boolean;
}

function fromSummary(s: ProjectVideoSummary | null): IntroVideoState {
  return {
    status: s?.status ?? "none",
    durationSec: s?.duration_sec ?? null,
    failureReason: s?.failure_reason ?? null,
    playbackUrl: null,
    posterUrl: null,
    stale: false,
  };
}

function fromVideo(v: ProjectVideo): IntroVideoState {
  return {
    status: v.status,
    durationSec: v.duration_sec ?? null,
    failureReason: v.failure_reason ?? null,
    playbackUrl: v.playback_url ?? null,
    posterUrl: v.poster_url ?? null,
    stale: false,
  };
}

/**
 * A repository's intro video as the card and the dialog show it: polls `GET …/video` every ~2 s
 * (backing off to 10 s) while the clip is uploaded or processing, and fetches the signed playback
 * URL once it is transcoded.
 */
export function useIntroVideo(repoId: string, initial: ProjectVideoSummary | null) {
  const [state, setState] = useState<IntroVideoState>(() => fromSummary(initial));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const delay = useRef(FIRST_POLL_MS);
  const alive = useRef(true);

  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);

  const poll = useCallback(async () => {
    stop();
    let next: IntroVideoState | null = null;
    try {
      next = fromVideo(await browserApi().projects.video(repoId));
      if (!alive.current) return;
      setState(next);
    } catch {
      if (!alive.current) return;
      setState((s) => ({ ...s, stale: true }));
    }
    if (!next || IN_FLIGHT.includes(next.status) || next.status === "pending") {
      timer.current = setTimeout(() => void poll(), delay.current);
      delay.current = Math.min(MAX_POLL_MS, Math.round(delay.current * 1.5));
    }
  }, [repoId, stop]);

  /** Start watching after an upload (resets the back-off). */
  const track = useCallback(
    (status: VideoStatus = "uploaded") => {
      setState((s) => ({ ...s, status, failureReason: null, playbackUrl: null, posterUrl: null }));
      delay.current = FIRST_POLL_MS;
      stop();
      timer.current = setTimeout(() => void poll(), FIRST_POLL_MS);
    },
    [poll, stop],
  );

  /** The video was deleted: nothing to show or watch. */
  const clear = useCallback(() => {
    stop();
    setState(fromSummary(null));
  }, [stop]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount, from the server's summary
  useEffect(() => {
    alive.current = true;
    const s = initial?.status ?? "none";
    if (IN_FLIGHT.includes(s) || s === "transcoded") void poll();
    return () => {
      alive.current = false;
      stop();
    };
  }, []);

  return { video: state, track, refresh: poll, clear };
}
