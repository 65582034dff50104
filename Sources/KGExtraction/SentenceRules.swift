import Foundation
import KGDocuments

/// A sentence ready for the rules: its text with every mention masked as `⟦k⟧`.
struct AnalyzedSentence {
    var sentence: Sentence
    var masked: String
    var mentions: [Mention]
    var dates: [DateMention]
    /// The date that holds when the sentence gives none (its section's year; a news item's day).
    var fallbackDate: String?
    /// The article's subject, for "the company" and sentences that leave it implicit.
    var documentSubject: Int?
    /// The publication day of a news item (events without a date take it).
    var published: String?
    var isNews: Bool
    /// Entities that are parts of another ("the Department of … at the University"): never a
    /// relation's end.
    var excluded: Set<Int> = []
}

/// What the rules found in one sentence.
struct RuleOutput {
    var relations: [ExtractedRelation] = []
    var events: [ExtractedEvent] = []
}

/// The sentence patterns: founding, partnerships, regulatory actions, listings, subsidiaries,
/// acquisitions, investments, memberships, affiliations, headquarters, and events. Each is a
/// regular expression over the masked sentence; which words count (verbs, nouns, list names)
/// comes from the lexicon.
final class SentenceRules: @unchecked Sendable {
    let typer: EntityTyper
    var lexicon: Lexicon { typer.lexicon }
    /// The rules' expressions, by `Rule`: looked up by a name hashed for every rule and
    /// sentence, they cost as much as a tenth of the rules' own work.
    private let patterns: [Pattern]
    private let needles: CompiledNeedles
    /// The regulatory actions' phrases, lower case, with their bytes (`Run.action(after:)`).
    fileprivate let actionPhrases: [(trigger: ActionTrigger, phrase: (text: String, bytes: [UInt8], isASCII: Bool))]
    private let eventPatterns: [(kind: String, pattern: Pattern)]
    private let negation: Pattern
    /// ", the ⟦1⟧-based startup, " after a name and before a lower-case word (the verb).
    private let appositive: Pattern
    private let hedge: Pattern
    /// Talks and rumours: what makes a partnership not yet a fact ("plans to" still is one).
    private let talks: Pattern
    /// What "X acquired …" is about when it is not a company ("acquired a stake in", "bought shares").
    /// A plural common noun right after a mention: the mention qualifies what follows ("X restaurants A and B").
    fileprivate let modifierNoun = try! NSRegularExpression(pattern: #"\s+[a-z][\w-]*s\s+(?:the\s+)?⟦"#)
    /// "'s ⟦k⟧" right after a possessive mention.
    fileprivate let possessedName = try! NSRegularExpression(pattern: #"'s\s+⟦(\d+)⟧"#)
    fileprivate let pluralNounAfter = try! NSRegularExpression(pattern: #"\s+[a-z][\w-]*[^s\W]s\b(?!\s+of\b)"#)
    fileprivate let objectNouns = try! NSRegularExpression(pattern: #"\b(?:stake|stakes|shares|share|assets|rights|licen[cs]es?|patents?|equipment|products?|servers?)\b"#, options: [.caseInsensitive])

    init(typer: EntityTyper) {
        self.typer = typer
        let lx = typer.lexicon
        let needles = NeedleTable()
        let regulatoryVerbForms = lx.regulatoryVerbs.map(\.phrase)
        let pastParticiples = regulatoryVerbForms.filter { $0.hasSuffix("ed") }
        let alt: [String: [String]] = [
            "pnoun": lx.partnershipNouns,
            "pverb": lx.partnershipVerbs,
            "agree": lx.agreementVerbs,
            "joint": lx.jointBodies,
            "role": lx.personRoles,
            "list": lx.regulatoryActions.map(\.phrase),
            "regverb": regulatoryVerbForms,
            "regpast": pastParticiples,
            "regnoun": lx.regulatoryNouns.map(\.phrase),
            "acq": lx.acquisitionVerbs,
            "inv": lx.investmentVerbs,
            "found": lx.foundingVerbs,
            "aux": ["has", "have", "had", "has also", "have also", "also", "will", "would", "to", "agreed to", "agrees to",
                    "plans to", "plan to", "moved to", "moves to", "is to", "are to", "is set to", "are set to", "set to"],
        ]
        // Every rule ignores case.
        let rendered = alt.mapValues { Pattern.alternation($0, caseInsensitive: true) }
        var patterns = [Pattern?](repeating: nil, count: Rule.allCases.count)
        func add(_ rule: Rule, _ name: String, _ template: String, needs: [[String]], mentions: Int = 1) {
            precondition(patterns[rule.rawValue] == nil, "rule \(name) written twice")
            patterns[rule.rawValue] = Pattern(name, template, alternations: rendered, needs: needs, mentions: mentions, needles: needles)
        }
        let kw = Pattern.keywords
        // Look-aheads that let ICU give up at once where a rule starting with, or trying at each
        // word, the long list of roles cannot match: true wherever the rule matches (so the
        // matches are the same), and cheap. Role words are letters, hyphens and spaces; these
        // marks (and anything a case-blind match equates with them: nothing) are in no role.
        let roleCharacters = Set(lx.personRoles.joined())
        let stops = ",;:()\"!?[]".filter { !roleCharacters.contains($0) }.map { "\\" + String($0) }.joined()
        // The text up to the next mention is words and spaces.
        let wordsToMention = "(?=[^⟦\(stops)]*+⟦)"
        // Up to the next comma no comma, and right after it a mention.
        let mentionAfterComma = roleCharacters.contains(",") ? "" : "(?=[^,]*+,\\s+⟦)"
        // The last word of each phrase and what must follow it: "professor ⟦" for a role written
        // right before a mention.
        func lastWords(_ phrases: [String], then tail: String) -> [String] {
            var out: [String] = []
            for phrase in phrases {
                guard let last = phrase.lowercased().split(separator: " ").last else { continue }
                let needle = String(last) + tail
                if !out.contains(needle) { out.append(needle) }
            }
            return out
        }

        // Partnerships.
        add(.partnerAgreementWith, "partner.agreement-with", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:\\w+ly\\s+)?(?:{alt:agree})\\s+(?:into\\s+|on\\s+)?{THE}(?:[\\w'‘’-]+\\s+){0,3}?(?:{alt:pnoun})(?:\\s+agreements?|\\s+deals?|\\s+pacts?)?\\s+(?:with|between)\\s+(?:the\\s+)?(?:(?:a|an)\\s+(?:[\\w-]+\\s+){0,3}?(?:company|firm|startup|start-up|group|maker|provider|developer)\\s+(?:called|named)\\s+)?(?:⟦\\d+⟧(?:'s|’s)\\s+)?({LIST})", needs: [kw(lx.agreementVerbs), kw(lx.partnershipNouns), [" with ", " between "]])
        add(.partnerJointAgreement, "partner.joint-agreement", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:\\w+ly\\s+)?(?:{alt:agree})\\s+(?:into\\s+|on\\s+)?{THE}(?:[\\w'‘’-]+,?\\s+){0,4}?(?:{alt:pnoun})\\b", needs: [kw(lx.agreementVerbs), kw(lx.partnershipNouns)])
        add(.partnerJointBody, "partner.joint-body", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:{alt:agree})\\s+(?:the\\s+(?:creation|launch|formation|establishment)\\s+of\\s+)?{THE}(?:[\\w'‘’-]+\\s+){0,4}?(?:{alt:joint})\\b(?:\\s+with\\s+(?:the\\s+)?({LIST}))?", needs: [kw(lx.agreementVerbs), kw(lx.jointBodies)])
        add(.partnerVerb, "partner.verb", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:{alt:pverb})(?:\\s+together)?(?:\\s+(?:with|alongside)\\s+(?:the\\s+)?({LIST}))?", needs: [kw(lx.partnershipVerbs)])
        // "A, B and C jointly launched a platform": the subjects are partners.
        add(.partnerJointly, "partner.jointly", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:have\\s+|has\\s+)?jointly\\s+(?:launched|launch|launches|developed|develop|develops|built|build|created|founded|established|introduced|released|unveiled|set\\s+up|formed|opened|designed|produced|operate|operates|operated|run|runs|invested)\\b", needs: [["jointly"]])
        add(.partnerHeadlineJoint, "partner.headline-joint", "^\\s*({E})\\s+(?:and|&)\\s+({E})\\s+(?:to|will|plan\\s+to|agree\\s+to)\\s+(?:jointly\\s+)?(?:commercialize|commercialise|co-develop|develop|build|form|launch|create|bring|deploy|offer|test)\\b", needs: [[" and ", " & "], ["commerciali", "develop", "build", "form", "launch", "create", "bring", "deploy", "offer", "test"]], mentions: 2)
        // "a course jointly developed with X", "launched in collaboration with X".
        add(.partnerJointlyWith, "partner.jointly-with", "\\b(?:(?:jointly|together)\\s+(?:developed|built|created|designed|launched|run|operated|produced|founded)|developed\\s+jointly|co-developed|co-designed|co-created|in\\s+(?:close\\s+)?(?:collaboration|partnership|cooperation|co-operation|conjunction|alliance)|in\\s+a\\s+(?:joint\\s+venture|partnership|collaboration))\\s+with\\s+(?:the\\s+)?({LIST})", needs: [[" with "], ["jointly", "together", "co-", "collaboration", "partnership", "cooperation", "co-operation", "conjunction", "alliance", "joint venture"]])
        // "a manufacturing partner for A, B and C": the partner named before, each of the list.
        add(.partnerPartnerFor, "partner.partner-for", "({E})\\s*,?\\s+(?:is\\s+|was\\s+|has\\s+been\\s+|will\\s+be\\s+|as\\s+)?(?:a|an|the)\\s+(?:[\\w-]+\\s+){0,2}?(?:partner|supplier|manufacturing\\s+partner)\\s+(?:for|to|of)\\s+(?:the\\s+)?({LIST})", needs: [["partner", "supplier"], [" for ", " to ", " of "]], mentions: 2)
        // "A and B are bringing together / combining …".
        add(.partnerBringingTogether, "partner.bringing-together", "^\\s*(?:[\\w-]+\\s+){0,3}?({E})\\s+(?:and|&)\\s+({E})\\s+(?:are|will\\s+be|have\\s+been)?\\s*(?:bringing\\s+together|combining\\s+forces|pooling|uniting)\\b", needs: [["bringing together", "combining forces", "pooling", "uniting"]], mentions: 2)
        add(.partnerBetween, "partner.between", "(?:{alt:pnoun})\\s+(?:agreement\\s+|deal\\s+)?(?:between|among)\\s+(?:the\\s+)?({LIST})", needs: [kw(lx.partnershipNouns), [" between ", " among "]])
        add(.partnerPossessive, "partner.possessive", "({E}){POSS}\\s+(?:[\\w-]+\\s+){0,2}?(?:{alt:pnoun})\\s+with\\s+(?:the\\s+)?({LIST})", needs: [kw(lx.partnershipNouns), [" with "]])

        // Founding.
        add(.foundedPassive, "founded.passive", "({E})(?:\\s*\\))?\\s*,?\\s+(?:which\\s+|that\\s+)?(?:was\\s+|were\\s+|is\\s+|had\\s+been\\s+)?(?:jointly\\s+)?(?:co-?)?(?:founded|established|started|created|set\\s+up)\\b(?:[^⟦;]{0,40}?)\\s+by\\s+(.*)$", needs: [["founded", "established", "started", "created", "set"], [" by "]])
        // "X and two colleagues left Y and formed Z": the person founded Z.
        add(.foundedAndFormed, "founded.and-formed", "({E})\\s+(?:and\\s+(?:his|her|their|two|three|several|a\\s+few)?\\s*(?:[\\w-]+\\s+)?(?:colleagues?|partners?|friends?|associates?|co-workers?|brothers?|sisters?)\\s+)?(?:[^⟦;]|⟦\\d+⟧){0,60}?\\band\\s+(?:co-?founded|founded|formed|established|started|set\\s+up)\\s+({E})", needs: [[" and "], ["founded", "formed", "established", "started", "set up"]], mentions: 2)
        // "he began Fox Group Productions", "she started Acme".
        add(.foundedBegan, "founded.began", "(?:({E})|\\b(?:[Hh]e|[Ss]he))\\s+(?:(?:{alt:aux})\\s+)?(?:began|started|launched)\\s+({E})(?!'s|’s)", needs: [["began", "started", "launched"]], mentions: 1)
        add(.foundedActive, "founded.active", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:co-?founded|founded|cofounded)\\s+(?:(?:the|a|an)\\s+(?:[a-z][\\w-]*\\s+){0,3}?)?({E})", needs: [["founded"]], mentions: 2)
        add(.foundedFounderOf, "founded.founder-of", "({E}),\\s+(?:the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,2}?(?:co-?founder|founder|cofounder)s?\\s+(?:and\\s+(?:[\\w-]+\\s+){1,3})?(?:of|at)\\s+(?:the\\s+)?({E})", needs: [["founder"], ["⟧,"]], mentions: 2)
        // "Zhou Lan, Acme's co-founder, …".
        add(.foundedAppositivePossessive, "founded.appositive-possessive", "({E})\\s*,\\s+(?:the\\s+|a\\s+|an\\s+)?({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+)?(?:co-?founders?|founders?|cofounders?)\\b", needs: [["founder"], ["⟧'s", "⟧’s"], ["⟧,", "⟧ ,"]], mentions: 2)
        add(.foundedWhoBecame, "founded.who-became", "({E})\\s*,\\s+who\\s+(?:became|was|is|would\\s+become)\\s+(?:the\\s+)?({E})'s\\s+(?:first\\s+)?(?:co-?)?founder(?:\\s*,?\\s+along\\s+with\\s+(?:[\\w-]+[\\s,]+){0,4}?({E}))?", needs: [["founder"], ["who"]], mentions: 2)
        add(.foundedPossessive, "founded.possessive", "({E}){POSS}\\s+(?:[\\w-]+\\s+)?(?:co-?founders?|founders?|cofounders?)\\s*,?\\s+({LIST})", needs: [["founder"]], mentions: 2)

        // Affiliations.
        add(.affiliatedAppositive, "affiliated.appositive", "({E}),\\s+(?:(?:a|an|the|its|their)\\s+)?(?:[\\w&-]+\\s+){0,3}?(?:{alt:role})\\b([^;]*)", needs: [kw(lx.personRoles), ["⟧, ", "⟧ ,"]])
        add(.affiliatedOf, "affiliated.of", "(?=[^⟦\(stops)]*+⟦\\d+⟧\\s+(?:of|at|from)\\s)(?:\\bby|\\baccording\\s+to|{alt:role}|\\bsaid)\\s+({E})\\s+(?:of|at|from)\\s+(?:the\\s+)?({E})(?!{POSS}\\s*⟦)", needs: [lastWords(lx.personRoles, then: " ⟦") + ["by ⟦", "to ⟦", "said ⟦"], ["⟧ of ", "⟧ at ", "⟧ from "]], mentions: 2)
        add(.affiliatedRoleOf, "affiliated.role-of", "({E})\\s*,\\s+(?:the\\s+)?(?:[\\w-]+\\s+){0,2}?(?:{alt:role})\\s+(?:of|at)\\s+(?:the\\s+)?({E})", needs: [lastWords(lx.personRoles, then: " of ") + lastWords(lx.personRoles, then: " at "), ["⟧,", "⟧ ,"]], mentions: 2)
        add(.affiliatedPossessiveRole, "affiliated.possessive-role", "({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+){0,2}?(?:{alt:role})\\s*,?\\s+({E})", needs: [kw(lx.personRoles), ["⟧'s", "⟧’s"], lastWords(lx.personRoles, then: " ⟦") + lastWords(lx.personRoles, then: ", ⟦") + lastWords(lx.personRoles, then: " , ⟦")], mentions: 2)
        add(.affiliatedRoleAt, "affiliated.role-at", "(?:{alt:role})\\s+(?:of|at)\\s+(?:the\\s+)?({E})\\s*,\\s+({E})", needs: [lastWords(lx.personRoles, then: " of ") + lastWords(lx.personRoles, then: " at "), ["⟧,", "⟧ ,"]], mentions: 2)
        // "Hannah Ortiz, formerly of Google, …".
        add(.affiliatedFormerlyOf, "affiliated.formerly-of", "({E})\\s*,\\s+(?:formerly|previously|most\\s+recently|once)\\s+(?:of|at|with)\\s+(?:the\\s+)?({E})", needs: [["formerly", "previously", "most recently", "once"], ["⟧,", "⟧ ,"]], mentions: 2)
        add(.affiliatedAppointed, "affiliated.appointed", "({E})\\s+(?:has\\s+|had\\s+)?(?:appointed|appoints|named|names|hired|hires|recruited|recruits|tapped|taps|poached|poaches)\\s+(?:(?:⟦\\d+⟧|[A-Z][\\w&.-]*)(?:'s|’s)\\s+)?({E})(?:\\s*,\\s+(?:formerly|previously|most\\s+recently|then|a\\s+former|the\\s+former)\\s+[^;,]{0,60}?,)?\\s+(?:as\\s+)?(?:its\\s+|the\\s+|a\\s+|an\\s+|their\\s+|⟦\\d+⟧(?:'s|’s)\\s+)?(?:[\\w-]+\\s+){0,3}?(?:{alt:role})\\b", needs: [kw(lx.personRoles), ["appoint", "name", "hire", "recruit", "tap", "poach"]], mentions: 2)
        add(.affiliatedJoinedAs, "affiliated.joined-as", "(?:({E})|\\b(?:[Hh]e|[Ss]he))\\s+(?:has\\s+)?(?:re-?)?joined\\s+(?:the\\s+)?({E})(?:\\s*\\([^()⟦]{1,20}\\))?(?:\\s+[a-zA-Z][\\w-]*){0,2}?(?:\\s+in\\s+⟦\\d+⟧)?\\s+as\\s+(?:(?:its\\s+|the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,3}?(?:{alt:role})\\b|(⟦\\d+⟧))", needs: [["joined"], [" as "]], mentions: 1)

        add(.affiliatedOrgRole, "affiliated.org-role", "({E}){POSS}\\s+\(wordsToMention)(?:[\\w-]+\\s+){0,2}?(?:co-)?(?:{alt:role})s?\\s+({LIST})", needs: [kw(lx.personRoles), lastWords(lx.personRoles, then: " ⟦") + lastWords(lx.personRoles, then: "s ⟦")], mentions: 2)
        add(.affiliatedPossessiveSaid, "affiliated.possessive-said", "({E})'s\\s+({E})\\s+(?:said|says|told|wrote|writes|added|adds|noted|notes|explained|explains|discussed|discusses|argued|argues|warned|warns|believes|believed|as)\\b", needs: [["⟧'s"], ["said", "says", "told", "wrote", "writes", "added", "adds", "noted", "notes", "explain", "discuss", "argue", "warn", "believe", " as "]], mentions: 2)
        // "X replaces Y as Z's head of AI": Y held the role at Z.
        add(.affiliatedAsPossessiveRole, "affiliated.as-possessive-role", "({E})\\s+as\\s+(?:the\\s+)?({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+){0,3}?(?:{alt:role})\\b", needs: [kw(lx.personRoles), [" as "], ["⟧'s", "⟧’s"]], mentions: 2)
        // "a provider … that is led by CEO X": the company the clause belongs to.
        add(.affiliatedLedBy, "affiliated.led-by", "\\b(?:led|headed|run|managed)\\s+by\\s+(?:its\\s+|the\\s+)?(?:[\\w-]+\\s+){0,2}?(?:{alt:role})\\s+({E})", needs: [kw(lx.personRoles), ["led by", "headed by", "run by", "managed by"]])
        // "X, Global Evangelist, AWS": name, title, employer.
        add(.affiliatedTitleOrg, "affiliated.title-org", "({E})\\s*,\\s+\(mentionAfterComma)(?:(?:[\\w&/.-]+|⟦\\d+⟧)\\s+){0,6}?(?:{alt:role})\\s*,\\s+({E})\\s*(?:[.;,)—–-]|$)", needs: [kw(lx.personRoles), ["⟧,", "⟧ ,"], lastWords(lx.personRoles, then: ", ⟦") + lastWords(lx.personRoles, then: " , ⟦")], mentions: 2)
        // "joined the board of X", "sits on X's board of directors".
        add(.affiliatedBoard, "affiliated.board", "\\b(?:join|joins|joined|joining|elected\\s+to|appointed\\s+to|named\\s+to|served\\s+on|serves\\s+on|serving\\s+on|sat\\s+on|sits\\s+on|sitting\\s+on|seat\\s+on|member\\s+of)\\s+(?:the\\s+|its\\s+|a\\s+)?(?:({E})(?:'s|’s)\\s+)?(?:[\\w-]+\\s+){0,2}?board(?:\\s+of\\s+(?:directors|trustees|governors|regents|overseers))?(?:\\s+(?:of|at)\\s+(?:the\\s+)?(?:⟦\\d+⟧\\s*-\\s*based\\s+)?({LIST}))?", needs: [["board"], ["join", "elected", "appointed", "named", "served", "serves", "serving", "sat", "sits", "sitting", "seat", "member"]], mentions: 1)
        // "X was a professor at Y", "He is the co-owner of Y": the person is the clause's subject.
        add(.affiliatedCopulaRole, "affiliated.copula-role", "(?:({E})|\\b(?:he|she|He|She)|\\b(and))\\s+(?:was|is|were|has\\s+been|had\\s+been|later\\s+became|also\\s+became|remains|remained)\\s+(?:also\\s+|later\\s+)?(?:the\\s+|a\\s+|an\\s+|its\\s+|their\\s+)?(?:[\\w-]+\\s+){0,3}?(?:{alt:role})\\s+(?:(?:and|&)\\s+(?:[\\w-]+\\s+){0,2}?)?(?:of\\s+[a-z]+(?:\\s+[a-z]+)?\\s+(?=at\\s))?(?:of|at|to|for|with)\\s+(?:the\\s+)?(?:(?:law|consulting|accounting|investment|private\\s+equity|venture\\s+capital)\\s+(?:firm|company|bank)\\s+)?({E})", needs: [kw(lx.personRoles), ["was", "is", "were", "been", "became", "remain"], [" of ", " at ", " to ", " for ", " with "]])
        // "X, the company's chief technology officer": the possessor employs X.
        add(.affiliatedAppositivePossessive, "affiliated.appositive-possessive", "({E})\\s*,\\s+(?:the\\s+|a\\s+|an\\s+)?({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+){0,3}?(?:{alt:role})\\b", needs: [kw(lx.personRoles), ["⟧'s", "⟧’s"], ["⟧,", "⟧ ,"]], mentions: 2)
        // "previously worked at X", "has worked for X since 2010".
        // "a job at KTRE", "took a position with Acme".
        add(.affiliatedJobAt, "affiliated.job-at", "\\b(?:his|her|their|a|the|first|new)\\s+(?:[\\w-]+\\s+)?(?:job|position|post)\\s+(?:at|with)\\s+(?:the\\s+)?({E})", needs: [["job", "position", "post"], [" at ", " with "]])
        // "He chaired the Federal Trade Commission", "she headed Acme's research arm".
        add(.affiliatedChaired, "affiliated.chaired", "\\b(?:chaired|chairs|chairing|headed|heads|heading)\\s+(?:the\\s+)?({E})(?!\\s*(?:'s|’s))", needs: [["chair", "head"]])
        add(.affiliatedWorkedAt, "affiliated.worked-at", "\\b(?:worked|works|working|work|taught|teaches|teaching|lectured|lectures)\\s+(?:\\w+ly\\s+)?(?:for|at)\\s+(?:the\\s+)?({E})", needs: [["work", "taught", "teach", "lectur"], [" for ", " at "]])
        // "He served as counsel to X", "was elected president of X", "as editor of X", "became co-owner of X".
        add(.affiliatedServedAs, "affiliated.served-as", "\\b(?:served|serves|serving|worked|works|working|was\\s+elected|were\\s+elected|is\\s+elected|became|becomes|become|was\\s+named|was\\s+appointed|was\\s+hired|rose\\s+to\\s+become|rose\\s+to|as)\\s+(?:as\\s+)?(?:the\\s+|a\\s+|an\\s+|its\\s+|their\\s+|his\\s+|her\\s+)?(?:[\\w-]+\\s+){0,3}?(?:{alt:role})s?\\s+(?:(?:and|&)\\s+(?:[\\w-]+\\s+){0,2}?)?(?:of|at|to|for|with)\\s+(?:the\\s+)?({E})", needs: [kw(lx.personRoles), ["served", "serves", "serving", "work", "elected", "became", "becomes", "become", "named", "appointed", "hired", "rose", " as "], [" of ", " at ", " to ", " for ", " with "]])

        // Headquarters and operations.
        add(.hqHyphen, "hq.hyphen", "({E})\\s*-?\\s*(?:headquartered|based)\\b(?!\\s+(?:in|at|on|upon|out|off)\\b)(?:\\s+(?:[a-z][\\w-]*\\s+){0,4}?({E}))?", needs: [["headquartered", "based"]])
        add(.hqIn, "hq.in", "(?:headquartered|based|headquarters(?:\\s+(?:is|are|was|were))?(?:\\s+(?:located|situated))?|head\\s+office(?:\\s+(?:is|was))?(?:\\s+(?:located|situated))?|(?<=\\b(?:is|was)\\s(?:a|an)\\s)(?:[\\w-]+\\s+){1,4}?(?:located|situated))\\s+(?:in|at)\\s+(?:the\\s+)?({LIST})", needs: [["headquartered", "based", "headquarters", "office", "located", "situated"]])
        add(.operatesOffices, "operates.offices", "(?:offices|operations|presence|branches|facilities|subsidiaries)\\s+in\\s+(?:the\\s+)?({LIST})", needs: [["offices", "operations", "presence", "branches", "facilities", "subsidiaries"]])
        add(.operatesOpened, "operates.opened", "(?:launched|opened|established|set\\s+up|launches|opens)\\s+(?:its\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,6}?(?:lab|laboratory|office|hub|centre|center|headquarters|facility|plant|factory|campus)\\s+in\\s+(?:the\\s+)?({E})", needs: [["launch", "open", "established", "set"], ["lab", "office", "hub", "centre", "center", "headquarters", "facility", "plant", "factory", "campus"]])

        // Listings.
        add(.listedOn, "listed.on", "(?:listed|list|listing|trading|traded|trades|debut(?:ed|s)?|IPO|initial\\s+public\\s+offering|went\\s+public|go\\s+public|floated|float)\\s+(?:its\\s+shares\\s+|shares\\s+)?on\\s+(?:the\\s+)?(?:⟦\\d+⟧'s\\s+)?({E})", needs: [["list", "trad", "debut", "ipo", "initial", "public", "float"], [" on "]])

        add(.listedTicker, "listed.ticker", "({E})\\s*\\(\\s*({E})\\s*:\\s*(?:[A-Za-z0-9]|⟦)", needs: [[":"]], mentions: 2)

        // Subsidiaries.
        add(.subsidiaryUses, "subsidiary.uses", "({E})\\s+(?:uses|used|has|had|owns|owned|operates|operated|set\\s+up|established|created|formed|launched|through)\\s+(?:a|an|its)\\s+(?:[\\w-]+\\s+){0,2}?subsidiary\\s*,?\\s+(?:called\\s+|named\\s+)?({E})", needs: [["subsidiary"]], mentions: 2)
        // "…was acquired by X, becoming a wholly owned subsidiary of X": the clause's subject is the child.
        add(.subsidiaryBecoming, "subsidiary.becoming", "\\b(?:becoming|became|to\\s+become)\\s+(?:a|an)\\s+(?:wholly[- ]owned\\s+|[\\w-]+\\s+){0,3}?(?:subsidiary|unit|division)\\s+of\\s+(?:the\\s+)?({E})", needs: [["becom", "became"], ["subsidiary", "unit", "division"]])
        // "A stepped down as chief executive and was succeeded by B", "B succeeded A as CEO".
        add(.affiliatedSucceededBy, "affiliated.succeeded-by", "\\b(?:succeeded|replaced)\\s+(?:as\\s+(?:[\\w-]+\\s+){0,4}?)?by\\s+({E})", needs: [["succeeded", "replaced"], [" by "], kw(lx.personRoles)])
        add(.affiliatedSucceeded, "affiliated.succeeded", "({E})\\s+(?:succeeded|replaced|succeeds|replaces)\\s+({E})\\s+as\\s+(?:the\\s+company's\\s+|its\\s+|the\\s+)?(?:[\\w-]+\\s+){0,3}?(?:{alt:role})\\b", needs: [["succeed", "replace"], [" as "], kw(lx.personRoles)], mentions: 2)
        // "Velda Automation became part of Tolven".
        add(.subsidiaryPartOf, "subsidiary.part-of", "({E})\\s+(?:became|becomes|has\\s+become|is\\s+now|was\\s+made)\\s+(?:a\\s+)?part\\s+of\\s+(?:the\\s+)?({E})(?!\\s*(?:'s|’s))", needs: [["part of"]], mentions: 2)
        add(.subsidiaryBare, "subsidiary.bare", "\\bsubsidiary\\s*,?\\s+(?:called\\s+|named\\s+)?({E})", needs: [["subsidiary"]])
        add(.subsidiaryOf, "subsidiary.of", "({E})\\s*,?\\s+(?:is\\s+|was\\s+|became\\s+)?(?:a|an|the)\\s+(?:wholly[- ]owned\\s+|[\\w-]+\\s+){0,3}?(?:subsidiary|unit|division|affiliate|arm)\\s+of\\s+(?:the\\s+)?(?=({E}))", needs: [["subsidiary", "unit", "division", "affiliate", "arm"], [" of "]], mentions: 2)
        // "X, owned by Y since 2015, …".
        add(.subsidiaryOwnedAppositive, "subsidiary.owned-appositive", "({E})\\s*,\\s+(?:(?:wholly|fully|majority|jointly|now|also|partly|partially)[- ]\\s*)?owned\\s+by\\s+(?:the\\s+)?(?=({E}))", needs: [["owned by"], ["⟧,", "⟧ ,"]], mentions: 2)
        // "X, the Chinese AI company backed by Y".
        add(.investedAppositiveBacked, "invested.appositive-backed", "({E})\\s*,\\s+(?:a|an|the)\\s+(?:[\\w-]+\\s+){0,5}?(?:backed|funded|financed)\\s+by\\s+(?:investors\\s+(?:including|such\\s+as)\\s+)?(?:the\\s+)?({LIST})", needs: [["backed by", "funded by", "financed by"], ["⟧,", "⟧ ,"]], mentions: 2)
        add(.subsidiaryOwnedBy, "subsidiary.owned-by", "({E})\\s*,?\\s+(?:which\\s+)?(?:is|was|are|were|has\\s+been|had\\s+been|became|is\\s+now)\\s+(?:(?:wholly|fully|majority|jointly|now|also)[- ]\\s*)?owned\\s+by\\s+(?:the\\s+)?(?=({E}))", needs: [["owned"], [" by "]], mentions: 2)
        add(.subsidiaryParent, "subsidiary.parent", "({E})[^⟦;]{0,60}?\\b(?:its\\s+|their\\s+)?parent(?:-|\\s+)(?:company|firm|group)\\s*,?\\s+({E})", needs: [["parent"]], mentions: 2)
        // "The company's subsidiaries include A, B and C".
        add(.subsidiaryInclude, "subsidiary.include", "({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+)?(?:subsidiaries|units|divisions|brands|affiliates)\\s+(?:include|included|including|are|were|comprise)\\s+(?:the\\s+)?({LIST})", needs: [["subsidiaries", "units", "divisions", "brands", "affiliates"], ["⟧'s", "⟧’s"]], mentions: 2)
        add(.subsidiaryPossessive, "subsidiary.possessive", "({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+){0,2}?(?:subsidiary|unit)\\s*,?\\s+(?:the\\s+)?({E})", needs: [["subsidiary", "unit"], ["⟧'s", "⟧’s"]], mentions: 2)

        // Acquisitions.
        add(.acquiredActive, "acquired.active", "({E})\\s+(?:(?:{alt:aux}|completed|completes|finalized|finalised|announced)\\s+)?(?:(?:that\\s+)?(?:it\\s+)?(?:will|would|is)\\s+)?(?:\\w+ly\\s+)?(?:{alt:acq})\\s+((?:[\\w$.,'’-]+\\s+){0,6}?)({E})(?!{POSS}\\s*(?:[\\w-]+\\s+){0,2}(?:stake|shares|unit|division|business|assets))((?:(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+)(?:the\\s+)?(?:[\\w'-]+\\s+){0,3}?⟦\\d+⟧)*)", needs: [kw(lx.acquisitionVerbs)], mentions: 2)
        add(.acquiredModifier, "acquired.modifier", "({E})\\s+(?:(?:{alt:aux}|completed|completes|announced)\\s+)?(?:{alt:acq})\\s+(?:[\\w$.,'-]+\\s+){0,3}?⟦\\d+⟧\\s+[a-z][\\w-]*s\\s+({LIST})", needs: [kw(lx.acquisitionVerbs)], mentions: 3)
        // "RKP sold in 1995 to Caribiner", "the firm was sold to Acme for $5 million".
        add(.acquiredSoldTo, "acquired.sold-to", "({E})\\s+(?:(?:was|were|has\\s+been|had\\s+been|is)\\s+)?sold\\s+(?:(?:in|on)\\s+[^⟦;,]{1,20}?\\s+|for\\s+[^⟦;,]{1,30}?\\s+)?to\\s+(?:the\\s+)?({E})", needs: [["sold"], [" to "]], mentions: 2)
        add(.acquiredPassive, "acquired.passive", "({E})\\s*,?\\s+(?:which\\s+)?(?:(?:was|is|has\\s+been|had\\s+been|will\\s+be|to\\s+be)\\s+|(?<=^⟦\\d⟧\\s)|(?<=^⟦\\d\\d⟧\\s)|(?<=⟧,\\s))(?:\\w+ly\\s+)?(?:acquired|bought|purchased|taken\\s+over)\\s+by\\s+(?:the\\s+)?({E})", needs: [["acquired", "bought", "purchased", "taken"], [" by "]], mentions: 2)
        add(.acquiredNoun, "acquired.noun", "(?:acquisition|purchase|takeover|buyout)\\s+of\\s+(?:[^⟦]{0,30}?)({E})\\s+by\\s+(?:the\\s+)?({E})", needs: [["acquisition", "purchase", "takeover", "buyout"], [" by "]], mentions: 2)
        // "X Completes Acquisition of Y", "X announced the acquisition of Y".
        add(.acquiredCompletes, "acquired.completes", "({E})\\s+(?:(?:has|had|have)\\s+)?(?:completes|completed|closes|closed|finalizes|finalized|finalises|finalised|announces|announced|confirms|confirmed)\\s+(?:its\\s+|the\\s+|a\\s+|an\\s+)?(?:[\\w$.,-]+\\s+){0,3}?(?:acquisition|purchase|takeover|buyout)\\s+of\\s+(?:[^⟦]{0,30}?)({E})", needs: [["acquisition", "purchase", "takeover", "buyout"], ["complete", "close", "finali", "announce", "confirm"]], mentions: 2)
        // "X's largest shareholder is Y", "Y is the largest shareholder of X".
        add(.investedShareholderIs, "invested.shareholder-is", "({E})(?:'s|’s)\\s+(?:largest|biggest|major|main|principal|controlling|second-largest|leading)\\s+(?:shareholder|investor|backer|owner)s?\\s+(?:is|are|was|were|include|included)\\s+(?:the\\s+)?({LIST})", needs: [["shareholder", "investor", "backer", "owner"], ["⟧'s", "⟧’s"]], mentions: 2)
        add(.investedShareholderOf, "invested.shareholder-of", "({E})\\s+(?:is|was|became|remains|remained)\\s+(?:a|an|the|its)\\s+(?:largest|biggest|major|main|principal|controlling|second-largest|leading|early|minority)\\s+(?:shareholder|investor|backer)\\s+(?:of|in)\\s+(?:the\\s+)?({E})", needs: [["shareholder", "investor", "backer"], [" of ", " in "]], mentions: 2)
        add(.acquiredPossessive, "acquired.possessive", "({E})(?:'s|’s|'|’)\\s+(?:[\\w$.,-]+\\s+){0,4}?(?:acquisition|purchase|takeover|buyout)\\s+of\\s+(?:[^⟦]{0,30}?)({E})", needs: [["acquisition", "purchase", "takeover", "buyout"], ["⟧'", "⟧’"]], mentions: 2)

        // Investments.
        add(.investedIn, "invested.in", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:(?:is|are|was|were)\\s+)?(?:invested|invests|invest|investing|led\\s+an\\s+investment)\\s+(?:[^⟦;]{0,40}?)\\b(?:in|into)\\s+(?:the\\s+|a\\s+|an\\s+)?(?:[a-z][\\w-]*\\s+){0,3}?({E})", needs: [["invest"]], mentions: 2)
        // "Y, which also invests in X", "X, backed by Y and Z".
        add(.investedWhichInvests, "invested.which-invests", "({E})\\s*,?\\s+(?:which|who|that)\\s+(?:also\\s+|has\\s+also\\s+|had\\s+|has\\s+)?(?:invests|invested|backs|backed|funds|funded)\\s+(?:in\\s+)?(?:the\\s+)?({LIST})", needs: [["which", "who", "that"], ["invest", "back", "fund"]], mentions: 2)
        add(.investedBackedBy, "invested.backed-by", "({E})\\s*,?\\s+(?:which\\s+is\\s+|which\\s+was\\s+|is\\s+|was\\s+|are\\s+|has\\s+been\\s+)?(?:\\w+ly\\s+)?(?:backed|funded|financed)\\s+by\\s+(?:investors\\s+(?:including|such\\s+as)\\s+)?(?:the\\s+)?({LIST})", needs: [["backed by", "funded by", "financed by"]], mentions: 2)
        add(.investedBacked, "invested.backed", "({E})\\s*-\\s*backed\\s+(?:[\\w-]+\\s+){0,4}?({E})", needs: [["backed"]], mentions: 2)
        add(.investedRaisedFrom, "invested.raised-from", "({E})\\s+(?:has\\s+)?(?:raised|raises|secured|secures|closed|received|receives)\\s+(?:[^⟦;]|⟦\\d+⟧){0,80}?\\b(?:from|led\\s+by|co-led\\s+by|including)\\s+(?:investors\\s+(?:including|such\\s+as)\\s+)?(?:the\\s+)?(?:[\\w-]+\\s+){0,3}?({LIST})", needs: [["raise", "secure", "closed", "receive"], ["from", "led", "including"]], mentions: 2)
        // "… led by X, with participation from Y and Z".
        add(.investedParticipation, "invested.participation", "({E})\\s+(?:has\\s+)?(?:raised|raises|secured|secures|closed|received|receives)\\s+[^;]{0,160}?\\bwith\\s+(?:the\\s+)?participation\\s+(?:from|of|by)\\s+(?:existing\\s+investors\\s+|investors\\s+)?(?:the\\s+)?({LIST})", needs: [["participation"]], mentions: 2)
        // "X's investors include A, B and C"; "investors in X include …".
        add(.investedInvestorsInclude, "invested.investors-include", "({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+){0,2}?(?:investors|backers|shareholders)\\s+(?:include|included|including|are|were|have\\s+included)\\s+(?:the\\s+)?({LIST})", needs: [["investors", "backers", "shareholders"], ["⟧'s", "⟧’s"]], mentions: 2)
        // A list item under a company's "Acquisitions": "2022 – acquired X".
        add(.acquiredImplicit, "acquired.implicit", "^\\s*(?:(?:in\\s+)?(?:[A-Za-z]+\\s+)?(?:\\d{1,2}\\s+)?\\d{4}\\s*(?:[–:,-]\\s*)?)?(?:acquired|bought|purchased|acquires|buys|acquisition\\s+of)\\s+(?:the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,3}?({E})", needs: [["acqui", "bought", "buys", "purchase"]])
        // "A and B are among the investors in X".
        add(.investedAmongInvestors, "invested.among-investors", "({LIST})\\s+(?:(?:are|were|is|was)\\s+)?among\\s+(?:(?:the\\s+)?(?:[\\w-]+\\s+)?(?:investors|backers|shareholders)\\s+(?:in|of)\\s+(?:the\\s+)?({E})|({E})(?:'s|’s)\\s+(?:[\\w-]+\\s+)?(?:investors|backers|shareholders)\\b)", needs: [["among"], ["investors", "backers", "shareholders"]], mentions: 2)
        add(.investedLedRound, "invested.led-round", "({E})\\s+(?:led|co-led|leads|co-leads)\\s+(?:(?:a|an|the)\\s+[^⟦;]{0,40}?(?:round|investment|financing)\\s+(?:in|into|for)\\s+(?:the\\s+)?({E})|({E})(?:'s|’s|'|’)\\s+(?:[^⟦;]|⟦\\d+⟧){0,40}?(?:round|investment|financing)\\b)", needs: [["led", "leads"], ["round", "investment", "financing"]], mentions: 2)
        add(.investedStake, "invested.stake", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:took|takes|take|acquired|acquires|bought|buys|purchased|purchases|holds|held|owns|owned|has|had)\\s+(?:a\\s+|an\\s+)?[^⟦;]{0,25}?stake\\s+in\\s+(?:the\\s+)?(?:[a-z][\\w-]*\\s+){0,3}?({E})", needs: [["stake"]], mentions: 2)

        // Memberships.
        add(.memberOf, "member.of", "({E})\\s+(?:became|becomes|is|was|has\\s+become|had\\s+become|joined\\s+as)\\s+(?:one\\s+of\\s+)?(?:the\\s+|a\\s+|an\\s+)?(?:founding\\s+|original\\s+|full\\s+|first\\s+)?members?\\s+of\\s+(?:the\\s+)?({E})((?:\\s*,\\s*(?:and\\s+)?(?:the\\s+)?⟦\\d+⟧|\\s*,?\\s+and\\s+(?:the\\s+)?⟦\\d+⟧)*)(?:[^⟦;]{0,12}?(?:along\\s+with|together\\s+with|alongside|with)\\s+(?:the\\s+)?({LIST}))?", needs: [["member"]], mentions: 2)
        add(.memberJoined, "member.joined", "({E})\\s+(?:has\\s+|have\\s+)?(?:joined|joins)\\s+(?:the\\s+)?({E})(?!{POSS}\\s)", needs: [["join"]], mentions: 2)

        // Regulatory actions.
        add(.regulatedPlacedPassive, "regulated.placed-passive", "({E})\\s+(?:was|were|has\\s+been|have\\s+been|had\\s+been|is|are|will\\s+be|would\\s+be|got|gets|to\\s+be)\\s+(?:\\w+ly\\s+)?(?:placed|put|added|included|listed|named|designated)\\s+(?:on|to|in|as)\\s+(?:the\\s+|a\\s+|an\\s+|its\\s+)?(?:({E}){POSS}\\s+)?(?:[\\w\"'“”‘’-]+\\s+){0,4}?(?:{alt:list})(?:[^⟦;]{0,40}?\\bby\\s+(?:the\\s+)?({E}))?", needs: [["placed", "put", "added", "included", "listed", "named", "designated"], kw(lx.regulatoryActions.map(\.phrase))])
        // "The Commerce Department added 12 Chinese firms to the Entity List, including A and B".
        add(.regulatedListIncluding, "regulated.list-including", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:\\w+ly\\s+)?(?:added|adds|add|placed|places|place|put|puts)\\s+[^⟦;]{0,60}?\\b(?:to|on)\\s+(?:the\\s+|its\\s+|a\\s+|an\\s+)?(?:[\\w\"'“”‘’-]+\\s+){0,4}?(?:{alt:list})[^⟦;]{0,30}?\\b(?:including|such\\s+as|among\\s+them)\\s+(?:the\\s+)?({LIST})", needs: [["add", "place", "put"], ["including", "such as", "among them"], kw(lx.regulatoryActions.map(\.phrase))], mentions: 2)
        add(.regulatedPlacedActive, "regulated.placed-active", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:[^⟦;]{0,30}?\\b(?:said|says)\\s+(?:that\\s+)?)?(?:\\w+ly\\s+)?(?:placed|places|place|put|puts|added|adds|add|included|includes|include|named|designated|designates|designate)\\s+(?:[^;]{0,60}?)({E})\\s*,?\\s+(?:(?:on|to|in|as)\\s+(?:the\\s+|a\\s+|an\\s+|its\\s+|⟦\\d+⟧(?:'s|’s)\\s+)?|(?<=designated\\s⟦\\d⟧\\s|designated\\s⟦\\d\\d⟧\\s)(?:a|an)\\s+)(?:[\\w\"'“”‘’-]+\\s+){0,4}?[\"“'‘]?(?:{alt:list})", needs: [["place", "put", "add", "include", "named", "designat"], kw(lx.regulatoryActions.map(\.phrase))], mentions: 2)
        add(.regulatedVerbPassive, "regulated.verb-passive", "({E})\\s*,?\\s+(?:(?:has\\s+been|have\\s+been|had\\s+been|was|were|is|are|will\\s+be|got|to\\s+be)\\s+|(?<=^⟦\\d⟧\\s)|(?<=^⟦\\d\\d⟧\\s)|(?<=⟧,\\s))(?:\\w+ly\\s+)?({alt:regpast})\\s+(?:[^⟦;]{0,30}?\\s+)?by\\s+(?:the\\s+)?({E})", needs: [kw(pastParticiples), [" by "]], mentions: 2)
        add(.regulatedVerbActive, "regulated.verb-active", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:\\w+ly\\s+)?({alt:regverb})\\s+(?:(?:american\\s+|u\\.s\\.\\s+|us\\s+)?(?:investments?|exports?|sales|imports?|business|trade|dealings)\\s+(?:in|to|with|from)\\s+)?(?:[^⟦;]{0,40}?)({E})", needs: [kw(regulatoryVerbForms)], mentions: 2)
        add(.regulatedNounOn, "regulated.noun-on", "({E}){POSS}\\s+(?:(?:new|fresh|sweeping|additional|further)\\s+)?({alt:regnoun})\\s+(?:on|against|targeting|over|of)\\s+(?:the\\s+)?(?:[\\w-]+\\s+){0,3}?({LIST})", needs: [kw(lx.regulatoryNouns.map(\.phrase)), ["⟧'", "⟧’", "⟧ "]], mentions: 2)
        add(.regulatedImposed, "regulated.imposed", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:imposed|imposes|impose|placed|places|slapped|announced|levied|eases|eased|ease|tightens|tightened|tighten|lifted|lifts|lift|expanded|expands|extended|extends)\\s+(?:[\\w-]+\\s+){0,2}?({alt:regnoun})\\s+(?:on|against)\\s+(?:the\\s+)?(?:[\\w-]+\\s+){0,3}?({LIST})", needs: [kw(lx.regulatoryNouns.map(\.phrase)), [" on ", " against "]], mentions: 2)
        add(.regulatedReceived, "regulated.received", "({LIST})\\s+(?:(?:{alt:aux})\\s+)?(?:received|receive|receives|obtained|obtains|won|wins|win|secured|secures|got|get|gets|nabbed|nab|nabs|was\\s+granted|were\\s+granted)\\s+(?:(?:the\\s+)?({E})(?:'s|’s)\\s+)?(?:[\\w-]+\\s+){0,2}?({alt:regnoun})\\b(?:[^⟦;]{0,40}?\\bfrom\\s+(?:the\\s+)?({E}))?", needs: [kw(lx.regulatoryNouns.map(\.phrase))])
        add(.regulatedReceivedImplicit, "regulated.received-implicit", "(?:\\band\\b|,)\\s*(?:,?\\s*in\\s+\\w+(?:\\s+\\d{4})?\\s*,\\s*)?(?:received|obtained|won|secured|got|was\\s+granted)\\s+(?:[\\w-]+\\s+){0,2}?({alt:regnoun})\\b(?:[^⟦;]{0,40}?\\bfrom\\s+(?:the\\s+)?({E}))?", needs: [kw(lx.regulatoryNouns.map(\.phrase)), ["received", "obtained", "won", "secured", "got", "granted"]], mentions: 0)
        // "A and B launched … after receiving regulatory approval from X".
        add(.regulatedAfterReceiving, "regulated.after-receiving", "({LIST})\\s+[^⟦;]{0,80}?\\b(?:after|upon|on|following|since)\\s+(?:receiving|getting|winning|securing|obtaining|being\\s+granted|gaining)\\s+(?:(?:the\\s+)?({E})(?:'s|’s)\\s+)?(?:[\\w-]+\\s+){0,2}?({alt:regnoun})\\b(?:[^⟦;]{0,40}?\\b(?:from|by)\\s+(?:the\\s+)?({E}))?", needs: [kw(lx.regulatoryNouns.map(\.phrase)), ["receiving", "getting", "winning", "securing", "obtaining", "granted", "gaining"]])
        // "X was granted permission by the Y", "X was given approval by Y".
        add(.regulatedGrantedBy, "regulated.granted-by", "({E})\\s+(?:was|were|has\\s+been|have\\s+been|had\\s+been|is|are)\\s+(?:\\w+ly\\s+)?(?:granted|given|issued|awarded)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:[\\w-]+\\s+){0,2}?({alt:regnoun})\\b[^⟦;]{0,60}?\\b(?:by|from)\\s+(?:the\\s+)?({E})", needs: [kw(lx.regulatoryNouns.map(\.phrase)), ["granted", "given", "issued", "awarded"], [" by ", " from "]], mentions: 2)
        // "the US hit X with sanctions".
        add(.regulatedHitWith, "regulated.hit-with", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:hit|hits|slapped|slaps|targeted|targets|struck|strikes)\\s+(?:[^⟦;]{0,30}?)({LIST})\\s+with\\s+(?:[\\w-]+\\s+){0,3}?({alt:regnoun})\\b", needs: [kw(lx.regulatoryNouns.map(\.phrase)), ["hit", "slap", "target", "struck", "strike"], [" with "]], mentions: 2)
        add(.regulatedGave, "regulated.gave", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:gave|gives|give|granted|grants|grant|issued|issues)\\s+(?:the\\s+|a\\s+|an\\s+|its\\s+|final\\s+)*(?:[\\w-]+\\s+)?({alt:regnoun})\\s+(?:to|for)\\s+(?:the\\s+)?({E})", needs: [kw(lx.regulatoryNouns.map(\.phrase)), [" to ", " for "]], mentions: 2)
        add(.regulatedInvestigation, "regulated.investigation", "({E})\\s+(?:(?:{alt:aux})\\s+)?(?:opened|launched|began|started|announced|opens|launches)\\s+(?:an?\\s+)?(?:[\\w-]+\\s+)?(?:investigation|probe|inquiry)\\s+(?:into|of)\\s+(?:the\\s+)?({E})", needs: [["investigation", "probe", "inquiry"]], mentions: 2)
        add(.regulatedUnderInvestigation, "regulated.under-investigation", "({E})\\s+(?:is|was|are|were|has\\s+been)\\s+under\\s+(?:[\\w-]+\\s+)?(?:investigation|scrutiny)\\s+(?:by|from)\\s+(?:the\\s+)?({E})", needs: [["under"], ["investigation", "scrutiny"]], mentions: 2)

        add(.regulatedAmid, "regulated.amid", "^[^⟦;]{0,60}?({LIST})(?:[^⟦;]|⟦\\d+⟧){0,80}?\\b(?:amid|despite|after|following)\\s+(?:(?:a|an|the|prolonged|continued|ongoing|new|harsh|tough|tougher|further)\\s+){0,2}({E})\\s+((?:investment\\s+|trade\\s+|export\\s+)?(?:blacklisting|blacklist|sanctions|ban|curbs|export\\s+controls))\\b(?!\\s+(?:on|of|against|targeting)\\b)", needs: [["amid", "despite", "after", "following"], ["blacklist", "sanctions", "ban", "curbs", "controls"]], mentions: 2)

        self.patterns = patterns.enumerated().map { i, pattern in
            guard let pattern else { preconditionFailure("no expression for sentence rule \(Rule.allCases[i])") }
            return pattern
        }
        var eventPatterns: [(kind: String, pattern: Pattern)] = []
        let order = ["ipo", "listing", "acquisition", "funding", "lawsuit", "appointment", "award", "product"]
        for kind in order {
            guard let phrases = lx.eventTriggers.first(where: { $0.kind == kind })?.phrases else { continue }
            eventPatterns.append((kind, Pattern("event.\(kind)", "\\b" + Pattern.alternation(phrases, caseInsensitive: kind != "ipo") + "\\b", alternations: [:],
                                                caseInsensitive: kind != "ipo", needs: [kw(phrases)], needles: needles)))
        }
        self.eventPatterns = eventPatterns
        negation = Pattern("negation", expression: "\\b(?:not|never|no longer|denied|denies|deny|n't|cancel(?:led|ed|s)?|terminat(?:ed|es)|ended|end(?:s)?\\s+(?:its|their|the)|cut\\s+ties|withdr[ae]w|pulled\\s+out|rumou?red)\\b", caseInsensitive: true, needles: needles)
        // "may" the modal, not "In May 2016" the month: lower case only.
        talks = Pattern("talks", expression: "\\b(?:in\\s+(?:advanced\\s+)?talks|talks\\s+(?:to|with)|in\\s+discussions|considering|considers|mulls?|mulling|weighs?|weighing|exploring|explores|could|(?-i:may)|might|reportedly|rumou?red|rumou?rs?|seeks?\\s+to|seeking\\s+to)\\b", caseInsensitive: true, needles: needles)
        hedge = Pattern("hedge", expression: "\\b(?:in\\s+talks|talks\\s+to|considering|considers|consider|mulls?|mulling|weighs?|weighing|exploring|explores|could|(?-i:may)|might|reportedly\\s+(?:plans|considering)|bid\\s+to|offer\\s+to|seeks?\\s+to|seeking\\s+to|aims?\\s+to|hopes?\\s+to|plans?\\s+to|planning\\s+to|would\\s+like|speculation|speculated|rumou?rs?)\\b", caseInsensitive: true, needles: needles)
        appositive = Pattern("appositive", expression: "⟧(\\s*,\\s+(?:a|an|the|its|their)\\s+(?:[^,;⟦()]|⟦\\d+⟧){1,60}?,\\s+)(?=(?:has\\s+|had\\s+|have\\s+|was\\s+|is\\s+|will\\s+|also\\s+|then\\s+)?(?!(?:a|an|the|and|or)\\s)[a-z])", caseInsensitive: false, needles: needles)
        self.needles = needles.compiled()
        actionPhrases = lx.regulatoryActions.map { t in
            let text = t.phrase.lowercased()
            return (t, (text, Array(text.utf8), text.utf8.allSatisfy { $0 < 0x80 }))
        }
    }

    /// A section title as the lexicon's section kinds list it: lower case, without the spaces,
    /// colons and full stops around it ("Key people:").
    static func sectionKey(_ title: String) -> String {
        var u = Substring(title.lowercased()).unicodeScalars
        while let f = u.first, f == " " || f == ":" || f == "." { u.removeFirst() }
        while let l = u.last, l == " " || l == ":" || l == "." { u.removeLast() }
        return String(u)
    }

    static let newsDatedTypes: Set<String> = ["PARTNER_OF", "REGULATED_BY", "ACQUIRED", "INVESTED_IN", "MEMBER_OF", "LISTED_ON"]

    // MARK: Applying

    func apply(_ s: AnalyzedSentence, table: inout EntityTable) -> RuleOutput {
        let rt = RuleText(s.masked, needles: needles)
        var out = applyOnce(s, rt, table: &table)
        // "X, the Boston-based startup, signed a partnership with Y": read again without the
        // appositive, so that the subject stands next to its verb.
        if let plain = withoutAppositive(s, rt) {
            let more = applyOnce(plain, RuleText(plain.masked, needles: needles), table: &table)
            for r in more.relations where !out.relations.contains(where: { $0.subject == r.subject && $0.type == r.type && $0.object == r.object }) {
                out.relations.append(r)
            }
            for e in more.events where !out.events.contains(where: { $0.kind == e.kind && $0.date == e.date }) { out.events.append(e) }
        }
        return out
    }

    /// The sentence without its first appositive after a name (", a/an/the …,"), when a verb
    /// follows it; dates after the cut move with the text, dates inside it go.
    func withoutAppositive(_ s: AnalyzedSentence, _ rt: RuleText) -> AnalyzedSentence? {
        let ns = rt.ns
        guard s.mentions.count >= 2, rt.contains("⟧, "), let m = appositive.firstMatch(rt) else { return nil }
        let cut = m.range(at: 1)
        var plain = s
        plain.masked = ns.replacingCharacters(in: cut, with: " ")
        let removed = cut.length - 1
        plain.dates = s.dates.compactMap { d in
            if d.location < cut.location { return d }
            if d.location >= cut.location + cut.length { return DateMention(location: d.location - removed, iso: d.iso) }
            return nil
        }
        return plain
    }

    private func applyOnce(_ s: AnalyzedSentence, _ rt: RuleText, table: inout EntityTable) -> RuleOutput {
        var run = Run(rules: self, s: s, rt: rt)
        run.partnerships(&table)
        run.founding(&table)
        run.affiliations(&table)
        run.headquarters(&table)
        run.listings(&table)
        run.tickers(&table)
        run.subsidiaries(&table)
        run.acquisitions(&table)
        run.investments(&table)
        run.memberships(&table)
        run.regulatory(&table)
        run.triggerEvents(&table)
        run.sectionItems(&table)
        return run.out
    }

    /// Every rule's pattern, the event triggers' and the cues' included (for tests of the prefilters).
    var allPatterns: [Pattern] { patterns + eventPatterns.map(\.pattern) + [negation, talks, hedge, appositive] }

    /// The sentence as the rules read it.
    func ruleText(_ masked: String) -> RuleText { RuleText(masked, needles: needles) }

    fileprivate func pattern(_ rule: Rule) -> Pattern { patterns[rule.rawValue] }

    /// The sentence rules, each written once in `init` under its name ("partner.agreement-with").
    fileprivate enum Rule: Int, CaseIterable {
        case partnerAgreementWith
        case partnerJointAgreement
        case partnerJointBody
        case partnerVerb
        case partnerJointly
        case partnerHeadlineJoint
        case partnerJointlyWith
        case partnerPartnerFor
        case partnerBringingTogether
        case partnerBetween
        case partnerPossessive
        case foundedPassive
        case foundedAndFormed
        case foundedBegan
        case foundedActive
        case foundedFounderOf
        case foundedAppositivePossessive
        case foundedWhoBecame
        case foundedPossessive
        case affiliatedAppositive
        case affiliatedOf
        case affiliatedRoleOf
        case affiliatedPossessiveRole
        case affiliatedRoleAt
        case affiliatedFormerlyOf
        case affiliatedAppointed
        case affiliatedJoinedAs
        case affiliatedOrgRole
        case affiliatedPossessiveSaid
        case affiliatedAsPossessiveRole
        case affiliatedLedBy
        case affiliatedTitleOrg
        case affiliatedBoard
        case affiliatedCopulaRole
        case affiliatedAppositivePossessive
        case affiliatedJobAt
        case affiliatedChaired
        case affiliatedWorkedAt
        case affiliatedServedAs
        case hqHyphen
        case hqIn
        case operatesOffices
        case operatesOpened
        case listedOn
        case listedTicker
        case subsidiaryUses
        case subsidiaryBecoming
        case affiliatedSucceededBy
        case affiliatedSucceeded
        case subsidiaryPartOf
        case subsidiaryBare
        case subsidiaryOf
        case subsidiaryOwnedAppositive
        case investedAppositiveBacked
        case subsidiaryOwnedBy
        case subsidiaryParent
        case subsidiaryInclude
        case subsidiaryPossessive
        case acquiredActive
        case acquiredModifier
        case acquiredSoldTo
        case acquiredPassive
        case acquiredNoun
        case acquiredCompletes
        case investedShareholderIs
        case investedShareholderOf
        case acquiredPossessive
        case investedIn
        case investedWhichInvests
        case investedBackedBy
        case investedBacked
        case investedRaisedFrom
        case investedParticipation
        case investedInvestorsInclude
        case acquiredImplicit
        case investedAmongInvestors
        case investedLedRound
        case investedStake
        case memberOf
        case memberJoined
        case regulatedPlacedPassive
        case regulatedListIncluding
        case regulatedPlacedActive
        case regulatedVerbPassive
        case regulatedVerbActive
        case regulatedNounOn
        case regulatedImposed
        case regulatedReceived
        case regulatedReceivedImplicit
        case regulatedAfterReceiving
        case regulatedGrantedBy
        case regulatedHitWith
        case regulatedGave
        case regulatedInvestigation
        case regulatedUnderInvestigation
        case regulatedAmid
    }

    fileprivate struct Run {
        let rules: SentenceRules
        let s: AnalyzedSentence
        let rt: RuleText
        var ns: NSString { rt.ns }
        var out = RuleOutput()
        var typer: EntityTyper { rules.typer }

        // MARK: Helpers

        func text(_ r: NSRange) -> String { r.location == NSNotFound ? "" : ns.substring(with: r) }

        /// Mention indexes `k` of the `⟦k⟧` inside a range.
        func mentionIndexes(_ r: NSRange) -> [Int] {
            guard r.location != NSNotFound, r.length > 0 else { return [] }
            // Read from the UTF-16 code units: a range as a String, read Character by Character,
            // was most of the time the rules spent on a match.
            return withUnsafeTemporaryAllocation(of: unichar.self, capacity: r.length) { units in
                ns.getCharacters(units.baseAddress!, range: r)
                return MaskedMentions.indexes(in: UnsafeBufferPointer(units)) ?? MaskedMentions.indexes(inCharacters: text(r))
            }
        }

        func ids(_ m: NSTextCheckingResult, _ group: Int, _ table: EntityTable) -> [Int] {
            guard m.has(group) else { return [] }
            var seen: [Int] = []
            for k in mentionIndexes(m.range(at: group)) where k < s.mentions.count {
                let id = table.find(s.mentions[k].entity)
                if !seen.contains(id) { seen.append(id) }
            }
            return seen
        }

        func first(_ m: NSTextCheckingResult, _ group: Int, _ table: EntityTable) -> Int? { ids(m, group, table).first }

        /// The date that applies at a point of the sentence: the last one written before it (a
        /// more precise date wins over a vaguer one that repeats it), else the first after it,
        /// else the fallback.
        func date(at location: Int) -> String? {
            var chosen: String?
            for d in s.dates where d.location <= location {
                if let c = chosen, c.hasPrefix(d.iso) { continue }
                chosen = d.iso
            }
            return chosen ?? s.dates.first(where: { $0.location > location })?.iso ?? s.fallbackDate
        }

        func kind(_ id: Int, _ table: EntityTable) -> EntityKind? { table.entity(id).kind }

        /// Could be a company, an organisation or a state body.
        func isBody(_ id: Int, _ table: EntityTable) -> Bool {
            if s.excluded.contains(table.find(id)) { return false }
            let e = table.entity(id)
            switch e.kind {
            case .company?, .organization?, .government?, .publisher?: return true
            case nil: return !typer.isPersonShaped(e.name) || e.isSubject
            default: return false
            }
        }

        func isCompanyLike(_ id: Int, _ table: EntityTable) -> Bool {
            if s.excluded.contains(table.find(id)) { return false }
            let e = table.entity(id)
            switch e.kind {
            case .company?, .organization?: return true
            case nil: return !typer.isPersonShaped(e.name) || e.isSubject
            default: return false
            }
        }

        /// Fits a slot only an organisation fills ("X was founded by", "X acquired Y"): anything
        /// not known to be a person, place or state body.
        func isOrgSlot(_ id: Int, _ table: EntityTable) -> Bool {
            if s.excluded.contains(table.find(id)) { return false }
            switch table.entity(id).kind {
            case .company?, .organization?, .publisher?, nil: return true
            default: return false
            }
        }

        func isPerson(_ id: Int, _ table: EntityTable, mention k: Int? = nil) -> Bool {
            let e = table.entity(id)
            if e.kind == .person { return true }
            if e.kind != nil { return false }
            return typer.isPersonShaped(e.name)
        }

        func isPlace(_ id: Int, _ table: EntityTable) -> Bool { kind(id, table) == .place }

        /// A state body that can act: a government or regulator, or a country standing for its government.
        func agent(_ id: Int, _ table: inout EntityTable) -> Int? {
            let e = table.entity(id)
            if e.kind == .place, let c = typer.country(e.name) ?? rules.lexicon.seatsOfGovernment[NameFolding.fold(e.name)] {
                let g = typer.government(of: c)
                return table.register(name: g.canonical, kind: .government, evidence: g.evidence, strength: .canonical, count: false)
            }
            if e.kind == .government || e.kind == .organization { return table.find(id) }
            return nil
        }

        /// Denied, cancelled or negated, in the words just before a match or inside it.
        func negated(_ r: NSRange) -> Bool {
            let start = max(0, r.location - 30)
            return rules.negation.found(in: rt, range: NSRange(location: start, length: r.location + r.length - start))
        }

        /// In talks, considered or rumoured, just before or inside a match.
        func inTalks(_ r: NSRange) -> Bool {
            let start = max(0, r.location - 25)
            return rules.talks.found(in: rt, range: NSRange(location: start, length: r.location + r.length - start))
        }

        /// Hedged ("in talks to acquire", "could list") in the words just before and inside a match.
        func hedged(_ r: NSRange) -> Bool {
            let start = max(0, r.location - 25)
            return rules.hedge.found(in: rt, range: NSRange(location: start, length: r.location + r.length - start))
        }

        var evidenceText: String { s.sentence.text }

        mutating func relate(_ a: Int, _ type: String, _ b: Int, _ rule: String, at location: Int,
                             qualifiers: [String: String] = [:], confidence: Double = 0.8, table: EntityTable) {
            let (x, y) = (table.find(a), table.find(b))
            guard x != y else { return }
            var d = date(at: location)
            // A deal, action or appointment a news item reports without a date happened when it was
            // published; a head office or a parent company is a standing state, not dated.
            if d == nil, s.isNews, SentenceRules.newsDatedTypes.contains(type), rule != "listed.ticker" { d = s.published.map { String($0.prefix(10)) } }
            let rel = ExtractedRelation(subject: x, type: type, object: y, date: d, qualifiers: qualifiers,
                                        evidence: Evidence(text: evidenceText, line: s.sentence.line, extractor: "sentence.\(rule)"),
                                        confidence: confidence)
            if !out.relations.contains(where: { $0.subject == x && $0.type == type && $0.object == y }) {
                out.relations.append(rel)
            }
        }

        mutating func event(_ kind: String, _ title: String, _ participants: [Int], _ rule: String, at location: Int, table: EntityTable) {
            var ps: [Int] = []
            for p in participants.map(table.find) where !ps.contains(p) { ps.append(p) }
            guard !ps.isEmpty else { return }
            var d = date(at: location)
            if d == nil, s.isNews { d = s.published.map { String($0.prefix(10)) } }
            if let i = out.events.firstIndex(where: { $0.kind == kind && $0.date == d }) {
                for p in ps where !out.events[i].participants.contains(p) { out.events[i].participants.append(p) }
                return
            }
            out.events.append(ExtractedEvent(kind: kind, date: d, title: title, participants: ps,
                                             evidence: Evidence(text: evidenceText, line: s.sentence.line, extractor: "sentence.\(rule)")))
        }

        /// The name without a trailing disambiguator: "Axios (website)" → "Axios".
        func name(_ id: Int, _ table: EntityTable) -> String {
            let full = table.entity(id).name
            guard full.hasSuffix(")"), let open = full.lastIndex(of: "("),
                  !full[full.index(after: open)..<full.index(before: full.endIndex)].contains(")") else { return full }
            var head = full[..<open]
            while let last = head.unicodeScalars.last, last.properties.isWhitespace { head = Substring(head.unicodeScalars.dropLast()) }
            return String(head)
        }

        func names(_ ids: [Int], _ table: EntityTable) -> String {
            let n = ids.map { name($0, table) }
            if n.count <= 2 { return n.joined(separator: " and ") }
            return n.dropLast().joined(separator: ", ") + " and " + n.last!
        }

        /// The first body named before a point of the sentence, or the article's subject.
        func subjectBefore(_ location: Int, _ table: EntityTable, excluding: [Int] = []) -> Int? {
            for (k, m) in s.mentions.enumerated() {
                guard let loc = maskedLocation(k), loc < location else { break }
                let id = table.find(m.entity)
                if excluding.contains(id) { continue }
                if isCompanyLike(id, table) { return id }
            }
            return s.documentSubject.map(table.find)
        }

        func maskedLocation(_ k: Int) -> Int? { rt.location(ofMention: k) }

        // MARK: Partnerships

        mutating func partnerships(_ table: inout EntityTable) {
            let run = self
            // A partner is a body; a name of unknown kind in a partner's slot is taken for one.
            // (A name of unknown kind is a body unless excluded, whatever its shape: not asked.)
            let lexiconPartners = { (ids: [Int], t: EntityTable) in
                ids.filter { t.entity($0).kind == nil ? !run.s.excluded.contains(t.find($0)) : run.isBody($0, t) }
            }
            var pairs: [(Int, Int, String, Int)] = []
            for rule in [Rule.partnerAgreementWith, .partnerJointBody, .partnerPossessive] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) && !inTalks(m.range) {
                    let left = lexiconPartners(ids(m, 1, table), table)
                    let right = lexiconPartners(ids(m, 2, table), table)
                    if right.isEmpty {
                        // "A and B announced the creation of a programme": the subjects together.
                        guard left.count >= 2, rule == .partnerJointBody else { continue }
                        for i in 0..<left.count { for j in (i + 1)..<left.count { pairs.append((left[i], left[j], name, m.range.location)) } }
                        continue
                    }
                    for a in left { for b in right { pairs.append((a, b, name, m.range.location)) } }
                    for i in 0..<left.count { for j in (i + 1)..<left.count { pairs.append((left[i], left[j], name, m.range.location)) } }
                }
            }
            if s.sentence.origin != .body {
                for m in rules.pattern(.partnerHeadlineJoint).matches(rt) where !negated(m.range) && !hedged(m.range) {
                    guard let a = first(m, 1, table), let b = first(m, 2, table), isCompanyLike(a, table), isCompanyLike(b, table) else { continue }
                    pairs.append((a, b, "partner.headline-joint", m.range.location))
                }
            }
            for rule in [Rule.partnerJointAgreement, .partnerVerb, .partnerBetween, .partnerJointly] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) && !inTalks(m.range) {
                    let left = lexiconPartners(ids(m, 1, table), table)
                    let right = lexiconPartners(ids(m, 2, table), table)
                    if right.isEmpty {
                        guard left.count >= 2 else { continue }
                        for i in 0..<left.count { for j in (i + 1)..<left.count { pairs.append((left[i], left[j], name, m.range.location)) } }
                    } else {
                        for a in left { for b in right { pairs.append((a, b, name, m.range.location)) } }
                        for i in 0..<left.count { for j in (i + 1)..<left.count { pairs.append((left[i], left[j], name, m.range.location)) } }
                    }
                }
            }
            for m in rules.pattern(.partnerJointlyWith).matches(rt) where !negated(m.range) {
                let right = lexiconPartners(ids(m, 1, table), table)
                guard let left = nearestBodyBefore(m.range.location, table) ?? s.documentSubject.map(table.find), isBody(left, table) else { continue }
                for b in right where b != left { pairs.append((left, b, "partner.jointly-with", m.range.location)) }
            }
            for rule in [Rule.partnerPartnerFor, .partnerBringingTogether] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                // Both slots hold businesses, whatever their names look like.
                for m in pattern.matches(rt) where !negated(m.range) && !hedged(m.range) {
                    guard let a = first(m, 1, table), isOrgSlot(a, table) else { continue }
                    for b in ids(m, 2, table) where b != a && isOrgSlot(b, table) { pairs.append((a, b, name, m.range.location)) }
                }
            }
            guard !pairs.isEmpty else { return }
            var participants: [Int] = []
            for (a, b, rule, loc) in pairs {
                let (x, y) = (table.find(a), table.find(b))
                guard x != y else { continue }
                for id in [x, y] where kind(id, table) == nil { table.suggest(kind: .company, evidence: .slot, for: id) }
                relate(x, "PARTNER_OF", y, rule, at: loc, table: table)
                for id in [x, y] where !participants.contains(id) { participants.append(id) }
            }
            guard !participants.isEmpty else { return }
            let main = s.documentSubject.map(table.find).flatMap { participants.contains($0) ? $0 : nil } ?? participants[0]
            let others = participants.filter { $0 != main }
            event("partnership", "\(name(main, table)) partnership with \(names(others, table))", [main] + others,
                  pairs[0].2, at: pairs[0].3, table: table)
        }

        // MARK: Founding

        mutating func founding(_ table: inout EntityTable) {
            for m in rules.pattern(.foundedPassive).matches(rt) where !negated(m.range) {
                guard let org = first(m, 1, table), isOrgSlot(org, table) else { continue }
                let clause = m.range(at: 2)
                let clauseText = text(clause)
                var founders: [Int] = []
                // Persons named in the "by …" clause, not the places and bodies of their appositives.
                for k in mentionIndexes(clause) where k < s.mentions.count {
                    guard let loc = maskedLocation(k) else { continue }
                    let before = ns.substring(with: NSRange(location: clause.location, length: loc - clause.location))
                    if Cue.founderQualifier.isFound(in: before),
                       !before.isEmpty, !(before.trimmingCharacters(in: .whitespaces).isEmpty) { continue }
                    if Cue.amongOthers.isFound(in: before) { break }
                    let id = table.find(s.mentions[k].entity)
                    // "by striking Afternoon News printers": the name qualifies the noun after it.
                    if let r = maskedLocation(k).map({ $0 + "⟦\(k)⟧".utf16.count }), r < ns.length,
                       rules.pluralNounAfter.firstMatch(in: s.masked, options: .anchored, range: NSRange(location: r, length: ns.length - r)) != nil { continue }
                    if isPerson(id, table) { founders.append(id) }
                }
                _ = clauseText
                guard !founders.isEmpty else { continue }
                found(org, founders, "founded.passive", at: m.range.location, table: &table)
            }
            for rule in [Rule.foundedAndFormed, .foundedBegan] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) && !hedged(m.range) {
                    // The founder is a person and the new body a company or organisation by name or kind.
                    let written = first(m, 1, table)
                    guard let person = written ?? (rule == .foundedBegan ? personBefore(m.range.location, table) : nil), let org = first(m, 2, table),
                          kind(person, table) == .person || (rule == .foundedBegan && isPerson(person, table)),
                          isOrgSlot(org, table), kind(org, table) != nil || !typer.isPersonShaped(table.entity(org).name) else { continue }
                    found(org, [person], name, at: m.range.location, table: &table)
                }
            }
            for m in rules.pattern(.foundedActive).matches(rt) where !negated(m.range) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table), isOrgSlot(org, table) else { continue }
                found(org, [person], "founded.active", at: m.range.location, table: &table)
            }
            for m in rules.pattern(.foundedFounderOf).matches(rt) where !negated(m.range) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table), isOrgSlot(org, table) else { continue }
                found(org, [person], "founded.founder-of", at: m.range.location, table: &table)
            }
            for m in rules.pattern(.foundedAppositivePossessive).matches(rt) where !negated(m.range) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table), isOrgSlot(org, table) else { continue }
                found(org, [person], "founded.appositive-possessive", at: m.range.location, table: &table)
            }
            for m in rules.pattern(.foundedWhoBecame).matches(rt) where !negated(m.range) {
                guard let org = first(m, 2, table), isOrgSlot(org, table) else { continue }
                let people = (ids(m, 1, table) + ids(m, 3, table)).filter { isPerson($0, table) }
                if !people.isEmpty { found(org, people, "founded.who-became", at: m.range.location, table: &table) }
            }
            for m in rules.pattern(.foundedPossessive).matches(rt) where !negated(m.range) {
                guard let org = first(m, 1, table), isCompanyLike(org, table) else { continue }
                let people = ids(m, 2, table).filter { isPerson($0, table) }
                if !people.isEmpty { found(org, people, "founded.possessive", at: m.range.location, table: &table) }
            }
        }

        mutating func found(_ org: Int, _ founders: [Int], _ rule: String, at loc: Int, table: inout EntityTable) {
            if kind(org, table) == nil { table.suggest(kind: .company, evidence: .slot, for: org) }
            for f in founders {
                table.suggest(kind: .person, evidence: .slot, for: f)
                relate(org, "FOUNDED_BY", f, rule, at: loc, table: table)
                relate(f, "AFFILIATED_WITH", org, rule, at: loc, confidence: 0.6, table: table)
            }
            event("founding", "\(name(org, table)) founded by \(names(founders, table))", [org] + founders, rule, at: loc, table: table)
        }

        // MARK: Affiliations

        mutating func affiliations(_ table: inout EntityTable) {
            // A successor in an office takes the office's organisation: one named before, else the
            // article's subject when it is a company or organisation.
            var successors: [(Int, Int)] = []
            for m in rules.pattern(.affiliatedSucceededBy).matches(rt) where !negated(m.range) {
                if let b = first(m, 1, table) { successors.append((b, m.range.location)) }
            }
            for m in rules.pattern(.affiliatedSucceeded).matches(rt) where !negated(m.range) {
                if let b = first(m, 1, table) { successors.append((b, m.range.location)) }
            }
            for (person, loc) in successors where isPerson(person, table) {
                let subject = s.documentSubject.map(table.find).flatMap { [.company, .organization].contains(kind($0, table)) ? $0 : nil }
                guard let org = nearestBodyBefore(loc, table) ?? subject, org != person, !isPerson(org, table) else { continue }
                affiliate(person, org, "affiliated.succeeded", at: loc, &table)
            }
            for m in rules.pattern(.affiliatedAppositive).matches(rt) {
                guard let person = first(m, 1, table), isPerson(person, table) || kind(person, table) == nil else { continue }
                guard isPerson(person, table) else { continue }
                // The appositive runs to the next comma; "a professor of X at Y": Y wins over X.
                let tail = m.range(at: 2)
                var end = tail.location + tail.length
                let comma = ns.range(of: ",", options: [], range: tail)
                if comma.location != NSNotFound { end = comma.location }
                let region = NSRange(location: tail.location, length: end - tail.location)
                var at: Int?, of: Int?
                for k in mentionIndexes(region) where k < s.mentions.count {
                    guard let loc = maskedLocation(k) else { continue }
                    let before = ns.substring(with: NSRange(location: region.location, length: loc - region.location))
                    let id = table.find(s.mentions[k].entity)
                    guard isBody(id, table), !isPlace(id, table), !rules.lexicon.personTitles.contains(table.entity(id).name) else { continue }
                    if Cue.atBefore.isFound(in: before) { at = id }
                    else if of == nil, Cue.ofBefore.isFound(in: before) { of = id }
                }
                if let org = at ?? of {
                    table.suggest(kind: .person, evidence: .slot, for: person)
                    relate(person, "AFFILIATED_WITH", org, "affiliated.appositive", at: m.range.location, table: table)
                } else if let subject = s.documentSubject.map(table.find), subject != person, !s.isNews,
                          kind(subject, table) == .company || kind(subject, table) == .organization,
                          Cue.tenure.isFound(in: text(region)) {
                    // "X, editor from 1899 until 1948", in the article about the paper: a tenure there.
                    table.suggest(kind: .person, evidence: .slot, for: person)
                    relate(person, "AFFILIATED_WITH", subject, "affiliated.appositive-tenure", at: m.range.location, table: table)
                }
            }
            for rule in [Rule.affiliatedOf, .affiliatedRoleOf] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) {
                    guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table),
                          isBody(org, table), kind(org, table) != nil else { continue }
                    // "X, Vice President of Research and Products at Y": the unit is "of", the employer "at".
                    let end = m.range.location + m.range.length
                    let rest = ns.substring(from: end)
                    let clause = rest.prefix { $0 != "," && $0 != ";" }
                    if rule == .affiliatedRoleOf, Cue.atMention.isFound(in: String(clause)) { continue }
                    table.suggest(kind: .person, evidence: .slot, for: person)
                    relate(person, "AFFILIATED_WITH", org, name, at: m.range.location, table: table)
                }
            }
            for rule in [Rule.affiliatedPossessiveRole, .affiliatedRoleAt] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) {
                    guard let org = first(m, 1, table), let person = first(m, 2, table), isPerson(person, table),
                          isBody(org, table) else { continue }
                    table.suggest(kind: .person, evidence: .slot, for: person)
                    relate(person, "AFFILIATED_WITH", org, name, at: m.range.location, table: table)
                }
            }
            for rule in [Rule.affiliatedOrgRole, .affiliatedPossessiveSaid] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) {
                    guard let org = first(m, 1, table), isCompanyLike(org, table), !typer.isExchange(table.entity(org).name) else { continue }
                    let people = (rule == .affiliatedOrgRole ? ids(m, 2, table) : Array(ids(m, 2, table).prefix(1)))
                        .filter { kind($0, table) == .person || (kind($0, table) == nil && typer.isPersonShaped(table.entity($0).name)) }
                    for person in people {
                        table.suggest(kind: .person, evidence: .slot, for: person)
                        relate(person, "AFFILIATED_WITH", org, name, at: m.range.location, table: table)
                    }
                }
            }
            for m in rules.pattern(.affiliatedAsPossessiveRole).matches(rt) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table),
                      isBody(org, table), !isPlace(org, table) else { continue }
                affiliate(person, org, "affiliated.as-possessive-role", at: m.range.location, &table)
            }
            for m in rules.pattern(.affiliatedTitleOrg).matches(rt) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table),
                      isBody(org, table), !isPlace(org, table), kind(org, table) != nil || !typer.isPersonShaped(table.entity(org).name) else { continue }
                affiliate(person, org, "affiliated.title-org", at: m.range.location, &table)
            }
            for m in rules.pattern(.affiliatedLedBy).matches(rt) where !negated(m.range) {
                // What is "led by CEO X" is an organisation, even when its name looks like a person's.
                guard let person = first(m, 1, table), isPerson(person, table),
                      let org = nearestBodyBefore(m.range.location, table, allowPersonShaped: true), org != person,
                      kind(org, table) != .person else { continue }
                affiliate(person, org, "affiliated.led-by", at: m.range.location, &table)
            }
            for m in rules.pattern(.affiliatedCopulaRole).matches(rt) where !negated(m.range) {
                guard let org = first(m, 3, table), isBody(org, table), !isPlace(org, table) else { continue }
                let person: Int?
                if m.has(1) { person = first(m, 1, table).flatMap { isPerson($0, table) ? $0 : nil } }
                else if m.has(2) { person = personBefore(m.range.location, table) }
                else { person = s.documentSubject.map(table.find).flatMap { kind($0, table) == .person ? $0 : nil } }
                guard let p = person, p != org else { continue }
                affiliate(p, org, "affiliated.copula-role", at: m.range.location, &table)
            }
            for m in rules.pattern(.affiliatedAppositivePossessive).matches(rt) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table), person != org,
                      isBody(org, table), !isPlace(org, table) else { continue }
                affiliate(person, org, "affiliated.appositive-possessive", at: m.range.location, &table)
            }
            for rule in [Rule.affiliatedBoard, .affiliatedServedAs, .affiliatedWorkedAt, .affiliatedJobAt, .affiliatedChaired] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) {
                    let orgs = ids(m, 1, table) + ids(m, 2, table)
                    // "on the boards of A and B": every board named.
                    if rule == .affiliatedBoard, orgs.count > 1, let person = personBefore(m.range.location, table) {
                        for org in orgs.dropFirst() where org != person && isBody(org, table) && !isPlace(org, table) {
                            affiliate(person, org, name, at: m.range.location, &table)
                        }
                    }
                    // "worked for the [[Daily Beacon]]": a linked name or one after "the" is a body here.
                    guard let org = orgs.first, isBody(org, table) || kind(org, table) == nil && !s.excluded.contains(org)
                            && (table.entity(org).isLinked || Cue.theMentionAtEnd.isFound(in: text(m.range))),
                          !isPlace(org, table),
                          let person = personBefore(m.range.location, table), person != org else { continue }
                    affiliate(person, org, name, at: m.range.location, &table)
                }
            }
            for m in rules.pattern(.affiliatedFormerlyOf).matches(rt) where !negated(m.range) {
                guard let person = first(m, 1, table), let org = first(m, 2, table), isPerson(person, table),
                      isBody(org, table), !isPlace(org, table) else { continue }
                affiliate(person, org, "affiliated.formerly-of", at: m.range.location, &table)
            }
            for rule in [Rule.affiliatedAppointed, .affiliatedJoinedAs] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) {
                    var (a, b) = (first(m, 1, table), first(m, 2, table))
                    if rule == .affiliatedJoinedAs {
                        // "He joined …": the person the sentence is about.
                        if a == nil { a = personBefore(m.range.location, table) }
                        // "as ⟦Executive Producer⟧": the title was taken for a name; it must read as a role.
                        if m.has(3), let k = mentionIndexes(m.range(at: 3)).first, k < s.mentions.count {
                            let title = table.entity(s.mentions[k].entity).name.lowercased()
                            guard rules.lexicon.personRoles.contains(where: { title.hasSuffix($0) }) else { continue }
                        }
                    }
                    guard let x = a, let y = b else { continue }
                    let (org, person) = rule == .affiliatedAppointed ? (x, y) : (y, x)
                    guard isBody(org, table), isPerson(person, table) || table.entity(person).isLinked && kind(person, table) == nil else { continue }
                    table.suggest(kind: .person, evidence: .slot, for: person)
                    relate(person, "AFFILIATED_WITH", org, name, at: m.range.location, table: table)
                    event("appointment", "\(self.name(person, table)) appointed at \(self.name(org, table))", [org, person], name, at: m.range.location, table: table)
                }
            }
        }

        mutating func affiliate(_ person: Int, _ org: Int, _ rule: String, at loc: Int, _ table: inout EntityTable) {
            let orgName = table.entity(org).name
            // "VP of Production": a capitalised common word alone, known by no other name and not
            // written as a name ("the Star"), is no body.
            if !orgName.contains(" "), !table.entity(org).isLinked, table.entity(org).aliases.isEmpty,
               rules.lexicon.commonWords.contains(orgName.lowercased()), !s.sentence.text.contains("the \(orgName)") { return }
            table.suggest(kind: .person, evidence: .slot, for: person)
            if kind(org, table) == nil { table.suggest(kind: .organization, evidence: .slot, for: org) }
            relate(person, "AFFILIATED_WITH", org, rule, at: loc, table: table)
        }

        /// The last company or organisation named before a point of the sentence.
        func nearestBodyBefore(_ location: Int, _ table: EntityTable, allowPersonShaped: Bool = false) -> Int? {
            var found: Int?
            for (k, m) in s.mentions.enumerated() {
                guard let loc = maskedLocation(k), loc < location else { break }
                let id = table.find(m.entity)
                if s.excluded.contains(id) { continue }
                let k = kind(id, table)
                if k == .company || k == .organization || (k == nil && (allowPersonShaped || !isPerson(id, table))) { found = id }
            }
            return found
        }

        /// The person a clause is about: the last person named before a point of the sentence,
        /// else the article's subject when the article is about a person ("He served as …").
        func personBefore(_ location: Int, _ table: EntityTable) -> Int? {
            // The nearest known person; else the first name shaped like a person's (the
            // clause's subject, not a name inside its description).
            var typed: Int?
            var shaped: Int?
            for (k, m) in s.mentions.enumerated() {
                guard let loc = maskedLocation(k), loc < location else { break }
                let id = table.find(m.entity)
                if kind(id, table) == .person { typed = id }
                else if shaped == nil, !m.isAnaphor, isPerson(id, table) { shaped = id }
            }
            if let f = typed ?? shaped { return f }
            if let d = s.documentSubject.map(table.find), kind(d, table) == .person { return d }
            return nil
        }

        // MARK: Headquarters and operations

        mutating func headquarters(_ table: inout EntityTable) {
            for m in rules.pattern(.hqHyphen).matches(rt) {
                guard let place = first(m, 1, table), isPlace(place, table) else { continue }
                var org = first(m, 2, table)
                if org == nil || !isCompanyLike(org!, table) {
                    let before = ns.substring(to: m.range.location)
                    // "Zoox, a California-based startup": the mention the appositive follows.
                    if let r = Cue.appositiveBefore.firstRange(in: before),
                       let k = Int(before[r].drop(while: { $0 != "⟦" }).dropFirst().prefix(while: \.isNumber)), k < s.mentions.count,
                       isCompanyLike(table.find(s.mentions[k].entity), table) {
                        relate(table.find(s.mentions[k].entity), "HEADQUARTERED_IN", place, "hq.hyphen", at: m.range.location, table: table)
                        continue
                    }
                    // "X is a Hong Kong-headquartered company": the sentence's subject.
                    guard Cue.copulaBefore.isFound(in: before) else { continue }
                    org = subjectBefore(m.range.location, table, excluding: [place])
                }
                guard let o = org, isCompanyLike(o, table) else { continue }
                if kind(o, table) == nil, let d = s.documentSubject, kind(d, table) == .person { continue }
                relate(o, "HEADQUARTERED_IN", place, "hq.hyphen", at: m.range.location, table: table)
            }
            for m in rules.pattern(.hqIn).matches(rt) where !negated(m.range) {
                let places = ids(m, 1, table).filter { isPlace($0, table) }
                guard !places.isEmpty, let org = subjectBefore(m.range.location, table, excluding: places) else { continue }
                for p in places { relate(org, "HEADQUARTERED_IN", p, "hq.in", at: m.range.location, table: table) }
            }
            for rule in [Rule.operatesOffices, .operatesOpened] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) {
                    let places = ids(m, 1, table).filter { isPlace($0, table) }
                    guard !places.isEmpty, let org = subjectBefore(m.range.location, table, excluding: places) else { continue }
                    for p in places { relate(org, "OPERATES_IN", p, name, at: m.range.location, confidence: 0.6, table: table) }
                }
            }
        }

        // MARK: Listings

        mutating func listings(_ table: inout EntityTable) {
            for m in rules.pattern(.listedOn).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let exchange = first(m, 1, table), typer.isExchange(table.entity(exchange).name) else { continue }
                guard let org = subjectBefore(m.range.location, table, excluding: [exchange]), isOrgSlot(org, table) else { continue }
                if kind(org, table) == nil { table.suggest(kind: .company, evidence: .slot, for: org) }
                table.suggest(kind: .organization, evidence: .shape, for: exchange)
                relate(org, "LISTED_ON", exchange, "listed.on", at: m.range.location, table: table)
            }
        }

        mutating func tickers(_ table: inout EntityTable) {
            for m in rules.pattern(.listedTicker).matches(rt) {
                guard let org = first(m, 1, table), let exchange = first(m, 2, table), typer.isExchange(table.entity(exchange).name),
                      isOrgSlot(org, table), !typer.isExchange(table.entity(org).name) else { continue }
                if kind(org, table) == nil { table.suggest(kind: .company, evidence: .slot, for: org) }
                table.suggest(kind: .organization, evidence: .shape, for: exchange)
                relate(org, "LISTED_ON", exchange, "listed.ticker", at: m.range.location, table: table)
            }
        }

        // MARK: Subsidiaries

        mutating func subsidiaries(_ table: inout EntityTable) {
            var parent: Int?
            for m in rules.pattern(.subsidiaryUses).matches(rt) {
                guard let p = first(m, 1, table), let c = first(m, 2, table), isOrgSlot(p, table), isOrgSlot(c, table) else { continue }
                parent = p
                subsidiary(c, of: p, "subsidiary.uses", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryBare).matches(rt) {
                guard let c = first(m, 1, table), isOrgSlot(c, table) else { continue }
                // "A's subsidiary B" is the possessive rule's: the parent is A, not the article's subject.
                let before = ns.substring(to: m.range.location)
                if Cue.possessiveBefore.isFound(in: before) { continue }
                guard let p = parent ?? s.documentSubject.map(table.find), p != c else { continue }
                subsidiary(c, of: p, "subsidiary.bare", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryPartOf).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let c = first(m, 1, table), let p = first(m, 2, table), c != p, kind(c, table) == .company || (kind(c, table) == nil && !typer.isPersonShaped(table.entity(c).name)),
                      kind(p, table) == .company || (kind(p, table) == nil && !typer.isPersonShaped(table.entity(p).name)) else { continue }
                subsidiary(c, of: p, "subsidiary.part-of", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryBecoming).matches(rt) where !negated(m.range) {
                guard let p = first(m, 1, table), isOrgSlot(p, table), kind(p, table) != nil || !typer.isPersonShaped(table.entity(p).name),
                      let c = subjectBefore(m.range.location, table, excluding: [p]), c != p, isOrgSlot(c, table) else { continue }
                subsidiary(c, of: p, "subsidiary.becoming", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryOf).matches(rt) {
                guard let c = first(m, 1, table), let p = first(m, 2, table), isOrgSlot(p, table), isOrgSlot(c, table) else { continue }
                subsidiary(c, of: p, "subsidiary.of", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryOwnedBy).matches(rt) + rules.pattern(.subsidiaryOwnedAppositive).matches(rt) where !negated(m.range) {
                guard let c = first(m, 1, table), let p = first(m, 2, table), isOrgSlot(c, table), isCompanyLike(p, table),
                      !typer.isPersonShaped(table.entity(p).name) || kind(p, table) == .company else { continue }
                subsidiary(c, of: p, "subsidiary.owned-by", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryParent).matches(rt) {
                guard let c = first(m, 1, table), let p = first(m, 2, table), isOrgSlot(p, table), isOrgSlot(c, table) else { continue }
                subsidiary(c, of: p, "subsidiary.parent", at: m.range.location, &table)
            }
            for m in rules.pattern(.subsidiaryInclude).matches(rt) {
                guard let p = first(m, 1, table), isOrgSlot(p, table) else { continue }
                for c in ids(m, 2, table) where c != p && isOrgSlot(c, table) { subsidiary(c, of: p, "subsidiary.include", at: m.range.location, &table) }
            }
            for m in rules.pattern(.subsidiaryPossessive).matches(rt) {
                guard let p = first(m, 1, table), let c = first(m, 2, table), isOrgSlot(p, table), isOrgSlot(c, table) else { continue }
                subsidiary(c, of: p, "subsidiary.possessive", at: m.range.location, &table)
            }
        }

        mutating func subsidiary(_ child: Int, of parent: Int, _ rule: String, at loc: Int, _ table: inout EntityTable) {
            for id in [child, parent] where kind(id, table) == nil { table.suggest(kind: .company, evidence: .slot, for: id) }
            relate(child, "SUBSIDIARY_OF", parent, rule, at: loc, table: table)
        }

        // MARK: Acquisitions

        mutating func acquisitions(_ table: inout EntityTable) {
            let objectNouns = rules.objectNouns
            func record(_ buyer: Int, _ target: Int, _ rule: String, _ m: NSTextCheckingResult, _ table: inout EntityTable) {
                guard isOrgSlot(buyer, table) || kind(buyer, table) == .person, isOrgSlot(target, table) else { return }
                for id in [buyer, target] where kind(id, table) == nil { table.suggest(kind: .company, evidence: .slot, for: id) }
                relate(buyer, "ACQUIRED", target, rule, at: m.range.location, table: table)
                event("acquisition", "\(name(buyer, table)) acquires \(name(target, table))", [buyer, target], rule, at: m.range.location, table: table)
            }
            for m in rules.pattern(.acquiredActive).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let buyer = first(m, 1, table), let target = first(m, 3, table) else { continue }
                let gap = m.range(at: 2)
                if gap.location != NSNotFound, objectNouns.firstMatch(in: s.masked, range: gap) != nil { continue }
                // "bought Uber's Advanced Technologies Group": something of the company, not the company.
                if let k = mentionIndexes(m.range(at: 3)).first, k < s.mentions.count, s.mentions[k].possessive {
                    // "bought Uber's Advanced Technologies Group": the named unit, which was the owner's.
                    let end = m.range(at: 3).location + m.range(at: 3).length
                    if let u = rules.possessedName.firstMatch(in: s.masked, options: .anchored, range: NSRange(location: end, length: ns.length - end)),
                       let j = Int(text(u.range(at: 1))), j < s.mentions.count {
                        let unit = table.find(s.mentions[j].entity)
                        if kind(unit, table) == .company, isOrgSlot(target, table) {
                            subsidiary(unit, of: target, "acquired.active", at: m.range.location, &table)
                            record(buyer, unit, "acquired.active", m, &table)
                        }
                    }
                    continue
                }
                // "acquired 362 X restaurants A and B": X names whose the targets were.
                let after = m.range(at: 3).location + m.range(at: 3).length
                if rules.modifierNoun.firstMatch(in: s.masked, options: .anchored, range: NSRange(location: after, length: ns.length - after)) != nil { continue }
                record(buyer, target, "acquired.active", m, &table)
                for more in ids(m, 4, table) { record(buyer, more, "acquired.active", m, &table) }
            }
            // A subjectless item ("2022 – acquired X") in a company article: the company did.
            if let subject = s.documentSubject.map(table.find), !s.isNews, isOrgSlot(subject, table), kind(subject, table) != nil {
                for m in rules.pattern(.acquiredImplicit).matches(rt) where !negated(m.range) && !hedged(m.range) {
                    guard let target = first(m, 1, table), target != subject,
                          objectNouns.firstMatch(in: s.masked, range: m.range) == nil else { continue }
                    record(subject, target, "acquired.implicit", m, &table)
                }
            }
            for m in rules.pattern(.acquiredModifier).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let buyer = first(m, 1, table) else { continue }
                for target in ids(m, 2, table) { record(buyer, target, "acquired.modifier", m, &table) }
            }
            for m in rules.pattern(.acquiredSoldTo).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let target = first(m, 1, table), let buyer = first(m, 2, table), isOrgSlot(target, table), isOrgSlot(buyer, table),
                      kind(target, table) != nil || !typer.isPersonShaped(table.entity(target).name) else { continue }
                record(buyer, target, "acquired.sold-to", m, &table)
            }
            for m in rules.pattern(.acquiredPassive).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let target = first(m, 1, table), let buyer = first(m, 2, table) else { continue }
                record(buyer, target, "acquired.passive", m, &table)
            }
            for m in rules.pattern(.acquiredNoun).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let target = first(m, 1, table), let buyer = first(m, 2, table) else { continue }
                record(buyer, target, "acquired.noun", m, &table)
            }
            for m in rules.pattern(.acquiredCompletes).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let buyer = first(m, 1, table), let target = first(m, 2, table) else { continue }
                record(buyer, target, "acquired.completes", m, &table)
            }
            for m in rules.pattern(.acquiredPossessive).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let buyer = first(m, 1, table), let target = first(m, 2, table) else { continue }
                record(buyer, target, "acquired.possessive", m, &table)
            }
        }

        // MARK: Section lists and tables

        /// A list item or table row in a section whose title says what it lists ("Acquisitions",
        /// "Key people", "Partnerships", "Subsidiaries"): the item's leading name, or the row's
        /// name column, stands in that relation to the article's subject.
        mutating func sectionItems(_ table: inout EntityTable) {
            let kinds = rules.lexicon.sectionKinds
            guard !s.isNews, let subject = s.documentSubject.map(table.find), kind(subject, table) != .person,
                  kind(subject, table) != .place,
                  let sectionKind = s.sentence.sections.reversed().lazy.compactMap({ title in
                      kinds[SentenceRules.sectionKey(title)]
                  }).first else { return }
            let masked = s.masked
            var target: (k: Int, location: Int)?
            if let cells = tableCells(masked) {
                let columns = rules.lexicon.tableColumns[sectionKind] ?? []
                if let cell = cells.first(where: { columns.contains($0.key.lowercased()) }),
                   let k = mentionIndexes(cell.value).first, let loc = maskedLocation(k) {
                    // The name is the cell's whole content, not a word in a description.
                    let rest = text(cell.value).replacingOccurrences(of: "⟦\(k)⟧", with: "").trimmingCharacters(in: .whitespaces)
                    if rest.isEmpty || rest.hasPrefix("(") { target = (k, loc) }
                }
            } else if masked.hasPrefix("⟦"), let k = mentionIndexes(NSRange(location: 0, length: ns.length)).first,
                      let loc = maskedLocation(k), loc == 0 {
                // A list item: the name alone, or the name and then a dash, colon or parenthesis.
                let after = ns.substring(from: ("⟦\(k)⟧" as NSString).length)
                let ok = after.isEmpty || after == "." || [" –", " —", " -", "–", "—", ":", " (", ","].contains(where: { after.hasPrefix($0) })
                if ok { target = (k, 0) }
            }
            guard let (k, loc) = target, k < s.mentions.count else { return }
            let id = table.find(s.mentions[k].entity)
            guard id != subject, !s.excluded.contains(id), !s.mentions[k].possessive else { return }
            let rule = "section.\(sectionKind)"
            // A name of unknown kind shaped like a person's is no company here.
            let orgShaped = kind(id, table) != nil || !typer.isPersonShaped(table.entity(id).name)
            switch sectionKind {
            case "acquisition":
                guard isOrgSlot(id, table), orgShaped, isOrgSlot(subject, table) else { return }
                if kind(id, table) == nil { table.suggest(kind: .company, evidence: .slot, for: id) }
                relate(subject, "ACQUIRED", id, rule, at: loc, table: table)
                event("acquisition", "\(name(subject, table)) acquires \(name(id, table))", [subject, id], rule, at: loc, table: table)
            case "subsidiary":
                guard isOrgSlot(id, table), orgShaped, isOrgSlot(subject, table) else { return }
                subsidiary(id, of: subject, rule, at: loc, &table)
            case "partner":
                guard isBody(id, table) || kind(id, table) == nil, orgShaped else { return }
                if kind(id, table) == nil { table.suggest(kind: .company, evidence: .slot, for: id) }
                relate(subject, "PARTNER_OF", id, rule, at: loc, table: table)
            case "people":
                guard isPerson(id, table) else { return }
                affiliate(id, subject, rule, at: loc, &table)
            default:
                return
            }
        }

        /// "Header: value; Header: value." (a rendered table row) as (header, value range) pairs;
        /// nil for other sentences.
        func tableCells(_ masked: String) -> [(key: String, value: NSRange)]? {
            var cells: [(key: String, value: NSRange)] = []
            var location = 0
            var body = masked
            if body.hasSuffix(".") { body.removeLast() }
            for part in body.components(separatedBy: "; ") {
                let length = (part as NSString).length
                defer { location += length + 2 }
                let colon = (part as NSString).range(of: ": ")
                guard colon.location != NSNotFound, colon.location > 0, colon.location <= 40,
                      case let key = (part as NSString).substring(to: colon.location), !key.contains("⟦") else {
                    // A row starts with its first header.
                    if location == 0 { return nil }
                    continue
                }
                let start = location + colon.location + 2
                cells.append((key, NSRange(location: start, length: length - colon.location - 2)))
            }
            return cells.isEmpty ? nil : cells
        }

        // MARK: Investments

        mutating func investments(_ table: inout EntityTable) {
            func record(_ investor: Int, _ company: Int, _ rule: String, _ m: NSTextCheckingResult, _ table: inout EntityTable, funding: Bool) {
                guard isBody(investor, table) || isPerson(investor, table), isOrgSlot(company, table), !isPlace(investor, table) else { return }
                if kind(company, table) == nil { table.suggest(kind: .company, evidence: .slot, for: company) }
                if kind(investor, table) == nil { table.suggest(kind: .company, evidence: .slot, for: investor) }
                relate(investor, "INVESTED_IN", company, rule, at: m.range.location, table: table)
                if funding {
                    event("funding", "\(name(company, table)) funding", [company, investor], rule, at: m.range.location, table: table)
                }
            }
            for m in rules.pattern(.investedIn).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let company = first(m, 2, table) else { continue }
                for investor in ids(m, 1, table) { record(investor, company, "invested.in", m, &table, funding: true) }
            }
            for m in rules.pattern(.investedWhichInvests).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let investor = first(m, 1, table) else { continue }
                for company in ids(m, 2, table) { record(investor, company, "invested.which-invests", m, &table, funding: false) }
            }
            for m in rules.pattern(.investedBackedBy).matches(rt) + rules.pattern(.investedAppositiveBacked).matches(rt) where !negated(m.range) {
                guard let company = first(m, 1, table), isCompanyLike(company, table) else { continue }
                for investor in ids(m, 2, table) where !isPlace(investor, table) && kind(investor, table) != .government {
                    record(investor, company, "invested.backed-by", m, &table, funding: false)
                }
            }
            for m in rules.pattern(.investedBacked).matches(rt) {
                guard let investor = first(m, 1, table), let company = first(m, 2, table) else { continue }
                record(investor, company, "invested.backed", m, &table, funding: false)
            }
            for m in rules.pattern(.investedRaisedFrom).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let company = first(m, 1, table) else { continue }
                // "received approval from the regulator": a permission, not money.
                if Cue.permission.isFound(in: text(m.range)) { continue }
                for investor in ids(m, 2, table) { record(investor, company, "invested.raised-from", m, &table, funding: true) }
            }
            for m in rules.pattern(.investedAmongInvestors).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let company = first(m, 2, table) ?? first(m, 3, table) else { continue }
                for investor in ids(m, 1, table) where investor != company { record(investor, company, "invested.among-investors", m, &table, funding: false) }
            }
            for m in rules.pattern(.investedShareholderIs).matches(rt) where !negated(m.range) {
                guard let company = first(m, 1, table) else { continue }
                for investor in ids(m, 2, table) { record(investor, company, "invested.shareholder-is", m, &table, funding: false) }
            }
            for m in rules.pattern(.investedShareholderOf).matches(rt) where !negated(m.range) {
                guard let investor = first(m, 1, table), let company = first(m, 2, table) else { continue }
                record(investor, company, "invested.shareholder-of", m, &table, funding: false)
            }
            for rule in [Rule.investedParticipation, .investedInvestorsInclude] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) && !hedged(m.range) {
                    guard let company = first(m, 1, table) else { continue }
                    for investor in ids(m, 2, table) { record(investor, company, name, m, &table, funding: rule == .investedParticipation) }
                }
            }
            for m in rules.pattern(.investedLedRound).matches(rt) where !negated(m.range) {
                guard let investor = first(m, 1, table), let company = first(m, 2, table) ?? first(m, 3, table),
                      kind(company, table) == .company || (kind(company, table) == nil && !typer.isPersonShaped(table.entity(company).name)) else { continue }
                record(investor, company, "invested.led-round", m, &table, funding: true)
            }
            for m in rules.pattern(.investedStake).matches(rt) where !negated(m.range) && !hedged(m.range) {
                guard let investor = first(m, 1, table), let company = first(m, 2, table) else { continue }
                record(investor, company, "invested.stake", m, &table, funding: false)
                if Cue.majorityStake.isFound(in: text(m.range)),
                   isOrgSlot(investor, table), isOrgSlot(company, table) {
                    relate(investor, "ACQUIRED", company, "invested.stake", at: m.range.location, table: table)
                    event("acquisition", "\(name(investor, table)) acquires a majority stake in \(name(company, table))", [investor, company],
                          "invested.stake", at: m.range.location, table: table)
                }
            }
        }

        // MARK: Memberships

        mutating func memberships(_ table: inout EntityTable) {
            for m in rules.pattern(.memberOf).matches(rt) where !negated(m.range) {
                // What one is a member of is a body, whatever its name looks like.
                guard let member = first(m, 1, table), let body = first(m, 2, table), isOrgSlot(member, table),
                      isBody(body, table) || (kind(body, table) == nil && !s.excluded.contains(body)) else { continue }
                var members = [member]
                members += ids(m, 4, table).filter { isBody($0, table) }
                // "a member of the A and the B": each body listed.
                let more = ids(m, 3, table).filter { ($0 != member) && (isBody($0, table) || (kind($0, table) == nil && !typer.isPersonShaped(table.entity($0).name))) }
                for b in [body] + more {
                    table.suggest(kind: .organization, evidence: .slot, for: b)
                    for x in members { relate(x, "MEMBER_OF", b, "member.of", at: m.range.location, table: table) }
                }
                event("partnership", "\(name(member, table)) joins \(name(body, table))", [member, body] + members.dropFirst(),
                      "member.of", at: m.range.location, table: table)
            }
            for m in rules.pattern(.memberJoined).matches(rt) where !negated(m.range) {
                guard let member = first(m, 1, table), let body = first(m, 2, table), isOrgSlot(member, table) else { continue }
                let head = NameFolding.key(table.entity(body).name).split(separator: " ").last.map(String.init) ?? ""
                guard Self.collectiveHeads.contains(head) else { continue }
                relate(member, "MEMBER_OF", body, "member.joined", at: m.range.location, table: table)
                event("partnership", "\(name(member, table)) joins \(name(body, table))", [member, body], "member.joined", at: m.range.location, table: table)
            }
        }

        /// The last words of a body one joins as a member ("… Alliance", "… Consortium").
        static let collectiveHeads: Set<String> = ["alliance", "association", "consortium", "forum", "council", "coalition", "initiative", "foundation", "project",
                                                   "union", "federation", "network", "partnership", "committee", "club", "league", "organization", "organisation"]

        // MARK: Regulatory actions

        /// The most specific action named from a point on: a list name, else the fallback.
        func action(after location: Int, fallback: ActionTrigger?) -> ActionTrigger? {
            let rest = ns.substring(from: location).lowercased()
            let bytes = Array(rest.utf8)
            // Foundation finds an ASCII phrase only where its bytes are: the byte search rules
            // out most of the list at a fraction of a Foundation search each.
            for (t, phrase) in rules.actionPhrases where (!phrase.isASCII || RuleText.contains(bytes, phrase.bytes)) && rest.contains(phrase.text) {
                return t
            }
            return fallback
        }

        func trigger(_ phrase: String, in list: [ActionTrigger]) -> ActionTrigger? {
            var f = ""
            var space = false
            for scalar in phrase.lowercased().unicodeScalars {
                if scalar.properties.isWhitespace { space = true; continue }
                if space { f.unicodeScalars.append(" "); space = false }
                f.unicodeScalars.append(scalar)
            }
            if space { f.unicodeScalars.append(" ") }
            return list.first { $0.phrase.lowercased() == f }
        }

        mutating func regulate(_ target: Int, by agent: Int, _ action: ActionTrigger, _ rule: String, at loc: Int, _ table: inout EntityTable, orgSlot: Bool = false) {
            guard orgSlot ? isOrgSlot(target, table) : isCompanyLike(target, table), table.find(target) != table.find(agent) else { return }
            if kind(target, table) == nil { table.suggest(kind: .company, evidence: .slot, for: target) }
            relate(target, "REGULATED_BY", agent, rule, at: loc, qualifiers: ["action": action.action], table: table)
            event(action.eventKind, "\(name(target, table)): \(action.action) (\(name(agent, table)))", [target, agent], rule, at: loc, table: table)
        }

        mutating func regulatory(_ table: inout EntityTable) {
            let lx = rules.lexicon
            for m in rules.pattern(.regulatedPlacedPassive).matches(rt) where !negated(m.range) {
                guard let target = first(m, 1, table) else { continue }
                let listed = action(after: m.range.location, fallback: nil)
                var agentID: Int?
                if let a = first(m, 2, table) ?? first(m, 3, table) { agentID = agent(a, &table) }
                if agentID == nil, let l = listed, let keeper = lx.sanctionListKeepers[NameFolding.fold(l.action)] ?? lx.sanctionListKeepers[NameFolding.fold(l.phrase)],
                   let g = typer.lookup(keeper) {
                    agentID = table.register(name: g.canonical, kind: .government, evidence: .lexicon, strength: .canonical, count: false)
                }
                guard let ag = agentID, let l = listed else { continue }
                regulate(target, by: ag, l, "regulated.placed-passive", at: m.range.location, &table)
            }
            for m in rules.pattern(.regulatedListIncluding).matches(rt) where !negated(m.range) {
                guard let a = first(m, 1, table), let ag = agent(a, &table), let l = action(after: m.range.location, fallback: nil) else { continue }
                for target in ids(m, 2, table) { regulate(target, by: ag, l, "regulated.list-including", at: m.range.location, &table, orgSlot: true) }
            }
            for m in rules.pattern(.regulatedPlacedActive).matches(rt) where !negated(m.range) {
                guard let a = first(m, 1, table), let ag = agent(a, &table), let target = first(m, 2, table),
                      let l = action(after: m.range.location, fallback: nil) else { continue }
                regulate(target, by: ag, l, "regulated.placed-active", at: m.range.location, &table)
            }
            for m in rules.pattern(.regulatedVerbPassive).matches(rt) where !negated(m.range) {
                guard let target = first(m, 1, table), let a = first(m, 3, table), let ag = agent(a, &table),
                      let verb = trigger(text(m.range(at: 2)), in: lx.regulatoryVerbs) else { continue }
                regulate(target, by: ag, action(after: m.range.location, fallback: verb) ?? verb, "regulated.verb-passive", at: m.range.location, &table)
            }
            for m in rules.pattern(.regulatedVerbActive).matches(rt) where !negated(m.range) {
                guard let a = first(m, 1, table), let ag = agent(a, &table), let target = first(m, 3, table),
                      let verb = trigger(text(m.range(at: 2)), in: lx.regulatoryVerbs) else { continue }
                // "approved" and "licensed" need a company right after the verb.
                regulate(target, by: ag, action(after: m.range(at: 2).location, fallback: verb) ?? verb, "regulated.verb-active", at: m.range.location, &table)
            }
            for rule in [Rule.regulatedNounOn, .regulatedImposed] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) {
                    guard let a = first(m, 1, table), let ag = agent(a, &table),
                          let noun = trigger(text(m.range(at: 2)), in: lx.regulatoryNouns) else { continue }
                    for target in ids(m, 3, table) { regulate(target, by: ag, noun, name, at: m.range.location, &table) }
                }
            }
            for m in rules.pattern(.regulatedGrantedBy).matches(rt) where !negated(m.range) {
                guard let target = first(m, 1, table), let a = first(m, 3, table), let ag = agent(a, &table),
                      let noun = trigger(text(m.range(at: 2)), in: lx.regulatoryNouns) else { continue }
                regulate(target, by: ag, noun, "regulated.granted-by", at: m.range.location, &table)
            }
            for m in rules.pattern(.regulatedHitWith).matches(rt) where !negated(m.range) {
                guard let a = first(m, 1, table), let ag = agent(a, &table),
                      let noun = trigger(text(m.range(at: 3)), in: lx.regulatoryNouns) else { continue }
                for target in ids(m, 2, table) { regulate(target, by: ag, noun, "regulated.hit-with", at: m.range.location, &table) }
            }
            for m in rules.pattern(.regulatedReceived).matches(rt) + rules.pattern(.regulatedAfterReceiving).matches(rt) where !negated(m.range) {
                guard let noun = trigger(text(m.range(at: 3)), in: lx.regulatoryNouns) else { continue }
                var agentID: Int?
                if let a = first(m, 2, table) ?? first(m, 4, table) { agentID = agent(a, &table) }
                // "filed for IPO on [[X Stock Exchange]] and … received regulatory approval to list".
                var chosen = noun
                let after = ns.substring(from: m.range(at: 3).location).lowercased()
                if let longer = lx.regulatoryNouns.first(where: { after.hasPrefix($0.phrase.lowercased()) }) { chosen = longer }
                if agentID == nil, chosen.eventKind == "listing" {
                    agentID = s.mentions.map { table.find($0.entity) }.first { typer.isExchange(table.entity($0).name) }
                }
                guard let ag = agentID else { continue }
                for target in ids(m, 1, table) { regulate(target, by: ag, chosen, "regulated.received", at: m.range(at: 3).location, &table) }
            }
            for m in rules.pattern(.regulatedReceivedImplicit).matches(rt) where !negated(m.range) {
                guard let noun = trigger(text(m.range(at: 1)), in: lx.regulatoryNouns),
                      let target = subjectBefore(m.range.location, table) else { continue }
                var chosen = noun
                let after = ns.substring(from: m.range(at: 1).location).lowercased()
                if let longer = lx.regulatoryNouns.first(where: { after.hasPrefix($0.phrase.lowercased()) }) { chosen = longer }
                var agentID: Int?
                if let a = first(m, 2, table) { agentID = agent(a, &table) }
                if agentID == nil, chosen.eventKind == "listing" {
                    agentID = s.mentions.map { table.find($0.entity) }.first { typer.isExchange(table.entity($0).name) }
                }
                guard let ag = agentID else { continue }
                regulate(target, by: ag, chosen, "regulated.received", at: m.range(at: 1).location, &table)
            }
            for m in rules.pattern(.regulatedAmid).matches(rt) where !negated(m.range) {
                guard let a = first(m, 2, table), let ag = agent(a, &table), kind(ag, table) == .government else { continue }
                let noun = text(m.range(at: 3)).lowercased()
                let act = ActionTrigger(phrase: noun, action: noun.replacingOccurrences(of: "blacklisting", with: "blacklist"), eventKind: "sanction")
                for target in ids(m, 1, table) where isCompanyLike(target, table) { regulate(target, by: ag, act, "regulated.amid", at: m.range.location, &table) }
            }
            for m in rules.pattern(.regulatedGave).matches(rt) where !negated(m.range) {
                guard let a = first(m, 1, table), let ag = agent(a, &table), let target = first(m, 3, table),
                      let noun = trigger(text(m.range(at: 2)), in: lx.regulatoryNouns) else { continue }
                regulate(target, by: ag, noun, "regulated.gave", at: m.range.location, &table)
            }
            for rule in [Rule.regulatedInvestigation, .regulatedUnderInvestigation] {
                let pattern = rules.pattern(rule)
                let name = pattern.name
                for m in pattern.matches(rt) where !negated(m.range) {
                    let (x, y) = (first(m, 1, table), first(m, 2, table))
                    guard let a = rule == .regulatedInvestigation ? x : y, let t = rule == .regulatedInvestigation ? y : x,
                          let ag = agent(a, &table) else { continue }
                    regulate(t, by: ag, ActionTrigger(phrase: "investigation", action: "investigation", eventKind: "other"), name, at: m.range.location, &table)
                }
            }
        }

        // MARK: Events without a closed relation

        mutating func triggerEvents(_ table: inout EntityTable) {
            for (kind, pattern) in rules.eventPatterns {
                guard !out.events.contains(where: { $0.kind == kind }) else { continue }
                guard let m = pattern.firstMatch(rt) else { continue }
                if kind == "listing" && out.events.contains(where: { $0.kind == "ipo" && $0.date == date(at: m.range.location) }) { continue }
                if kind == "ipo" && negated(NSRange(location: m.range.location, length: 0)) { continue }
                // "is offering X", "debuted its phone": the verb, not a share sale.
                if kind == "ipo", ["offering", "debut"].contains(text(m.range).lowercased()),
                   Cue.auxiliaryBefore.isFound(in: ns.substring(to: m.range.location)) { continue }
                guard let subject = subjectBefore(m.range.location, table) ?? s.mentions.map({ table.find($0.entity) }).first(where: { isCompanyLike($0, table) }) else { continue }
                guard date(at: m.range.location) != nil || s.isNews else { continue }
                var participants = [subject]
                if kind == "ipo" || kind == "listing" {
                    participants += s.mentions.map { table.find($0.entity) }.filter { typer.isExchange(table.entity($0).name) }
                }
                let phrase = text(m.range).lowercased()
                let title: String
                switch kind {
                case "ipo": title = "\(name(subject, table)) IPO (\(ipoVerb(before: m.range.location) ?? phrase))"
                case "listing": title = "\(name(subject, table)) listing"
                case "product": title = "\(name(subject, table)) \(phrase) a product"
                case "award": title = "\(name(subject, table)) award"
                case "appointment": title = "\(name(subject, table)) appointment"
                case "funding": title = "\(name(subject, table)) funding"
                case "lawsuit": title = "\(name(subject, table)) legal action"
                case "acquisition": title = "\(name(subject, table)) acquisition"
                default: title = "\(name(subject, table)) \(kind)"
                }
                event(kind, title, participants, "event.\(kind)", at: m.range.location, table: table)
            }
        }

        func ipoVerb(before location: Int) -> String? {
            let before = ns.asciiLowered(NSRange(location: 0, length: location))
            var best: (Int, String)?
            for v in Self.ipoVerbs {
                if let d = RuleText.lastOffset(of: v.bytes, in: before), best == nil || d > best!.0 { best = (d, v.text) }
            }
            if let b = best { return b.1 }
            let after = ns.asciiLowered(NSRange(location: location, length: ns.length - location))
            for v in Self.ipoVerbs where RuleText.contains(after, v.passive) || RuleText.contains(after, v.spaced) { return v.text }
            return nil
        }

        static let ipoVerbs: [(text: String, bytes: [UInt8], passive: [UInt8], spaced: [UInt8])] =
            ["postponed", "postpone", "delayed", "delay", "relaunched", "relaunch", "completed", "filed", "priced",
             "launched", "considering", "withdrew", "suspended", "resumed", "debuted"].map { v in
                (v, Array(v.utf8), Array(" was \(v)".utf8), Array(" \(v) ".utf8))
            }
    }
}

extension NSString {
    /// A part of the text as `lowercased()` writes it, as far as ASCII words in it go (and in
    /// the same order): ASCII letters in lower case, the Kelvin sign as "k", "İ" as "i" and
    /// a mark, and every other character as a byte no ASCII word holds. Lower-casing the
    /// part as a String was most of the time an IPO event took.
    func asciiLowered(_ r: NSRange) -> [UInt8] {
        guard r.length > 0 else { return [] }
        return withUnsafeTemporaryAllocation(of: unichar.self, capacity: r.length) { units in
            getCharacters(units.baseAddress!, range: r)
            var out: [UInt8] = []
            out.reserveCapacity(r.length + 1)
            for u in units {
                switch u {
                case 0x41...0x5A: out.append(UInt8(u) + 32)
                case 0..<0x80: out.append(UInt8(u))
                case 0x212A: out.append(0x6B)
                case 0x130: out += [0x69, 0x80]
                default: out.append(0x80)
                }
            }
            return out
        }
    }
}

/// Reading the `⟦k⟧` of a masked sentence back.
enum MaskedMentions {
    /// The indexes as `indexes(inCharacters:)` reads them, from the code units; nil where
    /// a bracket stands next to a character that may make one Character with it (a combining
    /// mark): below U+0300 every character is one Character (CR LF aside, which holds no digit).
    static func indexes(in units: UnsafeBufferPointer<unichar>) -> [Int]? {
        let open: unichar = 0x27E6, close: unichar = 0x27E7
        func isPlain(_ i: Int) -> Bool { i < 0 || i >= units.count || units[i] < 0x300 || units[i] == open || units[i] == close }
        var out: [Int] = []
        var digits = 0..<0
        var inside = false
        for i in units.indices {
            let u = units[i]
            if u == open || u == close {
                guard isPlain(i - 1), isPlain(i + 1) else { return nil }
                if u == open {
                    inside = true
                    digits = (i + 1)..<(i + 1)
                } else {
                    if let k = integer(units[digits]) { out.append(k) }
                    inside = false
                }
            } else if inside {
                digits = digits.lowerBound..<(i + 1)
            }
        }
        return out
    }

    /// What `Int(_:)` reads from the characters: decimal digits after an optional sign.
    static func integer(_ units: Slice<UnsafeBufferPointer<unichar>>) -> Int? {
        guard !units.isEmpty else { return nil }
        guard units.count <= 18, units.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return Int(String(decoding: units, as: UTF16.self)) }
        return units.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// Mention indexes `k` of the `⟦k⟧` in a text, Character by Character: after a stray
    /// "⟧" the digits last read count again.
    static func indexes(inCharacters text: String) -> [Int] {
        var out: [Int] = []
        var digits = ""
        var inside = false
        for ch in text {
            if ch == "⟦" { inside = true; digits = ""; continue }
            if ch == "⟧" { if let k = Int(digits) { out.append(k) }; inside = false; continue }
            if inside { digits.append(ch) }
        }
        return out
    }
}

/// Expressions the rules test on a part of a sentence, compiled once.
private enum Cue {
    static func re(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }
    /// Before a founder's name: the name is where a founder works or comes from, not a founder.
    static let founderQualifier = re(#"(?:\b(?:at|of|in|from|for|with|by\s+the)\s+(?:the\s+)?|'s\s+)$"#, caseInsensitive: true)
    static let amongOthers = re(#"\bamong\s+others\b"#)
    static let atBefore = re(#"\b(?:at|with|to)\s+(?:the\s+)?$"#, caseInsensitive: true)
    static let ofBefore = re(#"\b(?:of|for)\s+(?:the\s+)?$"#, caseInsensitive: true)
    static let tenure = re(#"^\s*(?:from|since|between)\s+(?:\w+\s+)?\d{4}\b"#, caseInsensitive: true)
    static let atMention = re(#"\bat\s+(?:the\s+)?⟦"#)
    static let theMentionAtEnd = re(#"\bthe\s+⟦\d+⟧\s*$"#)
    static let appositiveBefore = re(#"⟦(\d+)⟧\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}$"#)
    static let copulaBefore = re(#"\b(?:is|was|are)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}$"#, caseInsensitive: true)
    static let possessiveBefore = re(#"⟦\d+⟧(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?$"#)
    static let permission = re(#"\b(?:approval|permission|licen[cs]e|permit|go-ahead|green\s+light|consent|clearance|award|prize)\b"#, caseInsensitive: true)
    static let majorityStake = re(#"\b(?:majority|controlling)\s+stake"#, caseInsensitive: true)
    static let auxiliaryBefore = re(#"\b(?:is|are|was|were|be|been|now|also|will|to|by)\s+$"#, caseInsensitive: true)
}

extension NSRegularExpression {
    /// Where the expression first matches in `text`, as `text.range(of:options: .regularExpression)` finds it.
    func firstRange(in text: String) -> Range<String.Index>? {
        firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)).flatMap { Range($0.range, in: text) }
    }

    func isFound(in text: String) -> Bool {
        firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
