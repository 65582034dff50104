import Foundation

/// Every word the rules' prefilters look for, numbered, so that a sentence checks each word
/// once however many rules need it.
final class NeedleTable: @unchecked Sendable {
    /// Needles: each word's normalised bytes, numbered.
    private var needleIDs = Numbering<[UInt8]>(capacity: 4096)
    /// Each word as written, once normalised: the rules' groups repeat the same words (the
    /// roles in a dozen rules), and normalising them again was a good part of start-up.
    private var idsByWord: [String: Int] = [:]
    /// Groups of needles of which a text must hold one, numbered: rules of one family share
    /// their groups, and a sentence answers each group once.
    private var groupIDs = Numbering<[Int]>(capacity: 0)
    /// Each group as the rules write it: the same word lists recur in many rules, and
    /// numbering and sorting their words again was a good part of start-up.
    private var groupsByWords: [[String]: Int] = [:]
    /// What the rules' shared word lists require, read once for all rules.
    let memo = RequiredText.Memo()

    init() {
        // Some thousands of words: grown step by step, the table was rehashed a dozen times.
        idsByWord.reserveCapacity(8192)
    }

    /// Only while the rules are being built.
    func id(_ word: String) -> Int {
        if let id = idsByWord[word] { return id }
        let id = needleIDs.number(RuleText.normalizedLower(word))
        idsByWord[word] = id
        return id
    }

    /// Only while the rules are being built.
    func group(_ words: [String]) -> Int {
        if let known = groupsByWords[words] { return known }
        let id = groupIDs.number(Set(words.map(id)).sorted())
        groupsByWords[words] = id
        return id
    }

    /// The table as sentences read it, once the rules are built.
    func compiled() -> CompiledNeedles { CompiledNeedles(needles: needleIDs.items, groups: groupIDs.items) }
}

/// Distinct values numbered in the order they were first seen.
struct Numbering<Item: Hashable> {
    private(set) var items: [Item] = []
    private var numbers: [Item: Int] = [:]

    init(capacity: Int) {
        items.reserveCapacity(capacity)
        numbers.reserveCapacity(capacity)
    }

    mutating func number(_ item: Item) -> Int {
        if let known = numbers[item] { return known }
        numbers[item] = items.count
        items.append(item)
        return items.count - 1
    }
}

/// The needles as one Aho–Corasick automaton over their first bytes, with the rest of each in
/// a trie, and the groups each needle is a member of: a sentence is read once, mostly a table
/// load a byte, and comes out knowing every group that has a member in it. (Searched for
/// needle by needle, as the rules asked, the words were 7% of an ingest.)
///
/// The automaton knows each needle's first `headLength` bytes only: the rules have some
/// thousands of needles, most over a dozen bytes long, and an automaton of them all was 45,000
/// states, megabytes of table to build and to miss the cache in. Where a head with longer
/// needles behind it ends, the rest are looked for by walking their trie on from there.
struct CompiledNeedles: Sendable {
    let needleCount: Int
    let groupCount: Int
    /// Two thousand states; one more byte would be 3,400 and save few walks.
    static let headLength = 4
    /// Each byte's class: the bytes no needle holds share class 0, so that a state's row is as
    /// wide as the needles' alphabet (some dozens of bytes), not 256.
    private let classOf: [UInt16]
    private let classCount: Int
    /// Per state and byte class (`state * classCount + class`), the next state shifted left
    /// one, plus 1 when a needle ends there or continues in the trie: most states do neither,
    /// and the flag spares them the look-ups.
    private let next: [UInt32]
    /// Per state, the longest needle that ends there; -1 when none does.
    private let longestEnding: [Int32]
    /// Per needle, the longest shorter needle that ends where it ends (its longest suffix that
    /// is a needle); -1 when none. (Only heads end at states.)
    private let shorterEnding: [Int32]
    private let stateCount: Int
    /// The trie of the needles' rests, breadth first, so that each node's children lie
    /// together: per node its byte and the needle that ends there (-1 for none). The children
    /// of state s (a whole head long) are the nodes `restStart[s]..<restStart[s + 1]`, those
    /// of node t `restStart[stateCount + t]..<restStart[stateCount + t + 1]`. A head can have
    /// hundreds ("the "): one `memchr` over their bytes finds the one that goes on.
    private let restByte: [UInt8]
    private let restNeedle: [Int32]
    private let restStart: [Int32]
    /// The groups needle n is a member of: `memberOf[memberOfStart[n]..<memberOfStart[n + 1]]`.
    private let memberOf: [Int32]
    private let memberOfStart: [Int32]

    /// `needles`: distinct byte strings; `groups`: needle numbers.
    init(needles: [[UInt8]], groups: [[Int]]) {
        needleCount = needles.count
        groupCount = groups.count
        let head = Self.headLength
        var classOf = [UInt16](repeating: 0, count: 256)
        var classCount = 1
        var restCount = 0
        for n in needles {
            restCount += max(0, n.count - head)
            for b in n.prefix(head) where classOf[Int(b)] == 0 {
                classOf[Int(b)] = UInt16(classCount)
                classCount += 1
            }
        }
        // The trie of the heads: a state per distinct head prefix, 0 the empty one. While it is
        // built, 0 in a row means no child (no state leads back to the root).
        var next = [UInt32](repeating: 0, count: classCount)
        var ending: [Int32] = [-1]
        var rests: [Int32] = [-1]
        // While they are built, the rests' children are lists, newest first.
        var restByte: [UInt8] = [], restSibling: [Int32] = [], restChild: [Int32] = [], restNeedle: [Int32] = []
        restByte.reserveCapacity(restCount)
        restSibling.reserveCapacity(restCount)
        restChild.reserveCapacity(restCount)
        restNeedle.reserveCapacity(restCount)
        for (id, n) in needles.enumerated() {
            var s = 0
            for b in n.prefix(head) {
                let slot = s * classCount + Int(classOf[Int(b)])
                if next[slot] == 0 {
                    next[slot] = UInt32(ending.count)
                    ending.append(-1)
                    rests.append(-1)
                    next.append(contentsOf: repeatElement(0, count: classCount))
                }
                s = Int(next[slot])
            }
            guard n.count > head else {
                ending[s] = Int32(id)
                continue
            }
            // The rest, below state s.
            var first = Int(rests[s])
            var parent = -1
            for b in n[head...] {
                var c = first
                while c >= 0, restByte[c] != b { c = Int(restSibling[c]) }
                if c < 0 {
                    c = restByte.count
                    restByte.append(b)
                    restSibling.append(Int32(first))
                    restChild.append(-1)
                    restNeedle.append(-1)
                    if parent < 0 { rests[s] = Int32(c) } else { restChild[parent] = Int32(c) }
                }
                parent = c
                first = Int(restChild[c])
            }
            restNeedle[parent] = Int32(id)
        }
        // Breadth first, each state's row becomes the automaton's: a child where the trie has
        // one, else where the state's longest proper suffix that is a head prefix goes (its
        // failure state, shallower, so its row is done). A row is read raw (children, or 0)
        // before it is rewritten; rows already done are in their final form.
        var longest = ending
        var shorter = [Int32](repeating: -1, count: needles.count)
        var fail = [Int](repeating: 0, count: ending.count)
        var queue = [0]
        queue.reserveCapacity(ending.count)
        var at = 0
        while at < queue.count {
            let s = queue[at]
            at += 1
            let row = s * classCount
            let failRow = fail[s] * classCount
            for c in 0..<classCount {
                let child = Int(next[row + c])
                if child == 0 {
                    // The root's missing children lead back to it; anyone else's where its failure state's go.
                    next[row + c] = s == 0 ? (longest[0] >= 0 ? 1 : 0) : next[failRow + c]
                    continue
                }
                let f = s == 0 ? 0 : Int(next[failRow + c] >> 1)
                fail[child] = f
                if ending[child] >= 0 {
                    shorter[Int(ending[child])] = longest[f]
                } else {
                    longest[child] = longest[f]
                }
                next[row + c] = UInt32(child) << 1 | (longest[child] >= 0 || rests[child] >= 0 ? 1 : 0)
                queue.append(child)
            }
        }
        // The rests laid out breadth first: the states' children, then theirs, and so on.
        let nodes = restByte.count
        var order: [Int32] = []
        order.reserveCapacity(nodes)
        var restStart: [Int32] = []
        restStart.reserveCapacity(ending.count + nodes + 1)
        func layOut(children first: Int32) {
            restStart.append(Int32(order.count))
            var c = first
            while c >= 0 {
                order.append(c)
                c = restSibling[Int(c)]
            }
        }
        for first in rests { layOut(children: first) }
        var laid = 0
        while laid < order.count {
            layOut(children: restChild[Int(order[laid])])
            laid += 1
        }
        restStart.append(Int32(order.count))
        var groupsOfNeedle = [[Int32]](repeating: [], count: needles.count)
        for (g, members) in groups.enumerated() {
            for n in members { groupsOfNeedle[n].append(Int32(g)) }
        }
        var memberOf: [Int32] = [], memberOfStart: [Int32] = [0]
        for gs in groupsOfNeedle {
            memberOf += gs
            memberOfStart.append(Int32(memberOf.count))
        }
        (self.classOf, self.classCount, self.next, longestEnding, shorterEnding) = (classOf, classCount, next, longest, shorter)
        stateCount = ending.count
        self.restByte = order.map { restByte[Int($0)] }
        self.restNeedle = order.map { restNeedle[Int($0)] }
        self.restStart = restStart
        (self.memberOf, self.memberOfStart) = (memberOf, memberOfStart)
    }

    /// The groups with a member in `text` (as a substring), a bit each: group g is bit g % 64 of word g / 64.
    func groups(in text: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        let words = (groupCount + 63) / 64
        return [UInt64](unsafeUninitializedCapacity: words) { present, count in
            present.initialize(repeating: 0)
            count = words
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (needleCount + 63) / 64) { found in
                found.initialize(repeating: 0)
                restByte.withUnsafeBufferPointer { restBytes in
                    /// Whether needle n was new.
                    func mark(_ n: Int) -> Bool {
                        guard found[n >> 6] & (1 << UInt64(n & 63)) == 0 else { return false }
                        found[n >> 6] |= 1 << UInt64(n & 63)
                        for i in Int(memberOfStart[n])..<Int(memberOfStart[n + 1]) {
                            let g = Int(memberOf[i])
                            present[g >> 6] |= 1 << UInt64(g & 63)
                        }
                        return true
                    }
                    /// The needles that end at `state`, longest first (a needle seen before had its
                    /// shorter ones seen with it), and those that go on from it through the text
                    /// after `end`.
                    func reached(_ state: Int, end: Int) {
                        var n = Int(longestEnding[state])
                        while n >= 0, mark(n) { n = Int(shorterEnding[n]) }
                        var (from, to) = (Int(restStart[state]), Int(restStart[state + 1]))
                        var i = end
                        while from < to, i < text.count {
                            guard let hit = memchr(restBytes.baseAddress! + from, Int32(text[i]), to - from) else { return }
                            let node = restBytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                            if restNeedle[node] >= 0 { _ = mark(Int(restNeedle[node])) }
                            (from, to) = (Int(restStart[stateCount + node]), Int(restStart[stateCount + node + 1]))
                            i += 1
                        }
                    }
                    reached(0, end: 0)
                    var state = 0
                    for i in text.indices {
                        let e = next[state * classCount + Int(classOf[Int(text[i])])]
                        state = Int(e >> 1)
                        if e & 1 != 0 { reached(state, end: i + 1) }
                    }
                }
            }
        }
    }
}

/// A masked sentence made ready for the rules once: the text ICU reads, and which of the
/// rules' groups of words its lower-cased bytes (every run of white space as one space) hold,
/// the cheap checks that let most rules skip the regular expression.
final class RuleText {
    let text: String
    let ns: NSString
    /// UTF-16 length (NSString offsets).
    let length: Int
    /// How many `⟦k⟧` the text holds.
    let mentions: Int
    /// Where the first `⟦k⟧` of each k starts (UTF-16 offset), by k; -1 where none.
    private let mentionLocations: [Int]
    /// Whether some character has a combining mark (then locations are searched as Foundation does).
    private let hasCombiningMarks: Bool
    /// Which groups (`NeedleTable.group`) have a member in the text (`CompiledNeedles.groups(in:)`).
    private let groupsPresent: [UInt64]

    init(_ text: String, needles: CompiledNeedles) {
        self.text = text
        ns = text as NSString
        var n = 0
        var locations: [Int] = []
        var offset = 0
        var open: Int?
        var k = 0
        var digits = 0
        var combining = false
        for scalar in text.unicodeScalars {
            if scalar == "⟦" {
                n += 1
                open = offset
                k = 0
                digits = 0
            } else if let start = open {
                if scalar == "⟧" {
                    // Written as `"⟦\(k)⟧"` writes it: digits, no leading zero.
                    if digits > 0, digits < 7, k > 0 || digits == 1 {
                        if locations.count <= k { locations += repeatElement(-1, count: k + 1 - locations.count) }
                        if locations[k] < 0 { locations[k] = start }
                    }
                    open = nil
                } else if scalar.isASCII, scalar.value >= 48, scalar.value <= 57, digits < 7, k > 0 || digits == 0 {
                    k = k * 10 + Int(scalar.value - 48)
                    digits += 1
                } else {
                    open = nil
                }
            }
            if !scalar.isASCII, !combining, scalar != "⟦", scalar != "⟧",
               scalar.properties.canonicalCombiningClass != .notReordered || scalar.properties.isGraphemeExtend {
                combining = true
            }
            offset += scalar.utf16.count
        }
        length = offset
        mentions = n
        hasCombiningMarks = combining
        mentionLocations = locations
        groupsPresent = Self.normalizedLower(text).withUnsafeBufferPointer(needles.groups(in:))
    }

    /// Lower-cased ASCII letters, every run of white space as one space; other characters
    /// lower-cased through their Unicode mapping (the masks `⟦⟧` are never upper case).
    static func normalizedLower(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                // ASCII white space: tab, line feed, vertical tab, form feed, carriage return, space.
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    if !space { out.append(0x20) }
                    space = true
                    continue
                }
                space = false
                out.append(b >= 65 && b <= 90 ? b + 32 : b)
                continue
            }
            // The masks, most of the other characters: no property to look up.
            if scalar == "⟦" || scalar == "⟧" {
                space = false
                out.append(contentsOf: UTF8.encode(scalar)!)
                continue
            }
            if scalar.properties.isWhitespace {
                if !space { out.append(0x20) }
                space = true
                continue
            }
            space = false
            if let folded = Self.foldedToASCII(scalar) {
                out.append(contentsOf: folded.utf8)
            } else if !scalar.properties.changesWhenLowercased {
                out.append(contentsOf: UTF8.encode(scalar)!)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return out
    }

    /// Letters a case-blind ICU match takes for ASCII ones that lower-casing leaves alone
    /// (Unicode full case folding): the long s, sharp s and the Latin ligatures.
    static func foldedToASCII(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\u{017F}": "s"
        case "\u{00DF}", "\u{1E9E}": "ss"
        case "\u{FB00}": "ff"
        case "\u{FB01}": "fi"
        case "\u{FB02}": "fl"
        case "\u{FB03}": "ffi"
        case "\u{FB04}": "ffl"
        case "\u{FB05}", "\u{FB06}": "st"
        default: nil
        }
    }

    /// Whether the text holds `needle` (no letters in it), as `ns.range(of:)` finds it.
    func contains(_ needle: String) -> Bool {
        if hasCombiningMarks { return ns.range(of: needle).location != NSNotFound }
        return Self.contains(Array(text.utf8), Array(needle.utf8))
    }

    /// Where the first `⟦k⟧` stands, as `ns.range(of:)` finds it.
    func location(ofMention k: Int) -> Int? {
        if hasCombiningMarks {
            // A mark joins the character before it, which a non-literal search then compares whole.
            let r = ns.range(of: "⟦\(k)⟧")
            return r.location == NSNotFound ? nil : r.location
        }
        return k < mentionLocations.count && mentionLocations[k] >= 0 ? mentionLocations[k] : nil
    }

    /// Whether the text holds a member of a group (`NeedleTable.group`).
    @inline(__always) func hasMember(ofGroup group: Int) -> Bool {
        groupsPresent[group >> 6] & (1 << UInt64(group & 63)) != 0
    }

    /// Where the last occurrence of `needle` starts.
    static func lastOffset(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return needle.isEmpty ? hay.count : nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in contains(h, n) } }
    }

    static func contains(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !n.isEmpty else { return true }
        guard n.count <= h.count else { return false }
        let base = UnsafeRawPointer(h.baseAddress!)
        var offset = 0
        let last = h.count - n.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(n[0]), last - offset + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if n.count == 1 || memcmp(base + at + 1, UnsafeRawPointer(n.baseAddress!) + 1, n.count - 1) == 0 { return true }
            offset = at + 1
        }
        return false
    }
}

/// A sentence rule's regular expression over masked text, where each mention reads `⟦n⟧`.
///
/// Macros keep the rules readable and the word lists out of code:
/// `{E}` one mention, `{LIST}` a list of mentions ("A, B and the C"), `{THE}` an optional
/// article, `{FILL}` up to four plain words, `{alt:name}` an alternation from the lexicon.
///
/// A rule is cheap where it cannot match: groups of words (lower case), each of which must
/// have one member somewhere in the sentence, and the least number of mentions a match takes.
/// The groups are those the rule states (`needs`) and those read off the expression itself
/// (`RequiredText`): every match satisfies them; they only save work.
struct Pattern: @unchecked Sendable {
    let name: String
    private let compiled: LazyRegex
    var regex: NSRegularExpression { compiled.regex }
    /// Groups (`NeedleTable.group`) the text must hold a member of, the most selective first.
    let groups: [Int]
    let minimumMentions: Int

    static let entity = "⟦\\d+⟧"
    static let list = "⟦\\d+⟧(?:(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or|&|as well as)\\s+)(?:the\\s+)?⟦\\d+⟧)*"

    /// `alternations`: each `{alt:name}` as `alternation(_:)` writes its words.
    init(_ name: String, _ template: String, alternations: [String: String], caseInsensitive: Bool = true,
         needs: [[String]] = [], mentions: Int = 0, needles: NeedleTable) {
        self.init(name, expression: Self.expanded(template, alternations: alternations, rule: name), caseInsensitive: caseInsensitive,
                  needs: needs, mentions: mentions, needles: needles)
    }

    private static let macros: [String: String] = [
        "E": entity, "LIST": list, "THE": "(?:the\\s+|a\\s+|an\\s+)?", "FILL": "(?:[\\w\"'‘’“”$.,-]+\\s+){0,4}?", "POSS": "(?:'s|’s|')?",
    ]

    /// The template with its macros written out, in one pass: a hundred rules, each searched
    /// for every macro and word list through Foundation, were a good part of start-up. What a
    /// macro is written as holds no macro, so one pass writes out the same as one per macro.
    private static func expanded(_ template: String, alternations: [String: String], rule: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let body = rest[rest.index(after: open)...]
            if let close = body.firstIndex(of: "}") {
                let name = body[..<close]
                let written = name.hasPrefix("alt:") ? alternations[String(name.dropFirst(4))] : macros[String(name)]
                precondition(written != nil || !name.hasPrefix("alt:"), "unknown alternation in rule \(rule)")
                if let written {
                    out += written
                    rest = body[body.index(after: close)...]
                    continue
                }
            }
            out += "{"
            rest = body
        }
        return out + rest
    }

    /// An expression without macros: the rules' cues (negation, hedges, appositives).
    init(_ name: String, expression p: String, caseInsensitive: Bool, needs: [[String]] = [], mentions: Int = 0, needles: NeedleTable) {
        compiled = LazyRegex(rule: name, pattern: p, options: caseInsensitive ? [.caseInsensitive] : [])
        self.name = name
        // Few and long words first: they are the cheaper checks and usually the more selective.
        let all = needs + RequiredText.groups(of: p, memo: needles.memo)
        let keyed: [(words: [String], shortest: Int)] = all.map { words in (words, words.map(\.count).min() ?? 0) }
        let ranked = keyed.sorted { a, b in
            a.words.count != b.words.count ? a.words.count < b.words.count : a.shortest > b.shortest
        }.map(\.words)
        var ids: [Int] = []
        for group in ranked {
            let id = needles.group(group)
            if !ids.contains(id) { ids.append(id) }
        }
        groups = ids
        minimumMentions = mentions
    }

    /// The words, longest first, as alternatives, with the letters that several words start
    /// with written once ("chief(?:\\s+executive(?:\\s+officer|)|…)"): ICU tries alternatives
    /// one by one, and a long word list tried at every position of a sentence is most of a
    /// rule's time. Words are factored only where they start with different ASCII characters
    /// (case-blind), which no character can match two of, so the alternatives are tried in the
    /// same order as written out. Words whose first letters differ in case only ("CEO",
    /// "chief") are factored too when the expression ignores case, but only where no character
    /// a case-blind match reads as two letters ("ﬁ", "ß") could span the cut: ICU matches "fi"
    /// against "ﬁ" inside one string of letters, not across a single letter and what follows.
    static func alternation(_ words: [String], caseInsensitive: Bool) -> String {
        let sorted = words.sorted { $0.count > $1.count }
        return "(?:" + factored(sorted.map { Array($0) }, caseInsensitive: caseInsensitive, strict: false) + ")"
    }

    /// `strict`: every cut must be one no such character spans (inside words first factored
    /// for a case-blind expression).
    private static func factored(_ words: [[Character]], caseInsensitive: Bool, strict: Bool) -> String {
        func literal(_ chars: ArraySlice<Character>) -> String {
            chars.map { $0 == " " ? "\\s+" : NSRegularExpression.escapedPattern(for: String($0)) }.joined()
        }
        // Longest first: a word that ends here (the empty rest) comes last, after every longer one.
        guard words.allSatisfy({ $0.first?.isASCII ?? true }) else { return words.map { literal($0[...]) }.joined(separator: "|") }
        var order: [String] = []
        var groups: [String: [[Character]]] = [:]
        for w in words {
            let key = w.first.map { $0.lowercased() } ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(w)
        }
        var parts: [String] = []
        for key in order {
            let members = groups[key]!
            let sameCase = key.isEmpty || Set(members.map { $0[0] }).count == 1
            if key.isEmpty || members.count == 1 || (!sameCase || strict) && !(caseInsensitive && cutsCleanly(members)) {
                // "IPO" and "initial …" in a case-sensitive rule: written out as they are.
                parts += members.map { literal($0[...]) }
            } else {
                parts.append(literal(members[0][..<1]) + "(?:" + factored(members.map { Array($0.dropFirst()) }, caseInsensitive: caseInsensitive,
                                                                         strict: strict || !sameCase) + ")")
            }
        }
        return parts.joined(separator: "|")
    }

    /// Whether cutting each word after its first letter leaves no two letters on either side of
    /// the cut that one character folds to (Unicode full case folding: "ß" to "ss", the
    /// ligatures "ﬀ" to "ff", "ﬁ", "ﬂ", "ﬃ", "ﬄ", "ﬅ" and "ﬆ" to "st"); letters of any other
    /// character that folds to several are never all ASCII.
    private static func cutsCleanly(_ words: [[Character]]) -> Bool {
        words.allSatisfy { w in
            guard w.count >= 2 else { return true }
            guard w[0].isASCII, w[1].isASCII else { return false }
            return !["ff", "fi", "fl", "st", "ss"].contains((String(w[0]) + String(w[1])).lowercased())
        }
    }

    /// One word of each phrase that any text the phrase matches contains: its longest word
    /// (phrases match with any run of spaces between their words).
    static func keywords(_ phrases: [String]) -> [String] {
        var out: [String] = []
        for phrase in phrases {
            let words: [Substring] = phrase.lowercased().split(separator: " ")
            let word = words.max { $0.count < $1.count }.map(String.init) ?? ""
            if !word.isEmpty && !out.contains(word) { out.append(word) }
        }
        return out
    }

    func mayMatch(_ t: RuleText) -> Bool {
        t.mentions >= minimumMentions && groups.allSatisfy { t.hasMember(ofGroup: $0) }
    }

    func matches(_ t: RuleText) -> [NSTextCheckingResult] {
        guard mayMatch(t) else { return [] }
        return compiled.regex.matches(in: t.text, range: NSRange(location: 0, length: t.length))
    }

    func firstMatch(_ t: RuleText) -> NSTextCheckingResult? {
        guard mayMatch(t) else { return nil }
        return regex.firstMatch(in: t.text, range: NSRange(location: 0, length: t.length))
    }

    /// Whether the expression matches inside `range` (which it reads as the whole text): what
    /// it matches there is in the text too, so the word checks still hold.
    func found(in t: RuleText, range: NSRange) -> Bool {
        guard mayMatch(t) else { return false }
        return regex.firstMatch(in: t.text, range: range) != nil
    }
}

/// A rule's expression, compiled when a sentence first gets past the rule's word checks: a
/// short ingest reaches few of the hundred rules, and compiling them all was a tenth of its time.
final class LazyRegex: @unchecked Sendable {
    private let rule: String
    private let pattern: String
    private let options: NSRegularExpression.Options
    private let lock = NSLock()
    private var compiled: NSRegularExpression?

    init(rule: String, pattern: String, options: NSRegularExpression.Options) {
        (self.rule, self.pattern, self.options) = (rule, pattern, options)
    }

    var regex: NSRegularExpression {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        do {
            let made = try NSRegularExpression(pattern: pattern, options: options)
            compiled = made
            return made
        } catch {
            preconditionFailure("rule \(rule): bad pattern \(pattern): \(error)")
        }
    }
}

extension NSTextCheckingResult {
    func has(_ i: Int) -> Bool { i < numberOfRanges && range(at: i).location != NSNotFound }
}

/// The text an ICU regular expression's matches must contain, read from the expression: for
/// each part, the strings it can match when they are few, else strings its matches start
/// and end with, and groups of strings one of which every match holds (Cox's trigram index
/// reasoning, with whole strings). Strings are as `RuleText.lower` reads text: lower case,
/// every run of white space one space. Anything it does not understand it takes to match any
/// text, so what it claims holds.
struct RequiredText {
    /// What one part of the expression can match.
    fileprivate struct Info {
        /// Every string the part can match, when few.
        var exact: Set<String>?
        /// Every match starts with one of these ("" when nothing is known).
        var prefix: Set<String> = [""]
        var suffix: Set<String> = [""]
        /// Each: every match holds one of its strings.
        var groups: [Set<String>] = []

        static let empty = Info(exact: [""])
        static let unknown = Info(exact: nil)

        var starts: Set<String> { exact ?? prefix }
        var ends: Set<String> { exact ?? suffix }
    }

    /// Sets larger than this are cut: exact sets become groups, prefixes and suffixes shorter.
    private static let limit = 192

    /// Groups of strings, each of which every match of `pattern` holds one of, the most
    /// selective first (long strings, few of them).
    static func groups(of pattern: String, memo: Memo = Memo()) -> [[String]] {
        var reader = RequiredText(scalars: Array(pattern.unicodeScalars), memo: memo)
        guard let info = reader.alternation(), reader.i == reader.scalars.count else { return [] }
        var out: [[String]] = []
        for g in info.groups + [info.starts, info.ends] {
            guard !g.contains(""), g.count <= limit else { continue }
            let sorted = g.sorted()
            if !out.contains(sorted) { out.append(sorted) }
        }
        return out.map { (group: $0, shortest: $0.map(\.count).min()!) }
            .sorted { $0.shortest != $1.shortest ? $0.shortest > $1.shortest : $0.group.count < $1.group.count }
            .map(\.group)
    }

    /// Long groups already read (the lexicon's word lists recur in many rules), by their text:
    /// a slice of the expression read, so that a look-up builds no string.
    final class Memo: @unchecked Sendable {
        fileprivate var infos: [ArraySlice<Unicode.Scalar>: Info] = [:]
    }

    private let scalars: [Unicode.Scalar]
    private var i = 0
    private let memo: Memo

    private init(scalars: [Unicode.Scalar], memo: Memo) {
        self.scalars = scalars
        self.memo = memo
    }

    /// Where the group opening at `open` closes, skipping escapes and classes; nil when unsure.
    private func closing(_ open: Int) -> Int? {
        var depth = 0
        var j = open
        while j < scalars.count {
            switch scalars[j] {
            case "\\": j += 1
            case "[":
                j += 1
                if j < scalars.count, scalars[j] == "^" { j += 1 }
                if j < scalars.count, scalars[j] == "]" { j += 1 }
                while j < scalars.count, scalars[j] != "]" {
                    if scalars[j] == "[" { return nil }
                    if scalars[j] == "\\" { j += 1 }
                    j += 1
                }
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return j }
            default: break
            }
            j += 1
        }
        return nil
    }

    private var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

    // MARK: Reading the expression

    private mutating func alternation() -> Info? {
        var branches: [Info] = []
        guard let first = sequence() else { return nil }
        branches.append(first)
        while peek == "|" {
            i += 1
            guard let next = sequence() else { return nil }
            branches.append(next)
        }
        return branches.count == 1 ? first : Self.either(branches)
    }

    private mutating func sequence() -> Info? {
        var info = Info.empty
        while let c = peek, c != "|", c != ")" {
            // A run of plain characters matches just that string: read as one part, not as a
            // set per character crossed with the next (most of start-up before).
            if let run = literalRun() {
                info = Self.then(info, Info(exact: [run]))
                continue
            }
            guard var atom = self.atom() else { return nil }
            guard let repeated = quantified(&atom) else { return nil }
            info = Self.then(info, repeated)
        }
        return info
    }

    /// A quantifier after an atom, if any, applied to it.
    private mutating func quantified(_ atom: inout Info) -> Info? {
        var result = atom
        while let c = peek, c == "?" || c == "*" || c == "+" || c == "{" {
            var (low, high) = (0, Int.max)
            switch c {
            case "?": (low, high) = (0, 1); i += 1
            case "*": (low, high) = (0, Int.max); i += 1
            case "+": (low, high) = (1, Int.max); i += 1
            default:
                i += 1
                guard let a = number() else { return nil }
                low = a
                high = a
                if peek == "," {
                    i += 1
                    high = number() ?? Int.max
                }
                guard peek == "}" else { return nil }
                i += 1
            }
            // Lazy or possessive: the same strings.
            if peek == "?" || peek == "+" { i += 1 }
            result = Self.repeated(result, low, high)
        }
        return result
    }

    /// Characters that stand for themselves, none of them quantified, as one string: nil
    /// (and nothing read) when the next one is not such a character.
    private mutating func literalRun() -> String? {
        var run = ""
        var j = i
        while j < scalars.count, !Self.special.contains(scalars[j]) {
            if j + 1 < scalars.count, Self.quantifiers.contains(scalars[j + 1]) { break }
            run = Self.join(run, Self.lower(scalars[j]))
            j += 1
        }
        guard j > i else { return nil }
        i = j
        return run
    }

    private static let special: Set<Unicode.Scalar> = ["\\", "(", ")", "[", ".", "^", "$", "|", "?", "*", "+", "{"]
    private static let quantifiers: Set<Unicode.Scalar> = ["?", "*", "+", "{"]

    private mutating func number() -> Int? {
        var n: Int?
        while let c = peek, c.properties.numericType == .decimal, let d = Int(String(c)) {
            n = (n ?? 0) * 10 + d
            i += 1
        }
        return n
    }

    private mutating func atom() -> Info? {
        guard let c = peek else { return nil }
        i += 1
        switch c {
        case "(":
            let open = i - 1
            var key: ArraySlice<Unicode.Scalar>?
            if let close = closing(open), close - open > 64 {
                let k = scalars[open...close]
                if let known = memo.infos[k] {
                    i = close + 1
                    return known
                }
                key = k
            }
            guard let info = group() else { return nil }
            if let key { memo.infos[key] = info }
            return info
        case "[":
            return characterClass()
        case "\\":
            guard let e = peek else { return nil }
            i += 1
            switch e {
            case "s", "n", "t", "r", "f": return Info(exact: [" "])
            case "b", "B", "A", "z", "Z", "G": return .empty
            case "p", "P":
                if peek == "{" { while let q = peek, q != "}" { i += 1 }; i += 1 }
                return .unknown
            case "x", "u", "U", "N", "Q", "E", "k", "c": return nil
            default:
                if e.properties.isAlphabetic || e.properties.numericType != nil { return .unknown }
                return Self.literal(e)
            }
        case ".":
            return .unknown
        case "^", "$":
            return .empty
        case ")", "|", "?", "*", "+", "{":
            return nil
        default:
            return Self.literal(c)
        }
    }

    /// A group after its "(": its kind, its content and the ")".
    private mutating func group() -> Info? {
        var zeroWidth = false
        if peek == "?" {
            i += 1
            guard let k = peek else { return nil }
            if k == ":" {
                i += 1
            } else if k == "=" || k == "!" {
                i += 1
                zeroWidth = true
            } else if k == "<", i + 1 < scalars.count, scalars[i + 1] == "=" || scalars[i + 1] == "!" {
                i += 2
                zeroWidth = true
            } else {
                // Flags: "(?i)", "(?-i:…)".
                while let f = peek, f == "-" || f == "i" || f == "s" || f == "m" || f == "w" { i += 1 }
                if peek == ")" { i += 1; return .empty }
                guard peek == ":" else { return nil }
                i += 1
            }
        }
        guard let inner = alternation(), peek == ")" else { return nil }
        i += 1
        // What a look-around reads is not part of the match: taken for nothing.
        return zeroWidth ? .empty : inner
    }

    /// `[…]`: its characters when it lists a few, else anything.
    private mutating func characterClass() -> Info? {
        var members: Set<String> = []
        var known = true
        if peek == "^" { known = false; i += 1 }
        var first = true
        while let c = peek, c != "]" || first {
            first = false
            i += 1
            switch c {
            case "[":
                return nil
            case "\\":
                guard let e = peek else { return nil }
                i += 1
                if e == "s" { members.insert(" ") } else if e.properties.isAlphabetic || e.properties.numericType != nil { known = false }
                else { members.insert(Self.lower(e)) }
            case "-" where !members.isEmpty && peek != "]":
                known = false   // a range
            default:
                members.insert(Self.lower(c))
            }
        }
        guard peek == "]" else { return nil }
        i += 1
        return known && !members.isEmpty && members.count <= 8 ? Info(exact: members) : .unknown
    }

    // MARK: Combining

    private static func lower(_ c: Unicode.Scalar) -> String {
        if c.isASCII {
            // What `RuleText.normalizedLower` makes of it, without building a string to read.
            switch c.value {
            case 65...90: return String(Unicode.Scalar(UInt8(c.value + 32)))
            case 0x09...0x0D, 0x20: return " "
            default: return String(c)
            }
        }
        return String(decoding: RuleText.normalizedLower(String(c)), as: UTF8.self)
    }

    private static func literal(_ c: Unicode.Scalar) -> Info { Info(exact: [lower(c)]) }

    /// Two strings read one after the other: a run of white space is one space.
    private static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix(" ") && b.hasPrefix(" ") ? a + b.dropFirst() : a + b
    }

    private static func cross(_ a: Set<String>, _ b: Set<String>) -> Set<String> {
        // Most parts are one literal character after another.
        // (Checked without building a one-string set to compare with.)
        if b.count == 1 && b.contains("") { return a }
        if a.count == 1 && a.contains("") { return b }
        var out = Set<String>(minimumCapacity: a.count * b.count)
        for x in a { for y in b { out.insert(join(x, y)) } }
        return out
    }

    /// A set cut to at most `limit` strings by shortening them (from the end for prefixes, from
    /// the start for suffixes): a part of a string a match starts with still starts it.
    private static func cut(_ set: Set<String>, keepingStart: Bool) -> Set<String> {
        var s = set
        var length = min(s.map(\.count).max() ?? 0, 16)
        if s.contains(where: { $0.count > length }) {
            s = Set(s.map { keepingStart ? String($0.prefix(length)) : String($0.suffix(length)) })
        }
        while s.count > limit && length > 0 {
            length -= 1
            s = Set(s.map { keepingStart ? String($0.prefix(length)) : String($0.suffix(length)) })
        }
        return s
    }

    private static func settled(_ info: Info) -> Info {
        guard let exact = info.exact, exact.count > limit else { return info }
        var out = Info.unknown
        out.groups = info.groups + [exact]
        out.prefix = cut(exact, keepingStart: true)
        out.suffix = cut(exact, keepingStart: false)
        return out
    }

    private static func then(_ a: Info, _ b: Info) -> Info {
        if let x = a.exact, let y = b.exact, x.count * y.count <= limit {
            return Info(exact: cross(x, y), groups: a.groups + b.groups)
        }
        var out = Info.unknown
        out.groups = a.groups + b.groups
        for e in [a.exact, b.exact] { if let e { out.groups.append(e) } }
        if a.ends.count * b.starts.count <= limit { out.groups.append(cross(a.ends, b.starts)) }
        out.prefix = a.exact.map { x in cut(x.count * b.starts.count <= limit ? cross(x, b.starts) : x, keepingStart: true) } ?? a.prefix
        out.suffix = b.exact.map { y in cut(a.ends.count * y.count <= limit ? cross(a.ends, y) : y, keepingStart: false) } ?? b.suffix
        return out
    }

    /// The best group a part offers alone: the one whose shortest string is longest.
    private static func best(_ info: Info) -> Set<String>? {
        let candidates = (info.groups + [info.starts, info.ends]).filter { !$0.contains("") }
        return candidates.max { a, b in
            let (la, lb) = (a.map(\.count).min() ?? 0, b.map(\.count).min() ?? 0)
            return la != lb ? la < lb : a.count > b.count
        }
    }

    private static func either(_ branches: [Info]) -> Info {
        if branches.allSatisfy({ $0.exact != nil }) {
            return settled(Info(exact: branches.reduce(into: Set<String>()) { $0.formUnion($1.exact!) }))
        }
        var out = Info.unknown
        out.prefix = cut(branches.reduce(into: Set<String>()) { $0.formUnion($1.starts) }, keepingStart: true)
        out.suffix = cut(branches.reduce(into: Set<String>()) { $0.formUnion($1.ends) }, keepingStart: false)
        var union = Set<String>()
        for b in branches {
            guard let g = best(b) else { return out }
            union.formUnion(g)
        }
        if union.count <= limit { out.groups = [union] }
        return out
    }

    private static func repeated(_ a: Info, _ low: Int, _ high: Int) -> Info {
        if let x = a.exact, x.count == 1, x.contains(" ") { return Info(exact: low == 0 ? ["", " "] : [" "]) }
        if low == 0 {
            guard high == 1, let x = a.exact else { return .unknown }
            return Info(exact: x.union([""]))
        }
        if low == 1 && high == 1 { return a }
        var out = Info.unknown
        out.groups = a.groups + (a.exact.map { [$0] } ?? [])
        out.prefix = a.starts
        out.suffix = a.ends
        return out
    }
}
