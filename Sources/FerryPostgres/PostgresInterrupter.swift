import FerryCore

/// Interrupts every connection of a load from any thread: the sink's own and those its parallel
/// COPY streams open later (a stream added after `interrupt()` is interrupted at once).
typealias PostgresInterrupter = InterrupterGroup
