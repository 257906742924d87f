@testable import FerryPostgres
import FerryTestSupport
import Testing

/// How a source query is cut before it goes into `COPY (…) TO STDOUT`.
@Suite("PostgreSQL source query text")
struct PostgresSourceQueryTextTests {
    @Test("trailing semicolons, white space and comments go; everything before the last token stays", arguments: [
        ("SELECT 1", "SELECT 1"),
        ("SELECT 1;", "SELECT 1"),
        ("  SELECT 1 ;; \n\t", "  SELECT 1"),
        ("SELECT 1; -- done\n;", "SELECT 1"),
        ("SELECT 1 /* a /* nested */ comment; */ ;", "SELECT 1"),
        ("SELECT ';' -- x", "SELECT ';'"),
        ("SELECT 'it''s;'; ", "SELECT 'it''s;'"),
        ("SELECT E'\\';' ;", "SELECT E'\\';'"),
        ("SELECT \"a;\"\"b\" FROM t;", "SELECT \"a;\"\"b\" FROM t"),
        ("SELECT $$;$$, $x$ $$; $x$;", "SELECT $$;$$, $x$ $$; $x$"),
        ("SELECT a$b, $1 FROM t; ", "SELECT a$b, $1 FROM t"),
        ("SELECT 1; DELETE FROM t;", "SELECT 1; DELETE FROM t"),
        ("SELECT 1 -- no line feed", "SELECT 1"),
        ("SELECT 'open", "SELECT 'open"),
        ("SELECT 1 /* open", "SELECT 1 /* open"),
        (";", ""),
    ])
    func trimmed(query: String, expected: String) {
        #expect(PostgresSource.withoutTrailingSemicolons(query) == expected)
    }
}
