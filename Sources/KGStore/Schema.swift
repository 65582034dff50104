/// The graph file's schema and its migrations, keyed by `PRAGMA user_version`.
///
/// The triple table is the source of truth. Each row is one fact about a subject node `s`:
///
/// | `k` | kind          | `p`                 | `o`                                  |
/// |-----|---------------|---------------------|--------------------------------------|
/// | 0   | label         | the label           | NULL                                 |
/// | 1   | property      | the property key    | the value (see `ValueCodec`)         |
/// | 2   | relationship  | the relationship type | the end node's id                  |
///
/// A relationship's id is its row id. Every row carries provenance: the document it came from
/// (`doc`), the evidence text, the extractor/rule, a date qualifier and a confidence; other
/// relationship properties (such as `action`) are a JSON object in `qual`. Labels and properties
/// seen in several documents are stored once; `support` lists the further documents behind them,
/// so removing one document removes exactly what it alone contributed.
public enum Schema {
    /// `PRAGMA application_id`: marks a SQLite file as a kg graph ("kg" and a format number).
    public static let applicationID: Int32 = 0x6B67_0001
    public static let version: Int32 = 2

    public enum Kind: Int64, Sendable {
        case label = 0
        case property = 1
        case relationship = 2
    }

    /// Migration `n` takes the file from user_version n to n + 1.
    static let migrations: [String] = [
        """
        CREATE TABLE node(id INTEGER PRIMARY KEY);

        CREATE TABLE document(
            id          INTEGER PRIMARY KEY,
            path        TEXT NOT NULL UNIQUE,
            format      TEXT NOT NULL,
            hash        TEXT NOT NULL,
            bytes       INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL,
            node        INTEGER REFERENCES node(id) ON DELETE SET NULL
        );

        CREATE TABLE triple(
            id         INTEGER PRIMARY KEY,
            s          INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
            k          INTEGER NOT NULL,
            p          TEXT NOT NULL,
            o,
            dt         TEXT,
            doc        INTEGER REFERENCES document(id) ON DELETE CASCADE,
            evidence   TEXT,
            extractor  TEXT,
            date       TEXT,
            confidence REAL,
            qual       TEXT
        );
        -- SPO: a node's labels, properties and outgoing relationships.
        CREATE INDEX triple_spo ON triple(s, k, p, o);
        -- POS: nodes by label, by property value, incoming relationships by type.
        CREATE INDEX triple_pos ON triple(k, p, o, s);
        -- OSP: incoming relationships of any type (partial from version 2, below).
        CREATE INDEX triple_osp ON triple(o, k, s);
        CREATE INDEX triple_doc ON triple(doc);

        CREATE TABLE support(
            triple INTEGER NOT NULL REFERENCES triple(id) ON DELETE CASCADE,
            doc    INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            PRIMARY KEY(triple, doc)
        ) WITHOUT ROWID;
        CREATE INDEX support_doc ON support(doc);

        -- The name dictionary: folded names and aliases to nodes, for resolution and look-up.
        CREATE TABLE alias(
            key  TEXT NOT NULL,
            node INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
            PRIMARY KEY(key, node)
        ) WITHOUT ROWID;
        CREATE INDEX alias_node ON alias(node);

        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        """,
        // OSP serves incoming relationships only (every reader asks it with `k = 2`), yet it
        // held an entry for every label and property row too: two in five of ingest's inserts
        // into it, each at a random place in the index. `k` stays a key column: with `o` alone
        // the planner thought the index no better than POS's `k = 2` and scanned that instead.
        """
        DROP INDEX triple_osp;
        CREATE INDEX triple_osp ON triple(o, k, s) WHERE k = 2;
        """,
    ]
}
