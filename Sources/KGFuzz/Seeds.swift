/// Built-in seeds and dictionaries, so the fuzzer starts somewhere useful even with no files.
enum Seeds {
    static let wikitext: [String] = [
        """
        {{Short description|Hong Kong software company}}
        {{Infobox company
        | name = SenseTime
        | type = [[Public company|Public]]
        | traded_as = {{hkex|20}}
        | foundation = {{Start date and age|df=yes|October 2014}}
        | founder = [[Tang Xiao'ou]]<br> [[Xu Li (computer scientist)|Xu Li]]
        | subsidiaries = Shanghai SenseTime<ref name="a">{{cite web|url=http://x.y|title=T}}</ref>
        }}
        '''SenseTime''' ({{zh|s=商汤科技}}) is an [[artificial intelligence]] company.<ref>Ref.</ref>

        == History ==
        SenseTime was founded in 2014 by [[Tang Xiao'ou]].<!-- comment --> In 2021 the [[United States Department of the Treasury|Treasury]] added it to a blacklist.
        {| class="wikitable"
        |-
        ! Year !! Revenue
        |-
        | 2020 || 3.4
        |}
        === Products ===
        * SenseFoundry
        * [http://example.com SensePass]
        <nowiki>{{not a template}}</nowiki>
        [[Category:Companies]]
        """,
        "#REDIRECT [[SenseTime]]",
        "'''Megvii''' is a company. {{cite news |title=A |date=1 May 2019}}\n\n==See also==\n* [[Face++]]\n",
        "<ref>unclosed\n{{unclosed\n[[unclosed\n<!-- unclosed\n",
    ]

    static let wikitextTokens: [String] = [
        "{{", "}}", "[[", "]]", "[", "]", "|", "=", "==", "\n== H ==\n", "\n=", "'''", "''", "<ref>", "</ref>", "<ref name=\"a\"/>",
        "<ref name=a>", "<!--", "-->", "<nowiki>", "</nowiki>", "{|", "|}", "\n|-\n", "\n!", "||", "!!", "&amp;", "&#x1F600;",
        "&#99999999;", "&#0;", "&#xD800;", "&nbsp;", "{{Infobox company\n| name = ", "\n| founder = ", "\n* ", "\n# ", "\n:", "\n;",
        "__TOC__", "<br>", "<br/>", "<math>", "</math>", "[http://x.y z]", "http://", "https://a.b/c?d=e", "<div>", "</div>",
        "{{{1}}}", "{{{", "}}}", "<gallery>", "</gallery>", "[[File:A.jpg|thumb|", "[[Category:", "#REDIRECT ", "<pre>", "</pre>",
        "<syntaxhighlight lang=\"c\">", "</syntaxhighlight>", "<span style=\"x\">", "</span>", "<small>", "</small>", "<sup>",
        "{{lang|zh|", "{{zh|s=", "{{cite web|url=", "{{Start date|2014|10|1}}", "{{hkex|20}}", "{{flag|China}}", "{{efn|", "{{sfn|",
        "<references/>", "{{reflist}}", "[[:", "[[#", "[[w:", "|thumb", "\u{A0}", "—", "–", "“", "”", "。", "，", "商汤", "😀",
        "\n\n", "\r\n", " ", "Inc.", " Ltd.", " was founded by ", " acquired ", " in 2014", " on 10 December 2021", "(", ")",
    ]

    static let wikitextNesting: [(String, String)] = [("{{", "}}"), ("[[", "]]"), ("{{{", "}}}"), ("[", "]"), ("(", ")"),
                                                      ("<ref>", "</ref>"), ("<div>", "</div>"), ("{|\n", "\n|}\n"),
                                                      ("<!--", "-->"), ("{{a|", "}}"), ("[[a|", "]]"), ("''", "''")]

    static let frontMatter: [String] = [
        """
        ---
        category: news
        title: "Chinese AI Giant SenseTime Remains Committed To IPO Despite U.S. Blacklist"
        excerpt: "SenseTime has decided to postpone its initial public offering in Hong Kong."
        publishedDateTime: 2021-12-13T07:35:00Z
        originalUrl: "https://www.forbes.com/sites/x/"
        provider:
          name: Forbes
          domain: forbes.com
        topics: [AI, "Hong Kong"]
        related:
          - title: "SenseTime delays IPO"
            excerpt: 'It was added to a blacklist on Friday.'
            webUrl: https://example.com/a
            provider: {name: Reuters}
          - title: >
              Folded
              title
        ---
        # SenseTime

        SenseTime, the Chinese **AI** company, said on [Monday](https://x.y) it still intends to list.

        - a list item
        > a quote
        """,
        "---\ntitle: x\n---\n",
        "---\n---\nBody only.\n",
        "---\ntitle: |\n  literal\n  block\nrelated: []\ntopics: ~\n...\nBody.\n",
        "---\nbase: &b {name: X}\nprovider: *b\ntitle: !!str 12\n---\nText.\n",
    ]

    static let yamlTokens: [String] = [
        "---\n", "\n---\n", "...\n", ": ", "- ", "\n- ", "\n  - ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b [*a, *a, *a]", "!!str ",
        "!!binary ", "!!int ", "!!map ", "!<tag:x> ", "!local ", "|", "|-\n", ">", ">+\n", "\"", "'", "#", "# c\n", "\t", "? ", "\n? ",
        "title: ", "excerpt: ", "related:\n  - title: ", "provider:\n  name: ", "topics: [", "publishedDateTime: ", "%YAML 1.2\n",
        "%TAG ! tag:x,2000:\n", "<<: *a", "~", "null", "\"\\u0000\"", "\"\\x00\"", "\"\\uD800\"", "\"\\U0010FFFF\"", "\"\\", "'it''s'",
        "2021-12-13T07:35:00Z", "0x1F", "1e309", ".inf", ".nan", "yes", "no", "\n  ", "\n    ", "   ", "\u{FEFF}", "商汤", "\r\n",
        "key: value\n", "a:\n  b:\n    c: d\n", "- - - x\n", "? [a, b]\n: c\n",
    ]

    static let yamlNesting: [(String, String)] = [("[", "]"), ("{a: ", "}"), ("- ", ""), ("? ", ""), ("\"", "\""), ("[{", "}]"),
                                                  ("{", "}"), ("&a [", "]")]

    static let queries: [String] = [
        "MATCH (n) RETURN n",
        "MATCH (n:Company) RETURN n.name AS name ORDER BY name LIMIT 5",
        "MATCH (a:Company)-[r:PARTNERED_WITH]->(b) WHERE a.name STARTS WITH 'S' RETURN a, r, b",
        "MATCH p = (a)-[*1..3]->(b) RETURN length(p), nodes(p) LIMIT 10",
        "MATCH (a)-[r]-(b) RETURN type(r), count(*) ORDER BY count(*) DESC",
        "MATCH (n) WHERE n.rank > 2 AND NOT n.name CONTAINS 'x' RETURN n.name, n.score * 2 + 1",
        "MATCH (n {name: $name}) RETURN labels(n), keys(n), properties(n)",
        "UNWIND [1, 2, 3] AS x WITH x WHERE x % 2 = 1 RETURN collect(x) AS odd",
        "UNWIND range(1, 10) AS i RETURN sum(i), avg(i), min(i), max(i)",
        "RETURN 1 + 2 * 3 - 4 / 2, 'a' + 'b', [1, 2][0], {a: 1}.a, 2 ^ 10, -9223372036854775807 - 1",
        "RETURN CASE WHEN 1 = 1 THEN 'yes' ELSE 'no' END",
        "RETURN toUpper('abc'), substring('hello', 1, 3), split('a,b', ','), replace('aaa', 'a', 'b'), trim('  x ')",
        "MATCH (a:Person), (b:Company) WHERE id(a) < id(b) RETURN a.name, b.name",
        "OPTIONAL MATCH (n:Missing) RETURN n",
        "MATCH (n) WITH n.founded AS f RETURN DISTINCT f ORDER BY f SKIP 1 LIMIT 3",
        "MATCH (a)-[:INVESTED_IN]->(b)<-[:PARTNERED_WITH]-(c) RETURN a.name, b.name, c.name",
        "MATCH (a) WHERE a.name =~ '.*Time' RETURN a",
        "MATCH (a) WHERE a.name IN ['Megvii', 'SenseTime'] RETURN a.name",
        "MATCH (a) WHERE a.tags IS NOT NULL RETURN size(a.tags), head(a.tags), last(a.tags)",
        "CREATE (n:Company {name: 'Acme', founded: 2020}) RETURN n",
        "MATCH (a {name: 'SenseTime'}), (b {name: 'Megvii'}) CREATE (a)-[r:ACQUIRED {date: '2022'}]->(b) RETURN r",
        "MERGE (n:Company {name: 'SenseTime'}) ON CREATE SET n.x = 1 ON MATCH SET n.y = 2 RETURN n",
        "MATCH (n {name: 'Megvii'}) SET n.rank = n.rank + 1, n:Listed REMOVE n.score RETURN n",
        "MATCH (n:Thing) DETACH DELETE n",
        "MATCH ()-[r:SANCTIONED]->() DELETE r",
        "MATCH (a) RETURN a.name UNION MATCH (b:Company) RETURN b.name AS `a.name`",
        "EXPLAIN MATCH (n) RETURN n",
        "PROFILE MATCH (n)-->(m) RETURN count(*)",
        "MATCH (n) RETURN n.name ORDER BY n.rank DESC, n.name ASC",
        "MATCH p = shortestPath((a {name: 'SenseTime'})-[*]-(b {name: 'Megvii'})) RETURN p",
        "WITH [x IN range(1, 5) WHERE x > 2 | x * x] AS squares RETURN squares",
        "RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x)",
        "RETURN any(x IN [1, 2] WHERE x > 1), all(x IN [] WHERE false), none(x IN [1] WHERE x = 2)",
        "MATCH (n) WHERE exists(n.name) RETURN count(n)",
        "MATCH (n:`Company`) RETURN n.`name`",
        "FOREACH (x IN [1, 2] | CREATE (:Tmp {v: x}))",
        "MATCH (a)-[r]->(b) RETURN r.date, r.evidence, r.confidence, r.source, r.action",
        "RETURN $p, $list, $missing",
        "// comment\nMATCH (n) /* block */ RETURN n.name",
        "MATCH (n) WHERE n.name = '\\'); DROP TABLE triple; --' RETURN n",
        "CREATE (n:`'); DROP TABLE triple; --` {`k\"; DROP TABLE node; --`: '\"; DELETE FROM triple; --'})",
    ]

    static let cypherTokens: [String] = [
        "MATCH ", "(", ")", "(n)", "(n:Company)", "-[", "]->", "<-[", "]-", "-->", "<--", "--", "-[r]->", "*", "*1..", "*..3", "..", "{",
        "}", ":", ",", ";", "RETURN ", " WHERE ", " WITH ", "UNWIND ", " AS ", " ORDER BY ", " SKIP ", " LIMIT ", "CREATE ", "MERGE ",
        "DELETE ", "DETACH DELETE ", " SET ", " REMOVE ", "OPTIONAL MATCH ", "CALL ", "EXPLAIN ", "PROFILE ", " UNION ", " UNION ALL ",
        "DISTINCT ", "count(*)", "collect(", "'", "\"", "`", "\\", "\\u", "$p", "$1", "$`x`", "0x", "0o7", "1e309", "1.5e-3", ".5",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "'); DROP TABLE triple; --", "\"; DROP TABLE node; --",
        "`; DELETE FROM triple; --`", "?", "?1", ":name", "@x", "/*", "*/", "//", "=~", " STARTS WITH ", " CONTAINS ", " ENDS WITH ",
        " IS NULL", " IS NOT NULL", " IN ", "[", "]", "|", "CASE ", " WHEN ", " THEN ", " ELSE ", " END", "n.name", "n.rank", "r", "p = ",
        "shortestPath(", "allShortestPaths(", "size(", "range(", "reduce(", "any(", "all(", "exists(", "labels(", "type(", "id(",
        "nodes(", "relationships(", "length(", "toInteger(", "toFloat(", "substring(", "split(", "replace(", "keys(", "properties(",
        " AND ", " OR ", " XOR ", " NOT ", "=", "<>", "<", ">", "<=", ">=", "+", "-", "/", "%", "^", "0", "1", "-1", "null", "true",
        "false", "n", "m", "x", " ", "\n", "\t", "\u{0}", "ON CREATE SET ", "ON MATCH SET ", "FOREACH (", "YIELD ", "LOAD CSV ",
        "商汤", "😀", "\u{202E}", "{name: 'SenseTime'}", "{a: 1, b: [1, 2]}", "[1, 2, 3]", "[x IN [1] | x]", "sqlite_master",
    ]

    static let cypherNesting: [(String, String)] = [("(", ")"), ("[", "]"), ("{a: ", "}"), ("-", ""), ("NOT ", ""), ("[x IN ", " | x]"),
                                                    ("CASE WHEN true THEN ", " END"), ("size(", ")"), ("'", "'"), ("/*", "*/"),
                                                    ("1 + ", ""), ("[", ", 1]"), ("{a: [", "]}")]
}

/// Random statements from a small Cypher grammar: syntactically plausible, so they reach the
/// binder, the compiler and SQLite rather than stopping in the lexer.
struct CypherGenerator {
    var rng: SplitMix64
    private var depth = 0

    init(rng: SplitMix64) { self.rng = rng }

    private static let labels = ["Company", "Person", "Place", "GovernmentBody", "Thing", "Missing", "`'); DROP TABLE triple; --`"]
    private static let types = ["PARTNERED_WITH", "INVESTED_IN", "SANCTIONED", "MISSING", "`a b`"]
    private static let keys = ["name", "rank", "score", "founded", "tags", "missing", "`k'); DROP TABLE node; --`"]
    private static let variables = ["n", "m", "r", "p", "x"]

    mutating func statement() -> String {
        switch rng.below(10) {
        case 0: return "UNWIND \(list()) AS x RETURN \(expression()) AS v"
        case 1: return "CREATE \(node(properties: true)) RETURN \(expression())"
        case 2: return "MATCH \(pattern()) SET n.\(rng.pick(Self.keys)) = \(expression()) RETURN n"
        case 3: return "MATCH \(pattern()) DETACH DELETE n"
        case 4: return "RETURN \(expression()), \(expression())"
        default:
            var text = (rng.chance(20) ? "OPTIONAL " : "") + "MATCH \(pattern())"
            if rng.chance(60) { text += " WHERE \(expression())" }
            if rng.chance(30) { text += " WITH n, \(expression()) AS w" }
            text += " RETURN " + (rng.chance(20) ? "DISTINCT " : "") + "\(expression()) AS a, n"
            if rng.chance(30) { text += " ORDER BY a" + (rng.chance(50) ? " DESC" : "") }
            if rng.chance(30) { text += " SKIP \(rng.below(3))" }
            if rng.chance(40) { text += " LIMIT \(rng.below(20))" }
            return text
        }
    }

    mutating func pattern() -> String {
        var text = (rng.chance(20) ? "p = " : "") + node(variable: "n", properties: rng.chance(30))
        for i in 0..<rng.below(3) {
            let variable = i == 0 && rng.chance(50) ? "r" : ""
            let type = rng.chance(60) ? ":" + rng.pick(Self.types) + (rng.chance(20) ? "|" + rng.pick(Self.types) : "") : ""
            let length = rng.chance(25) ? rng.pick(["*", "*1..3", "*2", "*..2", "*0..1"]) : ""
            let inner = variable.isEmpty && length.isEmpty && type.isEmpty ? "" : "[\(length.isEmpty ? variable : "")\(type)\(length)]"
            text += rng.pick(["-\(inner)->", "<-\(inner)-", "-\(inner)-"])
            text += node(variable: i == 0 ? "m" : "", properties: rng.chance(20))
        }
        return text
    }

    mutating func node(variable: String = "", properties: Bool) -> String {
        let label = rng.chance(60) ? ":" + rng.pick(Self.labels) : ""
        let props = properties ? " {\(rng.pick(Self.keys)): \(literal())}" : ""
        return "(\(variable)\(label)\(props))"
    }

    mutating func literal() -> String {
        switch rng.below(9) {
        case 0: return String(Int64(bitPattern: rng.next()) >> rng.below(64))
        case 1: return String(Double(rng.below(1000)) / 7)
        case 2: return rng.pick(["'SenseTime'", "'商汤科技'", "'O\\'Brien'", "\"'); DROP TABLE triple; --\"", "''", "'\\u0000'"])
        case 3: return rng.pick(["null", "true", "false"])
        case 4: return "$" + rng.pick(["p", "name", "list", "missing"])
        case 5: return list()
        case 6: return "{a: \(rng.below(5)), b: 'x'}"
        default: return String(rng.below(10))
        }
    }

    mutating func list() -> String {
        rng.chance(50) ? "range(\(rng.below(5)), \(rng.below(50)))" : "[" + (0..<rng.below(4)).map { _ in literal() }.joined(separator: ", ") + "]"
    }

    mutating func expression() -> String {
        depth += 1
        defer { depth -= 1 }
        if depth > 4 { return literal() }
        switch rng.below(12) {
        case 0: return "\(expression()) \(rng.pick(["+", "-", "*", "/", "%", "^", "=", "<>", "<", ">=", "AND", "OR", "XOR", "IN", "CONTAINS", "STARTS WITH", "=~"])) \(expression())"
        case 1: return "\(rng.pick(Self.variables)).\(rng.pick(Self.keys))"
        case 2: return "\(rng.pick(["size", "toUpper", "toInteger", "toFloat", "toString", "labels", "type", "id", "keys", "head", "last", "abs", "length", "nodes", "properties", "exists"]))(\(expression()))"
        case 3: return "\(rng.pick(["count", "collect", "sum", "avg", "min", "max"]))(\(rng.chance(20) ? "DISTINCT " : "")\(expression()))"
        case 4: return "NOT \(expression())"
        case 5: return "CASE WHEN \(expression()) THEN \(expression()) ELSE \(expression()) END"
        case 6: return "[x IN \(list()) WHERE \(expression()) | \(expression())]"
        case 7: return "\(expression()) IS \(rng.chance(50) ? "NOT " : "")NULL"
        case 8: return "(\(expression()))"
        case 9: return "\(expression())[\(rng.below(3))]"
        default: return literal()
        }
    }
}
