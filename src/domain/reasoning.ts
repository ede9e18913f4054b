/**
 * Art. 11 of the instruction (N11.1): a decision is a written notice "with a statement of the reasons".
 * A refusal or a partial grant that says "-" or "x" states none. This is the minimum substance a
 * statement of reasons must have before it can go out; whether the reasons are good is the DPO's
 * responsibility (and for the grounds of art. 15 and 16, the `refusal-grounds` rules ask for more).
 *
 * A "word" is a run of at least two letters that is not one letter repeated ("aaaa"); the same word
 * twice counts once, so "asdf asdf asdf asdf asdf" is one word, not five.
 */
export const MIN_REASONING_CHARACTERS = 30;
export const MIN_REASONING_WORDS = 5;

export interface ReasoningSubstance {
  characters: number;
  words: number;
  ok: boolean;
}

export function reasoningSubstance(text: string): ReasoningSubstance {
  const t = text.trim();
  const characters = [...t].length;
  const words = new Set(
    (t.toLocaleLowerCase('sl').match(/\p{L}{2,}/gu) ?? []).filter((w) => !/^(\p{L})\1+$/u.test(w)),
  ).size;
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  const visible = t.replace(/\s/gu, '').length;
  // Mostly letters: a line of punctuation or digits around five short words is not a statement of reasons.
  const ok = characters >= MIN_REASONING_CHARACTERS && words >= MIN_REASONING_WORDS && letters * 2 >= visible;
  return { characters, words, ok };
}

/** The Slovenian message when a statement of reasons lacks substance. */
export const REASONING_MESSAGE = `obrazložitev mora navesti razloge za odločitev: vsaj ${MIN_REASONING_CHARACTERS} znakov in vsaj ${MIN_REASONING_WORDS} različnih besed (11. člen Navodila)`;
