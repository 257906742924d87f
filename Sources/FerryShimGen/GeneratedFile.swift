/// One file a shim target renders: its path inside the target's directory and its whole text,
/// starting with the GENERATED banner.
package struct GeneratedFile: Sendable, Equatable {
    /// A relative path with `/` separators, such as `ferry_provider/contract.py`.
    package var path: String
    /// The whole file, banner first, ending with a newline.
    package var text: String
}
