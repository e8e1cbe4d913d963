/**
 * Business criticality classes; each gets its own queue so cheap critical work is never starved. The one
 * list of queue names: jobs, the environment's per-queue variables and the transport all read it.
 */
export const QUEUES = ["core", "features", "volumes", "compounds"] as const;
export type Queue = (typeof QUEUES)[number];
