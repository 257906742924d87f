#ifndef FERRY_CCURL_SHIM_H
#define FERRY_CCURL_SHIM_H
#include <curl/curl.h>

/// curl_version_info takes CURLVERSION_NOW, a macro Swift imports as an enum case of the wrong age.
static inline const curl_version_info_data *ferry_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}
#endif
