import Testing
@testable import FerryCore

@Suite("Connection string redaction")
struct ConnectionStringTests {
    @Test("nothing libpq reads as a password is shown", arguments: [
        ("postgresql://u:SECRET@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("postgres://u:pa?SECRET@h/db", "postgres://u:***@h/db"),
        ("postgresql://u:p@ss@SECRET@h/db?sslmode=require", "postgresql://u:***@h/db?sslmode=require"),
        ("postgresql://u@h/db?password=SECRET&sslpassword=SECRET", "postgresql://u@h/db?password=***&sslpassword=***"),
        ("postgresql://h/db?pass%77ord=SECRET", "postgresql://h/db?pass%77ord=***"),
        ("host=h password=SECRET", "host=h password=***"),
        ("host=h\tpassword=SECRET\ndbname=d", "host=h\tpassword=***\ndbname=d"),
        ("host=h password = 'SEC RET' user=u", "host=h password = *** user=u"),
        ("password=a\\ SECRET host=h", "password=*** host=h"),
        ("host=h sslpassword=SECRET", "host=h sslpassword=***"),
        ("password=x://SECRET host=h", "password=*** host=h"),
        // Text glued to the closing quote goes with the value (found by the request fuzz target).
        ("host=h password='pw'SECRET user=u", "host=h password=*** user=u"),
        ("host=h dbname=d", "host=h dbname=d"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        // A misspelt or unknown key is refused by libpq, but its value is most likely a secret.
        ("host=h pasword=SECRET", "host=h pasword=***"),
        ("host=h api_token=SECRET port=5432", "host=h api_token=*** port=5432"),
        ("postgresql://h/db?pasword=SECRET&sslmode=require", "postgresql://h/db?pasword=***&sslmode=require"),
        // A URL inside a value keeps its user but not its password.
        ("dbname='postgresql://u:SECRET@h/db' host=h", "dbname='postgresql://u:***@h/db' host=h"),
        // `@` followed by a combining mark is libpq's `@` (found by the redaction fuzz target).
        ("postgresql://u:SECRET@\u{304}h/db", "postgresql://u:***@\u{304}h/db"),
        // The same in a URI's database name or a shown parameter, also percent-encoded (found by
        // the redaction fuzz target).
        ("postgresql://h:/sql://u::SECRET@@h/db", "postgresql://h:/sql://u:***@h/db"),
        ("postgresql://h/db?dbname=mysql://u:SECRET@x", "postgresql://h/db?dbname=mysql://u:***@x"),
        ("postgresql://h/mysql%3A%2F%2Fu%3ASECRET%40x", "postgresql://h/mysql://u:***@x"),
    ])
    func redacts(input: String, expected: String) {
        #expect(ConnectionString.redacted(input) == expected)
        #expect(!ConnectionString.redacted(input).contains("SECRET"))
    }

    /// Each of these leaked SECRET before redaction parsed bytes as libpq does (found by
    /// Tests/python/test_secrets_canary.py).
    @Test("malformed strings: combining marks, Unicode spaces, unterminated quotes, bare words, several or encoded URLs", arguments: [
        // `=` followed by a combining mark was one Character, so the key ran to the end and was shown.
        ("host=h password=\u{301}SECRET", "host=h password=***"),
        // U+00A0 is no separator to libpq: the password runs on past it.
        ("host=h password=x\u{A0}SECRET", "host=h password=***"),
        // `//` followed by a combining mark: still a URI to libpq.
        ("postgresql://\u{301}u:SECRET@h/db", "postgresql://\u{301}u:***@h/db"),
        ("application_name='postgresql://a@h postgresql://u:SECRET@h2'", "application_name='postgresql://a@h postgresql://u:***@h2'"),
        // An unterminated quote swallows the rest of the string, passwords included.
        ("host=h dbname='x password=SECRET", "host=h dbname=***"),
        ("host=h password SECRET", "host=h *** ***"),
        // libpq percent-decodes the path (the database name) and query values.
        ("postgresql://u@h/postgresql%3A%2F%2Fu%3ASECRET%40h", "postgresql://u@h/postgresql://u:***@h"),
        ("postgresql://u@h/db?application_name=postgresql%3A%2F%2Fu%3ASECRET%40h", "postgresql://u@h/db?application_name=postgresql://u:***@h"),
        // A text with no `=` is a database name.
        ("shop", "shop"),
    ])
    func malformed(input: String, expected: String) {
        #expect(ConnectionString.redacted(input) == expected)
    }

    @Test("a message keeps its words and loses the secrets of the connection strings it quotes")
    func messages() {
        #expect(ConnectionString.redactedMessage("could not translate host name \"h\" for host=h password=SECRET (Name or service not known)")
            == "could not translate host name \"h\" for host=h password=*** (Name or service not known)")
        #expect(ConnectionString.redactedMessage("could not connect to postgresql://u:SECRET@h/db")
            == "could not connect to postgresql://u:***@h/db")
        #expect(ConnectionString.redactedMessage("Connection refused") == "Connection refused")
    }

    @Test("a URL hidden in a value loses its password wherever it stands")
    func urlsInValues() {
        #expect(ConnectionString.shownValue("x postgresql://u:SECRET@h y mysql://v:SECRET@k/") == "x postgresql://u:***@h y mysql://v:***@k/")
        #expect(ConnectionString.shownValue("no url here") == "no url here")
    }

    @Test("usage errors hide the password of an address of any scheme, in any letter case", arguments: [
        ("postgresql:/u:SECRET@h/db", "postgresql:/u:***@h/db"),
        ("postgresql:u:SECRET@h/db", "postgresql:u:***@h/db"),
        ("orders.cvs", "orders.cvs"),
        ("odbcc:Driver=x;PWD=SECRET;Database=postgresql://u:SECRET@h", "odbcc:Driver=x;PWD=***;Database=postgresql://u:***@h"),
        ("postgressql://u:SECRET@h/db", "postgressql://u:***@h/db"),
        ("POSTGRESQL://u:SECRET@h/db", "POSTGRESQL://u:***@h/db"),
        ("mysql://u:SECRET@h/db", "mysql://u:***@h/db"),
        ("Driver={X};Server=h;Pasword=SECRET", "Driver={X};Server=h;Pasword=***"),
        // libpq's pair inside what the ODBC rules read as a value (found by the redaction fuzz target).
        ("host=h};Server=h;Password=;x=y password=SECRET", "host=h};Server=h;Password=***;x=y password=***"),
        ("host=h password='a b\\'SECRET' x=y;Server=h", "host=h password=*** x=y;Server=h"),
        ("dbname='postgresql://u:SECRET@h/d;x=y' host=h", "dbname='postgresql://u:***@h/d;x=y' host=h"),
        // A conninfo string whose value is a URL is not a URL (found by the redaction fuzz target).
        ("password=SECRET mysql://u:@h/db", "password=*** ***"),
        // A URL in what the ODBC rules read as an attribute name (found by the redaction fuzzer).
        ("dbname=x};Segpesql://u:SECRET@hpasword=}h", "dbname=x};Segpesql://u:***@hpasword=}h"),
        ("dbname=x};Segpesql://u:pw9@hosting=}h", "dbname=x};Segpesql://u:***@hosting=}h"),
        // libpq reads a password to the next whitespace, past `;` (found by the redaction fuzzer).
        ("password=a;ArV}er=h;PasswordprostSECRET", "password=***"),
        ("host=h password=SECRET dbname=postgresql://u:SECRET@h/db", "host=h password=*** dbname=postgresql://u:***@h/db"),
        // A PostgreSQL URI holding `;` is libpq's, not an ODBC string (found by the fuzz target).
        ("postgres://u@h/db;x?password=SECRET", "postgres://u@h/db;x?password=***"),
        ("postgresql://u:p;SECRET@h/db", "postgresql://u:***@h/db"),
    ])
    func anyAddress(input: String, expected: String) {
        #expect(ConnectionString.redactedAddress(input) == expected)
        #expect(!ConnectionString.redactedAddress(input).contains("SECRET"))
    }
}
