/**
 * Refuses guessable passwords when one is set. Throttling only slows an attacker down per address;
 * a password from the top of a breach list falls to a handful of guesses spread over many
 * addresses, so it must not be accepted in the first place. zxcvbn-ts ships its dictionaries
 * (common passwords, English words, names, keyboard patterns) inside the packages.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { DomainError } from "../domain/errors";

/** zxcvbn's scale: 0 (too guessable) to 4 (very unguessable). 3 resists an offline attack on a slow hash. */
export const DEFAULT_MIN_PASSWORD_SCORE = 3;

let checker: ZxcvbnFactory | undefined;
// Built on first use: loading the dictionaries takes a noticeable moment that sign-in never needs.
const zxcvbn = (): ZxcvbnFactory =>
  (checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  }));

/** Throws invalid_input with the checker's explanation when the password scores below minScore. */
export function assertStrongPassword(password: string, minScore: number, userInputs: string[] = []): void {
  const result = zxcvbn().check(password, userInputs);
  if (result.score >= minScore) return;
  const warning = result.feedback.warning ?? "This password is easy to guess.";
  const suggestions = result.feedback.suggestions;
  const message = ["Choose a stronger password.", warning, ...suggestions].join(" ");
  throw new DomainError("invalid_input", message, [{ path: "password", message: warning, suggestions, score: result.score, minScore }]);
}
