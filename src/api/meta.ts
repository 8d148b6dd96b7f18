// Object metadata as Kubernetes writes it: metav1.Time and metav1.MicroTime on the wire, Go's zero
// time, generateName's random suffix (k8s.io/apiserver/pkg/storage/names), and an object's age as
// tables print it (k8s.io/apimachinery/pkg/util/duration).

// Every write formats its time several times (creationTimestamp, managedFields, conditions), and
// most fall in the same second as the one before.
let lastSecond = Number.NaN;
let lastText = '';

/** metav1.Time on the wire: RFC 3339, UTC, whole seconds. */
export function formatTime(t: Date): string {
  const second = Math.floor(t.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = `${t.toISOString().slice(0, 19)}Z`;
    lastSecond = second;
  }
  return lastText;
}

/** metav1.MicroTime on the wire: RFC 3339, UTC, six fractional digits (JavaScript has milliseconds). */
export function formatMicroTime(t: Date): string {
  return `${t.toISOString().slice(0, 23)}000Z`;
}

/** Whether a wire timestamp is Go's zero time (absent, null, empty, or year 1). */
export function isZeroTime(t: string | null | undefined): boolean {
  if (t === undefined || t === null || t === '') return true;
  const ms = Date.parse(t);
  return ms === Date.parse('0001-01-01T00:00:00Z');
}

/** Random name suffixes use this alphabet (no vowels, no look-alikes). */
export const generateNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
/** generateName prefixes are cut to this length so prefix plus suffix fit in 63 characters. */
export const maxGeneratedNamePrefixLength = 58;

/** `prefix` (cut to 58 characters) plus 5 characters drawn with `random` (returns [0, 1)). */
export function generateName(prefix: string, random: () => number): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += generateNameAlphabet[Math.floor(random() * generateNameAlphabet.length)];
  return prefix.slice(0, maxGeneratedNamePrefixLength) + suffix;
}

/**
 * Go's duration.HumanDuration: about two significant figures, e.g. `45s`, `5m30s`, `60m`, `2h5m`,
 * `24h`, `7d`, `3d4h`, `365d`, `2y10d`. Below −1 s is `<invalid>`; −1 s to 0 is `0s`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** The AGE cell: time since `creationTimestamp` at `now`, or `<unknown>` when unset. */
export function ageSince(creationTimestamp: string | null | undefined, now: Date): string {
  if (!creationTimestamp) return '<unknown>';
  const t = Date.parse(creationTimestamp);
  if (Number.isNaN(t) || t === Date.parse('0001-01-01T00:00:00Z')) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
