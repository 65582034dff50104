import Foundation
import KGDocuments

/// Facts from an article's infobox and categories. What each field means is in
/// `Lexicon/infobox-fields.txt`.
struct InfoboxRules {
    let typer: EntityTyper
    let dateFinder: DateFinder
    var lexicon: Lexicon { typer.lexicon }

    struct Facts {
        var relations: [ExtractedRelation] = []
        var properties: [ExtractedProperty] = []
        var events: [ExtractedEvent] = []
    }

    func evidence(_ p: TemplateParameter, _ rule: String) -> Evidence {
        let raw = p.raw.count > 300 ? String(p.raw.prefix(300)) + "…" : p.raw
        return Evidence(text: "\(p.name) = \(raw)", line: p.line, extractor: "infobox.\(rule)")
    }

    /// The things a field names, in order: each link whose text stands in the value outside
    /// parentheses, then the plain-text items left over (split at commas, line breaks and "and").
    /// Asides in parentheses ("[[Jane Doe]] ([[Chief executive officer|CEO]])") name roles, not values.
    func values(_ p: TemplateParameter, defaultKind: EntityKind?, table: inout EntityTable, personsOnly: Bool = false) -> [Int] {
        var found: [(position: Int, id: Int)] = []
        var rest = Self.replacingAsides(p.text)
        for link in p.links {
            let text = link.text.trimmedSpaces()
            guard !text.isEmpty else { continue }
            var position = found.count
            if let r = rest.range(of: text) {
                position = rest.distance(from: rest.startIndex, to: r.lowerBound)
                rest.replaceSubrange(r, with: "\n")
            } else if p.text.contains(text) {
                continue   // only inside an aside
            }
            if let first = text.first, first.isLowercase, typer.classify(link.target) == nil { continue }
            let g = typer.classify(link.target) ?? typer.classify(text)
            if personsOnly, g == nil, !typer.isPersonShaped(link.target) { continue }
            let kind = g?.kind ?? defaultKind
            let id = table.register(name: g?.canonical ?? link.target, surface: text == link.target ? nil : text, kind: kind,
                                    evidence: g != nil ? g!.evidence : (kind == nil ? nil : .infobox),
                                    strength: g?.evidence == .lexicon ? .canonical : .linkTarget, linked: true)
            found.append((position, id))
        }
        var offset = 0
        for part in rest.components(separatedBy: CharacterSet(charactersIn: ",;\n•·")) {
            defer { offset += part.count + 1 }
            for piece in part.components(separatedBy: " and ") {
                let name = piece.trimmingCharacters(in: Self.spacesAndStars)
                guard name.count >= 2, name.first?.isUppercase == true || name.first?.isNumber == true else { continue }
                let g = typer.classify(name)
                if personsOnly, g == nil, !typer.isPersonShaped(name) { continue }
                let kind = g?.kind ?? defaultKind
                let id = table.register(name: g?.canonical ?? name, surface: name, kind: kind,
                                        evidence: g != nil ? g!.evidence : (kind == nil ? nil : .infobox),
                                        strength: g?.evidence == .lexicon ? .canonical : .surface)
                found.append((offset, id))
            }
        }
        var out: [Int] = []
        for (_, id) in found.sorted(by: { $0.position < $1.position }) where !out.contains(id) { out.append(id) }
        return out
    }

    static let spacesAndStars = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "*"))

    /// `text` with each innermost parenthesised aside replaced by a line break, as the expression
    /// `\([^()]*\)` replaces them: parentheses are ASCII, so bytes do.
    static func replacingAsides(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0x29) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var open: Int?   // where in `out` the last "(" with no parenthesis after it was written
        for b in bytes {
            if b == 0x28 {
                open = out.count
            } else if b == 0x29, let o = open {
                out.removeSubrange(o...)
                out.append(0x0A)
                open = nil
                continue
            } else if b == 0x29 {
                open = nil
            }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What a field says, whether its name is written with underscores or spaces.
    func role(_ p: TemplateParameter) -> String? {
        let name = p.name.lowercased().trimmedSpaces()
        return lexicon.infoboxFields[name] ?? lexicon.infoboxFields[name.replacingOccurrences(of: " ", with: "_")]
    }

    func foundedDate(_ p: TemplateParameter) -> String? {
        for t in p.templates where t.name.hasPrefix("start date") || t.name.hasPrefix("founded") || t.name == "date" || t.name.hasPrefix("start year") {
            let positional = t.parameters.filter { Int($0.name) != nil }.map { $0.text.trimmingCharacters(in: .whitespaces) }
            if let y = positional.first, y.count == 4, Int(y) != nil {
                var iso = y
                if positional.count > 1, let m = Int(positional[1]) ?? DateFinder.monthNumber(positional[1]), (1...12).contains(m) {
                    iso += String(format: "-%02d", m)
                    if positional.count > 2, let d = Int(positional[2]), (1...31).contains(d) { iso += String(format: "-%02d", d) }
                }
                return iso
            }
            if let text = positional.first, let d = dateFinder.dates(in: text, contextYear: nil, previous: nil).first { return d.iso }
        }
        return dateFinder.dates(in: p.text, contextYear: nil, previous: nil).first?.iso
    }

    func ticker(_ p: TemplateParameter) -> [(Exchange, String)] {
        var out: [(Exchange, String)] = []
        for t in p.templates {
            guard let ex = typer.exchange(template: t.name) else { continue }
            guard var symbol = t["1"]?.text.trimmingCharacters(in: .whitespaces), !symbol.isEmpty else { continue }
            if symbol.allSatisfy(\.isNumber), ex.symbolWidth > symbol.count {
                symbol = String(repeating: "0", count: ex.symbolWidth - symbol.count) + symbol
            }
            out.append((ex, "\(ex.prefix): \(symbol)"))
        }
        if out.isEmpty {
            // Written out: "HKEX: 0020", "NASDAQ: BIDU".
            for piece in p.text.components(separatedBy: CharacterSet(charactersIn: ",;\n")) {
                let parts = piece.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[1].isEmpty, let ex = typer.exchange(template: parts[0]) ?? typer.exchange(named: parts[0]) else { continue }
                out.append((ex, "\(ex.prefix): \(parts[1])"))
            }
        }
        return out
    }

    func website(_ p: TemplateParameter) -> String? {
        for t in p.templates where ["url", "official url", "official website", "website"].contains(t.name) {
            if let v = t["1"]?.text.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
        }
        if let r = p.raw.range(of: #"https?://[^\s\]|}]+"#, options: .regularExpression) { return String(p.raw[r]) }
        let t = p.text.trimmingCharacters(in: .whitespaces)
        if !t.isEmpty, !t.contains(" "), t.contains(".") { return t }
        return nil
    }

    /// What the lead sentence says of the article's subject: other names ("X, known as Y, is …",
    /// "X, S.A.B. de C.V." → "X") and whether it is a person ("X (born …)", "X (April 11, 1895 –
    /// June 20, 1969)").
    func lead(_ document: Document, subject: Int, table: inout EntityTable) {
        let name = table.entity(subject).name
        if let comma = name.range(of: ", "), let firstTail = name[comma.upperBound...].split(separator: " ").first,
           firstTail.contains(".") || lexicon.companySuffixes.contains(String(firstTail)) {
            let head = String(name[..<comma.lowerBound]).trimmedSpaces()
            if head.count >= 2 { table.addAlias(head, to: subject) }
        }
        let headWord = name.split(separator: " ").first.map(String.init) ?? name
        guard let sentence = document.sentences.prefix(8).first(where: { $0.origin == .body && $0.text.contains(headWord) }) else { return }
        let text = sentence.text as NSString
        let whole = NSRange(location: 0, length: text.length)
        for m in Self.knownAs.matches(in: sentence.text, range: whole) {
            let alias = text.substring(with: m.range(at: 1)).trimmedSpaces()
            if alias.count >= 2, !alias.contains(" and "), alias.split(separator: " ").count <= 5 { table.addAlias(alias, to: subject) }
        }
        if table.entity(subject).kind == nil, let m = Self.lifespan.firstMatch(in: sentence.text, range: whole),
           m.range.location < 160 {
            let aside = text.substring(with: m.range)
            if aside.contains("born") || DateFinder.months.contains(where: { aside.contains($0) }) {
                table.suggest(kind: .person, evidence: .infobox, for: subject)
            }
        }
    }

    static let knownAs = try! NSRegularExpression(pattern: #"\b(?:also\s+|commonly\s+|better\s+|formerly\s+)?known\s+as\s+([A-Z][^,;()"]{1,40}?)\s*(?:,|;|\)|\s+(?:is|was|are|were)\b)"#)
    static let lifespan = try! NSRegularExpression(pattern: #"\((?:born\b[^()]*|[^()]*\b\d{4}\s*[–—-]\s*[^()]*\b\d{4})\)"#)

    func extract(_ document: Document, subject: Int, table: inout EntityTable) -> Facts {
        var facts = Facts()
        lead(document, subject: subject, table: &table)
        guard let box = document.infoboxes.first else { return facts }
        let subjectKind = table.entity(subject).kind
        let isBody = subjectKind == nil || subjectKind == .company || subjectKind == .organization || subjectKind == .government
        var founded: String?
        var founders: [Int] = []
        func relate(_ a: Int, _ type: String, _ b: Int, _ p: TemplateParameter, _ rule: String, date: String? = nil, confidence: Double = 0.9) {
            guard table.find(a) != table.find(b) else { return }
            facts.relations.append(ExtractedRelation(subject: a, type: type, object: b, date: date, evidence: evidence(p, rule), confidence: confidence))
        }
        func property(_ key: String, _ value: FactValue, _ p: TemplateParameter) {
            guard !facts.properties.contains(where: { $0.key == key }) else { return }
            facts.properties.append(ExtractedProperty(entity: subject, key: key, value: value, evidence: evidence(p, key)))
        }
        // Founding date first: founders take it as their date.
        let roles = box.template.parameters.map(role)
        for (p, role) in zip(box.template.parameters, roles) where role == "founded" && !p.raw.isEmpty {
            if let d = foundedDate(p) { founded = d; property("founded", .date(d), p); break }
        }
        for (p, role) in zip(box.template.parameters, roles) where !p.raw.trimmedSpaces().isEmpty {
            guard let role else { continue }
            switch role {
            case "founders" where isBody:
                let people = values(p, defaultKind: .person, table: &table).filter {
                    let k = table.entity($0).kind
                    return k == .person || k == nil
                }
                for f in people {
                    table.suggest(kind: .person, evidence: .infobox, for: f)
                    relate(subject, "FOUNDED_BY", f, p, "founders", date: founded)
                    relate(f, "AFFILIATED_WITH", subject, p, "founders", date: founded, confidence: 0.6)
                    founders.append(f)
                }
            case "hq" where isBody:
                for place in values(p, defaultKind: .place, table: &table) where table.entity(place).kind == .place {
                    relate(subject, "HEADQUARTERED_IN", place, p, "headquarters")
                }
            case "ticker":
                let tickers = ticker(p)
                if !tickers.isEmpty { property("ticker", .string(tickers.map(\.1).joined(separator: ", ")), p) }
                for (ex, _) in tickers {
                    let id = table.register(name: ex.name, kind: .organization, evidence: .lexicon, strength: .canonical, count: false)
                    relate(subject, "LISTED_ON", id, p, "traded_as")
                }
            case "industry":
                let text = p.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { property("industry", .string(text), p) }
            case "website":
                if let w = website(p) { property("website", .string(w), p) }
            case "subsidiaries" where isBody:
                for c in values(p, defaultKind: .company, table: &table) where table.entity(c).kind != .place && table.entity(c).kind != .person {
                    relate(c, "SUBSIDIARY_OF", subject, p, "subsidiaries")
                }
            case "parent" where isBody:
                for c in values(p, defaultKind: .company, table: &table) where table.entity(c).kind != .place && table.entity(c).kind != .person {
                    relate(subject, "SUBSIDIARY_OF", c, p, "parent")
                }
            case "people" where isBody:
                for person in values(p, defaultKind: .person, table: &table, personsOnly: true) where table.entity(person).kind == .person {
                    relate(person, "AFFILIATED_WITH", subject, p, "key_people", confidence: 0.7)
                }
            case "employer" where subjectKind == .person:
                for org in values(p, defaultKind: .organization, table: &table) where table.entity(org).kind != .place && table.entity(org).kind != .person {
                    relate(subject, "AFFILIATED_WITH", org, p, "employer")
                }
            case "office" where subjectKind == .person:
                // Only organisations a linked office names: "[[President of the United States]]" is an office, not a body.
                for link in p.links {
                    // "[[Chairman of the Federal Trade Commission]]": the body after "of the" when it is a state body.
                    if let r = link.target.range(of: " of the ") {
                        let body = String(link.target[r.upperBound...])
                        if let g = typer.classify(body), g.kind == .government, body.contains(" ") {
                            let org = table.register(name: g.canonical, kind: .government, evidence: g.evidence, strength: .canonical)
                            relate(subject, "AFFILIATED_WITH", org, p, "office", confidence: 0.7)
                            continue
                        }
                    }
                    guard let g = typer.classify(link.target) ?? typer.classify(link.text), g.kind == .company || g.kind == .organization else { continue }
                    let org = table.register(name: link.target, surface: link.text == link.target ? nil : link.text, kind: g.kind,
                                             evidence: g.evidence, strength: .linkTarget, linked: true)
                    relate(subject, "AFFILIATED_WITH", org, p, "office", confidence: 0.7)
                }
            case "party" where subjectKind == .person:
                for org in values(p, defaultKind: .organization, table: &table) where table.entity(org).kind == .organization {
                    relate(subject, "AFFILIATED_WITH", org, p, "party", confidence: 0.7)
                }
            case "affiliations":
                for org in values(p, defaultKind: .organization, table: &table) {
                    let k = table.entity(org).kind
                    guard k == .organization || k == .company || k == .government, org != subject else { continue }
                    if isBody { relate(subject, "MEMBER_OF", org, p, "affiliations", confidence: 0.7) }
                    else if subjectKind == .person { relate(subject, "AFFILIATED_WITH", org, p, "affiliations", confidence: 0.7) }
                }
            case "owners" where isBody:
                // A company owned by another is its subsidiary; a person or fund owning it invested in it.
                for owner in values(p, defaultKind: nil, table: &table) where table.entity(owner).kind != .place {
                    let k = table.entity(owner).kind
                    if k == .company || k == .organization || (k == nil && !typer.isPersonShaped(table.entity(owner).name)) {
                        if k == nil { table.suggest(kind: .company, evidence: .infobox, for: owner) }
                        // "[[Tencent]] (18%)": a minority owner invested in the company; it is no parent.
                        if let share = Self.share(of: table.entity(owner), in: p.text), share < 50 {
                            relate(owner, "INVESTED_IN", subject, p, "owners", confidence: 0.7)
                            continue
                        }
                        relate(subject, "SUBSIDIARY_OF", owner, p, "owners", confidence: 0.7)
                    } else if k == .person {
                        relate(owner, "INVESTED_IN", subject, p, "owners", confidence: 0.6)
                    }
                }
            default:
                break
            }
        }
        if let founded, isBody {
            let ev = zip(box.template.parameters, roles).first { $0.1 == "founded" }?.0
            let name = table.entity(subject).name
            facts.events.append(ExtractedEvent(kind: "founding", date: founded, title: "\(name) founded", participants: [subject] + founders,
                                               evidence: ev.map { evidence($0, "founded") } ?? Evidence(text: founded, line: box.template.line, extractor: "infobox.founded")))
        }
        return facts
    }

    /// "Companies listed on the X", "X portfolio companies", "2014 establishments in …",
    /// "2021 initial public offerings".
    func categories(_ document: Document, subject: Int, table: inout EntityTable, haveFounded: Bool) -> Facts {
        var facts = Facts()
        let kind = table.entity(subject).kind
        guard kind == .company || kind == .organization || kind == nil else { return facts }
        var foundedSet = haveFounded
        for category in document.categories {
            let ev = Evidence(text: "[[Category:\(category)]]", line: nil, extractor: "category")
            if category.hasPrefix("Companies listed on "), !category.contains("formerly") {
                var name = category.dropFirst("Companies listed on ".count)
                if name.hasPrefix("the ") { name = name.dropFirst(4) }
                guard let ex = typer.exchange(named: String(name)) else { continue }
                let id = table.register(name: ex.name, kind: .organization, evidence: .lexicon, strength: .canonical, count: false)
                var e = ev; e.extractor = "category.listed"
                facts.relations.append(ExtractedRelation(subject: subject, type: "LISTED_ON", object: id, evidence: e, confidence: 0.9))
            } else if category.hasSuffix(" portfolio companies") {
                let name = category.dropLast(" portfolio companies".count).trimmedSpaces()
                guard !name.isEmpty else { continue }
                let g = typer.classify(name)
                let id = table.register(name: g?.canonical ?? name, kind: g?.kind ?? .company, evidence: g?.evidence ?? .slot,
                                        strength: .surface, count: false)
                var e = ev; e.extractor = "category.portfolio"
                facts.relations.append(ExtractedRelation(subject: id, type: "INVESTED_IN", object: subject, evidence: e, confidence: 0.7))
            } else if Self.startsWithYear(category), category.dropFirst(4).hasPrefix(" establishments in "), !foundedSet {
                let year = String(category.prefix(4))
                var e = ev; e.extractor = "category.established"
                facts.properties.append(ExtractedProperty(entity: subject, key: "founded", value: .date(year), evidence: e))
                foundedSet = true
            } else if Self.startsWithYear(category), category.dropFirst(4) == " initial public offerings" {
                let year = String(category.prefix(4))
                var e = ev; e.extractor = "category.ipo"
                facts.events.append(ExtractedEvent(kind: "ipo", date: year, title: "\(table.entity(subject).name) IPO",
                                                   participants: [subject], evidence: e))
            }
        }
        return facts
    }

    /// The percentage written right after an owner's name in an infobox field: "Acme (18%)",
    /// "Acme – 18.5%".
    static func share(of owner: ExtractedEntity, in text: String) -> Double? {
        for name in [owner.name] + owner.aliases {
            guard let r = text.range(of: name) else { continue }
            let after = text[r.upperBound...].prefix(16)
            let digits = after.drop(while: { " (–-:".contains($0) }).prefix(while: { $0.isNumber || $0 == "." })
            guard !digits.isEmpty, let value = Double(digits) else { return nil }
            let rest = after.drop(while: { " (–-:".contains($0) }).dropFirst(digits.count).drop(while: { $0 == " " })
            return rest.first == "%" ? value : nil
        }
        return nil
    }

    static func startsWithYear(_ text: String) -> Bool {
        let head = text.utf8.prefix(4)
        return head.count == 4 && head.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
