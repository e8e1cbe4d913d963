import * as v from "valibot";

/** Payload pieces shared by jobs (payloads are already-validated route inputs). */
export const paging = {
  page: v.pipe(v.number(), v.integer(), v.minValue(1)),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
};

export const spec = v.string();
export const optionalSpec = v.nullable(v.string());
