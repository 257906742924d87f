import FerryChecks
import FerryCore
import FerryEngine

/// The formats `ferry inspect` looks for in text columns: the named formats of the `format` rule
/// (FerryChecks' `ValueFormat`, so a detected format is exactly what the check tests), then the
/// engine's date, phone and postal-code shapes.
enum FormatProbes {
    static let all: [FormatProbe] = named + TextShapes.probes

    static let named: [FormatProbe] = [CheckFormat.uuid, .email, .url, .ipv4, .e164Phone, .isoCountry, .isoCurrency].map { format in
        FormatProbe(name: format.rawValue, rule: .format(format)) { ValueFormat.matches(format, $0) }
    }
}
