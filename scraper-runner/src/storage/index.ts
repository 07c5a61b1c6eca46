/**
 * The storage folder of the runner: platform Storage housekeeping that needs the Storage API
 * (deleting a file in SQL would orphan it in hosted object storage).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { storageCleanupConsumer } from "./cleanup.js";

/** This folder's consumers. */
export function storageConsumers(deps: ConsumerDeps): Consumer[] {
  return [storageCleanupConsumer(deps)];
}
