// The one table of lagwatch's exit codes. Every command maps its result to one of these;
// nothing else in src/ defines an exit code.
export const ExitCode = {
  /** Done: the config is valid, every cluster was sampled, the import succeeded, ... */
  OK: 0,
  /**
   * Something failed at run time: a cluster or server not reached, input that cannot be
   * read, the API's port in use, a usage error commander reports.
   */
  FAILED: 1,
  /**
   * What lagwatch was given is wrong: an invalid config (or one naming a secret that
   * cannot be read, a sink that refuses lagwatch), invalid input lines, a bad flag value.
   */
  INVALID: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
