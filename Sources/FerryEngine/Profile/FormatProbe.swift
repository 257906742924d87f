package import FerryCore

/// A named text format `ferry inspect` looks for in a text column, and the check that tests it.
///
/// The named formats of the `format` rule come from FerryChecks (FerryCLI passes them in, the
/// engine does not depend on the checks module); date and postal-code shapes are `TextShapes`.
package struct FormatProbe: Sendable {
    /// What the profile calls the format (`email`, `date DD.MM.YYYY`, `postal_code`).
    package var name: String
    /// The check that tests the format: `format` with a named format, or a `regex`.
    package var rule: CheckRule
    /// Whether a value's UTF-8 text is in the format.
    package var test: @Sendable (UnsafeRawBufferPointer) -> Bool

    package init(name: String, rule: CheckRule, test: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool) {
        self.name = name
        self.rule = rule
        self.test = test
    }
}
