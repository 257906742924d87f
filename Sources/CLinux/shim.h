#ifndef FERRY_CLINUX_SHIM_H
#define FERRY_CLINUX_SHIM_H
/* Linux calls of glibc that Swift's Glibc module does not import. Headers only: glibc is linked anyway. */
#if defined(__linux__)
#include <sys/types.h>

/* glibc declares sync_file_range(2) in <fcntl.h> only under _GNU_SOURCE, which the Glibc module
   is built without; this is the same prototype. */
extern int sync_file_range(int fd, __off64_t offset, __off64_t count, unsigned int flags);

/* Starts write-out of the dirty pages of bytes [offset, offset + count) of fd and returns without
   waiting for it: sync_file_range with SYNC_FILE_RANGE_WRITE (2 in <linux/fs.h>). 0, or -1 and errno. */
static inline int ferry_start_writeback(int fd, long long offset, long long count) {
    return sync_file_range(fd, (__off64_t)offset, (__off64_t)count, 2u);
}
#endif
#endif
