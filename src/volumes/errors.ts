import { AppError } from "../errors.ts";

/**
 * A remote volume that arrived but cannot be decoded (corrupt gzip, truncated data, unknown datatype,
 * absurd dimensions): the data host sent bad data, so 502 like a gateway, naming the file.
 */
export class VolumeDataError extends AppError {
  constructor(url: string, reason: string) {
    super(502, { detail: "A remote data file could not be decoded", error: `${url}: ${reason}` });
  }
}

/** A volume operation upstream supports but this service does not (e.g. multi-volume labelled maps). */
export class VolumeNotSupportedError extends AppError {
  constructor(detail: string) {
    super(501, { detail });
  }
}
