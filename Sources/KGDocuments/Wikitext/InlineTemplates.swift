/// Templates that put text into the rendered page (`{{lang|…}}`, `{{convert|…}}`, `{{URL|…}}`,
/// dates, currencies, tickers, lists). Every other template renders nothing: citations,
/// maintenance tags, navigation boxes and infoboxes carry no running text.
enum InlineTemplates {
    /// The normalised name: trimmed, lower-cased, underscores as spaces, no `Template:` prefix.
    static func name(_ template: WikiTemplate, _ p: UnsafeBufferPointer<UInt8>) -> String {
        LinkTarget.withRaw(template.name, p) { raw in
            // The usual name, ASCII without character references, lower-cased and stripped of
            // its prefixes as bytes; byte and `Character` comparisons agree on ASCII.
            var (bytes, hasEntity) = LinkTarget.cleanedBytes(raw)
            guard !hasEntity, bytes.allSatisfy({ $0 < 0x80 }) else {
                return normalizeName(String(decoding: raw, as: UTF8.self))
            }
            for k in bytes.indices where bytes[k] >= 0x41 && bytes[k] <= 0x5A { bytes[k] |= 0x20 }
            var lo = 0
            var hi = bytes.count
            for prefix in namePrefixes where bytes[lo..<hi].starts(with: prefix) {
                lo += prefix.count
                while lo < hi, bytes[lo] == 0x20 { lo += 1 }
                while hi > lo, bytes[hi - 1] == 0x20 { hi -= 1 }
            }
            return String(decoding: bytes[lo..<hi], as: UTF8.self)
        }
    }

    private static let namePrefixes = ["template:", "subst:", "safesubst:", "msgnw:"].map { Array($0.utf8) }

    static func normalizeName(_ raw: String) -> String {
        var name = LinkTarget.cleanName(raw)
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            name = String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        } else {
            name = name.lowercased()
        }
        for prefix in ["template:", "subst:", "safesubst:", "msgnw:"] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count)).trimming(" ")
        }
        return name
    }

    /// Parameters with their names; positional ones are "1", "2", ….
    static func arguments(_ template: WikiTemplate, _ p: UnsafeBufferPointer<UInt8>) -> [(name: String, parameter: WikiParameter)] {
        var position = 0
        return template.parameters.map { parameter in
            if let nameNodes = parameter.name {
                return (LinkTarget.raw(nameNodes, p).trimming(" \t\n\r"), parameter)
            }
            position += 1
            return (String(position), parameter)
        }
    }

    static func render(_ template: WikiTemplate, into r: inout WikiRenderer) {
        let name = name(template, r.p)
        guard let style = style(for: name) else { return }
        let args = arguments(template, r.p)
        func arg(_ key: String) -> WikiParameter? {
            args.last { $0.name == key }?.parameter
        }
        func text(_ key: String) -> String? {
            guard let parameter = arg(key) else { return nil }
            let t = r.renderedText(parameter.value)
            return t.isEmpty ? nil : t
        }
        func emit(_ key: String) {
            if let parameter = arg(key) { r.render(parameter.value, inline: true) }
        }
        let positional = args.filter { Int($0.name) != nil }
        switch style {
        case .first:
            emit("1")
        case .second:
            emit(arg("2") != nil ? "2" : "1")
        case .last:
            if let last = positional.last { r.render(last.parameter.value, inline: true) }
        case .firstTwo:
            emit("1")
            r.out.space()
            emit("2")
        case .literal(let s):
            if s == " " { r.out.space() } else { r.out.append(s) }
        case .prefixed(let prefix):
            guard let value = text("1") else { return }
            r.out.append(prefix + value)
        case .chinese:
            let parts = ["c", "t", "s", "p", "j", "cy", "poj", "l"].compactMap { text($0) }
            guard !parts.isEmpty else { return }
            r.out.append(uniqued(parts).joined(separator: "; "))
        case .url:
            if let shown = text("2") {
                r.out.append(shown)
            } else if let url = text("1") {
                r.out.append(displayURL(url))
            }
        case .convert:
            guard let value = text("1") else { return }
            if let middle = text("2"), ["-", "–", "to", "and", "or", "x", "×", "+/-", "±"].contains(middle), let upper = text("3") {
                r.out.append("\(value) \(middle == "-" ? "–" : middle) \(upper)")
                if let unit = text("4") { r.out.append(" \(unit)") }
            } else {
                r.out.append(value)
                if let unit = text("2") { r.out.append(" \(unit)") }
            }
        case .date:
            let values = positional.prefix(3).map { r.renderedText($0.parameter.value) }
            let dayFirst = ["yes", "y", "1", "true"].contains((text("df") ?? "").lowercased())
            r.out.append(formatDate(values, dayFirst: dayFirst))
        case .asOf:
            let values = positional.prefix(3).map { r.renderedText($0.parameter.value) }
            let lower = ["y", "yes", "true"].contains((text("lc") ?? "").lowercased())
            r.out.append((lower ? "as of " : "As of ") + formatDate(values, dayFirst: true))
        case .ticker(let exchange):
            guard var symbol = text("1") else { return }
            if exchange == "SEHK" || exchange == "HKEX", symbol.count < 4, symbol.allSatisfy(\.isNumber) {
                symbol = String(repeating: "0", count: 4 - symbol.count) + symbol
            }
            r.out.append("\(exchange): \(symbol)")
        case .list:
            for (index, item) in positional.enumerated() {
                if index > 0 {
                    if r.mode == .field { r.out.separator() } else { r.out.append(",") }
                }
                r.out.space()
                r.render(item.parameter.value, inline: r.mode != .field)
            }
        case .interlanguageLink:
            guard let target = text("1") else { return }
            let start = r.out.startSpan()
            r.out.append(text("lt") ?? target)
            if let normalised = LinkTarget.normalize(target) {
                r.out.links.append(TextBuffer.Link(target: normalised, start: start, end: r.out.bytes.count))
            }
        case .currency:
            guard let amount = text("1") else { return }
            r.out.append(amount)
            if let code = text("2") { r.out.append(" \(code)") }
        case .quote:
            if let quoted = arg("text") ?? arg("quote") ?? arg("1") { r.render(quoted.value, inline: true) }
        }
    }

    enum Style {
        case first, second, last, firstTwo
        case literal(String)
        case prefixed(String)
        case chinese, url, convert, date, asOf, list, interlanguageLink, currency, quote
        case ticker(String)
    }

    static func style(for name: String) -> Style? {
        if let style = styles[name] { return style }
        if name.hasPrefix("lang-") { return .first }
        if name.hasPrefix("formatnum:") { return nil }
        return nil
    }

    static let styles: [String: Style] = {
        var s: [String: Style] = [:]
        for n in ["nowrap", "nobr", "small", "smaller", "big", "larger", "nobold", "noitalic", "not a typo", "proper name",
                  "visible anchor", "vanchor", "abbr", "abbrlink", "smallcaps", "sc", "small caps", "sc2", "uc", "lc",
                  "ucfirst", "lcfirst", "var", "samp", "code", "mono", "strong", "em", "tooltip", "keypress", "math",
                  "flag", "flagcountry", "flagu", "flag country", "flagdeco text", "nihongo", "nihongo2", "script",
                  "linktext", "lang-en", "english", "wikt-lang", "transliteration", "highlight", "center", "marriage",
                  "small-caps", "title case", "sentence case", "nowrap begin", "bracket", "citation needed span",
                  "cn span", "dubious span", "clarify span", "better source needed span", "format price", "hilite",
                  "lang-zh"] {
            s[n] = .first
        }
        for n in ["lang", "native name", "langx", "native phrase", "ruby"] { s[n] = .second }
        for n in ["transl", "sic", "resize"] { s[n] = .last }
        s["sortname"] = .firstTwo
        for n in ["zh", "zh-full", "zh-hans", "zh-hant", "zh-tsp", "zh-stp", "zh-st", "zh-ts", "zh-s", "zh-t", "zh-p", "zh-cp", "zh-pc", "zh-sp", "zh-tp"] {
            s[n] = .chinese
        }
        s["url"] = .url
        s["official url"] = .url
        for n in ["convert", "cvt"] { s[n] = .convert }
        for n in ["start date", "start date and age", "end date", "end date and age", "birth date", "birth date and age",
                  "death date", "death date and age", "dts", "date", "film date", "start-date", "end-date", "birth-date",
                  "death-date", "birth date and age2", "release date", "released", "opened", "established"] {
            s[n] = .date
        }
        s["as of"] = .asOf
        for n in ["ubl", "unbulleted list", "plainlist", "plain list", "flatlist", "flat list", "hlist", "bulleted list",
                  "bulleted", "ublist", "unordered list", "ordered list", "collapsible list", "enum", "unbulleted list citebundle"] {
            s[n] = .list
        }
        s["ill"] = .interlanguageLink
        s["interlanguage link"] = .interlanguageLink
        s["interlanguage link multi"] = .interlanguageLink
        s["'"] = .literal("'")
        s["'s"] = .literal("'s")
        s["!"] = .literal("|")
        s["="] = .literal("=")
        for n in ["snd", "spaced ndash", "spaced en dash", "spnd", "sndash"] { s[n] = .literal(" – ") }
        for n in ["ndash", "en dash", "–", "dash"] { s[n] = .literal("–") }
        for n in ["mdash", "em dash", "—"] { s[n] = .literal("—") }
        for n in ["nbsp", "space", "spaces", "sp", "thinsp"] { s[n] = .literal(" ") }
        for n in ["middot", "·", "dot", "dot separator"] { s[n] = .literal(" · ") }
        for n in ["circa", "c."] { s[n] = .prefixed("c. ") }
        for (n, p) in [("us$", "US$"), ("usd", "US$"), ("hk$", "HK$"), ("hkd", "HK$"), ("gbp", "£"), ("£", "£"),
                       ("€", "€"), ("eur", "€"), ("jpy", "¥"), ("yen", "¥"), ("a$", "A$"), ("aud", "A$"), ("rmb", "CN¥"),
                       ("cny", "CN¥"), ("ca$", "CA$"), ("cad", "CA$"), ("inr", "₹"), ("₹", "₹"), ("s$", "S$"),
                       ("sgd", "S$"), ("nt$", "NT$"), ("twd", "NT$"), ("krw", "₩"), ("₩", "₩")] {
            s[n] = .prefixed(p)
        }
        s["currency"] = .currency
        for n in ["quote", "blockquote", "cquote", "quotation", "quote frame"] { s[n] = .quote }
        let exchanges = ["hkex": "HKEX", "sehk": "SEHK", "nyse": "NYSE", "nasdaq": "NASDAQ", "sse": "SSE", "szse": "SZSE",
                         "lse": "LSE", "tyo": "TYO", "tse": "TSE", "krx": "KRX", "bse": "BSE", "nse": "NSE", "asx": "ASX",
                         "fwb": "FWB", "euronext": "Euronext", "six": "SIX", "tsx": "TSX", "twse": "TWSE", "sgx": "SGX",
                         "bmad": "BMAD", "bit": "BIT", "nyse american": "NYSE American", "nyse arca": "NYSE Arca",
                         "otc pink": "OTC Pink", "otcqx": "OTCQX", "pink sheets": "OTC Pink", "omx": "OMX",
                         "nasdaq nordic": "Nasdaq Nordic", "moex": "MOEX", "idx": "IDX", "set": "SET", "pse": "PSE",
                         "bmv": "BMV", "bovespa": "B3", "b3": "B3", "jse": "JSE", "tase": "TASE", "wse": "WSE",
                         "xetra": "Xetra", "neeq": "NEEQ", "kosdaq": "KOSDAQ", "mcx": "MCX", "sse star": "SSE STAR"]
        for (n, display) in exchanges { s[n] = .ticker(display) }
        return s
    }()

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// `[2014, 10, 1]` → "1 October 2014" (or "October 1, 2014"); free text stays as written.
    static func formatDate(_ values: [String], dayFirst: Bool) -> String {
        let parts = values.map { $0.trimming(" ") }.filter { !$0.isEmpty }
        guard let first = parts.first else { return "" }
        guard let year = Int(first) else { return parts.joined(separator: " ") }
        guard parts.count >= 2, let month = Int(parts[1]), (1...12).contains(month) else { return String(year) }
        let monthName = monthNames[month - 1]
        guard parts.count >= 3, let day = Int(parts[2]), (1...31).contains(day) else { return "\(monthName) \(year)" }
        return dayFirst ? "\(day) \(monthName) \(year)" : "\(monthName) \(day), \(year)"
    }

    private static func displayURL(_ url: String) -> String {
        var s = Substring(url)
        for scheme in ["https://", "http://", "//"] where s.lowercased().hasPrefix(scheme) {
            s = s.dropFirst(scheme.count)
            break
        }
        while s.last == "/" { s = s.dropLast() }
        return String(s)
    }

    private static func uniqued(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
