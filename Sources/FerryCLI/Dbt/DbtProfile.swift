import FerryCore
import FerryLineage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The password of the profile output dbt connects with, read from `profiles.yml` so that the
/// loads connect as dbt does while the password never passes through dbt's output. dbt's `target`
/// context leaves the password out on purpose, so the plan cannot carry it.
///
/// Understood: `password: "{{ env_var('NAME') }}"` (or with a default) and a literal password.
/// Anything else, or a file Ferry's YAML reader does not follow, is reported, and libpq's own
/// sources apply: PGPASSWORD, PGPASSFILE / ~/.pgpass, a service file.
struct DbtProfile {
    /// What the lookup found.
    enum Password: Equatable {
        case found(Secret)
        /// The output has no password (libpq's sources apply).
        case none
        /// Something Ferry cannot evaluate, with the reason (no secret in it).
        case unreadable(String)
    }

    /// The `profiles.yml` dbt reads: the given directory, DBT_PROFILES_DIR, the working
    /// directory, then `~/.dbt`, as dbt looks for it.
    static func file(directory: String?, environment: (String) -> String?) -> String? {
        if let directory { return directory + "/profiles.yml" }
        if let fromEnvironment = environment("DBT_PROFILES_DIR"), !fromEnvironment.isEmpty {
            return fromEnvironment + "/profiles.yml"
        }
        if access("profiles.yml", R_OK) == 0 { return "profiles.yml" }
        if let home = environment("HOME") { return home + "/.dbt/profiles.yml" }
        return nil
    }

    /// The password of `profile`'s output `target` in the YAML `text`.
    static func password(in text: String, profile: String, target: String, environment: (String) -> String?) -> Password {
        let document: JSONValue
        do {
            document = try YAMLSubset.parse(text)
        } catch {
            return .unreadable("profiles.yml: \(error)")
        }
        guard let output = document[profile]?["outputs"]?[target] else {
            return .unreadable("profiles.yml has no output \(profile).outputs.\(target)")
        }
        guard case let .string(raw)? = output["password"] ?? output["pass"] else { return .none }
        return evaluate(raw, environment: environment)
    }

    /// A literal password, or `{{ env_var('NAME'[, 'default']) }}` resolved against `environment`.
    static func evaluate(_ raw: String, environment: (String) -> String?) -> Password {
        let text = raw.trimmingSpaces
        guard Self.has(text, "{{") || Self.has(text, "{%") else {
            return text.isEmpty ? .none : .found(Secret(text))
        }
        guard let call = EnvVarCall(text) else {
            return .unreadable("the profile's password is a Jinja expression Ferry does not evaluate (only {{ env_var('NAME') }} is)")
        }
        if let value = environment(call.name), !value.isEmpty { return .found(Secret(value)) }
        if let fallback = call.fallback, !fallback.isEmpty { return .found(Secret(fallback)) }
        return .none
    }

    /// Whether `token` occurs in `text`. Plain stdlib code on purpose: `String.contains(String)`
    /// resolves to Foundation's `range(of:)`, which would link full Foundation and its ICU data
    /// into the release binary (FerryCLI stays on FoundationEssentials).
    static func has(_ text: String, _ token: String) -> Bool {
        let bytes = Array(text.utf8), pattern = Array(token.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return pattern.isEmpty }
        for start in 0...(bytes.count - pattern.count) where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }

    /// `{{ env_var('NAME') }}` or `{{ env_var("NAME", "default") }}`, and nothing else.
    struct EnvVarCall {
        var name: String
        var fallback: String?

        init?(_ text: String) {
            var rest = Substring(text)
            guard Self.take("{{", &rest), Self.take("env_var", &rest), Self.take("(", &rest),
                  let name = Self.quoted(&rest) else { return nil }
            var fallback: String?
            if Self.take(",", &rest) {
                guard let value = Self.quoted(&rest) else { return nil }
                fallback = value
            }
            guard Self.take(")", &rest), Self.take("}}", &rest), rest.allSatisfy(\.isWhitespace) else { return nil }
            self.name = name
            self.fallback = fallback
        }

        private static func take(_ token: String, _ rest: inout Substring) -> Bool {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix(token) else { return false }
            rest = rest.dropFirst(token.count)
            return true
        }

        private static func quoted(_ rest: inout Substring) -> String? {
            rest = rest.drop { $0.isWhitespace }
            guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: quote) else { return nil }
            rest = body[body.index(after: end)...]
            return String(body[..<end])
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
