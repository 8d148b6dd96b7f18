// Maps that forget their least recently set entries past a bound. They are trimmed an eighth at a
// time: taking a Map's first key walks every slot deleted before it (V8 compacts the table only
// when it resizes), so evicting one entry per insertion made each insertion cost the whole table.

/** Sets `key` as the most recent entry of `map`; an eighth past `max`, the oldest go until `max` are left. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size <= max + (max >> 3)) return;
  let excess = map.size - max;
  for (const k of map.keys()) {
    if (excess-- === 0) break;
    map.delete(k);
  }
}
