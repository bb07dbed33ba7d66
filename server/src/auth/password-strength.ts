/**
 * Refuses guessable passwords when one is set. Throttling only slows an attacker down per address;
 * a password from the top of a breach list falls to a handful of guesses spread over many
 * addresses, so it must not be accepted in the first place. zxcvbn-ts ships its dictionaries
 * (common passwords, English words, names, keyboard patterns) inside the packages.
 */
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { DomainError } from "../domain/errors";

/** zxcvbn's scale: 0 (too guessable) to 4 (very unguessable). 3 resists an offline attack on a slow hash. */
export const DEFAULT_MIN_PASSWORD_SCORE = 3;

let checker: Promise<ZxcvbnFactory> | undefined;
// Loaded on first use: the dictionaries take a noticeable moment to load and build, which a node's
// start-up and sign-in never need.
const zxcvbn = (): Promise<ZxcvbnFactory> =>
  (checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]);
    return new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  })());

/** Rejects with invalid_input and the checker's explanation when the password scores below minScore. */
export async function assertStrongPassword(password: string, minScore: number, userInputs: string[] = []): Promise<void> {
  const result = (await zxcvbn()).check(password, userInputs);
  if (result.score >= minScore) return;
  const warning = result.feedback.warning ?? "This password is easy to guess.";
  const suggestions = result.feedback.suggestions;
  const message = ["Choose a stronger password.", warning, ...suggestions].join(" ");
  throw new DomainError("invalid_input", message, [{ path: "password", message: warning, suggestions, score: result.score, minScore }]);
}
