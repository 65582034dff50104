/// One happening told several times in a document — by the infobox and a sentence, or by a
/// news item and its related articles, each dated by its own publication day — is one event.
enum EventMerging {
    /// Merges events of the same kind with the same participants whose dates agree: one is a
    /// prefix of the other ("2012" and "2012-05-03"), one is missing, or both are days at most a
    /// week apart. The merged event keeps the more precise (or earlier) date and the title and
    /// evidence of the event that carries it.
    static func merge(_ events: [ExtractedEvent], find: (Int) -> Int) -> [ExtractedEvent] {
        var out: [ExtractedEvent] = []
        var keys: [Set<Int>] = []
        for e in events {
            let key = Set(e.participants.map(find))
            if let i = out.indices.first(where: { out[$0].kind == e.kind && keys[$0] == key && compatible(out[$0].date, e.date) }) {
                if prefer(e.date, over: out[i].date) {
                    var merged = e
                    for p in out[i].participants where !merged.participants.contains(p) { merged.participants.append(p) }
                    out[i] = merged
                }
                continue
            }
            out.append(e)
            keys.append(key)
        }
        return out
    }

    static func compatible(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a.hasPrefix(b) || b.hasPrefix(a)
    }

    /// A more precise date wins.
    static func prefer(_ candidate: String?, over current: String?) -> Bool {
        guard let candidate else { return false }
        guard let current else { return true }
        return candidate.count > current.count
    }
}
