#ifndef FERRY_CZLIB_SHIM_H
#define FERRY_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro that passes ZLIB_VERSION and sizeof(z_stream); Swift cannot call it.
static inline int ferry_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
#endif
