import CCurl

/// Facts about the libcurl linked into this binary.
package enum LibCurl {
    /// The libcurl version (`curl_version_info`), e.g. `7.88.1`.
    package static var version: String {
        guard let info = ferry_curl_version_info(), let text = info.pointee.version else { return "unknown" }
        return String(cString: text)
    }
}
