// Freezes a value and everything in it: for values that are shared once made (a remembered
// verified token's claims, a cached pool or app client), so that no reader can change them for
// the others. Code that derives a new value copies it, never edits it in place.
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
