/** One file of a feature's download zip. */
export type ExportFile = { name: string; text: string };
