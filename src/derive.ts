// Objects made per request from a long-lived one (the domain's Deps with the request's password
// source or client): `base` stays the prototype and only `own`'s members are set, instead of a
// spread that copies every member of `base` each time. A spread of Deps on every API request was
// 12 % of a GetUser's CPU and 6 % of an AdminGetUser's (A/B in bench/README.md, "2026-12-06 evening").
// Because the members of `base` are inherited, not copied, a derived object must itself be derived
// with this function, never spread: `{ ...derived }` would keep only its own members.

/** `base` with `own`'s members in place of its own: reads fall through to `base`. */
export function derive<T extends object>(base: T, own: Partial<T>): T {
  return Object.assign(Object.create(base) as T, own);
}
