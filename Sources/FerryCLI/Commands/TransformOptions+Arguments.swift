import ArgumentParser
import FerryCore

/// `--names STYLE`: one of the style's contract names.
extension NameStyle: ExpressibleByArgument {}

/// `--on-schema-change POLICY`: one of dbt's four words.
extension OnSchemaChange: ExpressibleByArgument {}
