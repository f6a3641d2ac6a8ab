// A type's fields without `readonly`: for the code that builds or refills an object that the
// rest of lagwatch sees through the read-only type.
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
