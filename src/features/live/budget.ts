/**
 * Time budget of one request to a data host on the request path (neuroglancer `info` files, the
 * knowledge-graph region snapshot, the Allen API). Bounded so that a slow host costs one wait;
 * the remote layer's own budget and failure memory apply on top.
 */
export const DATA_HOST_BUDGET_MS = 5000;
