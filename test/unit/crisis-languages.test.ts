import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "../../server/src/config";
import { DEFAULT_LEXICON, SHIPPED_LANGUAGES, shippedLexicon } from "../../server/src/domain/escalation/default-lexicon";
import { createDetector } from "../../server/src/domain/escalation/detector";
import { MODIFIER_KINDS } from "../../server/src/domain/escalation/lexicon";

const detector = createDetector(DEFAULT_LEXICON);
const scan = (text: string) => detector.scan(text);

interface LanguageCases {
  /** The writer's own current risk, across the categories: each pages. */
  alert: string[];
  /** Figurative, everyday, gaming, media, medication and plain sadness: none pages. */
  quiet: string[];
  /** The act or the wish denied. */
  negated: string[];
  /** Support given to someone else, with the local helpline. */
  support: string[];
}

const CASES: Record<string, LanguageCases> = {
  es: {
    alert: [
      "peleé con mi madre otra vez y ya no quiero vivir",
      "acabo de tomarme como 30 pastillas",
      "no sé si voy a poder mantenerme a salvo hoy",
      "cuando ya no esté nadie me va a extrañar",
      "me quiero matar",
      "ya no quiero vivir mas",
      "no aguanto mas, me quiero morir",
      "tengo las pastillas listas",
      "hoy lo hago",
      "esta es mi despedida, perdon por todo",
      "me corte otra vez los brazos",
      "tengo pensamientos suicidas todo el tiempo",
      "me tomé todas las pastillas que tenía",
      "no puedo mantenerme a salvo, ayúdenme",
      "estarian mejor sin mi",
      "me voy a tirar de un puente",
    ],
    quiet: [
      "mi hermana tiene pensamientos suicidas desde hace meses",
      "me despido de todos, me cambio a otro grupo",
      "hoy lo hago, por fin voy al gimnasio",
      "el cantante murió de sobredosis según las noticias",
      "me muero de risa jajaja",
      "me muero de hambre",
      "me mata este calor",
      "me mataron en fortnite otra vez",
      "me quiero morir de la verguenza jajaja",
      "me corte el pelo ayer",
      "me tome mis pastillas de la tension",
      "mi madre me va a matar cuando vea la nota",
      "hoy estoy muy triste y cansada",
      "la cancion dice quiero morir",
    ],
    negated: ["no quiero morir, solo estoy triste", "no tengo ganas de morir, tranquilos", "nunca me haria daño"],
    support: ["a quien tenga pensamientos suicidas: no estás solo, el 024 atiende siempre"],
  },
  fr: {
    alert: [
      "je viens d'avaler genre 30 cachets",
      "je suis sur le pont là",
      "à quoi bon continuer à vivre",
      "jai envie de mourir",
      "je veux plus vivre, jen peux plus",
      "j'vais me foutre en l'air ce soir",
      "je pense à me suicider tous les jours",
      "je me scarifie depuis des semaines",
      "j'ai pris toutes mes pilules",
      "c'est mon dernier message, pardon pour tout",
      "je ne suis pas en sécurité avec moi ce soir",
      "tout le monde serait mieux sans moi",
      "je vais sauter du pont",
    ],
    quiet: [
      "ce soir je me tue à la tâche",
      "je vous dis adieu, je quitte le groupe",
      "c'est mon dernier message de la journée, bonne nuit",
      "j'ai lu que le taux de suicide augmente chez les jeunes",
      "mdr je suis morte de rire là",
      "je suis mort de rire",
      "ça me tue ce prof",
      "ma mère va me tuer",
      "je meurs de faim",
      "je me suis coupé le doigt en cuisinant",
      "j'ai pris tous mes médicaments ce matin",
      "on va en finir avec ce projet",
      "la chanson parle de suicide",
    ],
    negated: ["je veux pas mourir", "je suis pas suicidaire, juste fatigué"],
    support: ["si vous avez des idées suicidaires, le 3114 répond jour et nuit"],
  },
  de: {
    alert: [
      "hab grad so 30 tabletten geschluckt",
      "will nur noch sterben, echt",
      "ich kann mich nicht mehr vor mir selbst schützen",
      "ich will sterben",
      "ich will echt nicht mehr leben",
      "ich denke drüber nach mich umzubringen",
      "hab seit wochen suizidgedanken",
      "ich ritze mich wieder",
      "ich hab alle meine tabletten genommen",
      "heute nacht mach ich es",
      "das ist mein abschiedsbrief an euch",
      "ich trau mir heute nacht nicht",
      "alle wären besser dran ohne mich",
    ],
    quiet: [
      "meine eltern werden mich heute umbringen wenn sie das sehen",
      "ich ziehe um und habe meine sachen verschenkt",
      "heute mach ich es, endlich ins fitnessstudio",
      "ich denke nicht an selbstmord, bin nur müde",
      "ich lach mich gerade tot",
      "ich bin todmüde",
      "das bringt mich um, diese hitze",
      "meine mutter wird mich umbringen wenn sie das sieht",
      "ich sterbe vor hunger",
      "hab mich beim kochen in den finger geschnitten",
      "ich muss meine tabletten nehmen",
      "ich hab im spiel 10 mal gestorben haha",
    ],
    negated: ["ich will nicht sterben, ich bin nur traurig", "ich bin nicht suizidal, nur erschöpft"],
    support: ["falls du suizidgedanken hast: die telefonseelsorge ist unter 0800 111 0 111 erreichbar"],
  },
  pt: {
    alert: [
      "discuti com minha mãe e quero morrer",
      "acabei de tomar uns 30 comprimidos",
      "to em cima da ponte agora",
      "acho que não consigo me manter segura esta noite",
      "quero morrer, não aguento mais",
      "eu quero me matar",
      "não aguento mais viver",
      "to pensando em me matar, não aguento",
      "me cortei de novo hoje cedo",
      "tomei todos os remédios",
      "essa é minha despedida, desculpa por tudo",
      "hoje eu faço",
      "ninguém sentiria minha falta",
      "vou pular da ponte",
    ],
    quiet: [
      "minha amiga tem pensamentos suicidas",
      "me despeço de todos, vou sair do grupo",
      "meu último dia no trabalho é sexta",
      "faz um ano que não me corto, to orgulhosa",
      "morrendo de rir kkkkk",
      "tô morta de cansaço depois do treino",
      "vou me matar de estudar pra essa prova kkk",
      "minha mãe vai me matar",
      "me cortei cozinhando",
      "tomei meus remédios hoje cedo",
      "morri no free fire de novo",
      "a música fala de suicídio",
    ],
    negated: ["não quero morrer, só to triste", "nunca tentei me matar"],
    support: ["se tiver pensamentos suicidas ligue 188, você não está sozinho"],
  },
  it: {
    alert: [
      "ho litigato con mio padre e voglio morire",
      "ho appena preso tutta la scatola di pillole",
      "domani la faccio finita, basta",
      "sto sanguinando tanto, ho tagliato troppo a fondo",
      "voglio morire, non ce la faccio più",
      "voglio ammazzarmi",
      "nn voglio più vivere",
      "voglio farla finita",
      "penso al suicidio ogni giorno",
      "mi taglio di nuovo",
      "ho preso tutte le pillole",
      "questo è il mio ultimo messaggio, scusate per tutto",
      "stanotte lo faccio",
      "ho paura di fare una cazzata stanotte",
    ],
    quiet: [
      "mi sparo una pizza stasera",
      "anni fa ho tentato di uccidermi, adesso sto meglio",
      "mia sorella ha pensieri suicidi",
      "questo è il mio ultimo messaggio di oggi, buonanotte",
      "mi trasferisco e ho regalato tutte le mie cose",
      "è un anno che non mi taglio, sono fiera",
      "muoio dal ridere ahahah",
      "sto morendo di fame",
      "mia madre mi ammazza se lo scopre",
      "mi sono tagliata il dito cucinando",
      "ho preso le mie medicine stamattina",
      "mi hanno ucciso su fortnite",
      "voglio farla finita con questo lavoro",
      "la canzone parla di suicidio",
    ],
    negated: ["non voglio morire, sono solo triste", "non sto pensando di uccidermi"],
    support: ["se hai pensieri suicidi chiama il telefono amico, non sei solo"],
  },
  nl: {
    alert: [
      "ik heb net zo'n 30 pillen geslikt",
      "ik sta nu op de brug",
      "ik kan mezelf vanavond niet meer veilig houden",
      "ik wil dood",
      "ik wil er een eind aan maken",
      "ik wil niet meer leven",
      "ik heb zelfmoordgedachten",
      "ik heb mezelf vandaag weer gesneden",
      "ik heb al mijn pillen ingenomen",
      "vannacht doe ik het",
      "dit is mijn afscheidsbrief",
      "ik vertrouw mezelf niet vannacht",
      "ik ga voor de trein springen",
    ],
    quiet: [
      "ik neem afscheid van jullie, ik ga naar een andere groep",
      "vanavond doe ik het, eindelijk naar de sportschool",
      "ik denk niet aan zelfmoord, ik ben gewoon moe",
      "ik lach me echt dood",
      "ik ben doodmoe",
      "ik ga echt dood van de hitte vandaag haha",
      "mijn moeder vermoordt me als ze dit ziet",
      "ik heb mezelf gesneden in mijn vinger bij het koken",
      "ik moet mijn medicijnen innemen",
      "ik ging dood in fortnite",
      "het liedje gaat over zelfmoord",
    ],
    negated: ["ik wil niet dood, ik ben alleen verdrietig", "ik ben niet suïcidaal"],
    support: ["denk je aan zelfmoord? bel 113 of 0800-0113, je bent niet alleen"],
  },
};

const LANGUAGES = Object.keys(CASES);

describe("shipped languages", () => {
  it("ships a lexicon for each language tested here", () => {
    expect(SHIPPED_LANGUAGES).toEqual(expect.arrayContaining(["en", ...LANGUAGES]));
  });

  it.each(LANGUAGES)("%s has phrases for every modifier kind", (lang) => {
    const lexicon = shippedLexicon([lang]);
    for (const kind of MODIFIER_KINDS) expect(lexicon.modifiers[kind].length).toBeGreaterThan(0);
    expect(lexicon.exclusions.length).toBeGreaterThan(0);
  });
});

describe.each(LANGUAGES)("%s", (lang) => {
  const cases = CASES[lang]!;

  it.each(cases.alert)("alerts on the writer's own risk: %s", (text) => {
    expect(scan(text).alert).toBe(true);
  });

  it.each(cases.quiet)("does not page for figurative or everyday talk: %s", (text) => {
    expect(scan(text).alert).toBe(false);
  });

  it.each(cases.negated)("does not page when negated: %s", (text) => {
    expect(scan(text).alert).toBe(false);
  });

  it.each(cases.support)("does not page for support given: %s", (text) => {
    expect(scan(text).alert).toBe(false);
  });

  it("reads its own phrases without the other languages", () => {
    const alone = createDetector(shippedLexicon([lang]));
    expect(alone.scan(cases.alert[0]!).alert).toBe(true);
  });
});

describe("choosing languages", () => {
  it("reads only the chosen languages", () => {
    const lexicon = shippedLexicon(["es"]);
    expect(lexicon.entries.every((e) => e.lang === "es" && e.id.startsWith("es."))).toBe(true);
    const spanish = createDetector(lexicon);
    expect(spanish.scan("me quiero matar").alert).toBe(true);
    expect(spanish.scan("i really want to kill myself").alert).toBe(false);
  });

  it("refuses a language that is not shipped", () => {
    expect(() => shippedLexicon(["xx"])).toThrow(/xx/);
  });

  const tmp = () => mkdtempSync(path.join(os.tmpdir(), "haven-languages-"));

  it("refuses CRISIS_LANGUAGES naming a language that is not shipped", () => {
    expect(() => loadConfig({ DATA_DIR: tmp(), CRISIS_LANGUAGES: "xx" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tmp(), CRISIS_LANGUAGES: "es,xx" })).toThrow(/CRISIS_LANGUAGES/);
  });

  it("accepts the shipped languages in CRISIS_LANGUAGES", () => {
    expect(loadConfig({ DATA_DIR: tmp(), CRISIS_LANGUAGES: "es, FR" }).config.crisisLanguages).toEqual(["es", "fr"]);
    expect(loadConfig({ DATA_DIR: tmp() }).config.crisisLanguages).toEqual(SHIPPED_LANGUAGES);
  });
});

describe("languages that drop the pronoun", () => {
  it.each(["llama al 024 si lo necesitas, quiero morir", "ligue 188 se precisar, quero morrer", "chiama il numero verde se serve, voglio morire"])(
    "reads a first-person verb as the writer speaking of themselves beside a support phrase: %p",
    (text) => {
      expect(createDetector(DEFAULT_LEXICON).scan(text)).toMatchObject({ alert: true, disposition: "alert" });
    },
  );
});
