// Permission checks shared by the router guard and the side menu.

/** True when no permission is required, or the user holds at least one of `anyOf`. */
export function isAllowed(anyOf: readonly string[] | undefined, held: ReadonlySet<string>): boolean {
  if (!anyOf || anyOf.length === 0) return true;
  return anyOf.some((permission) => held.has(permission));
}
