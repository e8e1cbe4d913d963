import { AppError } from "../errors.ts";
import { RemoteBadDataError } from "../lib/remote-errors.ts";

/** `volume file <name>`: what error bodies say was being loaded. */
export function volumeWhat(url: string): string {
  const path = url.split(" ")[0].split("?")[0];
  const member = url.includes(" ") ? ` (${url.slice(url.indexOf(" ") + 1)})` : "";
  return `volume file ${path.slice(path.lastIndexOf("/") + 1)}${member}`;
}

/**
 * A remote volume that arrived but cannot be decoded (truncated data, unknown datatype, absurd
 * dimensions): the host sent bad data, a 502 like every other unusable remote body, naming the
 * host and the file.
 */
export class VolumeDataError extends RemoteBadDataError {
  constructor(url: string, reason: string) {
    super(url, reason, { what: volumeWhat(url) });
  }
}

/** A volume operation upstream supports but this service does not (e.g. multi-volume labelled maps). */
export class VolumeNotSupportedError extends AppError {
  constructor(detail: string) {
    super(501, { detail });
  }
}
