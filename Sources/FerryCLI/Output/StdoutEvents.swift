import FerryCore

/// The contract's event stream: one JSON object per line on stdout.
final class StdoutEvents: EventSink {
    func receive(_ event: Event) {
        var line: [UInt8] = []
        line.reserveCapacity(512)
        event.json.write(into: &line)
        line.append(0x0A)
        StandardStream.out.write(bytes: &line)
    }
}
