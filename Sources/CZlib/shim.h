#ifndef FERRY_CZLIB_SHIM_H
#define FERRY_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro that passes ZLIB_VERSION and sizeof(z_stream); Swift cannot call it.
static inline int ferry_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
/// deflateInit2 is the same kind of macro; gzip output at the default level and memory.
static inline int ferry_deflate_init2(z_streamp stream, int level, int window_bits) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}
#endif
