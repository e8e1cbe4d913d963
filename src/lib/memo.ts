/**
 * The value cached under `key`, built and stored on first use (memo tables keyed by immutable data).
 * `undefined` is not a cacheable value: one lookup on the hit path.
 */
export function getOrSet<K extends object, V>(map: WeakMap<K, V>, key: K, build: () => V): V;
export function getOrSet<K, V>(map: Map<K, V>, key: K, build: () => V): V;
export function getOrSet<K extends object, V>(map: Map<K, V> | WeakMap<K, V>, key: K, build: () => V): V {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  const value = build();
  map.set(key, value);
  return value;
}
