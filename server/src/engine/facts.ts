/**
 * Facts the engine cannot learn from the text alone. They are gathered outside
 * (git, the editor) and injected, so the engine itself stays pure; every field
 * is optional and rules must work, with less precision, when it is missing.
 */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

export interface EngineFacts {
  /** Who is writing the commit (git config user.name/user.email). */
  readonly committer?: Identity;
}

export const NO_FACTS: EngineFacts = Object.freeze({});
