import FerryCore

/// The interrupter of a file target: a flag that `FileTargetWriter.write` checks before each batch.
///
/// Writing a file never blocks for long (buffered `write(2)` calls of about 1 MiB), so there is
/// no call to wake; setting the flag is enough for the next batch to stop with `cancelled`.
typealias FileWriteInterrupter = FlagInterrupter
