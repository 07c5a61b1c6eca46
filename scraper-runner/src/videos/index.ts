/**
 * The videos stack of the runner: intro clips of GitHub projects (ffprobe / ffmpeg, media.ts).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { projectVideosConsumer } from "./project-videos.js";

/** This stack's consumers. */
export function videosConsumers(deps: ConsumerDeps): Consumer[] {
  return [projectVideosConsumer(deps)];
}
