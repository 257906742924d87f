package import FerryCore

extension FerryError {
    /// Whether this is the error of an interrupted operation, whichever way the interrupt
    /// arrived: the connector's own check of its flag between calls (no driver error), or the
    /// driver's cancel code (`57014`, `SQLITE_INTERRUPT`, `HY008`) for a call it stopped. Any
    /// other code or stage, or another driver code, is a different failure.
    package func isCancellation(driverCode: String) -> Bool {
        code == .cancelled && stage == .cancelled && (driver == nil || driver?.code == driverCode)
    }
}
