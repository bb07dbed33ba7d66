/**
 * Writes server/src/domain/escalation/small-capitals.json: each Latin small capital (ᴋ ɪ ʟ ...)
 * and its letter, read from the Unicode character names that the unicode-name package ships.
 * Unicode's confusables data leaves small capitals as their own prototypes (they resemble no
 * lower-case letter), so the detector needs their letters from the names.
 *
 *   node scripts/gen-small-capitals.mjs
 */
import { writeFileSync } from "node:fs";
import { URL } from "node:url";
import { unicodeName } from "unicode-name";

// Blocks where Latin small capitals live: IPA Extensions, Phonetic Extensions, Latin Extended-D, Latin Extended-G.
const BLOCKS = [
  [0x0250, 0x02af],
  [0x1d00, 0x1dbf],
  [0xa720, 0xa7ff],
  [0x1df00, 0x1dfff],
];
const table = {};
for (const [from, to] of BLOCKS) {
  for (let cp = from; cp <= to; cp++) {
    const ch = String.fromCodePoint(cp);
    const name = unicodeName(ch) ?? "";
    const m = /^LATIN LETTER SMALL CAPITAL ([A-Z])$/.exec(name);
    if (m) table[ch] = m[1].toLowerCase();
  }
}
// Unicode's confusables data takes these two as the prototypes of small-capital shapes (Cyrillic
// к and Greek κ read as kra, Cyrillic м as turned w): they are drawn as small capitals K and M.
table["\u0138"] = "k";
table["\u028D"] = "m";
writeFileSync(new URL("../server/src/domain/escalation/small-capitals.json", import.meta.url), `${JSON.stringify(table, null, 1)}\n`);
console.log(`${Object.keys(table).length} small capitals`);
