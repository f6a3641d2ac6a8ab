// Compile-time shapes for dashboard JSON. A JSON import widens every string to `string`,
// so Grafana's string enums (FieldColorModeId, MappingType, ...) and literal unions cannot
// be assigned as they are: `Widened<T>` relaxes exactly those to their base type (the
// runtime test checks their values against the enums). `Exact<J, S>` then refuses any key
// the schema does not know, at any depth — a JSON module is not a fresh object literal, so
// TypeScript's own excess-property check would let a misspelt key through.

/** T with every string/number/boolean literal or enum relaxed to its base type. */
export type Widened<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer U)[]
        ? Widened<U>[]
        : T extends object
          ? { [K in keyof T]: Widened<T[K]> }
          : T;

/**
 * J itself when every key J has (at any depth) exists in schema S; otherwise a type that
 * J is not assignable to, so the assignment fails and names the key.
 */
export type Exact<J, S> = unknown extends S ? J : ExactDefined<J, NonNullable<S>>;

type ExactDefined<J, S> = J extends readonly (infer U)[]
  ? S extends readonly (infer V)[]
    ? Exact<U, V>[]
    : never
  : J extends object
    ? S extends object
      ? {
          [K in keyof J]: K extends keyof S
            ? Exact<J[K], S[K]>
            : { readonly 'not in the Grafana schema': K };
        }
      : never
    : J;

/**
 * Type-checks `json` against schema S: assignable to S with enums widened (required keys,
 * value types) and no key S does not know. Returns it unchanged.
 */
export function conforms<S>() {
  return <J extends Widened<S>>(json: J & Exact<J, Widened<S>>): J => json;
}
