@testable import KGShell
import XCTest

final class CompleterTests: XCTestCase {
    final class Vocabulary: CompletionVocabulary {
        func labels() -> [String] { ["Company", "GovernmentBody", "Person"] }
        func relationshipTypes() -> [String] { ["FOUNDED_BY", "PARTNER_OF", "SANCTIONED"] }
        func propertyKeys() -> [String] { ["aliases", "founded", "name"] }
        func names(withPrefix prefix: String, limit: Int) -> [String] {
            ["SenseTime", "SenseTime Group", "Tang Xiao'ou", "商汤科技"].filter { $0.hasPrefix(prefix) }
        }
    }

    let completer = Completer(vocabulary: Vocabulary(), dotCommands: DotCommand.names)

    func candidates(_ prefix: String, _ word: String, quote: Character? = nil) -> [String] {
        completer.complete(prefix: prefix, word: word, quote: quote).candidates
    }

    func testLabelsInNodePatterns() {
        XCTAssertEqual(candidates("MATCH (n:", "Co"), ["Company"])
        XCTAssertEqual(candidates("MATCH (n:Company:", ""), ["Company", "GovernmentBody", "Person"])
        XCTAssertEqual(candidates("MATCH (:", "gov"), ["GovernmentBody"]) // case-insensitive fallback
    }

    func testRelationshipTypesInRelationshipPatterns() {
        XCTAssertEqual(candidates("MATCH (a)-[r:", "PA"), ["PARTNER_OF"])
        XCTAssertEqual(candidates("MATCH (a)-[:FOUNDED_BY|", "SA"), ["SANCTIONED"])
    }

    func testPropertyKeysAfterADotAndInMaps() {
        XCTAssertEqual(candidates("MATCH (n) RETURN n.", "fo"), ["founded"])
        XCTAssertEqual(candidates("MATCH (n {", "na"), ["name"])
        XCTAssertEqual(candidates("MATCH (n {name: 'x', ", "al"), ["aliases"])
        XCTAssertEqual(candidates("RETURN 1.", ""), [], "a number's dot is not property access")
    }

    func testEntityNamesInsideStringsAreEscapedForTheQuote() {
        XCTAssertEqual(candidates("MATCH (n {name: ", "Tang", quote: "'"), ["Tang Xiao\\'ou"])
        XCTAssertEqual(candidates("MATCH (n {name: ", "Tang", quote: "\""), ["Tang Xiao'ou"])
        XCTAssertEqual(candidates("MATCH (n) WHERE n.name = ", "商", quote: "'"), ["商汤科技"])
    }

    func testEntityNamesAfterNameKeyAreQuoted() {
        XCTAssertEqual(candidates("MATCH (n {name: ", "Tang"), ["'Tang Xiao\\'ou'"])
        XCTAssertEqual(candidates("MATCH (n {founded: ", "Tang"), [])
    }

    func testKeywordsFollowTheUsersCase() {
        XCTAssertTrue(candidates("", "MAT").contains("MATCH"))
        XCTAssertTrue(candidates("", "mat").contains("match"))
        XCTAssertTrue(candidates("MATCH (n) RETURN ", "toL").contains("toLower"))
    }

    func testDotCommandsAndTheirArguments() {
        XCTAssertEqual(candidates("", ".ne"), [".neighbors"])
        XCTAssertEqual(candidates(".mode ", "js"), ["json", "jsonl"])
        XCTAssertEqual(candidates(".timer ", "o"), ["off", "on"])
        XCTAssertEqual(candidates(".show ", "Sense"), ["SenseTime", "'SenseTime Group'"])
        XCTAssertEqual(candidates(".path SenseTime ", "Tang"), ["'Tang Xiao\\'ou'"])
        XCTAssertEqual(candidates(".show ", "Tang", quote: "'"), ["Tang Xiao\\'ou"])
        for command in [".read", ".output", ".once", ".open", ".ingest", ".dot"] {
            XCTAssertTrue(completer.complete(prefix: command + " ", word: "se", quote: nil).filenames, command)
        }
    }

    func testWordBreaksKeepPathsAndNamesWhole() {
        XCTAssertEqual(Completer.wordBreakCharacters(lineBeforeCursor: ".read seeds/a.t"), " \t")
        XCTAssertTrue(Completer.wordBreakCharacters(lineBeforeCursor: "MATCH (n:").contains(":"))
    }

    func testDotCommandArgumentsSplitLikeAShell() throws {
        XCTAssertEqual(try DotCommand.arguments(".path 'SenseTime Group' \"Tang Xiao'ou\""), [".path", "SenseTime Group", "Tang Xiao'ou"])
        XCTAssertEqual(try DotCommand.arguments(".show 'Tang Xiao\\'ou'"), [".show", "Tang Xiao'ou"])
        XCTAssertEqual(try DotCommand.arguments(".show 商汤科技  "), [".show", "商汤科技"])
        XCTAssertEqual(try DotCommand.arguments(".output ''"), [".output", ""])
        XCTAssertThrowsError(try DotCommand.arguments(".show 'open"))
    }
}

extension CompleterTests {
    func testPropertyKeysAfterAnOpenRelationshipBracket() {
        XCTAssertEqual(candidates("MATCH (n:Company)-[:FOUNDED_BY WHERE n.", "na"), ["name"])
    }
}
