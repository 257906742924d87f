#ifndef FERRY_CCURL_SHIM_H
#define FERRY_CCURL_SHIM_H
#include <curl/curl.h>

/// curl_version_info takes CURLVERSION_NOW, a macro Swift imports as an enum case of the wrong age.
static inline const curl_version_info_data *ferry_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

/// curl_global_init with CURL_GLOBAL_DEFAULT, a macro built from other macros.
static inline CURLcode ferry_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/// CURL_ERROR_SIZE: the size CURLOPT_ERRORBUFFER requires.
static inline size_t ferry_curl_error_size(void) {
    return CURL_ERROR_SIZE;
}

// curl_easy_setopt is variadic; Swift cannot call it. One typed wrapper per argument kind.

/// curl_easy_setopt for options that take a `long`.
static inline CURLcode ferry_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a `char *` (libcurl copies strings, except where noted).
static inline CURLcode ferry_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a data or object pointer.
static inline CURLcode ferry_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a `curl_off_t` (the `_LARGE` options).
static inline CURLcode ferry_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt(CURLOPT_HTTPHEADER) with a header list.
static inline CURLcode ferry_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

/// curl_easy_setopt(CURLOPT_WRITEFUNCTION).
static inline CURLcode ferry_curl_easy_setopt_write_function(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/// curl_easy_setopt(CURLOPT_XFERINFOFUNCTION).
static inline CURLcode ferry_curl_easy_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

// curl_easy_getinfo is variadic too.

/// curl_easy_getinfo for infos that return a `long` (CURLINFO_RESPONSE_CODE, ...).
static inline CURLcode ferry_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
