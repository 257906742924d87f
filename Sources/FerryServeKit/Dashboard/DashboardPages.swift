import Mustache

/// The dashboard's Mustache templates (`Dashboard/Templates`, compiled into the binary) and its
/// static CSS and script. Pages are rendered from dictionaries of strings, booleans and arrays;
/// Mustache escapes every `{{value}}` for HTML.
package struct DashboardPages: Sendable {
    private let library: MustacheLibrary

    /// Parses every template; a template that does not parse is a build mistake, caught by the tests.
    package init() throws {
        var library = MustacheLibrary()
        let templates: [(String, [UInt8])] = [
            ("header", PackageResources.header_mustache), ("footer", PackageResources.footer_mustache),
            ("signin", PackageResources.signin_mustache), ("runs", PackageResources.runs_mustache),
            ("run", PackageResources.run_mustache), ("new", PackageResources.new_mustache),
            ("inspect", PackageResources.inspect_mustache), ("message", PackageResources.message_mustache),
        ]
        for (name, bytes) in templates {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
    }

    /// The page `name` rendered with `context`.
    package func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// `/ui/static/dashboard.css`.
    package static var stylesheet: [UInt8] { PackageResources.dashboard_css }
    /// `/ui/static/dashboard.js`.
    package static var script: [UInt8] { PackageResources.dashboard_js }
}
