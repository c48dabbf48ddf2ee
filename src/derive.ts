// Objects made per request from a long-lived one (the domain's Deps with the request's password
// source or client): `base` stays the prototype and only `own`'s members are set, instead of a
// spread that copies every member of `base` each time. On Node 20 a spread of Deps on every API
// request cost 10 % of a GetUser's CPU and 8 % of an AdminGetUser's (A/B in bench/README.md,
// "2026-12-06 evening"); Node 26 copies it cheaply.
// Because the members of `base` are inherited, not copied, a derived object must itself be derived
// with this function, never spread: `{ ...derived }` would keep only its own members.

/** `base` with `own`'s members in place of its own: reads fall through to `base`. */
export function derive<T extends object>(base: T, own: Partial<T>): T {
  return Object.assign(Object.create(base) as T, own);
}
